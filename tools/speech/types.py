"""What the speech tool speaks (`SpeechLine`), what it gives back (`SpokenLine`), and what an engine is."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict


class SpeechLine(BaseModel):
    """One line of dialogue to speak.

    Attributes:
        key: A stable id for the line (a shot id); the spoken file is ``<key>.wav``.
        text: The words, as the character says them.
        speaker: The character who says them (for messages and casting).
        language: The language of the words, a BCP 47 code (``en``, ``en-US``, ``zh``, ``zh-CN``, ``yue``).
        voice: The engine's voice for the speaker (from `cast_voices`, or chosen by hand).
    """

    model_config = ConfigDict(extra="forbid")

    key: str
    text: str
    speaker: str
    language: str
    voice: str


class SpokenLine(BaseModel):
    """A line once spoken.

    Attributes:
        key: The line's key.
        path: The WAV file holding its speech.
        duration: Exact length of the speech in seconds, from the WAV's sample count.
        engine: Name of the engine that spoke it (``openai``, ``espeak``).
        voice: The voice it was spoken in.
    """

    model_config = ConfigDict(extra="forbid")

    key: str
    path: Path
    duration: float
    engine: str
    voice: str


@runtime_checkable
class SpeechEngine(Protocol):
    """A text-to-speech engine.

    Attributes:
        name: The engine's short name (``openai``, ``espeak``), as `make_engine` takes it.
    """

    name: str

    def identity(self) -> str:
        """Everything that changes the sound for the same text and voice (engine, model, server, rate).

        Spoken audio is cached under this identity, so two engines with the same identity must sound the same.
        """
        ...

    def voices(self, language: str) -> list[str]:
        """The voices that can speak ``language``, in the engine's preferred order.

        Raises:
            SpeechError: The engine cannot speak ``language``.
        """
        ...

    def synthesize(self, text: str, voice: str, language: str, out_path: Path) -> None:
        """Speak ``text`` in ``voice`` and write it to ``out_path`` as a WAV file.

        Raises:
            SpeechError: The engine failed or its answer was not audio.
        """
        ...
