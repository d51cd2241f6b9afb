"""Choose a speech engine by name: ``openai``, ``espeak`` or ``none``."""

from __future__ import annotations

from typing import Any

from tools.errors import SpeechError
from tools.speech.types import SpeechEngine

ENGINES = ("openai", "espeak", "none")
"""The engine names `make_engine` takes."""


def make_engine(name: str, *, client: Any = None, model: str | None = None) -> SpeechEngine | None:
    """The speech engine called ``name``.

    Args:
        name: ``openai`` (``audio.speech`` of an OpenAI-compatible server), ``espeak`` (espeak-ng,
            offline) or ``none`` (a silent film: no engine).
        client: An ``openai.OpenAI`` client; needed by ``openai``.
        model: The ``openai`` speech model; None for ``gpt-4o-mini-tts``. Ignored by ``espeak``.

    Returns:
        The engine, or None for ``none``.

    Raises:
        SpeechError: The name is unknown, ``openai`` has no client, or espeak-ng cannot be loaded.
    """
    if name == "none":
        return None
    if name == "espeak":
        from tools.speech.espeak import EspeakEngine

        return EspeakEngine()
    if name == "openai":
        if client is None:
            raise SpeechError(
                "the openai speech engine needs an OpenAI client; configure the OpenAI-compatible server "
                "(OPENAI_BASE_URL, OPENAI_API_KEY) or choose the espeak engine"
            )
        from tools.speech.openai_tts import OpenAISpeechEngine

        return OpenAISpeechEngine(client, model)
    raise SpeechError(f"unknown speech engine {name!r}; choose one of {', '.join(ENGINES)}")
