"""One encoder setting for every segment, so ffmpeg can join the segments without re-encoding.

Plain stretches go source file -> ffmpeg -> H.264 with no Python per frame (burned-in pictures are
laid over by ffmpeg's ``overlay`` filter); composited stretches go numpy frames -> ffmpeg's stdin ->
the same H.264 settings. Both pass through the same conform chain (frame rate, scale and letterbox,
BT.709 limited-range tags), so the segments join seamlessly. The x264 settings are
``render.video.x264_args``, the ones every rendered clip is written with, so a clip the film shows
whole can join the segments as it is (see ``tools.editor.streamcopy``).
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from render.video import BT709_TAGS, RGB_TO_YUV, x264_args
from tools.editor.overlay import Overlay
from tools.errors import EditError
from tools.ffmpeg import base_command, read_ffmpeg, run_ffmpeg, stderr_tail


@dataclass(frozen=True)
class VideoFormat:
    """The film's picture format and encoder settings.

    Attributes:
        width: Frame width (even).
        height: Frame height (even).
        fps: Frames per second.
        crf: x264 constant rate factor (lower is better and bigger).
        preset: x264 speed preset.
        threads: Encoder threads per segment (0: ffmpeg decides). With several segments encoding
            at once, one thread each keeps every core busy with the least overhead.
    """

    width: int
    height: int
    fps: int
    crf: int = 20
    preset: str = "veryfast"
    threads: int = 0

    @property
    def frame_bytes(self) -> int:
        """Bytes in one RGB24 frame."""
        return self.width * self.height * 3

    def conform_filter(self) -> str:
        """Filter chain that puts a decoded clip on the film's grid: rate, size, letterbox, tags."""
        w, h = self.width, self.height
        return (
            f"setpts=PTS-STARTPTS,fps={self.fps},"
            f"scale={w}:{h}:force_original_aspect_ratio=decrease,"
            f"pad={w}:{h}:-1:-1:color=black,setsar=1,format=yuv420p,{BT709_TAGS}"
        )

    def encoder_args(self) -> list[str]:
        """libx264 settings shared by every segment and every clip (``stitchable`` keeps headers equal)."""
        return [*x264_args(self.fps, self.crf, self.preset, self.threads),
                "-an", "-sn", "-dn", "-map_metadata", "-1"]


def _seek_args(source_frame: int, fps: int) -> list[str]:
    # Half a frame early: accurate seeking drops every frame before the seek time, and a time
    # exactly on a frame could round past it.
    if source_frame <= 0:
        return []
    return ["-ss", f"{(source_frame - 0.5) / fps:.6f}"]


def _overlay_graph(fmt: VideoFormat, overlays: Sequence[Overlay], count: int) -> str:
    """``-filter_complex`` graph: the conformed clip (input 0), then each overlay (inputs 1...) on top."""
    chains = [f"[0:v]{fmt.conform_filter()},tpad=stop=-1:stop_mode=clone[v0]"]
    for i, ov in enumerate(overlays, start=1):
        # n counts the frames reaching the overlay: the segment's own frames, from 0.
        enable = "" if ov.start <= 0 and ov.end >= count else f":enable='between(n,{ov.start},{ov.end - 1})'"
        chains.append(f"[{i}:v]scale=out_color_matrix=bt709:out_range=tv,format=yuva420p[o{i}]")
        chains.append(f"[v{i - 1}][o{i}]overlay=x={ov.x}:y={ov.y}:format=yuv420:eof_action=repeat{enable}[v{i}]")
    return ";".join(chains)


def encode_plain(source: Path, source_frame: int, count: int, fmt: VideoFormat, out: Path,
                 overlays: Sequence[Overlay] = ()) -> None:
    """Re-encode ``count`` frames of ``source`` from frame ``source_frame`` on, with ffmpeg alone.

    Args:
        source: The clip.
        source_frame: First frame to use (frames counted at the film's rate).
        count: Frames to write; the clip's last frame is held if it runs out.
        fmt: The film's format.
        out: Segment file to write (MP4).
        overlays: Pictures laid over the frames, their frame ranges counted from the segment's
            first frame (``Overlay.within``), later ones on top.
    """
    if not overlays:
        graph = ["-map", "0:v:0", "-vf", f"{fmt.conform_filter()},tpad=stop=-1:stop_mode=clone"]
    else:
        graph = [arg for ov in overlays
                 for arg in ("-f", "image2", "-pattern_type", "none", "-loop", "1", "-framerate", str(fmt.fps),
                             "-i", str(ov.path))]
        graph += ["-filter_complex", _overlay_graph(fmt, overlays, count), "-map", f"[v{len(overlays)}]"]
    run_ffmpeg([
        "-y", *_seek_args(source_frame, fmt.fps), "-i", str(source), *graph,
        "-frames:v", str(count), *fmt.encoder_args(), str(out),
    ])


