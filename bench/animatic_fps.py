"""Frames per second of the animatic at 1280x720 on one CPU core, per camera move.

Prints, for each move, the drawing rate alone (frames discarded) and drawing plus H.264 encoding
(``render.video.write_clip`` with the backend's x264 settings to a temporary file; ffmpeg inherits
the pinning, so drawing and encoding share the one core), and the one-off setup time per shot
(plates and text), which the drawing rate includes.

Run from the repository root::

    python bench/animatic_fps.py [--frames 96] [--width 1280 --height 720]
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

import argparse  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from render import RenderRequest  # noqa: E402
from render.animatic import CRF, PRESET  # noqa: E402
from render.animatic.shot import shot_frames  # noqa: E402
from render.fonts import find_font  # noqa: E402
from render.video import write_clip  # noqa: E402

MOVES = ("static", "pan", "tilt", "zoom", "dolly", "handheld")


def request(move: str, width: int, height: int, frames: int) -> RenderRequest:
    """A typical dialogue shot: two characters, a caption, an exterior at dusk."""
    return RenderRequest(
        shot_id="S01-01", prompt="bench", width=width, height=height, fps=24, num_frames=frames, seed=11,
        size="MS", move=move, characters=("林夏", "Mara"), action="林夏把旧钥匙递给Mara，潮水正在上涨。",
        location="harbour pier 码头", time_of_day="DUSK",
    )


def main() -> None:
    """Measure and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=96)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=720)
    args = parser.parse_args()
    found = find_font()
    font = str(found) if found else None
    print(f"animatic {args.width}x{args.height}, {args.frames} frames per shot, one core "
          f"(pid affinity {sorted(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else '?'}), "
          f"font {Path(font).name if font else 'pillow-default'}")
    list(shot_frames(request("static", args.width, args.height, 2), font))  # warm caches (fonts)
    with tempfile.TemporaryDirectory() as tmp:
        for move in MOVES:
            req = request(move, args.width, args.height, args.frames)
            started = time.perf_counter()
            stream = shot_frames(req, font)
            next(stream)
            setup = time.perf_counter() - started
            for _ in stream:
                pass
            draw_fps = args.frames / (time.perf_counter() - started)
            started = time.perf_counter()
            write_clip(shot_frames(req, font), Path(tmp) / f"{move}.mp4", width=args.width,
                       height=args.height, fps=req.fps, crf=CRF, preset=PRESET)
            encode_fps = args.frames / (time.perf_counter() - started)
            print(f"{move:9s} draw {draw_fps:7.1f} fps   draw+encode {encode_fps:6.1f} fps   "
                  f"setup {setup * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
