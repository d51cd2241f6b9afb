"""A plugin-style registry of render backends, looked up by name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from render.errors import UnknownBackendError
from render.types import RenderBackend


@dataclass(frozen=True)
class BackendInfo:
    """A registered backend.

    Attributes:
        name: The name users pass to ``--backend``.
        summary: One line saying what it draws.
        factory: Builds the backend from keyword options.
        needs: What it needs to run (packages, devices, weights), in words.
        check: Called with the backend's options (e.g. ``model``); returns what is missing here
            for them, empty when it can run.
    """

    name: str
    summary: str
    factory: Callable[..., RenderBackend]
    needs: str = ""
    check: Callable[..., list[str]] = field(default=lambda **_: [])


_REGISTRY: dict[str, BackendInfo] = {}


def register_backend(info: BackendInfo) -> None:
    """Add a backend to the registry (a later registration of the same name replaces it)."""
    _REGISTRY[info.name] = info


def available_backends() -> list[BackendInfo]:
    """All registered backends, sorted by name."""
    _load_builtin()
    return [_REGISTRY[k] for k in sorted(_REGISTRY)]


def create_backend(name: str, **options: Any) -> RenderBackend:
    """Build the backend called ``name`` with ``options``.

    Raises:
        UnknownBackendError: when no backend has that name; the message lists those that do.
    """
    _load_builtin()
    info = _REGISTRY.get(name)
    if info is None:
        raise UnknownBackendError(name, sorted(_REGISTRY))
    return info.factory(**options)


def _load_builtin() -> None:
    if "animatic" not in _REGISTRY:
        import render.animatic
    if "wan" not in _REGISTRY:
        import render.diffusion  # noqa: F401  (registers the diffusers families)
