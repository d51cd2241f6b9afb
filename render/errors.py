"""Errors raised by renderers. Messages say what went wrong and how to fix it."""


class RenderError(Exception):
    """A shot could not be rendered."""


class UnknownBackendError(RenderError, ValueError):
    """The requested backend name is not registered."""

    def __init__(self, name: str, available: list[str]):
        self.name = name
        self.available = available
        super().__init__(
            f"unknown render backend {name!r}; available backends: {', '.join(available)}"
        )


class OutOfMemoryRenderError(RenderError):
    """A shot ran out of device memory at every memory-saving level."""
