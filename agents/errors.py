"""Errors of the crew. Messages say what went wrong and how to fix it; only the CLI and HTTP layer map
them to exit or status codes."""


class AgentError(Exception):
    """Base class of the crew's errors."""


class LLMError(AgentError):
    """The language model could not give a usable answer (unreachable, refused, invalid twice...)."""
