"""Diffusers video backends, one per model family: ``wan``, ``ltx``, ``cogvideox``, ``hunyuan``.

Importing this package registers them; torch and diffusers are imported only when a backend loads
its pipelines, so listing backends stays instant.
"""

from __future__ import annotations

import importlib
import importlib.util
from functools import partial
from pathlib import Path
from typing import Any

from render.diffusion.family import Family
from render.registry import BackendInfo, register_backend

FAMILIES = ("wan", "ltx", "cogvideox", "hunyuan")


def family(name: str) -> Family:
    """The `Family` called ``name``.

    Raises:
        ValueError: for a name that is not one of `FAMILIES`.
    """
    if name not in FAMILIES:
        raise ValueError(f"unknown model family {name!r}; families: {', '.join(FAMILIES)}")
    return importlib.import_module(f"render.diffusion.families.{name}").FAMILY


def create(name: str, **options: Any) -> Any:
    """Build the diffusers backend of family ``name`` (pipelines load on the first shot)."""
    from render.diffusion.backend import DiffusersBackend

    return DiffusersBackend(family(name), **options)


def missing(name: str, model: str | None = None, i2v_model: str | None = None, **_: Any) -> list[str]:
    """What the ``name`` backend lacks on this machine: packages, a GPU, its checkpoints."""
    fam = family(name)
    gaps = [f"python package {pkg} (pip install 'filmcrew[gpu]')"
            for pkg in ("torch", "diffusers", "transformers", "accelerate") if importlib.util.find_spec(pkg) is None]
    if importlib.util.find_spec("torch") is not None:
        import torch

        if not torch.cuda.is_available():
            gaps.append("a CUDA GPU (none found; on the CPU only tiny test models are practical)")
    for label, source in (("model", model or fam.t2v_model), ("i2v model", i2v_model or fam.i2v_model)):
        if source is not None and not _present(source):
            gaps.append(f"{label} {source} (not on this machine: `hf download {source}` or a local folder)")
    return gaps


def _present(source: str) -> bool:
    folder = Path(source).expanduser()
    if folder.exists():
        return (folder / "model_index.json").is_file()
    if importlib.util.find_spec("huggingface_hub") is None:
        return False
    from huggingface_hub import try_to_load_from_cache

    try:
        found = try_to_load_from_cache(source, "model_index.json")
    except ValueError:  # not a valid repo id
        return False
    return isinstance(found, str)


def _register() -> None:
    for name in FAMILIES:
        fam = family(name)
        i2v = fam.i2v_model or fam.t2v_model
        register_backend(BackendInfo(
            name=name,
            summary=f"{fam.title} through diffusers ({fam.t2v_pipeline} / {fam.i2v_pipeline}), "
                    f"{fam.width}x{fam.height} at {fam.fps} fps, up to {fam.max_frames} frames a segment",
            factory=partial(create, name),
            needs=f"torch, diffusers, a CUDA GPU, {fam.t2v_model}" + ("" if i2v == fam.t2v_model else f" and {i2v}"),
            check=partial(missing, name),
        ))


_register()
