"""The revision command language: `GRAMMAR`, the `Revision` a command is read into, and its rules.

`check_revision` holds any `Revision` (typed and read by `agents.revision_parse`, or written by a
model) to the same rules. Applying one to the state is `agents.revision_apply`'s job.
"""

from __future__ import annotations

import math
import re
from typing import get_args

from pydantic import BaseModel, ConfigDict, Field

from agents.errors import RevisionError
from agents.revision_words import Stage
from render.types import CameraMove, ShotSize

RESUME_AFTER: dict[Stage, str] = {
    "script": "gather_script", "shots": "gather_shots", "edit": "cut_film", "output": "gather_shots",
}
"""The node each stage's update is written as: the graph goes on from the node after it."""
ASPECTS = {"16:9": (1280, 720), "9:16": (720, 1280), "1:1": (720, 720)}
"""Frame size of each aspect (the same table as the CLI's ``--aspect``)."""
SIZES: tuple[str, ...] = get_args(ShotSize)
MOVES: tuple[str, ...] = get_args(CameraMove)
KINDS = ("cut", "crossfade", "fade_black")
SHOT_KEYS = ("size", "angle", "move", "duration", "prompt", "action", "negative_prompt")
MIN_FILM, MAX_FILM = 2.0, 3600.0

COMMANDS = (
    ("/shot N key=value ...", "change shot N: size angle move duration prompt action negative_prompt",
     "/shot 3 size=CU move=dolly"),
    ("/shot N cut", "remove shot N; the film gets shorter by its length", "/shot 5 cut"),
    ("/scene N summary=TEXT", "rewrite what happens in scene N; its shots are planned again",
     '/scene 2 summary="She burns it"'),
    ("/scene N cut", "remove scene N and its shots; the film gets shorter by its share", "/scene 3 cut"),
    ("/line S L text=TEXT", "rewrite line L of scene S (speaker=NAME gives it to someone else)",
     '/line 1 2 text="Don\'t go."'),
    ("/title TEXT", "retitle the film: the title card, the script and every export", '/title "The Last Light"'),
    ("/transition N KIND", "join clip N to the one before: cut, crossfade, fade_black [duration=S]",
     "/transition 4 crossfade"),
    ("/order N,N,...", "play the clips in this order", "/order 1,3,2,4,5"),
    ("/subtitles on|off", "burn the subtitles into the picture or not (.srt and .vtt stay)", "/subtitles off"),
    ("/aspect A", f"reframe the film: {', '.join(ASPECTS)}; every shot is drawn again", "/aspect 9:16"),
    ("/resolution WxH", "change the frame size (16:9, 9:16 or 1:1); every shot is drawn again",
     "/resolution 1920x1080"),
    ("/duration SECONDS", "change the film's length; every scene's shots are planned again", "/duration 45"),
    ("/help", "show these commands", ""),
)
"""Every command: its form, what it does, an example."""
GRAMMAR = "\n".join(f"{form:<22} {what:<71} {example}".rstrip() for form, what, example in COMMANDS) + (
    "\nN is a shot's place in the film (1 = first), a scene's number, or a clip's place in the edit."
    f"\nSizes: {' '.join(SIZES)}; moves: {' '.join(MOVES)}."
    '\nPut a value with spaces in double quotes: prompt="a red door at night".'
)
"""The command grammar, one line per command with an example (shown by ``/help`` and in the README)."""

ACTIONS: dict[str, tuple[Stage, tuple[str, ...], tuple[str, ...], bool]] = {
    # action: (stage, keys allowed, keys required, needs a target)
    "set_shot": ("shots", SHOT_KEYS, (), True),
    "cut_shot": ("shots", (), (), True),
    "set_scene": ("script", ("summary",), ("summary",), True),
    "cut_scene": ("script", (), (), True),
    "set_line": ("script", ("line", "text", "speaker"), ("line",), True),
    "set_duration": ("script", ("duration",), ("duration",), False),
    "set_title": ("edit", ("title",), ("title",), False),
    "set_transition": ("edit", ("kind", "duration"), ("kind",), True),
    "set_order": ("edit", ("order",), ("order",), False),
    "set_subtitles": ("edit", ("burn",), ("burn",), False),
    "set_aspect": ("output", ("aspect",), ("aspect",), False),
    "set_resolution": ("output", ("resolution",), ("resolution",), False),
}
"""Every action: its stage, the value keys it takes and needs, and whether it needs a target number."""


class Revision(BaseModel):
    """One revision of a cut film.

    Attributes:
        stage: The stage it concerns: ``script``, ``shots``, ``edit`` or ``output``.
        action: What to do (a key of `ACTIONS`), e.g. ``set_shot`` or ``cut_scene``.
        target: What it is about: a shot's place in the film (1-based, in playing order), a scene's
            number (``set_line``: the line's scene), or a clip's place in the edit; None for the rest.
        values: The new values, as text, keyed as `ACTIONS` says (``{"size": "CU"}``;
            ``{"line": "2", "text": "..."}``; ``{"burn": "off"}``).
        message: The user's words.
    """

    model_config = ConfigDict(extra="forbid")

    stage: Stage
    action: str
    target: int | None = None
    values: dict[str, str] = Field(default_factory=dict)
    message: str


