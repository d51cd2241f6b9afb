"""Writing frames to disk: H.264 MP4 clips through imageio-ffmpeg's ffmpeg, and PNG stills.

Every backend streams its frames into `write_clip`; nothing holds a whole clip in memory. Files are
written under a temporary name in the destination folder and renamed at the end, so an interrupted
render never leaves a half-written file under the final name.

Clips are encoded exactly as the editor tool encodes the film's segments (``x264_args`` and
``RGB_TO_YUV``, shared with ``tools.editor``): BT.709 limited range, x264 high profile with
``stitchable=1``, a track timescale of ``fps * 1000``. A clip the film shows whole, at the film's
size and rate and with the same preset, then has the very SPS/PPS of the film's own segments, and
the editor joins it into the film by stream copy instead of re-encoding it.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import uuid
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from render.errors import RenderError

X264_PRESETS = ("ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower",
                "veryslow", "placebo")
BT709_TAGS = "setparams=range=tv:color_primaries=bt709:color_trc=bt709:colorspace=bt709"
RGB_TO_YUV = f"scale=out_color_matrix=bt709:out_range=tv,setsar=1,format=yuv420p,{BT709_TAGS}"
"""ffmpeg filter chain from RGB24 frames to tagged BT.709 limited-range yuv420p."""


def x264_args(fps: int, crf: int, preset: str, threads: int = 0) -> list[str]:
    """ffmpeg output options for the project's H.264: the same for clips and for the film's segments.

    ``stitchable=1`` keeps x264's headers independent of the rate control, so every stream made with
    the same size, rate and preset has byte-identical SPS/PPS and streams join by stream copy.

    Args:
        fps: Frame rate (also fixes the MP4 track timescale at ``fps * 1000``).
        crf: x264 constant rate factor, 0 (lossless) to 51 (worst).
        preset: x264 speed preset.
        threads: Encoder threads (0: ffmpeg decides).
    """
    return [
        "-c:v", "libx264", "-preset", preset, "-crf", str(crf), "-profile:v", "high",
        "-pix_fmt", "yuv420p", "-x264-params", "stitchable=1", "-r", str(fps), "-fps_mode", "cfr",
        "-video_track_timescale", str(fps * 1000), "-threads", str(threads),
    ]


def write_clip(frames: Iterable[np.ndarray], path: Path, *, width: int, height: int, fps: int,
               crf: int = 18, preset: str = "veryfast") -> int:
    """Encode RGB frames into an H.264 MP4 (yuv420p, fast start) that decodes to exactly those frames.

    The stream is BT.709 limited range, encoded with ``x264_args`` (the editor's own settings), so a
    clip at the film's size, rate and preset joins the film by stream copy.

    Args:
        frames: ``height x width x 3`` uint8 RGB arrays, consumed one at a time; each may be
            reused by the producer once the next one is requested.
        path: Destination ``.mp4``; its folder is created when missing. Replaced atomically.
        width: Frame width in pixels, even (yuv420p needs even sizes).
        height: Frame height in pixels, even.
        fps: Frames per second written in the stream.
        crf: x264 constant rate factor, 0 (lossless) to 51 (worst); 18 looks lossless to most eyes.
        preset: x264 speed preset (``ultrafast`` ... ``veryslow``).

    Returns:
        The number of frames written.

    Raises:
        ValueError: for a bad size, fps, crf or preset, a frame of the wrong shape or type, or no
            frames at all.
        RenderError: when ffmpeg cannot encode; nothing is left under ``path``.
    """
    _check_args(width, height, fps, crf, preset)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:10]}.part")
    cmd = [
        _ffmpeg(), "-hide_banner", "-loglevel", "error", "-y",
        "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}", "-r", str(fps), "-i", "pipe:0",
        "-vf", RGB_TO_YUV, "-an", *x264_args(fps, crf, preset), "-map_metadata", "-1",
        "-movflags", "+faststart", "-f", "mp4", str(tmp),
    ]
    count = 0
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=errors)
        try:
            assert proc.stdin is not None
            for frame in frames:
                data = _frame_bytes(frame, width, height, count)
                try:
                    proc.stdin.write(data)
                except BrokenPipeError:
                    break  # ffmpeg died; its exit status and message are reported below
                count += 1
            if count == 0:
                raise ValueError("frames was empty; a clip needs at least one frame")
            try:
                proc.stdin.close()
            except BrokenPipeError:
                pass
            code = proc.wait()
            if code != 0:
                errors.seek(0)
                message = errors.read().decode("utf-8", "replace").strip().splitlines()[-3:]
                raise RenderError(
                    f"ffmpeg could not encode {path.name} (exit status {code}): "
                    f"{' / '.join(message) or 'no message'}"
                    "; check that the folder is writable and the disk is not full"
                )
            os.replace(tmp, path)
        except BaseException:
            proc.kill()
            proc.wait()
            tmp.unlink(missing_ok=True)
            raise
    return count


def save_png(frame: np.ndarray, path: Path) -> None:
    """Save one ``height x width x 3`` uint8 RGB frame as a PNG, atomically.

    Args:
        frame: The picture.
        path: Destination ``.png``; its folder is created when missing.

    Raises:
        ValueError: when ``frame`` is not an ``H x W x 3`` uint8 array.
    """
    from PIL import Image

    array = np.asarray(frame)
    if array.ndim != 3 or array.shape[2] != 3 or array.dtype != np.uint8:
        raise ValueError(f"frame must be an H x W x 3 uint8 RGB array, got shape {array.shape} {array.dtype}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:10]}.part")
    try:
        Image.fromarray(array).save(tmp, format="PNG", compress_level=3)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _check_args(width: int, height: int, fps: int, crf: int, preset: str) -> None:
    for name, value in (("width", width), ("height", height)):
        if value <= 0 or value % 2:
            raise ValueError(f"{name} must be a positive even number of pixels (H.264 yuv420p), got {value}")
    if fps <= 0:
        raise ValueError(f"fps must be positive, got {fps}")
    if not 0 <= crf <= 51:
        raise ValueError(f"crf must be between 0 and 51, got {crf}")
    if preset not in X264_PRESETS:
        raise ValueError(f"preset must be one of {', '.join(X264_PRESETS)}; got {preset!r}")


def _frame_bytes(frame: np.ndarray, width: int, height: int, index: int) -> memoryview:
    array = np.asarray(frame)
    if array.shape != (height, width, 3) or array.dtype != np.uint8:
        raise ValueError(
            f"frame {index} has shape {array.shape} and dtype {array.dtype}; "
            f"write_clip needs ({height}, {width}, 3) uint8 RGB frames"
        )
    return memoryview(np.ascontiguousarray(array)).cast("B")


def _ffmpeg() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()
