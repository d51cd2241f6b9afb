"""Make small test clips whose frames say which clip and which frame they are.

Test modules import the ``clips`` fixture from here.

Every frame is a solid colour (one per clip) with a top band of 8 black/white squares holding the
frame's index in binary, so a test can read back exactly which source frame the film shows.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from tools.ffmpeg import ffmpeg_exe

COLOURS = {
    "red": (220, 40, 40),
    "green": (40, 200, 60),
    "blue": (40, 60, 220),
    "yellow": (230, 200, 40),
}
CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

BAND = 1 / 3  # fraction of the height used by the index squares
BITS = 8


def clip_frame(colour: tuple[int, int, int], index: int, width: int, height: int) -> np.ndarray:
    """The RGB frame ``index`` of a clip of ``colour``."""
    frame = np.empty((height, width, 3), dtype=np.uint8)
    frame[:] = colour
    band = int(height * BAND)
    step = width // BITS
    for bit in range(BITS):
        value = 255 if (index >> bit) & 1 else 0
        frame[:band, bit * step:(bit + 1) * step] = value
    return frame


def read_index(frame: np.ndarray) -> int:
    """The frame index written in a frame's top band."""
    height, width = frame.shape[:2]
    band = int(height * BAND)
    step = width // BITS
    index = 0
    for bit in range(BITS):
        patch = frame[band // 4: 3 * band // 4, bit * step + step // 4:(bit + 1) * step - step // 4]
        if patch.mean() > 128:
            index |= 1 << bit
    return index


def body_colour(frame: np.ndarray) -> np.ndarray:
    """Mean RGB colour of the part of a frame below the index band."""
    height = frame.shape[0]
    return frame[int(height * BAND) + 4:].reshape(-1, 3).mean(axis=0)


def make_clip(path: Path, colour: tuple[int, int, int], frames: int, *, width: int = 160,
              height: int = 96, fps: int = 24) -> Path:
    """Write an H.264 MP4 clip of ``frames`` frames of ``colour`` with frame indices in the band."""
    cmd = [
        ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
        "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}", "-framerate", str(fps),
        "-i", "pipe:0", "-vf", "scale=out_color_matrix=bt709:out_range=tv,format=yuv420p",
        "-c:v", "libx264", "-preset", "veryfast", "-crf", "12",
        "-colorspace", "bt709", str(path),
    ]
    data = b"".join(clip_frame(colour, i, width, height).tobytes() for i in range(frames))
    subprocess.run(cmd, input=data, check=True)
    return path


@pytest.fixture(scope="module")
def clips(tmp_path_factory) -> dict[str, Path]:
    """Four 2-second 160x96 24 fps clips, one solid colour each, keyed by colour name."""
    folder = tmp_path_factory.mktemp("clips")
    return {name: make_clip(folder / f"{name}.mp4", rgb, 48) for name, rgb in COLOURS.items()}
