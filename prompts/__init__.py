"""Prompt files and their loader.

Every prompt lives in its own file, ``prompts/<agent>/<name>.md``, and starts with a small front matter::

    ---
    version: 1
    variables: [idea, duration, language]
    output: Script
    ---

The body is a `string.Template`: ``$idea`` is a placeholder, ``$$`` a literal dollar sign, and JSON braces
need no escaping. A body may be split into chat roles with marker lines ``<!-- system -->`` and
``<!-- user -->``; `Prompt.messages` returns one chat message per part.

This package imports nothing else of ours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from string import Template

__all__ = ["Prompt", "PromptError", "load_prompt", "list_prompts", "PROMPT_DIR"]

PROMPT_DIR = Path(__file__).resolve().parent
"""Where the prompt files are (shipped as package data)."""

_NAME = re.compile(r"^[a-z0-9_]+(/[a-z0-9_]+)*$")
_ROLE_MARKER = re.compile(r"^<!--\s*(system|user|assistant)\s*-->\s*$", re.MULTILINE)
_KEYS = {"version", "variables", "output"}


class PromptError(ValueError):
    """A prompt file is malformed, or a prompt was rendered with missing or unknown values."""


@dataclass(frozen=True)
class Prompt:
    """A versioned prompt template.

    Attributes:
        name: Name relative to the prompts folder, without ``.md`` (``writer/script``).
        version: Version from the front matter; bump it whenever the wording changes.
        variables: Placeholders the body uses; `render` needs exactly these.
        output: Name of the schema the answer must follow (``Script``), or ``text``.
        text: The template body, front matter removed.
    """

    name: str
    version: int
    variables: tuple[str, ...]
    output: str
    text: str

    @property
    def ref(self) -> str:
        """Versioned name recorded in every manifest, e.g. ``writer/script@1``."""
        return f"{self.name}@{self.version}"

    def render(self, **values: object) -> str:
        """Fill the placeholders.

        Args:
            **values: One value per declared variable; each is turned into text with ``str()``.

        Returns:
            The filled body, role markers removed.

        Raises:
            PromptError: A declared variable has no value, or a value names no declared variable.
        """
        return "\n".join(content for _, content in self._render_parts(values))

    def messages(self, **values: object) -> list[dict[str, str]]:
        """Fill the placeholders and return chat messages, one per role part of the body.

        A body without role markers is one ``user`` message.

        Args:
            **values: One value per declared variable.

        Raises:
            PromptError: As for `render`.
        """
        return [{"role": role, "content": content} for role, content in self._render_parts(values)]

    def _render_parts(self, values: dict[str, object]) -> list[tuple[str, str]]:
        missing = [v for v in self.variables if v not in values]
        if missing:
            raise PromptError(
                f"prompt {self.ref} needs a value for {', '.join(map(repr, missing))}; "
                f"pass render({', '.join(f'{v}=...' for v in missing)})"
            )
        unknown = sorted(set(values) - set(self.variables))
        if unknown:
            raise PromptError(
                f"prompt {self.ref} has no variable {', '.join(map(repr, unknown))}; "
                f"it takes {', '.join(self.variables) or 'none'}"
            )
        text_values = {key: str(value) for key, value in values.items()}
        parts = _split_roles(self.text)
        return [(role, Template(part).substitute(text_values).strip()) for role, part in parts]


def _split_roles(body: str) -> list[tuple[str, str]]:
    """The body's role parts, in order; text before the first marker belongs to ``user``."""
    parts: list[tuple[str, str]] = []
    role, start = "user", 0
    for match in _ROLE_MARKER.finditer(body):
        if body[start : match.start()].strip():
            parts.append((role, body[start : match.start()]))
        role, start = match.group(1), match.end()
    if body[start:].strip() or not parts:
        parts.append((role, body[start:]))
    return parts


def _parse_front_matter(name: str, raw: str) -> tuple[dict[str, str], str]:
    lines = raw.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise PromptError(f"prompt file {name}.md must start with a '---' front matter line")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise PromptError(f"prompt file {name}.md: the front matter has no closing '---' line") from None
    fields: dict[str, str] = {}
    for lineno, line in enumerate(lines[1:end], start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        key = key.strip()
        if not sep or key not in _KEYS:
            raise PromptError(
                f"prompt file {name}.md line {lineno}: expected 'key: value' with key one of "
                f"{', '.join(sorted(_KEYS))}, got {line.strip()!r}"
            )
        fields[key] = value.strip()
    missing = _KEYS - fields.keys()
    if missing:
        raise PromptError(f"prompt file {name}.md: front matter lacks {', '.join(sorted(missing))}")
    return fields, "".join(lines[end + 1 :])


def _parse_variables(name: str, value: str) -> tuple[str, ...]:
    if not (value.startswith("[") and value.endswith("]")):
        raise PromptError(f"prompt file {name}.md: variables must be a list like [idea, style], not {value}")
    names = tuple(v.strip() for v in value[1:-1].split(",") if v.strip())
    bad = [v for v in names if not v.isidentifier()]
    if bad or len(set(names)) != len(names):
        raise PromptError(f"prompt file {name}.md: variables must be distinct identifiers, got {value!r}")
    return names


def parse_prompt(name: str, raw: str) -> Prompt:
    """Build a `Prompt` from a prompt file's text, checking the body against the front matter.

    Args:
        name: Prompt name, used in messages and `Prompt.ref`.
        raw: The whole file, front matter included.

    Raises:
        PromptError: The front matter is malformed, or the body's placeholders differ from ``variables``.
    """
    fields, body = _parse_front_matter(name, raw)
    if not fields["version"].isdigit() or int(fields["version"]) < 1:
        raise PromptError(
            f"prompt file {name}.md: version must be a whole number from 1, got {fields['version']!r}"
        )
    variables = _parse_variables(name, fields["variables"])
    template = Template(body)
    if not template.is_valid():
        raise PromptError(
            f"prompt file {name}.md: a '$' starts no valid placeholder; write '$$' for a dollar sign"
        )
    used = set(template.get_identifiers())
    undeclared, unused = sorted(used - set(variables)), sorted(set(variables) - used)
    if undeclared or unused:
        raise PromptError(
            f"prompt file {name}.md: body and front matter disagree "
            f"(used but not declared: {undeclared or 'none'}; declared but not used: {unused or 'none'})"
        )
    output = fields["output"] or "text"
    return Prompt(name, int(fields["version"]), variables, output, body.strip("\n") + "\n")


@lru_cache(maxsize=None)
def load_prompt(name: str) -> Prompt:
    """Load a prompt by name.

    Args:
        name: Path under the prompts folder, without ``.md`` (``"writer/script"``).

    Returns:
        The parsed, checked prompt.

    Raises:
        PromptError: No such prompt, or its file is malformed.
    """
    if not _NAME.match(name):
        raise PromptError(f"prompt name {name!r} must look like 'writer/script' (lower-case words and '/')")
    path = PROMPT_DIR / f"{name}.md"
    if not path.is_file():
        raise PromptError(f"no prompt {name!r}; known prompts: {', '.join(list_prompts()) or 'none'}")
    return parse_prompt(name, path.read_text(encoding="utf-8"))


def list_prompts() -> list[str]:
    """Names of every prompt file shipped with the package, sorted."""
    return sorted(p.relative_to(PROMPT_DIR).with_suffix("").as_posix() for p in PROMPT_DIR.rglob("*.md"))
