"""Benchmark: one shot per model family at its real size on a GPU: seconds, steps/s, peak VRAM, GPU-s per film-s.

Builds each family's published architecture (`bench/published_configs.py`: transformer, VAE, text
encoders at the released checkpoints' sizes) with random weights directly on the GPU, and renders one
shot through ``DiffusersBackend(..., pipelines={"t2v": pipe})`` at the family's native size and length,
once per memory level, after one short warm-up shot (2 steps, ``frame_step + 1`` frames). Random
weights cost the same time and memory as trained ones; the pixels are noise.

Columns: ``shot s`` is the whole ``backend.render`` call (placing the pipeline at the memory level,
the pipeline, retiming, H.264); ``pipe s`` runs from the first text-encoder call to the end of the VAE
decode; ``denoise s`` spans the transformer calls and gives ``steps/s``; ``peak GiB`` is
``torch.cuda.max_memory_allocated``; ``GPU-s/film-s`` is ``shot s / (frames / family.fps)``. A level
shown as ``none->vae (OOM)`` ran out of memory and was retried one level up by the backend; its
times include the failed attempt. Lengths: Wan 81, CogVideoX 49, HunyuanVideo 129 frames (their
longest clips); LTX 121 (5 s at 24 fps, the length of its published figure) rather than its
257-frame maximum, which ``--frames max`` picks. HunyuanVideo at 1280x720, 129 frames, 50 steps is by
far the slowest; ``--steps 10`` gives a quicker pass (steps/s and peak VRAM hardly depend on it).

    .venv/bin/python bench/gpu_render.py                        # every family, memory none,vae,offload
    .venv/bin/python bench/gpu_render.py --families ltx,wan --steps 20 --memory none,group
    .venv/bin/python bench/gpu_render.py --frames max           # each family's longest clip
    .venv/bin/python bench/gpu_render.py --dry-run              # parameter counts on the meta device (any machine)
    .venv/bin/python bench/gpu_render.py --tiny                 # the timing path on CPU with the tiny test pipelines
"""

from __future__ import annotations

import argparse
import importlib
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import published_configs as published
from render.diffusion.family import Family
from render.diffusion.memory import LEVELS, free
from render.errors import RenderError
from render.types import RenderRequest

PROMPT = "a woman walks in the rain in the city at night, red light on the street"
NATIVE_FRAMES = {"wan": 81, "ltx": 121, "cogvideox": 49, "hunyuan": 129}
NO_CUDA = "no CUDA device: run this on a GPU machine; --dry-run / --tiny only"
HEADER = (f"{'family':<10} {'memory':<16} {'frames':>6} {'size':>9} {'steps':>5} {'shot s':>8} {'pipe s':>8} "
          f"{'denoise s':>9} {'steps/s':>7} {'peak GiB':>8} {'GPU-s/film-s':>12}")


@dataclass
class Run:
    """One timed shot: figures in seconds, peak in GiB (None on CPU), film_s the clip's length."""

    family: str
    memory: str
    frames: int
    size: str
    steps: int
    shot_s: float
    pipe_s: float
    denoise_s: float
    peak_gib: float | None
    film_s: float

    def line(self) -> str:
        steps_per_s = f"{self.steps / self.denoise_s:>7.2f}" if self.denoise_s else f"{'-':>7}"
        peak = f"{self.peak_gib:>8.2f}" if self.peak_gib is not None else f"{'-':>8}"
        return (f"{self.family:<10} {self.memory:<16} {self.frames:>6} {self.size:>9} {self.steps:>5} "
                f"{self.shot_s:>8.2f} {self.pipe_s:>8.2f} {self.denoise_s:>9.2f} {steps_per_s} {peak} "
                f"{self.shot_s / self.film_s:>12.2f}")


class Clock:
    """Spans from the first call of a group of modules to the last return of another (CUDA events on a GPU)."""

    def __init__(self, groups: dict[str, list[Any]], cuda: bool):
        self.cuda = cuda
        self.first: dict[str, Any] = {}
        self.last: dict[str, Any] = {}
        self.handles = []
        for name, modules in groups.items():
            for module in modules:
                self.handles.append(module.register_forward_pre_hook(lambda *_, n=name: self._mark(self.first, n)))
                self.handles.append(module.register_forward_hook(lambda *_, n=name: self._mark(self.last, n, True)))

    def _mark(self, marks: dict[str, Any], name: str, overwrite: bool = False) -> None:
        if name in marks and not overwrite:
            return
        if self.cuda:
            import torch

            marks[name] = torch.cuda.Event(enable_timing=True)
            marks[name].record()
        else:
            marks[name] = time.perf_counter()

    def span(self, start: str, end: str) -> float:
        """Seconds from the first call in group ``start`` to the last return in group ``end`` (0 if unseen)."""
        if start not in self.first or end not in self.last:
            return 0.0
        if self.cuda:
            return self.first[start].elapsed_time(self.last[end]) / 1000.0
        return self.last[end] - self.first[start]

    def close(self) -> None:
        for handle in self.handles:
            handle.remove()


