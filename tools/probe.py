"""Read what a media file holds (streams, size, rate, exact frame count) and decode single frames.

There is no ffprobe: one ffmpeg pass per batch of files gives both the stream facts (the ``Input``
descriptions on its stderr) and the exact frame counts (a stream copy of every file's first video
stream into ``framecrc``, one line per packet); ``faststart`` comes from the MP4's top-level boxes.
Starting ffmpeg costs more than reading a clip's packets, so ``probe_many`` reads many files at once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict

from tools.errors import MediaError
from tools.ffmpeg import read_ffmpeg, stderr_tail
from tools.mp4 import top_level_boxes

_DURATION = re.compile(r"Duration:\s*(\d+):(\d+):(\d+(?:\.\d+)?)")
_VIDEO = re.compile(r"Stream #\d+:\d+.*?: Video: (\w+).*")
_AUDIO = re.compile(r"Stream #\d+:\d+.*?: Audio: (\w+).*")
_SIZE = re.compile(r"\b(\d{2,5})x(\d{2,5})\b")
_FPS = re.compile(r"([\d.]+)(k?) (?:fps|tbr)\b")
_RATE = re.compile(r"(\d+) Hz")
_INPUT = re.compile(r"^Input #(\d+), ", flags=re.MULTILINE)
_PACKET = re.compile(rb"^\s*(\d+),", flags=re.MULTILINE)
_BATCH = 32  # files per ffmpeg pass
_NTSC = (24000 / 1001, 30000 / 1001, 60000 / 1001)


class MediaInfo(BaseModel):
    """Facts about a video file.

    Attributes:
        video_codec: Codec of the first video stream (``"h264"``).
        pix_fmt: Pixel format of the first video stream (``"yuv420p"``).
        width: Frame width in pixels.
        height: Frame height in pixels.
        fps: Frames per second.
        duration: Container duration in seconds (10 ms resolution).
        num_frames: Exact number of video frames.
        audio_codec: Codec of the first audio stream, None when there is none.
        audio_sample_rate: Sample rate of that audio stream in Hz, None when there is none.
        faststart: True when the MP4 index (``moov``) comes before the media data (``mdat``),
            so players can start before the whole file arrives.
    """

    model_config = ConfigDict(extra="forbid")

    video_codec: str
    pix_fmt: str
    width: int
    height: int
    fps: float
    duration: float
    num_frames: int
    audio_codec: str | None = None
    audio_sample_rate: int | None = None
    faststart: bool = False


def _parse_fps(line: str) -> float:
    match = _FPS.search(line)
    if not match:
        raise MediaError(f"could not read the frame rate from ffmpeg's stream line: {line.strip()}")
    value = float(match.group(1)) * (1000 if match.group(2) else 1)
    for exact in _NTSC:
        if abs(value - exact) < 0.01:
            return exact
    return value


def _pix_fmt(line: str) -> str:
    after_codec = line.split("Video:", 1)[1].split(",")
    for part in after_codec[1:]:
        token = part.strip().split("(")[0].strip()
        if re.fullmatch(r"[a-z]+[0-9a-z]*", token) and not token.endswith("kb/s"):
            return token
    return "unknown"


def is_faststart(path: str | Path) -> bool:
    """True when an MP4's ``moov`` box comes before its ``mdat`` box (read from the top-level boxes)."""
    with open(path, "rb") as fh:
        order = [kind for kind, _, _ in top_level_boxes(fh)]
    if b"moov" not in order or b"mdat" not in order:
        return False
    return order.index(b"moov") < order.index(b"mdat")


def _describe(path: Path, err: str, num_frames: int | None) -> MediaInfo:
    """MediaInfo from the part of ffmpeg's stderr that describes ``path``."""
    video = _VIDEO.search(err)
    if video is None:
        raise MediaError(f"{path} has no video stream ffmpeg can read: {stderr_tail(err, 400)}")
    line = video.group(0)
    size = _SIZE.search(line.split("Video:", 1)[1])
    if size is None:
        raise MediaError(f"could not read the frame size of {path} from: {line.strip()}")
    if num_frames is None:
        raise MediaError(f"could not count the frames of {path}: {stderr_tail(err)}")
    dur = _DURATION.search(err)
    duration = int(dur.group(1)) * 3600 + int(dur.group(2)) * 60 + float(dur.group(3)) if dur else 0.0
    audio = _AUDIO.search(err)
    rate = _RATE.search(audio.group(0)) if audio else None
    return MediaInfo(
        video_codec=video.group(1),
        pix_fmt=_pix_fmt(line),
        width=int(size.group(1)),
        height=int(size.group(2)),
        fps=_parse_fps(line),
        duration=duration,
        num_frames=num_frames,
        audio_codec=audio.group(1) if audio else None,
        audio_sample_rate=int(rate.group(1)) if rate else None,
        faststart=is_faststart(path),
    )


