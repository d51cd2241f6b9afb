"""Backends for tests of the machinery around rendering (worker pools, fallbacks), built from real ones.

They are module-level so spawned worker processes can import them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from render import RenderRequest


def tiny_wan(device: str = "cpu", *, model: str, i2v_model: str | None = None, **options: Any):
    """The real diffusers backend on the tiny Wan family, loading the saved tiny folders."""
    from render.diffusion.backend import DiffusersBackend
    from tests.support.tiny.wan import TINY

    return DiffusersBackend(TINY, model=model, i2v_model=i2v_model, device=device, steps=2, **options)


class CrashOnce:
    """The tiny Wan backend, except that the process dies (as on a driver fault) the first time it
    is asked for shot ``crash_shot``; a marker file makes the crash happen only once."""

    def __init__(self, device: str, marker: str, crash_shot: str, **options: Any):
        self.inner = tiny_wan(device, **options)
        self.name, self.label = self.inner.name, self.inner.label
        self.marker, self.crash_shot = Path(marker), crash_shot

    def identity(self) -> dict[str, Any]:
        return self.inner.identity()

    def render(self, request: RenderRequest, clip_path: Path, keyframe_path: Path):
        if request.shot_id == self.crash_shot and not self.marker.exists():
            self.marker.write_text("crashed")
            os._exit(3)
        return self.inner.render(request, clip_path, keyframe_path)

    def close(self) -> None:
        self.inner.close()


def crash_once(device: str = "cpu", **options: Any) -> CrashOnce:
    """Build a `CrashOnce` (a picklable factory for `WorkerPool`)."""
    return CrashOnce(device, **options)


class OutOfMemoryOn:
    """A real backend, except that the shots named in ``shot_ids`` run out of memory at every level
    (what a shot too large for the GPU does), so the fallback path can be tested on a CPU."""

    def __init__(self, inner: Any, shot_ids: set[str]):
        self.inner, self.shot_ids = inner, shot_ids
        self.name, self.label = inner.name, inner.label

    def identity(self) -> dict[str, Any]:
        return self.inner.identity()

    def render(self, request: RenderRequest, clip_path: Path, keyframe_path: Path):
        from render import OutOfMemoryRenderError

        if request.shot_id in self.shot_ids:
            raise OutOfMemoryRenderError(f"shot {request.shot_id} ran out of memory on cuda at every memory level")
        return self.inner.render(request, clip_path, keyframe_path)

    def render_still(self, request: RenderRequest, image_path: Path) -> None:
        self.inner.render_still(request, image_path)

    def close(self) -> None:
        self.inner.close()
