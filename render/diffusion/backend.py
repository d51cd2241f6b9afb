"""The diffusers backend: renders shots with a family's real text-to-video and image-to-video pipelines.

Pipelines are loaded on first use and stay loaded for every later shot of the run. A shot without
references goes through the text-to-video pipeline; a shot with references starts from a keyframe
made from them (`render.diffusion.keyframes`) and goes through the image-to-video pipeline. A shot
longer than the model's longest clip is rendered in segments, each starting from the last frame of
the one before. A shot that runs out of device memory is retried at the same seed one memory level
up (`render.diffusion.memory`); past the last level it raises `OutOfMemoryRenderError`.
"""

from __future__ import annotations

import threading
from importlib import metadata
from pathlib import Path
from typing import Any

from render.diffusion import memory as mem
from render.diffusion.family import Family
from render.diffusion.frames import ShotPlan, plan_shot, shot_frames, to_uint8
from render.errors import OutOfMemoryRenderError, RenderError
from render.types import RenderRequest

VERSION = 1  # bump when this module's rendering changes pixels: cached shots are re-rendered
DTYPES = ("bfloat16", "float16", "float32")
CRF = 16
PRESET = "medium"


class DiffusersBackend:
    """Renders shots with one model family through diffusers.

    Args:
        family: The model family (pipeline classes and constraints).
        model: Hub id or local folder of the text-to-video checkpoint (default: the family's).
        i2v_model: Hub id or local folder of the image-to-video checkpoint (default: the family's;
            None for a family whose text-to-video checkpoint also drives image-to-video).
        revision: Hub revision (branch, tag or commit) of the checkpoints.
        device: ``cuda``, ``cuda:N`` or ``cpu``.
        dtype: ``bfloat16``, ``float16`` or ``float32`` (default: bfloat16 on a GPU, float32 on CPU).
        steps: Denoising steps (default: the family's).
        guidance: Guidance scale (default: the family's).
        memory: First memory level to use: ``none``, ``vae``, ``offload`` or ``group``.
        keyframe_strength: How far a keyframe may move from its references' collage, in (0, 1].
        local_files_only: Never download; load only what is on this machine.
        pipelines: Already-loaded pipelines (``{"t2v": ..., "i2v": ...}``), used instead of loading.
    """

    def __init__(self, family: Family, *, model: str | None = None, i2v_model: str | None = None,
                 revision: str | None = None, device: str = "cpu", dtype: str | None = None,
                 steps: int | None = None, guidance: float | None = None, memory: str = "none",
                 keyframe_strength: float = 0.7, local_files_only: bool = False,
                 pipelines: dict[str, Any] | None = None):
        dtype = dtype or ("float32" if device.startswith("cpu") else "bfloat16")
        if dtype not in DTYPES:
            raise ValueError(f"dtype must be one of {', '.join(DTYPES)}, got {dtype!r}")
        if not (device == "cpu" or device == "cuda" or device.startswith(("cuda:", "mps", "xpu"))):
            raise ValueError(f"device must be cuda, cuda:N or cpu, got {device!r}")
        if steps is not None and steps < 1:
            raise ValueError(f"steps must be at least 1, got {steps}")
        if not 0.0 < keyframe_strength <= 1.0:
            raise ValueError(f"keyframe_strength must be in (0, 1], got {keyframe_strength}")
        self.family = family
        self.name = family.name
        self.model = model or family.t2v_model
        self.i2v_model = i2v_model or family.i2v_model
        self.revision = revision
        self.device = device
        self.dtype = dtype
        self.steps = steps or family.steps
        self.guidance = family.guidance if guidance is None else guidance
        self.keyframe_strength = keyframe_strength
        self.local_files_only = local_files_only
        self._ladder = mem.ladder(memory, device)
        self.memory = self._ladder[0]
        self._pipes: dict[str, Any] = dict(pipelines or {})
        self._placed: dict[str, str] = {}
        self._lock = threading.Lock()  # one pipeline call at a time: callers may render from threads
        self.label = f"{family.title} · {self.model} ({device}, {dtype})"

    def identity(self) -> dict[str, Any]:
        """What changes this backend's pixels: family, checkpoints, dtype, steps, guidance, versions."""
        return {"renderer": "diffusers", "version": VERSION, "family": self.family.name, "model": self.model,
                "i2v_model": self.i2v_model, "revision": self.revision, "dtype": self.dtype,
                "steps": self.steps, "guidance": self.guidance, "keyframe_strength": self.keyframe_strength,
                "diffusers": _version("diffusers")}

    def render(self, request: RenderRequest, clip_path: Path, keyframe_path: Path) -> dict[str, Any]:
        """Render the shot: an H.264 clip of exactly ``request.num_frames`` frames and its middle frame.

        Returns:
            Details for the manifest: render size, segments, memory level, references used.

        Raises:
            ValueError: for an odd frame size.
            OutOfMemoryRenderError: when the shot runs out of memory at every memory level.
            RenderError: when a checkpoint can't be loaded or the pipeline fails.
        """
        from render.video import save_png, write_clip

        for name, value in (("width", request.width), ("height", request.height)):
            if value % 2:
                raise ValueError(f"{name} must be even for H.264, got {value}; pick an even frame size")
        plan = plan_shot(self.family, request)
        with self._lock:
            frames, notes = self._with_memory_ladder(request, lambda: self._frames(request, plan))
        middle = request.num_frames // 2
        kept: list[Any] = []

        def frames_out():
            for index, frame in enumerate(shot_frames(frames, plan.fps, request)):
                if index == middle:
                    kept.append(frame)
                yield frame

        write_clip(frames_out(), Path(clip_path), width=request.width, height=request.height, fps=request.fps,
                   crf=CRF, preset=PRESET)
        save_png(kept[0], Path(keyframe_path))
        return {"render_size": f"{plan.width}x{plan.height}", "segments": list(plan.segments),
                "model_frames": plan.frames, "model_fps": plan.fps, "memory": self.memory,
                "references": [ref.name for ref in request.references], "notes": notes}

    def render_still(self, request: RenderRequest, image_path: Path) -> None:
        """Render one picture of ``request.prompt`` (the text-to-video pipeline, one frame) as a PNG.

        Raises:
            OutOfMemoryRenderError: when it runs out of memory at every memory level.
            RenderError: when a checkpoint can't be loaded or the pipeline fails.
        """
        import numpy as np
        from PIL import Image

        from render.diffusion.frames import fit
        from render.video import save_png

        width, height = self.family.render_size(request.width, request.height)
        with self._lock:
            frames, _ = self._with_memory_ladder(
                request, lambda: self._call("t2v", request, width, height, 1, self._generator(request.seed)))
        image = fit(Image.fromarray(to_uint8(frames[0])), request.width, request.height)
        save_png(np.asarray(image), Path(image_path))

    def close(self) -> None:
        """Unload the pipelines and give their memory back."""
        self._pipes.clear()
        self._placed.clear()
        mem.free(self.device)

    # -- steps -------------------------------------------------------------------------------------

    def _frames(self, request: RenderRequest, plan: ShotPlan) -> list[Any]:
        generator = self._generator(request.seed)
        start = self._keyframe(request, plan, generator) if request.references else None
        frames: list[Any] = []
        for index, count in enumerate(plan.segments):
            if start is None:
                segment = self._call("t2v", request, plan.width, plan.height, count, generator)
            else:
                segment = self._call("i2v", request, plan.width, plan.height, count, generator, image=start)
            frames.extend(segment if index == 0 else segment[1:])
            start = _picture(segment[-1])
        return frames

    def _keyframe(self, request: RenderRequest, plan: ShotPlan, generator: Any) -> Any:
        """The shot's first frame: its references' collage, redrawn by the text-to-video pipeline."""
        import torch

        from render.diffusion.keyframes import collage, start_at

        layout = collage(request.references, request.size, plan.width, plan.height)
        pipe = self._pipe("t2v")
        latents = self.family.still_latents(pipe, layout, generator)
        noise = torch.randn(latents.shape, generator=generator, dtype=torch.float32).to(latents.device, latents.dtype)
        with start_at(pipe.scheduler, self.keyframe_strength, latents, noise):
            frames = self._call("t2v", request, plan.width, plan.height, 1, generator, latents=latents)
        return _picture(frames[0])

    def _call(self, kind: str, request: RenderRequest, width: int, height: int, num_frames: int,
              generator: Any, **extra: Any) -> Any:
        pipe = self._pipe(kind)
        kwargs = {
            "prompt": request.prompt, "negative_prompt": request.negative_prompt or self.family.negative_prompt,
            "height": height, "width": width, "num_frames": num_frames,
            "num_inference_steps": request.num_inference_steps or self.steps,
            "guidance_scale": self.guidance if request.guidance_scale is None else request.guidance_scale,
            "generator": generator, "output_type": "np", **extra,
        }
        output = pipe(**self.family.call_kwargs(kwargs, image="image" in extra))
        frames = output.frames[0]
        if len(frames) < 1:
            raise RenderError(f"{self.name}: the pipeline returned no frames for shot {request.shot_id}")
        return frames

    def _with_memory_ladder(self, request: RenderRequest, work: Any) -> tuple[Any, list[str]]:
        notes: list[str] = []
        while True:
            try:
                return work(), notes
            except Exception as exc:
                if not mem.is_out_of_memory(exc):
                    raise
                mem.free(self.device)
                levels = self._ladder[self._ladder.index(self.memory) + 1:]
                if not levels:
                    raise OutOfMemoryRenderError(
                        f"shot {request.shot_id} ran out of memory on {self.device} at every memory level "
                        f"({', '.join(self._ladder)}); use a smaller --resolution or another GPU") from exc
                notes.append(f"out of memory at memory level {self.memory!r}; retried at {levels[0]!r}")
                self.memory = levels[0]

    def _pipe(self, kind: str) -> Any:
        pipe = self._pipes.get(kind)
        if pipe is None:
            pipe = self._pipes[kind] = self._load(kind)
        if self._placed.get(kind) != self.memory:
            mem.apply(pipe, self.memory, self.device)
            self._placed[kind] = self.memory
        return pipe

    def _load(self, kind: str) -> Any:
        import diffusers
        import torch

        name = self.family.t2v_pipeline if kind == "t2v" else self.family.i2v_pipeline
        cls = getattr(diffusers, name)
        if kind == "i2v" and self.i2v_model is None:  # shares the loaded parts, keeping their dtype
            return cls.from_pipe(self._pipe("t2v"), dtype=getattr(torch, self.dtype))
        source = self.model if kind == "t2v" else self.i2v_model
        try:
            return cls.from_pretrained(source, revision=self.revision, dtype=getattr(torch, self.dtype),
                                       local_files_only=self.local_files_only)
        except (OSError, ValueError) as exc:
            where = "folder" if Path(str(source)).exists() else "model"
            raise RenderError(
                f"{self.name}: could not load {name} from {where} {source!r} ({_first_line(exc)}); download it "
                f"first (`hf download {source}`) or point the backend at a local folder") from exc

    def _generator(self, seed: int) -> Any:
        import torch

        return torch.Generator("cpu").manual_seed(seed)


def _picture(frame: Any) -> Any:
    from PIL import Image

    return Image.fromarray(to_uint8(frame))


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__
