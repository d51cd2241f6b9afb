"""Small file helpers: every file a run writes appears whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pydantic import BaseModel


def write_text_atomic(path: Path, text: str, *, mode: int = 0o644, sync: bool = False) -> Path:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename.

    Args:
        path: The file.
        text: Its new content.
        mode: Its permissions; the temporary file is private (0600) until then, so a private file
            (``0o600``) is never readable by others at any moment.
        sync: Flush it to disk before the rename (for files that must survive a power cut).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, mode)  # mkstemp makes 0600; outputs are meant to be shared like any file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_model(path: Path, model: BaseModel) -> Path:
    """Write a pydantic model as indented UTF-8 JSON, atomically."""
    return write_text_atomic(path, model.model_dump_json(indent=2) + "\n")


def link_or_copy(source: Path, target: Path) -> Path:
    """Make ``target`` the same file as ``source``: a hard link when both are on one file system, a copy
    otherwise. A ``target`` already there is replaced unless it is that file already.

    Args:
        source: An existing file.
        target: Where it should also be; its folder is created when missing.

    Returns:
        ``target``.
    """
    import shutil

    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() and os.path.samefile(source, target):
        return target
    part = target.with_name(f".{target.name}.{os.getpid()}.part")
    part.unlink(missing_ok=True)
    try:
        os.link(source, part)
    except OSError:
        shutil.copy2(source, part)
    os.replace(part, target)
    return target
