"""What the exporters read: the edit, the clips and sounds it uses, and the script as a screenplay.

These are tools-level types: the agents translate their script and shot list into them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tools.timeline import EditDecisionList


class AudioPlacement(BaseModel):
    """A sound file placed on the film's timeline.

    Attributes:
        name: What editors see on the clip (``"s03 Lin"``, the music's title).
        path: The sound file.
        start: Film time it starts, seconds.
        duration: Seconds it plays from its own start. Music longer than its file loops the file.
        kind: ``dialogue`` (a spoken line) or ``music`` (the bed under the film).
    """

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    path: Path
    start: float = Field(ge=0.0)
    duration: float = Field(gt=0.0)
    kind: Literal["dialogue", "music"]


class ScreenplayElement(BaseModel):
    """One paragraph of a scene.

    Attributes:
        kind: ``action`` (what we see) or ``dialogue`` (a character's line).
        text: The paragraph's words.
        character: Who speaks (dialogue only).
        parenthetical: How it is said, with or without its brackets (dialogue only).
    """

    model_config = ConfigDict(extra="forbid")

    kind: Literal["action", "dialogue"]
    text: str = Field(min_length=1)
    character: str | None = None
    parenthetical: str | None = None

    @model_validator(mode="after")
    def _dialogue_has_a_speaker(self) -> ScreenplayElement:
        if self.kind == "dialogue" and not (self.character and self.character.strip()):
            raise ValueError("a dialogue element needs the character who speaks it")
        return self


class ScreenplayScene(BaseModel):
    """A scene: its slug line and its paragraphs.

    Attributes:
        heading: The slug line, e.g. ``"EXT. PIER - NIGHT"`` or ``"内景 茶馆 - 日"``.
        elements: Action and dialogue, in order.
    """

    model_config = ConfigDict(extra="forbid")

    heading: str = Field(min_length=1)
    elements: list[ScreenplayElement] = Field(default_factory=list)


class Screenplay(BaseModel):
    """The film's script, as written to ``script.fountain``.

    Attributes:
        title: The film's title.
        credit: The title page's credit line (``"Written by"``).
        author: Who wrote it.
        logline: One-sentence pitch, written as the title page's notes.
        language: The script's language code (``"en"``, ``"zh"``).
        scenes: Scenes in order.
    """

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1)
    credit: str | None = None
    author: str | None = None
    logline: str | None = None
    language: str = "en"
    scenes: list[ScreenplayScene] = Field(default_factory=list)


class ExportInputs(BaseModel):
    """Everything the timeline exporters need, in film terms.

    Attributes:
        edl: The edit decisions the film was cut from.
        clips: Rendered clip of every shot id the EDL uses.
        clip_seconds: Real length of every clip in seconds, by shot id.
        fps: Film frame rate; every export counts frames at this rate.
        width: Film width in pixels.
        height: Film height in pixels.
        title: The film's title (timeline and draft names).
        dialogue: Spoken lines on the film's timeline.
        music: The music bed, or None.
        film: The finished ``film.mp4``, when there is one (recorded in the OTIO metadata).
    """

    model_config = ConfigDict(extra="forbid")

    edl: EditDecisionList
    clips: dict[str, Path]
    clip_seconds: dict[str, float]
    fps: int = Field(gt=0, le=120)
    width: int = Field(gt=0)
    height: int = Field(gt=0)
    title: str = Field(min_length=1)
    dialogue: list[AudioPlacement] = Field(default_factory=list)
    music: AudioPlacement | None = None
    film: Path | None = None
