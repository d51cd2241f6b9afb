"""Shot renderers: one registry of backends that turn a `RenderRequest` into a clip and a keyframe.

This package imports nothing else of filmcrew's. Callers choose everything (size, fps, seed,
device, fonts) and pass it in explicitly; nothing here reads settings or the environment.
"""

from render.errors import OutOfMemoryRenderError, RenderError, UnknownBackendError
from render.registry import BackendInfo, available_backends, create_backend, register_backend
from render.types import Reference, RenderBackend, RenderRequest, RenderResult

__all__ = [
    "BackendInfo",
    "OutOfMemoryRenderError",
    "Reference",
    "RenderBackend",
    "RenderError",
    "RenderRequest",
    "RenderResult",
    "UnknownBackendError",
    "available_backends",
    "create_backend",
    "register_backend",
]
