"""Reading a typed revision command into a `Revision`: ``/shot 3 size=CU prompt="a red door"``.

The command word is case-insensitive; values are ``key=value`` words, split as a shell would
(`shlex`), so a value with spaces goes in double quotes. Typographic and CJK quotes (“…”, 「…」) and
the full-width ``＝`` and ``／`` read as their ASCII forms.
"""

from __future__ import annotations

import shlex

from agents.errors import RevisionError
from agents.revision_grammar import (
    ACTIONS,
    KINDS,
    SHOT_KEYS,
    Revision,
    bad,
    check_revision,
    check_value,
    number,
)

HELP_WORDS = ("help", "?", "commands")


def is_command(message: str) -> bool:
    """True when ``message`` is a command (it starts with ``/``), not words for the model."""
    return message.lstrip().startswith(("/", "／"))


def is_help(message: str) -> bool:
    """True for ``/help`` (or ``/?``): the session shows `GRAMMAR`."""
    return is_command(message) and message.strip()[1:].strip().lower() in HELP_WORDS


def parse_command(message: str) -> Revision:
    """Read a typed command into a `Revision` (offline: no model is asked).

    Args:
        message: The user's line, e.g. ``/shot 3 size=CU prompt="a red door at night"``.

    Raises:
        RevisionError: The command is unknown or malformed, or a value is out of bounds; the message
            says why in one line and ends with "type /help for the commands".
    """
    if not is_command(message):
        raise bad("commands start with /")
    text = message.strip()[1:].translate(_STRAIGHT)
    try:
        tokens = shlex.split(text)
    except ValueError:
        raise bad('a quote is not closed: put a value with spaces or an apostrophe in double quotes, '
                  'as text="I can\'t"') from None
    if not tokens:
        raise bad("the command is empty")
    word, args = tokens[0].lower(), tokens[1:]
    if word in HELP_WORDS:
        raise RevisionError("/help lists the commands and changes nothing; the session shows GRAMMAR")
    if word not in _PARSERS:
        raise bad(f"unknown command /{word}")
    action, target, values = _PARSERS[word](args)
    values = {k: str(check_value(action, k, v)) if k in _CANONICAL else v for k, v in values.items()}
    revision = Revision(stage=ACTIONS[action][0], action=action, target=target, values=values, message=message)
    check_revision(revision)
    return revision


def _pairs(tokens: list[str], allowed: tuple[str, ...], command: str) -> dict[str, str]:
    """``key=value`` tokens as a dict; keys are case-insensitive."""
    values: dict[str, str] = {}
    for token in tokens:
        key, sep, value = token.partition("=")
        key = key.strip().lower()
        if not sep:
            raise bad(f"{token!r} is not key=value; put a value with spaces in double quotes, "
                      f'as prompt="a red door at night"')
        if key not in allowed:
            raise bad(f"unknown key {key!r} for {command}: use {', '.join(allowed)}")
        if key in values:
            raise bad(f"{key}= is given twice")
        values[key] = value
    return values


def _target(args: list[str], noun: str, usage: str) -> int:
    if not args:
        raise bad(f"say which {noun}, as {usage}")
    try:
        return number(args[0], f"the {noun} number", int)
    except RevisionError:
        raise bad(f"the {noun} number must be a whole number from 1 (got {args[0]!r}), as {usage}") from None


def _shot(args: list[str]):
    n = _target(args, "shot", "/shot 3 size=CU")
    if [a.lower() for a in args[1:]] == ["cut"]:
        return "cut_shot", n, {}
    return "set_shot", n, _pairs(args[1:], SHOT_KEYS, "/shot")


def _scene(args: list[str]):
    n = _target(args, "scene", "/scene 2 cut")
    if [a.lower() for a in args[1:]] == ["cut"]:
        return "cut_scene", n, {}
    return "set_scene", n, _pairs(args[1:], ("summary",), "/scene")


def _line(args: list[str]):
    scene = _target(args, "scene", '/line 1 2 text="..."')
    line = _target(args[1:], "line", '/line 1 2 text="..."')
    return "set_line", scene, {"line": str(line), **_pairs(args[2:], ("text", "speaker"), "/line")}


def _title(args: list[str]):
    return "set_title", None, {"title": " ".join(args)}


def _transition(args: list[str]):
    n = _target(args, "clip", "/transition 4 crossfade")
    if len(args) < 2:
        raise bad(f"say which transition: {', '.join(KINDS)}")
    return "set_transition", n, {"kind": args[1], **_pairs(args[2:], ("duration",), "/transition")}


def _one(args: list[str], command: str, usage: str) -> str:
    if len(args) != 1:
        raise bad(f"{command} takes one value: {usage}")
    return args[0]


_PARSERS = {
    "shot": _shot,
    "scene": _scene,
    "line": _line,
    "title": _title,
    "transition": _transition,
    "order": lambda args: ("set_order", None, {"order": " ".join(args)}),
    "subtitles": lambda args: ("set_subtitles", None, {"burn": _one(args, "/subtitles", "/subtitles off")}),
    "aspect": lambda args: ("set_aspect", None, {"aspect": _one(args, "/aspect", "/aspect 9:16")}),
    "resolution": lambda args: ("set_resolution", None, {"resolution": _one(args, "/resolution", "/resolution 1920x1080")}),
    "duration": lambda args: ("set_duration", None, {"duration": _one(args, "/duration", "/duration 45")}),
}
_CANONICAL = ("size", "move", "kind", "aspect")
"""Keys whose values a parsed command stores in their one spelling (``cu`` → ``CU``)."""
_STRAIGHT = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "『": '"', "』": '"', "＝": "="})
