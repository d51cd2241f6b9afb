"""Write subtitles as SubRip (.srt) and WebVTT (.vtt), UTF-8 (Chinese is fine).

SRT: numbered cues, ``HH:MM:SS,mmm`` times. WebVTT: a ``WEBVTT`` header, ``HH:MM:SS.mmm`` times, the
speaker as a voice span (``<v Lin>``), ``&``, ``<`` and ``>`` escaped.
"""

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


def _cues(events: list[SubtitleEvent]) -> list[str]:
    """Each event's cue text, checked to be visible."""
    texts = []
    for number, event in enumerate(events, start=1):
        text = _cue_text(event.text)
        if not text:
            raise ToolError(
                f"subtitle {number} ({event.start:.2f}s) has no visible text; give it words or drop it"
            )
        texts.append(text)
    return texts


def format_srt(events: list[SubtitleEvent]) -> str:
    """The SRT text for ``events``, numbered from 1 in the order given, cues separated by a blank line.

    Args:
        events: Subtitle events on the film's timeline.

    Raises:
        ToolError: An event's text is only blank space.
    """
    cues = []
    for number, (event, text) in enumerate(zip(events, _cues(events), strict=True), start=1):
        cues.append(f"{number}\n{srt_timestamp(event.start)} --> {srt_timestamp(event.end)}\n{text}\n")
    return "\n".join(cues)


def write_srt(events: list[SubtitleEvent], path: str | Path) -> Path:
    """Write ``events`` to ``path`` as a UTF-8 SRT file (no byte-order mark), atomically; returns the path.

    Args:
        events: Subtitle events on the film's timeline.
        path: The ``.srt`` file to write.
    """
    return write_text_atomic(Path(path), format_srt(events))


def vtt_timestamp(seconds: float) -> str:
    """Format seconds as a WebVTT time, ``HH:MM:SS.mmm`` (hours keep counting past 99)."""
    return srt_timestamp(seconds).replace(",", ".")


def _vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def format_vtt(events: list[SubtitleEvent]) -> str:
    """The WebVTT text for ``events``: a ``WEBVTT`` header, then one cue per event in the order given.

    A known speaker opens the cue with a voice span (``<v Lin>``), which players use for styling
    and screen readers announce; the text itself is the same as in the SRT.

    Args:
        events: Subtitle events on the film's timeline.

    Raises:
        ToolError: An event's text is only blank space.
    """
    cues = ["WEBVTT\n"]
    for event, text in zip(events, _cues(events), strict=True):
        body = _vtt_escape(text)  # escaping ">" also breaks up any "-->"
        speaker = " ".join((event.speaker or "").split())
        if speaker:
            body = f"<v {_vtt_escape(speaker)}>{body}"
        cues.append(f"{vtt_timestamp(event.start)} --> {vtt_timestamp(event.end)}\n{body}\n")
    return "\n".join(cues)


def write_vtt(events: list[SubtitleEvent], path: str | Path) -> Path:
    """Write ``events`` to ``path`` as a UTF-8 WebVTT file (no byte-order mark), atomically; returns the path.

    Args:
        events: Subtitle events on the film's timeline.
        path: The ``.vtt`` file to write.
    """
    return write_text_atomic(Path(path), format_vtt(events))
