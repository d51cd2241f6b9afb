"""Reuse across cuts: encoded segments and sound tracks kept in a content-addressed cache.

A segment's key hashes everything its frames are made of: the film format and encoder, the bytes of
each clip (or card picture) it shows with where that piece sits relative to the segment and how it
fades, and each overlay picture with its place and frames. A revision that changes one shot
therefore re-encodes only the segments that show it; every other segment is the same file as
before. The sound track's key hashes its lines (bytes and start times), the music, the length and
the mix settings.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from tools.editor.encode import VideoFormat
from tools.editor.overlay import Overlay
from tools.editor.plan import Plan, Segment
from tools.ffmpeg import ffmpeg_exe
from tools.files import link_or_copy

_VERSION = 1  # bump when the way segments are made changes


@lru_cache(maxsize=4096)
def _file_digest(path: str, size: int, mtime_ns: int) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def file_digest(path: Path) -> str:
    """sha256 of a file's bytes (remembered per path, size and modification time)."""
    stat = os.stat(path)
    return _file_digest(str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns)


def _hash(description: Any) -> str:
    return hashlib.sha256(json.dumps(description, sort_keys=True, default=str).encode()).hexdigest()


def segment_key(plan: Plan, seg: Segment, fmt: VideoFormat, cards: Mapping[str, np.ndarray],
                overlays: list[Overlay]) -> str:
    """The cache key of a segment's encoded file (see the module docstring)."""
    description: dict[str, Any] = {
        "v": _VERSION, "ffmpeg": ffmpeg_exe(), "fps": fmt.fps, "size": [fmt.width, fmt.height],
        "encoder": [fmt.crf, fmt.preset], "frames": seg.frames,
        "overlays": [[file_digest(o.path), o.x, o.y, o.width, o.height, o.start, o.end] for o in overlays],
    }
    if seg.piece is not None:
        piece = plan.pieces[seg.piece]
        description["plain"] = [file_digest(plan.clip_paths[piece.key]), piece.source_frame(seg.start - piece.start)]
        return _hash(description)
    layers = []
    for piece in plan.pieces:
        if piece.end <= seg.start or piece.start >= seg.end:
            continue
        if piece.is_card:
            source = hashlib.sha256(np.ascontiguousarray(cards[piece.key]).data).hexdigest()
        else:
            source = file_digest(plan.clip_paths[piece.key])
        layers.append([source, piece.is_card, piece.is_end, piece.start - seg.start, piece.end - seg.start,
                       piece.source_start, piece.source_frames, piece.crossfade_in, piece.fade_in, piece.fade_out])
    description["composite"] = layers
    description["film"] = [plan.fade_out, plan.end_card_start - seg.start, plan.num_frames - seg.start]
    return _hash(description)


def sound_key(entries: list[tuple[float, Path]], duration: float, music: Path | None,
              settings: Mapping[str, Any]) -> str:
    """The cache key of a sound track: its lines' bytes and starts, the music's bytes, length and settings."""
    return _hash({"v": _VERSION, "ffmpeg": ffmpeg_exe(), "duration": round(duration, 6),
                  "lines": [[round(start, 6), file_digest(path)] for start, path in entries],
                  "music": file_digest(music) if music is not None else None, "settings": dict(settings)})


class Store:
    """Files kept under a folder by key (``<folder>/<key[:2]>/<key><suffix>``)."""

    def __init__(self, folder: Path, suffix: str) -> None:
        self.folder, self.suffix = Path(folder), suffix

    def path(self, key: str) -> Path:
        """Where the file of ``key`` is (or would be)."""
        return self.folder / key[:2] / f"{key}{self.suffix}"

    def get(self, key: str) -> Path | None:
        """The kept file of ``key``, or None."""
        path = self.path(key)
        return path if path.is_file() else None

    def put(self, key: str, source: Path) -> Path:
        """Keep ``source`` as the file of ``key`` (a hard link when possible, else a copy); returns it."""
        return link_or_copy(source, self.path(key))
