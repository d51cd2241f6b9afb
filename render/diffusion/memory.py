"""Memory-saving settings for a loaded pipeline, from none to the most frugal, and out-of-memory checks.

The levels form a ladder: a shot that runs out of GPU memory is retried one level up, at the same seed.

| level | what it does |
|---|---|
| ``none`` | the whole pipeline on the device |
| ``vae`` | plus VAE tiling and slicing (decodes big frames in tiles) |
| ``offload`` | plus model CPU offload: one model on the GPU at a time |
| ``group`` | plus group offload: the models' leaf layers stream to the GPU as they run |

The offload levels need an accelerator; on the CPU the ladder stops at ``vae``.
"""

from __future__ import annotations

from typing import Any

LEVELS = ("none", "vae", "offload", "group")


def ladder(start: str, device: str) -> list[str]:
    """The levels to try, from ``start`` up, that make sense on ``device``.

    Raises:
        ValueError: for an unknown level.
    """
    if start not in LEVELS:
        raise ValueError(f"memory must be one of {', '.join(LEVELS)}, got {start!r}")
    usable = LEVELS if not device.startswith("cpu") else LEVELS[:2]
    return [level for level in usable[LEVELS.index(start):]] or [start]


def apply(pipe: Any, level: str, device: str) -> None:
    """Place ``pipe`` on ``device`` with the memory level's settings (undoing any earlier offload)."""
    import torch

    if hasattr(pipe, "remove_all_hooks"):
        pipe.remove_all_hooks()
    if level in ("none", "vae"):
        pipe.to(device)
    elif level == "offload":
        pipe.to("cpu")
        pipe.enable_model_cpu_offload(device=torch.device(device))
    else:
        pipe.to("cpu")
        pipe.enable_group_offload(onload_device=torch.device(device), offload_device=torch.device("cpu"),
                                  offload_type="leaf_level", use_stream=True)
    vae = getattr(pipe, "vae", None)
    if vae is not None:
        tiling = level != "none"
        for name in ("tiling", "slicing"):
            method = getattr(vae, f"{'enable' if tiling else 'disable'}_{name}", None)
            if method is not None:
                method()


def is_out_of_memory(exc: BaseException) -> bool:
    """True for a device out-of-memory error (CUDA's, or a backend's that says so)."""
    import torch

    if isinstance(exc, torch.OutOfMemoryError):
        return True
    return isinstance(exc, RuntimeError) and "out of memory" in str(exc).lower()


def free(device: str) -> None:
    """Give cached device memory back after a failure."""
    import gc

    import torch

    gc.collect()
    if device.startswith("cuda") and torch.cuda.is_available():
        torch.cuda.empty_cache()
