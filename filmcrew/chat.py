"""A user's message to a session, understood: approve, a revision command, a session command, or words.

`reply` is what the terminal chat and the HTTP server call with each message; it returns the
session's `Turn`. Session commands: ``/ok`` (approve), ``/versions``, ``/compare A B``, ``/back N``,
``/help``. Revision commands (``/shot 3 size=CU``, ``/scene 2 cut``, ``/aspect 9:16``…) are
`agents.revision`'s grammar; free words are routed by the model when one is configured and otherwise
answered with the command that would do it.
"""

from __future__ import annotations

import shlex
import sys
from typing import TextIO

from agents.compare import compare
from agents.errors import AgentError
from agents.revision import (
    GRAMMAR,
    RESUME_AFTER,
    apply_revision,
    describe,
    is_command,
    parse_command,
    route_words,
)
from filmcrew.errors import UsageError
from filmcrew.session import Session
from filmcrew.session_files import Turn, load_version

APPROVALS = {"/ok", "ok", "okay", "yes", "y", "approve", "approved", "lgtm", "好", "好的", "可以", "行", "通过", "确认"}
SESSION_COMMANDS = """session commands:
  /ok                 approve the script or the shot list (also: yes, 好)
  /versions           list the cuts
  /compare A B        what changed between two cuts, e.g. /compare 1 2
  /back N             make cut N the current one again
  /quit               leave (the session is kept: `filmcrew resume ID`)"""


def reply(session: Session, message: str) -> Turn:
    """Act on one message from the user.

    Raises:
        UsageError: the message asks for something impossible (the text says why and what works).
    """
    text = message.strip()
    lowered = text.lower()
    if not text:
        return Turn(kind="info", text="type a change, /ok to approve, or /help")
    if lowered in APPROVALS:
        return session.approve()
    if lowered in ("/help", "help", "?", "帮助"):
        return Turn(kind="info", text=f"{GRAMMAR}\n\n{SESSION_COMMANDS}")
    if lowered == "/versions":
        rows = [f"v{v['n']}  {v['what']}: {v['summary']}" for v in session.versions()]
        current = session.record.get("current")
        return Turn(kind="info", text="\n".join(rows) + (f"\ncurrent: v{current}" if current else "")
                    if rows else "no cuts yet")
    if lowered.startswith("/compare"):
        return Turn(kind="info", text=_compare(session, text))
    if lowered.startswith("/back"):
        parts = text.split()
        if len(parts) != 2 or not parts[1].lstrip("v").isdigit():
            raise UsageError("/back needs a version number, e.g. /back 1")
        return session.go_back(int(parts[1].lstrip("v")))
    if is_command(text):
        return _apply(session, [text], None)
    if session.uses_llm:
        from agents.revision_llm import plan_revision

        try:
            plan, _ = plan_revision(session.planner, text, session.state())
        except AgentError as exc:
            raise UsageError(f"the model could not turn that into a change ({exc}); try a command (/help)") from None
        return _apply(session, plan.commands, plan.note or text)
    stage = route_words(text)
    where = f" — your words concern the {stage}" if stage else ""
    return Turn(kind="info", text=(f"without a language model configured I follow commands, not free words{where}. "
                                   "For example: /shot 3 size=CU · /scene 2 cut · /transition 4 crossfade · "
                                   "/aspect 9:16 (type /help for all of them)"))


_UPSTREAM = ("script", "output", "shots", "edit")


def _apply(session: Session, commands: list[str], note: str | None) -> Turn:
    """Apply revision commands in order and re-run from the earliest stage they touch.

    Edit commands sent with upstream ones are applied after the upstream re-run (which makes a new
    edit), so they are not lost; that makes two cuts.
    """
    try:
        revisions = [parse_command(command) for command in commands]
    except AgentError as exc:
        raise UsageError(str(exc)) from None
    upstream = [r for r in revisions if r.stage != "edit"]
    edits = [r for r in revisions if r.stage == "edit"]
    turn = None
    for batch in (upstream, edits):
        if batch:
            turn = _revise(session, batch, note)
    return turn


def _revise(session: Session, revisions: list, note: str | None) -> Turn:
    state, updates, said = session.state(), {}, []
    try:
        for revision in revisions:
            current = {**state, **updates}
            said.append(describe(revision, current))
            updates.update(apply_revision(revision, current))
            if revision.action == "set_subtitles":
                session.set_burn_subtitles(revision.values["burn"] == "on")
    except AgentError as exc:
        raise UsageError(str(exc)) from None
    stage = min((r.stage for r in revisions), key=_UPSTREAM.index)
    what = "; ".join(said)
    return session.revise(updates or {"edit": state["edit"]}, RESUME_AFTER[stage], f"{note} ({what})" if note else what)


def _compare(session: Session, text: str) -> str:
    try:
        _, a, b = shlex.split(text)
        old, new = (load_version(session.folder, int(v.lstrip("v"))) for v in (a, b))
    except ValueError:
        raise UsageError("/compare needs two version numbers, e.g. /compare 1 2") from None
    changes = compare(old, new)
    return "\n".join(changes) if changes else f"{a} and {b} are the same"


def run_chat(session: Session, first: Turn, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    """The terminal chat: print each turn, read the user's answer, until ``/quit`` or end of input."""
    from filmcrew.errors import FilmcrewError

    print(first.text, file=stdout, flush=True)
    while True:
        print("› ", end="", file=stdout, flush=True)
        line = stdin.readline()
        if not line or line.strip().lower() in ("/quit", "/exit", "quit", "exit"):
            print(f"\nsession {session.record['id']} saved in {session.folder}; "
                  f"continue with `filmcrew resume {session.record['id']}`", file=stdout, flush=True)
            return 0
        try:
            turn = reply(session, line)
        except FilmcrewError as exc:
            print(f"filmcrew: {exc}", file=stdout, flush=True)
            continue
        print(turn.text, file=stdout, flush=True)
