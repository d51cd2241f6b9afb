"""What a session keeps on disk and shows: its lock, its record, its versions, the text of its gates."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filmcrew.errors import FilmcrewError, UsageError

LOCK = ".lock"
VERSIONS = "versions"
KEPT = ("film.mp4", "film.srt", "film.vtt", "manifest.json", "script.json", "shots.json", "edit.json",
        "storyboard.png", "timeline.otio", "timeline.edl", "script.fountain")
"""The files of a cut that each version keeps (hard links: a version costs no copy of the film)."""


class SessionBusyError(FilmcrewError):
    """Another client is working on the session."""

    exit_code = 4


@dataclass
class Turn:
    """What the session has to say after a step.

    Attributes:
        kind: ``gate`` (waiting for approval), ``cut`` (a new version), ``info`` (a message).
        text: What to show the user.
        stage: The gate (``script`` or ``shots``) for a gate.
        version: The version made or shown.
        film: The film of that version.
    """

    kind: str
    text: str
    stage: str | None = None
    version: int | None = None
    film: Path | None = None


class SessionLock:
    """An exclusive lock on a session folder (``fcntl.flock`` on ``.lock``), released when the process
    ends however it ends, so a killed client never leaves the session locked."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock.

        Raises:
            SessionBusyError: another process holds it (the message gives its pid).
            UsageError: the session folder does not exist.
        """
        import fcntl

        if not self.folder.is_dir():
            raise UsageError(f"no session folder at {self.folder}")
        fd = os.open(self.folder / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise SessionBusyError(
                f"session {self.folder.name} is busy: another filmcrew client (pid {holder}) is working on it; "
                "wait for it to finish, or stop it, then try again"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd

    def release(self) -> None:
        """Let the lock go (a no-op when it is not held)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def read_record(path: Path) -> dict[str, Any]:
    """Read ``session.json``.

    Raises:
        UsageError: it is missing or damaged; the message names the file and what to do.
    """
    if not path.is_file():
        raise UsageError(f"no session at {path.parent}: {path.name} is missing (list sessions with "
                         "`filmcrew sessions`)")
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(record, dict) or not {"id", "brief", "thread_id", "versions"} <= set(record):
            raise ValueError("fields are missing")
    except (OSError, ValueError) as exc:
        raise UsageError(f"{path} is damaged ({exc}); restore it from a backup, or start a new session "
                         "with `filmcrew chat`") from None
    return record


def snapshot_version(folder: Path, n: int) -> Path:
    """Keep the cut in ``folder`` as ``versions/vN/`` (hard links, so a version costs no copy)."""
    target = folder / VERSIONS / f"v{n}"
    target.mkdir(parents=True, exist_ok=True)
    for name in KEPT:
        source = folder / name
        if source.is_file():
            (target / name).unlink(missing_ok=True)
            try:
                os.link(source, target / name)
            except OSError:
                import shutil

                shutil.copy2(source, target / name)
    return target


def load_version(folder: Path, n: int) -> dict[str, Any]:
    """``{"script", "shots", "edit", "brief"}`` of version ``n``, as plain data for comparing.

    Raises:
        UsageError: the version is not on disk, or one of its files is damaged (named).
    """
    base = folder / VERSIONS / f"v{n}"
    out: dict[str, Any] = {}
    for key, name in (("script", "script.json"), ("shots", "shots.json"), ("edit", "edit.json"),
                      ("manifest", "manifest.json")):
        path = base / name
        try:
            out[key] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise UsageError(f"version v{n}: {path} is missing or damaged ({exc})") from None
    out["shots"] = out["shots"]["shots"]
    out["brief"] = out.pop("manifest")["brief"]
    return out


def gate_text(gate: str, state: dict[str, Any], session: Any) -> str:
    """What the user reads at a gate: the script, or the shot list as a table with a storyboard."""
    if gate == "script":
        script = state["script"]
        lines = [f"“{script['title']}” — {script['logline']}", ""]
        for scene in script["scenes"]:
            lines.append(f"{scene['number']}. {scene['heading']}  {scene['summary']}")
            lines += [f"     {d['speaker']}: {d['text']}" for d in scene.get("dialogue", [])]
        lines += ["", "approve with /ok (or yes), or type a change (/help lists the commands)"]
        return "\n".join(lines)
    from filmcrew.preview import shot_table, storyboard_preview

    board = storyboard_preview(state, session.folder, session.settings, session._crew.font)
    return "\n".join([shot_table(state["shots"]), "", f"storyboard: {board}", "",
                      "approve with /ok (or yes), or type a change (/help lists the commands)"])
