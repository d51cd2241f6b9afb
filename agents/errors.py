"""Errors of the crew. Messages say what went wrong and how to fix it; only the CLI and HTTP layer map
them to exit or status codes."""

from __future__ import annotations

from agents.planner import Usage


class AgentError(Exception):
    """Base class of the crew's errors."""


class LLMError(AgentError):
    """The language model could not give a usable answer (unreachable, refused, invalid twice...).

    Args:
        message: What went wrong, naming the stage and the model, and how to fix it.
        usage: Calls and tokens the failed attempts spent (they are billed all the same).
        stage: ``writer``, ``director`` or ``editor``, when known.
        model: The model that was asked, when known.
    """

    def __init__(
        self, message: str, *, usage: Usage | None = None, stage: str | None = None, model: str | None = None
    ) -> None:
        super().__init__(message)
        self.usage = usage or Usage()
        self.stage = stage
        self.model = model


class RevisionError(AgentError):
    """A revision typed after a cut cannot be understood or applied (unknown command, bad value, no such
    shot or scene). The message is one line saying what was wrong and how to put it right."""
