"""Benchmark: shots per minute with one render worker process against two, on the tiny Wan pipelines.

What ``--gpus 0,1`` does on a GPU machine, measured here on the CPU: `render.pool.WorkerPool` with one
and then two worker processes, each loading the tiny random-weight Wan text-to-video pipeline from disk
through the backend's own loading code (``tests/support/tiny/wan.py``). Each worker is warmed with one
shot first (loading is not timed), then the same shots are dealt out from the queue, largest first.
The machine has 2 cores, so each of the two workers gets one torch thread while the single worker
gets both: the ratio shows what a second device adds, not what a second thread adds.

    .venv/bin/python bench/render_workers.py [--shots 16] [--size 256x144] [--native 256x144] [--frames 9] [--steps 4]
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import os
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def threaded_tiny_wan(device: str = "cpu", *, threads: int, native: tuple[int, int], model: str):
    """The tiny Wan backend, rendering at ``native``, in a worker limited to ``threads`` torch threads."""
    import dataclasses

    import torch

    from render.diffusion.backend import DiffusersBackend
    from tests.support.tiny.wan import TINY

    torch.set_num_threads(threads)
    family = dataclasses.replace(TINY, width=native[0], height=native[1])
    return DiffusersBackend(family, model=model, device=device)


def measure(folder: str, workers: int, shots: list, native: tuple[int, int], cache: Path) -> float:
    """Seconds to render ``shots`` through a pool of ``workers`` processes (warm)."""
    from render.pool import WorkerPool
    from tools.render_shot import render_shot

    threads = max(1, (os.cpu_count() or 2) // workers)
    pool = WorkerPool(partial(threaded_tiny_wan, threads=threads, native=native, model=folder), ["cpu"] * workers)
    try:
        warm = [shots[0].model_copy(update={"shot_id": f"warm-{i}", "seed": 10_000 + i}) for i in range(workers)]
        with cf.ThreadPoolExecutor(workers) as ex:
            list(ex.map(lambda r: render_shot(pool, r, cache / "warm"), warm))
        started = time.perf_counter()
        with cf.ThreadPoolExecutor(len(shots)) as ex:
            list(ex.map(lambda r: render_shot(pool, r, cache / f"run-{workers}"), shots))
        return time.perf_counter() - started
    finally:
        pool.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shots", type=int, default=16)
    parser.add_argument("--size", default="256x144", help="shot size WxH")
    parser.add_argument("--native", default="256x144", help="size the tiny model renders at, WxH (multiples of 16)")
    parser.add_argument("--frames", type=int, default=9, help="frames per shot (one segment: at most 9)")
    parser.add_argument("--steps", type=int, default=4)
    args = parser.parse_args()
    from render import RenderRequest
    from tests.support.tiny import wan

    width, height = (int(v) for v in args.size.lower().split("x"))
    native = tuple(int(v) for v in args.native.lower().split("x"))
    shots = [RenderRequest(shot_id=f"S{i:02d}", prompt=f"a girl walks in the city at night {i}", width=width,
                           height=height, fps=16, num_frames=max(1, args.frames - i % 3), seed=i,
                           num_inference_steps=args.steps) for i in range(args.shots)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = str(wan.build(Path(tmp) / "wan", "t2v"))
        one = measure(folder, 1, shots, native, Path(tmp))
        two = measure(folder, 2, shots, native, Path(tmp))
    print(f"{args.shots} shots of up to {args.frames} frames, tiny Wan at {args.native}, {args.steps} steps, "
          f"{os.cpu_count()} CPU cores")
    print(f"{'workers':>8} {'seconds':>8} {'shots/min':>10}")
    for workers, seconds in ((1, one), (2, two)):
        print(f"{workers:>8} {seconds:>8.2f} {args.shots / seconds * 60:>10.1f}")
    print(f"scaling ratio (2 workers / 1 worker shots per minute): {one / two:.2f}x")


if __name__ == "__main__":
    main()
