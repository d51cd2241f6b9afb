"""Benchmark: the offline `filmcrew make` of a 30 s 1280x720 film on this machine.

Prints the wall time of a cold run (empty shot cache), its ratio to the film's duration (target:
below 1.0, i.e. faster than real time), the per-stage times, and a warm re-run that reuses the cache.

    .venv/bin/python bench/make_film.py [--duration 30] [--aspect 16:9]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from filmcrew.cli import brief_from_args, build_parser  # noqa: E402
from filmcrew.progress import ProgressPrinter  # noqa: E402
from filmcrew.run import make_film  # noqa: E402
from filmcrew.settings import Settings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--aspect", default="16:9")
    parser.add_argument("--idea", default="A lighthouse keeper finds a message in a bottle")
    opts = parser.parse_args()
    args = build_parser().parse_args(["make", opts.idea, "--duration", str(opts.duration), "--aspect", opts.aspect])
    brief = brief_from_args(args)
    print(f"machine: {os.cpu_count()} cores; film: {brief.duration:g}s {brief.width}x{brief.height} {brief.fps} fps")
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(planner="offline", cache_dir=Path(tmp) / "cache")
        for label in ("cold (empty cache)", "warm (shots cached)"):
            started = time.perf_counter()
            outcome = make_film(brief, Path(tmp) / "films", settings, ProgressPrinter(quiet=True))
            wall = time.perf_counter() - started
            film = outcome.manifest["film"]
            stages = outcome.manifest["timings"]["stages"]
            print(f"{label}: wall {wall:.2f}s for a {film['duration']:.2f}s film "
                  f"-> ratio {wall / film['duration']:.3f} (target < 1.0)")
            print("  stages: " + ", ".join(f"{k} {v:.2f}s" for k, v in stages.items()))
            shots = outcome.manifest["timings"]["shots"]
            print(f"  shots: {len(shots)}, reused from cache: {sum(s['cached'] for s in shots.values())}")


if __name__ == "__main__":
    main()