def check_revision(revision: Revision) -> None:
    """Hold a revision to the grammar's rules: a known action on its stage, its keys, well-formed values.

    Raises:
        RevisionError: One line naming what is wrong.
    """
    if revision.action not in ACTIONS:
        raise bad(f"unknown action {revision.action!r}; actions are {', '.join(ACTIONS)}")
    stage, allowed, required, targeted = ACTIONS[revision.action]
    if revision.stage != stage:
        raise bad(f"{revision.action} is a {stage} revision, not a {revision.stage} one")
    if targeted and (revision.target is None or revision.target < 1):
        raise bad(f"{revision.action} needs a number from 1 (got {revision.target})")
    unknown = [k for k in revision.values if k not in allowed]
    if unknown:
        raise bad(f"unknown key {unknown[0]!r}: use {', '.join(allowed) or 'no key'}")
    missing = [k for k in required if k not in revision.values]
    if missing:
        raise bad(f"{missing[0]}= is missing")
    if revision.action == "set_shot" and not revision.values:
        raise bad(f"say what to change, as size=CU (keys: {', '.join(SHOT_KEYS)}), or cut")
    if revision.action == "set_line" and not {"text", "speaker"} & set(revision.values):
        raise bad('say the new words, as text="...", or the new speaker, as speaker=NAME')
    for key, value in revision.values.items():
        check_value(revision.action, key, value)


def check_value(action: str, key: str, value: str) -> object:
    """A revision value read and checked: ``size=cu`` gives ``"CU"``, ``duration=2.5`` gives ``2.5``.

    Args:
        action: The revision's action (``duration`` means a shot's length or the film's).
        key: The value's key.
        value: The value, as typed.

    Raises:
        RevisionError: The value is not one the key takes.
    """
    v = value.strip()
    if key == "size":
        if v.upper() not in SIZES:
            raise bad(f"size {value!r} is not one of {' '.join(SIZES)}")
        return v.upper()
    if key == "move":
        if v.lower() not in MOVES:
            raise bad(f"move {value!r} is not one of {' '.join(MOVES)}")
        return v.lower()
    if key == "kind":
        if v.lower() not in KINDS:
            raise bad(f"transition {value!r} is not one of {', '.join(KINDS)}")
        return v.lower()
    if key == "duration":
        seconds = number(v, "duration", float)
        if action == "set_shot" and not 0 < seconds <= 30:
            raise bad(f"a shot lasts more than 0 and at most 30 seconds (got {value})")
        if action == "set_transition" and not 0 <= seconds <= 5:
            raise bad(f"a transition lasts from 0 to 5 seconds (got {value})")
        if action == "set_duration" and not MIN_FILM <= seconds <= MAX_FILM:
            raise bad(f"a film lasts from {MIN_FILM:g} to {MAX_FILM:g} seconds (got {value})")
        return seconds
    if key == "line":
        return number(v, "line", int)
    if key == "order":
        numbers = [number(n, "order", int) for n in re.split(r"[\s,，]+", v) if n]
        if len(numbers) < 1:
            raise bad("give the clips' numbers in their new order, as /order 2,1,3")
        return numbers
    if key == "burn":
        if v.lower() not in ("on", "off"):
            raise bad(f"subtitles are on or off (got {value!r})")
        return v.lower() == "on"
    if key == "aspect":
        if v not in ASPECTS:
            raise bad(f"aspect {value!r} is not one of {', '.join(ASPECTS)}")
        return v
    if key == "resolution":
        return _resolution(v)
    if key in ("prompt", "action", "angle", "summary", "text", "speaker", "title") and not v:
        raise bad(f"{key} cannot be empty")
    return v


def _resolution(value: str) -> tuple[int, int, str]:
    """``WxH`` read into width, height and the aspect it has."""
    match = re.fullmatch(r"(\d+)\s*[xX×*]\s*(\d+)", value)
    if not match:
        raise bad(f"resolution {value!r} is not WIDTHxHEIGHT, as 1280x720")
    width, height = int(match[1]), int(match[2])
    if width % 2 or height % 2 or not (64 <= width <= 4096 and 64 <= height <= 4096):
        raise bad(f"width and height must be even, from 64 to 4096 (got {width}x{height})")
    for aspect in ASPECTS:
        aw, ah = (int(x) for x in aspect.split(":"))
        if abs(width / height - aw / ah) <= 0.02:
            return width, height, aspect
    raise bad(f"{width}x{height} is not {', '.join(ASPECTS)}")


def bad(reason: str) -> RevisionError:
    """A `RevisionError` for a malformed revision: the reason, then where to find the commands."""
    return RevisionError(f"{reason}; type /help for the commands")


def number(text: str, what: str, kind: type = int):
    """``text`` as a number (``what`` names it in the error): seconds (``2.5`` or ``2.5s``), or a whole number from 1."""
    try:
        number = kind(text.removesuffix("s") if kind is float else text)
    except ValueError:
        number = None
    if number is None or (kind is int and number < 1) or (kind is float and not math.isfinite(number)):
        raise bad(f"{what} must be {'a whole number from 1' if kind is int else 'a number of seconds'} "
                  f"(got {text!r})")
    return number
