"""The film's sound track: sound files placed on the film's timeline, mixed, encoded to AAC."""

from __future__ import annotations

from pathlib import Path

from tools.errors import EditError
from tools.ffmpeg import run_ffmpeg

SAMPLE_RATE = 48000


def build_audio(entries: list[tuple[float, Path]] | None, duration: float, out_path: Path, *,
                sample_rate: int = SAMPLE_RATE, bitrate: str = "160k") -> Path:
    """Write the film's stereo AAC track: each sound starts at its film time; silence elsewhere.

    With no entries the track is pure silence, so every film has an audio stream players expect.

    Args:
        entries: ``(start seconds, sound file)`` pairs (WAV or anything ffmpeg reads); sounds may
            overlap (they are summed) and are cut at the film's end.
        duration: Film length in seconds; the track is exactly this long.
        out_path: The ``.m4a`` file to write.
        sample_rate: Output sample rate in Hz.
        bitrate: AAC bit rate.

    Returns:
        ``out_path``.

    Raises:
        EditError: A sound is missing or starts outside the film, or ffmpeg failed.
    """
    if duration <= 0:
        raise EditError(f"the audio track needs a duration above 0 seconds, got {duration}")
    entries = list(entries or [])
    for start, path in entries:
        if not Path(path).is_file():
            raise EditError(f"sound file {path} does not exist; render the speech or music first")
        if not 0 <= start < duration:
            raise EditError(
                f"sound {Path(path).name} starts at {start:.3f}s, outside the film (0 to {duration:.3f}s)"
            )
    args = ["-y", "-f", "lavfi", "-t", f"{duration:.6f}",
            "-i", f"anullsrc=r={sample_rate}:cl=stereo"]
    for _, path in entries:
        args += ["-i", str(path)]
    if entries:
        chains = []
        for i, (start, _) in enumerate(entries, start=1):
            delay = round(start * 1000)
            chains.append(
                f"[{i}:a]aresample={sample_rate},aformat=sample_fmts=fltp:channel_layouts=stereo,"
                f"adelay=delays={delay}:all=1[a{i}]"
            )
        inputs = "[0:a]" + "".join(f"[a{i}]" for i in range(1, len(entries) + 1))
        chains.append(f"{inputs}amix=inputs={len(entries) + 1}:duration=first:normalize=0[mix]")
        args += ["-filter_complex", ";".join(chains), "-map", "[mix]"]
    else:
        args += ["-map", "0:a"]
    args += ["-t", f"{duration:.6f}", "-c:a", "aac", "-b:a", bitrate, "-ar", str(sample_rate),
             "-ac", "2", "-f", "ipod", str(out_path)]
    run_ffmpeg(args)
    return out_path
