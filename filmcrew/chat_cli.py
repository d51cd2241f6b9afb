"""The ``filmcrew chat``, ``resume`` and ``sessions`` commands (`filmcrew.cli` hands them over here)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from filmcrew.cli import out_dir
from filmcrew.errors import UsageError


def run_command(args: argparse.Namespace) -> int:
    """Run ``chat``, ``resume`` or ``sessions``; returns the exit code."""
    if args.command == "sessions":
        return _sessions(out_dir(args.out))
    from filmcrew.chat import run_chat
    from filmcrew.cli import brief_from_args, settings_from_args
    from filmcrew.progress import ProgressPrinter
    from filmcrew.session import Session
    from filmcrew.settings import Settings

    progress = ProgressPrinter(quiet=args.quiet)
    if args.command == "chat":
        brief = brief_from_args(args)
        settings = settings_from_args(args)
        session = Session.create(brief, out_dir(args.out), settings, progress)
        session.record["settings"] = settings.model_dump(mode="json", exclude={"api_key"})
        with session:
            print(f"session {session.record['id']} in {session.folder}", file=sys.stderr)
            first = session.start(gates=not args.yes)
            if args.yes:
                print(first.text)
                return 0
            return run_chat(session, first)
    found = Session.open(args.session, out_dir(args.out), Settings(), progress)
    saved = {k: v for k, v in (found.record.get("settings") or {}).items() if v is not None}
    try:
        settings = Settings.from_env(**saved)
    except UsageError as exc:
        raise UsageError(f"the session's saved settings no longer work here: {exc}") from None
    session = Session(found.folder, found.record, settings, progress)
    with session:
        turn = session.resume()
        if args.no_chat:
            print(turn.text)
            return 0
        return run_chat(session, turn)


def _sessions(root: Path) -> int:
    root = root.expanduser()
    rows = []
    for record_path in sorted(root.glob("*/session.json")):
        try:
            record = json.loads(record_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            rows.append(f"{record_path.parent.name}  (session.json is damaged)")
            continue
        versions = record.get("versions") or []
        rows.append(f"{record['id']}  {len(versions)} cut(s)  {record['brief']['idea'][:60]}")
    print("\n".join(rows) if rows else f"no sessions in {root}")
    return 0
