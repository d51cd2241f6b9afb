"""What the crew writes: the brief it is given, the writer's script and the director's shots.

The editor's decisions are the editor tool's `EditDecisionList` (``tools.timeline``), reused here.
Every model forbids unknown fields so a model's answer is checked, never silently trimmed.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from render.types import CameraMove, ShotSize

Aspect = Literal["16:9", "9:16", "1:1"]

_HEADING = re.compile(r"^(INT\.|EXT\.|INT\./EXT\.|I/E\.?)\s*(.+?)\s*-\s*([^-]+)$", re.IGNORECASE)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Brief(_Strict):
    """What the user asked for.

    Attributes:
        idea: The idea, in any language.
        duration: Target film length in seconds.
        aspect: Frame shape.
        width: Frame width in pixels.
        height: Frame height in pixels.
        fps: Frames per second.
        language: Script language, ``"auto"`` to follow the idea's language.
        style: Visual style added to every shot prompt.
        seed: Base seed; every shot seed derives from it.
    """

    idea: str = Field(min_length=1, max_length=4000)
    duration: float = Field(gt=0, le=3600)
    aspect: Aspect = "16:9"
    width: int = Field(gt=0)
    height: int = Field(gt=0)
    fps: int = Field(default=24, gt=0, le=60)
    language: str = "auto"
    style: str = "cinematic, natural light, 35mm film"
    seed: int = Field(default=0, ge=0)


class Character(_Strict):
    """A person in the story.

    Attributes:
        name: How the script names them.
        description: Fixed visual description, reused verbatim in every shot prompt they appear in.
        voice: Voice in words (age, timbre, accent).
    """

    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    voice: str = ""


class Location(_Strict):
    """A place in the story.

    Attributes:
        name: Location name, as used in scene headings.
        look: Visual look: setting, palette, light.
    """

    name: str = Field(min_length=1)
    look: str = Field(min_length=1)


class DialogueLine(_Strict):
    """One spoken line.

    Attributes:
        speaker: Name of the character who speaks it.
        text: The words, in the script's language.
    """

    speaker: str = Field(min_length=1)
    text: str = Field(min_length=1)


class Scene(_Strict):
    """A scene of the script.

    Attributes:
        number: 1-based scene number.
        heading: Slug line such as ``EXT. PIER - NIGHT``.
        location: Name of one of the script's locations.
        characters: Names of the characters in the scene.
        summary: What happens, in a sentence or two.
        dialogue: Spoken lines, in order.
    """

    number: int = Field(ge=1)
    heading: str = Field(min_length=1)
    location: str = Field(min_length=1)
    characters: list[str] = Field(default_factory=list)
    summary: str = Field(min_length=1)
    dialogue: list[DialogueLine] = Field(default_factory=list)

    @field_validator("heading")
    @classmethod
    def _heading_is_a_slug_line(cls, value: str) -> str:
        if not _HEADING.match(value.strip()):
            raise ValueError("heading must look like 'EXT. PIER - NIGHT' (INT./EXT. PLACE - TIME)")
        return value.strip()

    @property
    def interior(self) -> bool:
        """True for an INT. scene."""
        return self.heading.upper().startswith("INT")

    @property
    def time_of_day(self) -> str:
        """The time part of the heading, upper case (``NIGHT``, ``DAY``...)."""
        match = _HEADING.match(self.heading)
        return match.group(3).strip().upper() if match else "DAY"


class Premise(_Strict):
    """The writer's first step: the story's frame, before any scene is written.

    Attributes:
        title: Film title, in the script's language.
        logline: One-sentence story.
        language: Language code of titles, dialogue and subtitles (``en``, ``zh``...).
        characters: Everyone who appears, with fixed visual descriptions.
        locations: Every place the story uses.
    """

    title: str = Field(min_length=1)
    logline: str = Field(min_length=1)
    language: str = Field(min_length=2)
    characters: list[Character] = Field(default_factory=list)
    locations: list[Location] = Field(min_length=1)


class SceneOutline(_Strict):
    """One scene of the outline: what happens, not yet the words.

    Attributes:
        number: 1-based scene number.
        heading: Slug line such as ``EXT. PIER - NIGHT``.
        location: Name of one of the premise's locations.
        characters: Names of the characters in the scene.
        summary: What happens, in a sentence or two.
        lines: How many dialogue lines the scene should have (sized to its screen time).
    """

    number: int = Field(ge=1)
    heading: str = Field(min_length=1)
    location: str = Field(min_length=1)
    characters: list[str] = Field(default_factory=list)
    summary: str = Field(min_length=1)
    lines: int = Field(default=0, ge=0, le=12)

    _heading_is_a_slug_line = field_validator("heading")(Scene._heading_is_a_slug_line.__func__)


class Outline(_Strict):
    """The writer's second step: the scenes in order, sized to the target duration.

    Attributes:
        scenes: Scene outlines, numbered 1..N.
    """

    scenes: list[SceneOutline] = Field(min_length=1)


class Treatment(Premise):
    """The writer's first answer, in one call: the premise, then the scene outline.

    The fields come in the order a writer thinks them, and a model writes a JSON object in the
    order of its schema: title → logline → language → characters → locations → scenes. So the
    hierarchy (Dramatron's logline, then characters and places, then the scenes that use them) is
    kept inside one answer, and every scene outline is written with the cast and places already
    on the page, for one call fewer on the film's critical path.

    Attributes:
        title: Film title, in the script's language.
        logline: One-sentence story.
        language: Language code of titles, dialogue and subtitles (``en``, ``zh``...).
        characters: Everyone who appears, with fixed visual descriptions.
        locations: Every place the story uses.
        scenes: Scene outlines, numbered 1..N, sized to the target duration.
    """

    scenes: list[SceneOutline] = Field(min_length=1)

    @classmethod
    def from_parts(cls, premise: Premise, outline: Outline) -> Treatment:
        """The treatment made of a premise and an outline."""
        return cls(**premise.model_dump(include=set(Premise.model_fields)),
                   scenes=[s.model_dump() for s in outline.scenes])

    @property
    def premise(self) -> Premise:
        """The premise part (everything but the scenes)."""
        return Premise(**self.model_dump(exclude={"scenes"}))

    @property
    def outline(self) -> Outline:
        """The outline part (the scenes)."""
        return Outline(scenes=[s.model_dump() for s in self.scenes])


class Script(_Strict):
    """The writer's script.

    Attributes:
        title: Film title, in the script's language.
        logline: One-sentence story.
        language: Language code of titles, dialogue and subtitles (``en``, ``zh``...).
        characters: Everyone who appears.
        locations: Every place used.
        scenes: Scenes in order.
    """

    title: str = Field(min_length=1)
    logline: str = Field(min_length=1)
    language: str = Field(min_length=2)
    characters: list[Character] = Field(default_factory=list)
    locations: list[Location] = Field(min_length=1)
    scenes: list[Scene] = Field(min_length=1)

    @classmethod
    def from_parts(cls, premise: Premise, scenes: list[Scene]) -> Script:
        """The script made of the premise and the written scenes."""
        parts = premise.model_dump(include=set(Premise.model_fields))
        return cls(**parts, scenes=[s.model_dump() for s in scenes])

    @property
    def premise(self) -> Premise:
        """The premise part of the script (everything but the scenes)."""
        return Premise(**self.model_dump(exclude={"scenes"}))

    def character(self, name: str) -> Character | None:
        """The character called ``name``, if any."""
        return next((c for c in self.characters if c.name == name), None)

    def location(self, name: str) -> Location | None:
        """The location called ``name``, if any."""
        return next((loc for loc in self.locations if loc.name == name), None)


class Shot(_Strict):
    """A shot of the shot list.

    Attributes:
        id: ``S<scene>-<n>``, e.g. ``S02-03``.
        scene: Number of the scene it belongs to.
        size: ECU, CU, MCU, MS, WS or EWS.
        angle: Camera angle in words.
        move: Camera move.
        duration: Seconds on screen.
        characters: Names of the characters in frame.
        action: What happens, one line.
        prompt: Self-contained visual prompt: character looks, location, style.
        negative_prompt: What the picture must not show.
        seed: Render seed.
        dialogue: The line this shot carries, if any.
    """

    id: str = Field(pattern=r"^S\d{2,}-\d{2,}$")
    scene: int = Field(ge=1)
    size: ShotSize
    angle: str = "eye level"
    move: CameraMove = "static"
    duration: float = Field(gt=0, le=30)
    characters: list[str] = Field(default_factory=list)
    action: str = Field(min_length=1)
    prompt: str = Field(min_length=1)
    negative_prompt: str = ""
    seed: int = Field(ge=0)
    dialogue: DialogueLine | None = None


class ShotList(_Strict):
    """The director's shots for one scene (or, gathered, for the film).

    Attributes:
        shots: Shots in playing order.
    """

    shots: list[Shot] = Field(min_length=1)
