"""The script as a Fountain screenplay (``script.fountain``), plain UTF-8 that screenwriting tools open.

A title page (``Title:``, ``Credit:``, ``Author:``, the logline as ``Notes:``), then every scene: its
heading (forced with a leading ``.`` when it does not start with INT./EXT./EST./I/E, as Chinese
headings do not), action paragraphs (forced with ``!`` when Fountain would read them as something
else), and dialogue: the character cue in capitals (a name with no capital letters, such as a
Chinese one, is kept as written and forced with ``@``), the parenthetical, the lines. Literal
asterisks are escaped so they are not read as emphasis.
"""

from __future__ import annotations

import re
from pathlib import Path

from tools.exports.types import Screenplay, ScreenplayElement
from tools.files import write_text_atomic

_SLUG = re.compile(r"^(INT|EXT|EST|INT\.?/EXT|I/E)[ .]", re.IGNORECASE)
_SPECIAL = tuple("!@#~=.>[")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


def _one_line(text: str) -> str:
    return " ".join(line for line in _lines(text) if line)


def _escape(text: str) -> str:
    return text.replace("*", "\\*")


def _title_page(screenplay: Screenplay) -> str:
    fields = [("Title", screenplay.title), ("Credit", screenplay.credit), ("Author", screenplay.author),
              ("Notes", screenplay.logline)]
    out = []
    for key, value in fields:
        if not value or not value.strip():
            continue
        lines = [line for line in _lines(value) if line]
        if len(lines) == 1:
            out.append(f"{key}: {lines[0]}")
        else:
            out.append(f"{key}:")
            out += [f"   {line}" for line in lines]
    return "\n".join(out) + "\n"


def _heading(heading: str) -> str:
    text = _one_line(heading).lstrip(".").strip()
    return text.upper() if _SLUG.match(text) else f".{text}"


def _action(text: str) -> list[str]:
    """Action paragraphs, each forced with ``!`` when Fountain would read it as another element."""
    paragraphs, current = [], []
    for line in [*_lines(text), ""]:
        if line:
            current.append(_escape(line))
        elif current:
            first = current[0]
            forced = (first.startswith(_SPECIAL) or first.isupper() or first.startswith("===")
                      or (len(current) == 1 and (_SLUG.match(first) or first.rstrip().endswith("TO:"))))
            paragraphs.append("\n".join(current) if not forced else "!" + "\n".join(current))
            current = []
    return paragraphs


def _cue(character: str) -> str:
    name = _one_line(character).rstrip("^").strip()
    cue = name.upper()
    return cue if cue.isupper() and not cue.startswith(_SPECIAL) else f"@{name}"


def _dialogue(element: ScreenplayElement) -> str:
    block = [_cue(element.character or "")]
    if element.parenthetical and element.parenthetical.strip():
        p = _one_line(element.parenthetical)
        block.append(p if p.startswith("(") and p.endswith(")") else f"({p.strip('()')})")
    block += [_escape(line) for line in _lines(element.text) if line]
    return "\n".join(block)


def format_fountain(screenplay: Screenplay) -> str:
    """The Fountain text of a screenplay (see the module docstring).

    Args:
        screenplay: The script: title page facts and scenes.
    """
    parts = [_title_page(screenplay)]
    for scene in screenplay.scenes:
        parts.append(_heading(scene.heading))
        for element in scene.elements:
            if element.kind == "dialogue":
                parts.append(_dialogue(element))
            else:
                parts += _action(element.text)
    return "\n\n".join(p.rstrip("\n") for p in parts) + "\n"


def write_fountain(screenplay: Screenplay, path: str | Path) -> Path:
    """Write a screenplay as a UTF-8 Fountain file (``script.fountain``), atomically; returns the path.

    Args:
        screenplay: The script: title page facts and scenes.
        path: The ``.fountain`` file to write.
    """
    return write_text_atomic(Path(path), format_fountain(screenplay))
