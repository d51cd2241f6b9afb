"""Run the ffmpeg binary that ships with imageio-ffmpeg (there is no system ffmpeg or ffprobe)."""

from __future__ import annotations

import subprocess

from tools.errors import EditError

_TAIL_CHARS = 1500


def ffmpeg_exe() -> str:
    """Path of the ffmpeg executable bundled with imageio-ffmpeg."""
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def base_command() -> list[str]:
    """ffmpeg with the options every call shares: quiet banner, errors only, no keyboard input."""
    return [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error"]


def stderr_tail(stderr: bytes | str, limit: int = _TAIL_CHARS) -> str:
    """The last ``limit`` characters of ffmpeg's stderr, decoded, stripped."""
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr
    text = text.strip()
    return text if len(text) <= limit else "..." + text[-limit:]


def run_ffmpeg(args: list[str]) -> None:
    """Run ffmpeg with ``args`` (everything after the executable and the shared options).

    Args:
        args: ffmpeg arguments, e.g. ``["-y", "-i", "in.mp4", "out.mp4"]``.

    Raises:
        EditError: ffmpeg exited with an error; the message carries the tail of its stderr.
    """
    cmd = base_command() + list(args)
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    if proc.returncode != 0:
        raise EditError(
            f"ffmpeg failed (exit {proc.returncode}): {stderr_tail(proc.stderr)}\n"
            f"command: {' '.join(cmd[1:])[:500]}"
        )


def read_ffmpeg(args: list[str], *, loglevel: str = "error") -> tuple[bytes, str, int]:
    """Run ffmpeg and return ``(stdout, stderr, exit code)`` without raising.

    Args:
        args: ffmpeg arguments after the executable.
        loglevel: ffmpeg log level; ``"info"`` to read stream descriptions from stderr.
    """
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", loglevel, *args]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    return proc.stdout, proc.stderr.decode("utf-8", "replace"), proc.returncode
