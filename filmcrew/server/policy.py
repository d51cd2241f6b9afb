"""The job runner's rules: the per-team limits, its errors, and how a request becomes a brief."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Any

from filmcrew.errors import UsageError
from filmcrew.server.models import FilmRequest


class LimitError(Exception):
    """A team is over one of its limits (HTTP 429)."""


class NotFound(Exception):
    """No such job for this team (HTTP 404, also for another team's jobs)."""


class Busy(Exception):
    """The job is doing something already (HTTP 409)."""


class Cancelled(Exception):
    """Raised inside a running job when it is cancelled."""


@dataclass(frozen=True)
class Limits:
    """Per-team limits.

    Attributes:
        running: Jobs a team may have running at once.
        queued: Jobs a team may have waiting for a worker.
        max_duration: Longest film a team may ask for, in seconds.
        max_body: Largest request body, in bytes.
    """

    running: int = 2
    queued: int = 10
    max_duration: float = 600.0
    max_body: int = 64 * 1024


def brief_of(request: FilmRequest):
    """The `Brief` of a film request, checked like the CLI's options.

    Raises:
        UsageError: a field does not fit the others (a resolution that is not the aspect...).
    """
    from filmcrew.cli import brief_from_args

    args = argparse.Namespace(idea=request.idea, duration=request.duration, aspect=request.aspect,
                              resolution=request.resolution, fps=request.fps, lang=request.language,
                              seed=request.seed, style=request.style)
    try:
        return brief_from_args(args)
    except UsageError as exc:
        raise UsageError(str(exc).replace("--resolution", "resolution").replace("--", "")) from None


def _jsonable(value: Any) -> bool:
    return isinstance(value, str | int | float | bool | type(None) | list | dict)
