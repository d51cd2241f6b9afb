"""Sound placements laid out for editing tools: dialogue on as few tracks as overlaps allow, music looped."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from tools.exports.types import AudioPlacement

Span = TypeVar("Span", bound=Any)


@dataclass(frozen=True)
class Sound:
    """A stretch of a sound file on the film's timeline, in integer units (frames or microseconds).

    Attributes:
        name: What editors see on the clip.
        path: The sound file.
        start: Where it starts on the timeline.
        length: How long it plays.
        source_start: Where it starts inside the file.
        available: The file's length, when known.
    """

    name: str
    path: Path
    start: int
    length: int
    source_start: int
    available: int | None

    @property
    def end(self) -> int:
        """Where it stops on the timeline."""
        return self.start + self.length


def media_seconds(path: Path) -> float | None:
    """The length of a media file in seconds as MediaInfo reads it, None when it cannot tell."""
    import pymediainfo

    try:
        info = pymediainfo.MediaInfo.parse(str(path))
    except Exception:  # noqa: BLE001 - an unreadable file just has no known length
        return None
    for track in info.audio_tracks + info.general_tracks:
        if getattr(track, "duration", None):
            return float(track.duration) / 1000.0
    return None


def lanes(spans: list[Span]) -> list[list[Span]]:
    """Spans (anything with ``start`` and ``end``) on as few tracks as keep them apart, in time order."""
    tracks: list[list[Span]] = []
    for sound in sorted(spans, key=lambda s: (s.start, s.end)):
        for track in tracks:
            if track[-1].end <= sound.start:
                track.append(sound)
                break
        else:
            tracks.append([sound])
    return tracks


def place(placement: AudioPlacement, per_second: float, *, file_seconds: float | None = None) -> list[Sound]:
    """A placement in integer units of ``1 / per_second`` s, never past the end of its file.

    Music shorter than its placement loops; a line never does (it is cut at the file's end).

    Args:
        placement: The sound on the film's timeline.
        per_second: Units per second (the frame rate, or 1e6 for microseconds).
        file_seconds: The file's real length; None trusts the placement's duration.
    """
    start = round(placement.start * per_second)
    length = max(1, int(placement.duration * per_second + 1e-6))
    available = max(1, int(file_seconds * per_second + 1e-6)) if file_seconds else None
    if available is None or available >= length or placement.kind == "dialogue":
        length = min(length, available or length)
        return [Sound(placement.name, placement.path, start, length, 0, available)]
    out, done, n = [], 0, 1
    while done < length:
        part = min(available, length - done)
        name = placement.name if n == 1 else f"{placement.name} ({n})"
        out.append(Sound(name, placement.path, start + done, part, 0, available))
        done, n = done + part, n + 1
    return out