def time_shot(family: Family, pipe: Any, *, level: str, device: str, dtype: str, steps: int, frames: int,
              model: str, folder: Path) -> Run:
    """Render one shot of ``frames`` frames at the family's native size through the backend, and time it."""
    import torch

    from render.diffusion.backend import DiffusersBackend

    cuda = device.startswith("cuda")
    encoders = [getattr(pipe, n) for n in ("text_encoder", "text_encoder_2") if getattr(pipe, n, None) is not None]
    clock = Clock({"text": encoders, "denoise": [pipe.transformer], "decode": [pipe.vae.decoder]}, cuda)
    backend = DiffusersBackend(family, model=model, device=device, dtype=dtype, steps=steps, memory=level,
                               pipelines={"t2v": pipe})
    request = RenderRequest(shot_id=f"{family.name}-{level}-{frames}", prompt=PROMPT, width=family.width,
                            height=family.height, fps=family.fps, num_frames=frames, seed=0)
    free(device)
    if cuda:
        torch.cuda.reset_peak_memory_stats()
    started = time.perf_counter()
    try:
        details = backend.render(request, folder / f"{request.shot_id}.mp4", folder / f"{request.shot_id}.png")
        if cuda:
            torch.cuda.synchronize()
        shot_s = time.perf_counter() - started
        peak = torch.cuda.max_memory_allocated() / 2**30 if cuda else None
    finally:
        clock.close()
        backend.close()
    used = level if details["memory"] == level else f"{level}->{details['memory']} (OOM)"
    return Run(family=family.name, memory=used, frames=details["model_frames"], size=details["render_size"],
               steps=steps, shot_s=shot_s, pipe_s=clock.span("text", "decode"),
               denoise_s=clock.span("denoise", "denoise"), peak_gib=peak, film_s=details["model_frames"] / family.fps)


def time_levels(family: Family, pipe: Any, levels: list[str], *, steps: int, frames: int, **where: Any) -> list[Run]:
    """A warm-up shot, then one timed shot per memory level; a failed level is printed, not timed."""
    pipe.set_progress_bar_config(disable=True)
    runs = []
    short = family.frame_step + 1  # warm-up: 2 steps, as LTX's scheduler (shift_terminal) cannot make 1
    shots = [("warm-up", levels[0], 2, short)] + [(level, level, steps, frames) for level in levels]
    with tempfile.TemporaryDirectory() as tmp:
        for label, level, count, length in shots:
            try:
                run = time_shot(family, pipe, level=level, steps=count, frames=length, folder=Path(tmp), **where)
            except (RenderError, RuntimeError, ValueError) as exc:  # a result too: the table says which and why
                print(f"{family.name:<10} {label:<16} failed: {traceback.format_exception_only(exc)[-1].strip()}")
                continue
            if label == "warm-up":
                print(f"# {family.name}: warm-up shot ({run.frames} frames, 2 steps) {run.shot_s:.2f}s", flush=True)
            else:
                runs.append(run)
                print(run.line(), flush=True)
    return runs


def frames_for(family: Family, choice: str) -> int:
    """The shot length: ``native`` (see the module docstring), ``max`` or a count the family renders in one clip.

    Raises:
        ValueError: for a count the family cannot render in one clip.
    """
    if choice == "max":
        return family.max_frames
    frames = NATIVE_FRAMES[family.name] if choice == "native" else int(choice)
    if frames < 1 or family.frame_count(frames) != frames:
        raise ValueError(f"--frames {frames} is not a length {family.name} renders in one clip; "
                         f"use {family.frame_count(max(frames, 1))}, native or max")
    return frames


def dry_run(names: list[str]) -> None:
    """Build every part on the meta device and print its parameter count next to the published one."""
    print(f"{'family':<10} {'part':<15} {'class':<31} {'params (B)':>10} {'published (B)':>13}  what")
    for name in names:
        total = 0
        for part, model in published.build(name, "meta").items():
            if not hasattr(model, "parameters"):
                continue
            count = published.count(model)
            total += count
            size, what = published.PUBLISHED.get((name, part), (None, ""))
            shown = f"{size:>13.3g}" if size is not None else f"{'-':>13}"
            print(f"{name:<10} {part:<15} {type(model).__name__:<31} {count / published.BILLION:>10.3f} {shown}  {what}")
        print(f"{name:<10} {'total':<15} {'':<31} {total / published.BILLION:>10.3f}")


