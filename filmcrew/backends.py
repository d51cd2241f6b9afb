"""Setting up the render backend from the settings: which backend, on which devices, with what fallback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from filmcrew.errors import UsageError
from filmcrew.settings import Settings
from render import RenderBackend, UnknownBackendError, create_backend


def build_backend(settings: Settings, font_path: str | None) -> RenderBackend:
    """The render backend named in the settings: the animatic, a diffusers family on one device, or
    one worker per GPU with ``gpus``. Diffusers pipelines load on the first shot.

    Raises:
        UsageError: naming the option at fault: an unknown ``--backend``, a ``--device`` or ``--gpus``
            this machine lacks, ``--gpus`` with the animatic.
    """
    from render.diffusion import FAMILIES

    if settings.backend not in FAMILIES:  # the animatic, or a plugin that configures itself
        if settings.gpus:
            raise UsageError(f"--gpus: the {settings.backend} backend has no GPU workers; --gpus needs a "
                             f"diffusers backend ({', '.join(FAMILIES)})")
        return _create(settings.backend, **({"font_path": font_path} if settings.backend == "animatic" else {}))
    options = settings.render_options()
    for option, source in (("--render-model", settings.render_model), ("--i2v-model", settings.i2v_model)):
        if source and source.startswith((".", "/", "~")) and not (Path(source).expanduser() / "model_index.json").is_file():
            raise UsageError(f"{option}: no diffusers pipeline folder at {source} (it has no model_index.json); "
                             "give a folder saved with save_pretrained, or a hub id")
    if settings.gpus:
        from functools import partial

        from render.pool import WorkerPool

        count = _cuda_devices()
        absent = [i for i in settings.gpus if i >= count]
        if absent:
            raise UsageError(f"--gpus: no GPU {absent[0]} here (this machine has {count} CUDA device(s))")
        try:
            return WorkerPool(partial(create_backend, settings.backend, **options),
                              [f"cuda:{i}" for i in settings.gpus])
        except ValueError as exc:
            raise UsageError(f"--backend {settings.backend}: {exc}") from None
    return _create(settings.backend, device=resolve_device(settings.device), **options)


def resolve_device(device: str) -> str:
    """``auto`` as ``cuda`` when a CUDA device is present, else ``cpu``; others as given.

    Raises:
        UsageError: naming ``--device`` when it asks for a CUDA device this machine lacks.
    """
    count = _cuda_devices()
    if device == "auto":
        return "cuda" if count else "cpu"
    if device.startswith("cuda"):
        index = int(device.partition(":")[2] or 0)
        if index >= count:
            raise UsageError(f"--device: {device} is not available (this machine has {count} CUDA device(s)); "
                             "use --device cpu or another index")
    return device


def _create(name: str, **options: Any) -> RenderBackend:
    try:
        return create_backend(name, **options)
    except UnknownBackendError as exc:
        raise UsageError(f"--backend: {exc}") from None
    except ValueError as exc:
        raise UsageError(f"--backend {name}: {exc}") from None


def _cuda_devices() -> int:
    import importlib.util

    if importlib.util.find_spec("torch") is None:
        return 0
    import torch

    return torch.cuda.device_count() if torch.cuda.is_available() else 0


def fallback_backend(backend: RenderBackend, font: str | None) -> RenderBackend | None:
    """The animatic, for shots a GPU backend runs out of memory on (None when the backend is it)."""
    return None if backend.name == "animatic" else create_backend("animatic", font_path=font)