def _read_batch(paths: list[Path]) -> list[MediaInfo | MediaError]:
    """One ffmpeg pass over ``paths``: every input described, every first video stream's packets counted."""
    args = [arg for path in paths for arg in ("-i", str(path))]
    maps = [arg for i in range(len(paths)) for arg in ("-map", f"{i}:v:0")]
    out, err, code = read_ffmpeg([*args, *maps, "-c", "copy", "-f", "framecrc", "-"], loglevel="info")
    if code != 0 and len(paths) > 1:  # one bad file fails the pass: read each alone for its own error
        return [item for path in paths for item in _read_batch([path])]
    counts = [0] * len(paths)
    for index in _PACKET.findall(out):
        counts[int(index)] += 1
    inputs = list(_INPUT.finditer(err))
    tail = min((i for i in (err.find("Stream mapping:"), err.find("\nOutput #")) if i >= 0), default=len(err))
    results: list[MediaInfo | MediaError] = []
    for n, path in enumerate(paths):
        found = [m for m in inputs if int(m.group(1)) == n]
        if not found:
            results.append(MediaError(f"{path} is not a media file ffmpeg can read: {stderr_tail(err, 400)}"))
            continue
        after = [m.start() for m in inputs if m.start() > found[0].start()]
        section = err[found[0].start():min(after, default=tail)]
        try:
            results.append(_describe(path, section, counts[n] if code == 0 else None))
        except MediaError as exc:
            results.append(exc)
    return results


def probe_many(paths: Sequence[str | Path]) -> list[MediaInfo | MediaError]:
    """Describe many video files, a few ffmpeg passes in all; each result is what ``probe`` gives.

    Args:
        paths: The files to read.

    Returns:
        For each path, in order, its ``MediaInfo``, or the ``MediaError`` ``probe`` would raise.
    """
    paths = [Path(p) for p in paths]
    results: dict[int, MediaInfo | MediaError] = {}
    readable = []
    for i, path in enumerate(paths):
        if path.is_file():
            readable.append(i)
        else:
            results[i] = MediaError(f"no such media file: {path}")
    for start in range(0, len(readable), _BATCH):
        batch = readable[start:start + _BATCH]
        results.update(zip(batch, _read_batch([paths[i] for i in batch]), strict=True))
    return [results[i] for i in range(len(paths))]


def probe(path: str | Path) -> MediaInfo:
    """Describe a video file: codecs, pixel format, size, rate, duration, exact frame count, faststart.

    Args:
        path: The file to read.

    Raises:
        MediaError: The file is missing, unreadable, or has no video stream.
    """
    (result,) = probe_many([path])
    if isinstance(result, MediaError):
        raise result
    return result


def _decode(path: Path, seek: list[str], select: list[str], width: int, height: int, count: int | None):
    frames = ["-frames:v", str(count)] if count is not None else []
    out, err, code = read_ffmpeg(
        [*seek, "-i", str(path), *select, "-map", "0:v:0", *frames,
         "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]
    )
    if code != 0:
        raise MediaError(f"could not decode frames of {path}: {stderr_tail(err)}")
    frame_bytes = width * height * 3
    n = len(out) // frame_bytes
    return np.frombuffer(out[: n * frame_bytes], dtype=np.uint8).reshape(n, height, width, 3)


def read_frame(path: str | Path, index_or_time: int | float) -> np.ndarray:
    """Decode one frame as an RGB ``uint8`` array of shape ``(height, width, 3)``.

    Args:
        path: The video file.
        index_or_time: An ``int`` is a frame index (0 = first frame, exact: frames are counted from
            the start); a ``float`` is a time in seconds (the frame shown at that time).

    Raises:
        MediaError: The file cannot be read or has no such frame.
    """
    path = Path(path)
    info = probe(path)
    if isinstance(index_or_time, (int, np.integer)) and not isinstance(index_or_time, bool):
        index = int(index_or_time)
        if not 0 <= index < info.num_frames:
            raise MediaError(f"{path} has {info.num_frames} frames; there is no frame {index}")
        frames = _decode(path, [], ["-vf", f"select=eq(n\\,{index})"], info.width, info.height, 1)
    else:
        t = float(index_or_time)
        if not 0 <= t < info.duration:
            raise MediaError(f"{path} lasts {info.duration:.3f}s; there is no frame at {t:.3f}s")
        frames = _decode(path, ["-ss", f"{t:.6f}"], [], info.width, info.height, 1)
    if len(frames) == 0:
        raise MediaError(f"ffmpeg returned no picture for frame {index_or_time!r} of {path}")
    return frames[0].copy()


def read_frames(path: str | Path) -> np.ndarray:
    """Decode every frame of a (short) video as RGB ``uint8``, shape ``(frames, height, width, 3)``.

    Args:
        path: The video file. Memory grows with its length: meant for checks and thumbnails.
    """
    path = Path(path)
    info = probe(path)
    return _decode(path, [], [], info.width, info.height, None)