def decode_window(source: Path, source_frame: int, count: int, fmt: VideoFormat) -> np.ndarray:
    """Decode ``count`` frames of ``source`` from ``source_frame`` on, conformed to the film, as RGB.

    Returns:
        ``uint8`` array of shape ``(count, height, width, 3)``; the clip's last frame is held if
        the clip runs out.

    Raises:
        EditError: ffmpeg could not decode the clip.
    """
    vf = f"{fmt.conform_filter()},tpad=stop=-1:stop_mode=clone,format=rgb24"
    data, err, code = read_ffmpeg([
        *_seek_args(source_frame, fmt.fps), "-i", str(source), "-map", "0:v:0", "-vf", vf,
        "-frames:v", str(count), "-fps_mode", "passthrough", "-f", "rawvideo", "-",
    ])
    n = len(data) // fmt.frame_bytes
    if code != 0 or n < count:
        raise EditError(
            f"could not decode {count} frames of {source} from frame {source_frame} "
            f"(got {n}): {stderr_tail(err)}"
        )
    return np.frombuffer(data[: count * fmt.frame_bytes], dtype=np.uint8).reshape(
        count, fmt.height, fmt.width, 3
    )


def encode_frames(frames: Iterable[np.ndarray], fmt: VideoFormat, out: Path) -> int:
    """Encode RGB frames (``height x width x 3`` uint8) piped to ffmpeg; returns how many were written.

    Raises:
        EditError: A frame has the wrong shape, or ffmpeg failed.
    """
    cmd = base_command() + [
        "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{fmt.width}x{fmt.height}",
        "-framerate", str(fmt.fps), "-i", "pipe:0",
        "-vf", RGB_TO_YUV,
        *fmt.encoder_args(), str(out),
    ]
    with tempfile.TemporaryFile() as log:  # a file, not a pipe: ffmpeg can never block on it
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=log)
        written = _feed(proc, frames, fmt)
        log.seek(0)
        err = log.read()
    if proc.returncode != 0:
        raise EditError(f"ffmpeg failed encoding composited frames into {out.name}: {stderr_tail(err)}")
    return written


def _feed(proc: subprocess.Popen, frames: Iterable[np.ndarray], fmt: VideoFormat) -> int:
    """Write frames to ffmpeg's stdin and wait for it to finish; returns how many were written."""
    written = 0
    try:
        for frame in frames:
            if frame.shape != (fmt.height, fmt.width, 3) or frame.dtype != np.uint8:
                raise EditError(
                    f"composited frame {written} is {frame.shape} {frame.dtype}; "
                    f"expected ({fmt.height}, {fmt.width}, 3) uint8"
                )
            proc.stdin.write(np.ascontiguousarray(frame).data)
            written += 1
        proc.stdin.close()
    except BrokenPipeError:
        pass
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    proc.wait()
    return written


def join_segments(segments: list[Path], audio: Path, out: Path) -> None:
    """Join segment files in order (concat demuxer, stream copy), add the audio track, move the
    index to the front (``faststart``), all in one copy pass.

    Args:
        segments: Segment MP4s in film order, all encoded with the same ``VideoFormat``.
        audio: The film's AAC track (``.m4a``).
        out: The MP4 to write.
    """
    listing = out.parent / (out.name + ".concat.txt")
    lines = []
    for seg in segments:
        escaped = str(seg.resolve()).replace("'", "'\\''")
        lines.append(f"file '{escaped}'")
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        run_ffmpeg([
            "-y", "-f", "concat", "-safe", "0", "-i", str(listing), "-i", str(audio),
            "-map", "0:v:0", "-map", "1:a:0", "-c", "copy", "-movflags", "+faststart",
            "-f", "mp4", str(out),
        ])
    finally:
        listing.unlink(missing_ok=True)