def real_runs(names: list[str], args: argparse.Namespace) -> list[Run]:
    """Build each family at its published size on the GPU and time one shot per memory level."""
    import diffusers
    import torch

    runs: list[Run] = []
    for name in names:
        fam = importlib.import_module(f"render.diffusion.families.{name}").FAMILY
        started = time.perf_counter()
        pipe = getattr(diffusers, fam.t2v_pipeline)(**published.build(name, args.device, args.dtype, seed=0))
        print(f"# {name}: built {fam.t2v_pipeline} at published size in {time.perf_counter() - started:.1f}s, "
              f"{torch.cuda.memory_allocated() / 2**30:.1f} GiB on {args.device}", flush=True)
        runs += time_levels(fam, pipe, args.memory, steps=args.steps or fam.steps, frames=args.lengths[name],
                            device=args.device, dtype=args.dtype, model=f"random-weight {name}")
        del pipe
        free(args.device)
    return runs


def tiny_runs(names: list[str], args: argparse.Namespace) -> list[Run]:
    """The same timing path on CPU with the tiny test pipelines (saved, then loaded with ``from_pretrained``)."""
    import diffusers
    import torch

    levels = [level for level in args.memory if level in ("none", "vae")]  # offloading needs an accelerator
    if not levels:
        print(f"tiny mode: --memory {','.join(args.memory)} needs an accelerator; give none or vae")
    runs: list[Run] = []
    for name in names if levels else []:
        tiny = importlib.import_module(f"tests.support.tiny.{name}")
        with tempfile.TemporaryDirectory() as tmp:
            folder = tiny.build(Path(tmp) / "model", "t2v")
            pipe = getattr(diffusers, tiny.TINY.t2v_pipeline).from_pretrained(folder, dtype=torch.float32)
            runs += time_levels(tiny.TINY, pipe, levels, steps=args.steps or tiny.TINY.steps,
                                frames=tiny.TINY.max_frames, device="cpu", dtype="float32", model=str(folder))
    return runs


def compare(runs: list[Run], tiny: bool) -> None:
    """Print each family's published figure next to its fastest measured run."""
    print("\npublished vs measured (the fastest pipeline of the runs above):")
    for name in dict.fromkeys(run.family for run in runs):
        best = min((run for run in runs if run.family == name), key=lambda run: run.pipe_s)
        claim = published.CLAIMS[name]
        theirs = f" = {claim.gpu_s_per_film_s:.2f} GPU-s/film-s" if claim.gpu_s_per_film_s is not None else ""
        peak = f", peak {best.peak_gib:.1f} GiB" if best.peak_gib is not None else ""
        print(f"  {name:<10} published {claim.text}{theirs}")
        print(f"  {'':<10} measured{' (tiny CPU model: not comparable)' if tiny else ''}: {best.pipe_s:.2f} s "
              f"pipeline ({best.shot_s:.2f} s shot) for {best.frames} frames at {best.size}, {best.steps} steps, "
              f"memory {best.memory}{peak} = {best.pipe_s / best.film_s:.2f} GPU-s/film-s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", default=",".join(published.FAMILIES))
    parser.add_argument("--memory", default="none,vae,offload", help=f"levels among {','.join(LEVELS)}")
    parser.add_argument("--steps", type=int, default=None, help="denoising steps (default: the family's)")
    parser.add_argument("--frames", default="native", help="native, max, or a frame count")
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--dtype", default="bfloat16", choices=("bfloat16", "float16"))
    parser.add_argument("--dry-run", action="store_true", help="parameter counts only, on the meta device")
    parser.add_argument("--tiny", action="store_true", help="the timing path on CPU with the tiny test pipelines")
    args = parser.parse_args()
    names = [name for name in args.families.split(",") if name]
    args.memory = [level for level in args.memory.split(",") if level]
    if unknown := [name for name in names if name not in published.FAMILIES]:
        parser.error(f"--families: unknown {', '.join(unknown)}; families: {', '.join(published.FAMILIES)}")
    if not args.memory or (unknown := [level for level in args.memory if level not in LEVELS]):
        parser.error(f"--memory: give levels among {', '.join(LEVELS)}, got {','.join(args.memory) or 'none'}")
    try:
        args.lengths = {n: frames_for(importlib.import_module(f"render.diffusion.families.{n}").FAMILY, args.frames)
                        for n in names}
    except ValueError as exc:
        parser.error(str(exc))
    if args.dry_run:
        dry_run(names)
        return

    import diffusers
    import torch
    import transformers

    diffusers.utils.logging.disable_progress_bar()
    transformers.utils.logging.disable_progress_bar()
    cuda = torch.cuda.is_available()
    gpu = (f"{torch.cuda.get_device_name()} ({torch.cuda.get_device_properties(0).total_memory / 2**30:.0f} GiB)"
           if cuda else "none")
    print(f"torch {torch.__version__}, diffusers {diffusers.__version__}; GPU: {gpu}")
    if args.tiny:
        print("tiny mode: the tiny random test pipelines on CPU (memory none/vae only), to exercise the timing path")
    elif not cuda or not args.device.startswith("cuda"):
        print(NO_CUDA)
        sys.exit(1)
    print(HEADER)
    runs = (tiny_runs if args.tiny else real_runs)(names, args)
    if runs:
        compare(runs, args.tiny)


if __name__ == "__main__":
    main()
