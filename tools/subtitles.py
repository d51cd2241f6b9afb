"""Write subtitles as SubRip (.srt): numbered cues, ``HH:MM:SS,mmm`` times, UTF-8 (Chinese is fine)."""

from __future__ import annotations

from pathlib import Path

from tools.errors import ToolError
from tools.files import write_text_atomic
from tools.timeline import SubtitleEvent


def srt_timestamp(seconds: float) -> str:
    """Format seconds as an SRT time, ``HH:MM:SS,mmm`` (hours keep counting past 99)."""
    total_ms = max(0, round(seconds * 1000))
    hours, rest = divmod(total_ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d},{millis:03d}"


def _cue_text(text: str) -> str:
    # A blank line ends a cue in SRT, so a cue's text never contains one.
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


def format_srt(events: list[SubtitleEvent]) -> str:
    """The SRT text for ``events``, numbered from 1 in the order given, cues separated by a blank line.

    Args:
        events: Subtitle events on the film's timeline.

    Raises:
        ToolError: An event's text is only blank space.
    """
    cues = []
    for number, event in enumerate(events, start=1):
        text = _cue_text(event.text)
        if not text:
            raise ToolError(
                f"subtitle {number} ({event.start:.2f}s) has no visible text; give it words or drop it"
            )
        cues.append(f"{number}\n{srt_timestamp(event.start)} --> {srt_timestamp(event.end)}\n{text}\n")
    return "\n".join(cues)


def write_srt(events: list[SubtitleEvent], path: str | Path) -> Path:
    """Write ``events`` to ``path`` as a UTF-8 SRT file (no byte-order mark), atomically; returns the path.

    Args:
        events: Subtitle events on the film's timeline.
        path: The ``.srt`` file to write.
    """
    return write_text_atomic(Path(path), format_srt(events))
