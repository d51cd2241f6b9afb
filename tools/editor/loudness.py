"""Loudness as EBU R128 measures it: integrated loudness (LUFS) and true peak (dBTP), read from ffmpeg.

ffmpeg's ``ebur128`` filter prints a summary when its input ends; `measure_loudness` runs it over a
file, and `EBUR128` plus `read_summary` let a caller append the meter to any filter graph (the mixer
measures its mix without writing it).

Usage:
    from tools.editor.loudness import measure_loudness
    lufs, peak = measure_loudness(Path("film.m4a"))  # (-14.0, -1.2); (None, None) for silence
"""

from __future__ import annotations

import re
from pathlib import Path

from tools.errors import EditError
from tools.ffmpeg import read_ffmpeg, stderr_tail

EBUR128 = "ebur128=peak=true:framelog=quiet"
"""The meter as a filter: integrated loudness and true peak, no per-frame log."""

SILENCE_LUFS = -70.0
"""EBU R128's absolute gate: blocks below it are not sound, a programme measuring there is silent."""

_INTEGRATED = re.compile(r"Integrated loudness:\s*I:\s*(-?[\d.]+|-?inf|nan) LUFS", re.IGNORECASE)
_TRUE_PEAK = re.compile(r"True peak:\s*Peak:\s*(-?[\d.]+|-?inf|nan) dBFS", re.IGNORECASE)


def read_summary(log: str) -> tuple[float | None, float | None]:
    """Integrated loudness and true peak from the last ``ebur128`` summary in ffmpeg's stderr.

    Args:
        log: ffmpeg's stderr at log level ``info`` from a graph that ends in `EBUR128`.

    Returns:
        ``(integrated LUFS, true peak dBTP)``; the loudness is None when the programme is gated out
        (silence, or under 0.4 s of sound), the peak is None when there was no signal at all.

    Raises:
        EditError: The log holds no summary (the graph had no ``ebur128`` or ffmpeg stopped early).
    """
    summary = log.rsplit("Summary:", 1)
    if len(summary) != 2:
        raise EditError("ffmpeg printed no EBU R128 summary; run the ebur128 filter at log level info")
    integrated, peak = _INTEGRATED.search(summary[1]), _TRUE_PEAK.search(summary[1])
    if integrated is None or peak is None:
        raise EditError(f"could not read ffmpeg's EBU R128 summary: {stderr_tail(summary[1], 400)}")
    lufs, dbtp = float(integrated.group(1)), float(peak.group(1))
    return (lufs if lufs > SILENCE_LUFS + 0.05 else None), (dbtp if dbtp > -200 else None)


def measure_graph(args: list[str], what: str) -> tuple[float | None, float | None]:
    """Run ffmpeg ``args`` (inputs and a graph ending in `EBUR128`, output ``-f null -``) and read the meter.

    Args:
        args: ffmpeg arguments after the executable.
        what: What is measured, for the error message (``"music file song.mp3"``).

    Raises:
        EditError: ffmpeg could not read the input or run the graph.
    """
    _, err, code = read_ffmpeg(["-nostats", *args], loglevel="info")
    if code != 0:
        errors = "\n".join(line for line in err.splitlines() if "rror" in line or "nvalid" in line) or err
        raise EditError(f"could not measure the loudness of {what}: {stderr_tail(errors, 600)}")
    return read_summary(err)


def measure_loudness(path: Path) -> tuple[float | None, float | None]:
    """Measure a sound file's integrated loudness and true peak (EBU R128, first audio stream).

    Args:
        path: Any file ffmpeg reads with an audio stream (``.m4a``, ``.wav``, ``.mp4``...).

    Returns:
        ``(integrated LUFS, true peak dBTP)``, each None for silence (below -70 LUFS, or too short
        to hold a 0.4 s measuring block).

    Raises:
        EditError: The file is missing, unreadable, or has no audio stream.
    """
    path = Path(path)
    if not path.is_file():
        raise EditError(f"cannot measure the loudness of {path}: the file does not exist")
    return measure_graph(["-i", str(path), "-map", "0:a:0", "-af", EBUR128, "-f", "null", "-"],
                         f"sound file {path.name}")
