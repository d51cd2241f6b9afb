"""Language detection, reading time and stable (hash-derived) choices for the offline planner.

Everything here is deterministic: choices come from SHA-256 of their keys, never from Python's
``hash()`` (salted per process) or a random generator.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")


def detect_language(text: str) -> str:
    """``"zh"`` when the text holds any Han (CJK) character, ``"en"`` otherwise.

    Args:
        text: Any text, typically the user's idea.
    """
    return "zh" if _HAN.search(text) else "en"


def resolve_language(requested: str, idea: str) -> str:
    """The language the script is written in.

    ``"auto"`` (or empty) follows the idea. ``zh``/``zh-CN``/``zh-Hans``... map to ``zh``,
    ``en``/``en-US``... to ``en``. A language the offline planner cannot write (``fr``...) falls
    back to the idea's detected language, so the script is always in a language it can write.

    Args:
        requested: ``Brief.language``.
        idea: ``Brief.idea``.
    """
    code = requested.strip().lower().replace("_", "-")
    if code.startswith("zh") or code in ("cn", "chinese"):
        return "zh"
    if code.startswith("en") or code == "english":
        return "en"
    return detect_language(idea)


def han_count(text: str) -> int:
    """Number of Han characters in ``text``."""
    return len(_HAN.findall(text))


def word_count(text: str) -> int:
    """Number of Latin-script words (and numbers) in ``text``."""
    return len(_WORD.findall(text))


def line_fits(text: str, language: str) -> bool:
    """True when a dialogue line is short enough to sit in one shot (≤16 Han characters / ≤10 words)."""
    if language == "zh":
        return 0 < han_count(text) <= 16 and word_count(text) <= 2
    return 0 < word_count(text) <= 10


def article(noun: str) -> str:
    """The indefinite article an English noun phrase takes, by its sound (``an abandoned city``, ``a university``)."""
    word = noun.split(" ")[0].lower()
    if re.match(r"(uni|use|usu|uti|eu|one|once|ur[aei])", word):
        return "a"
    if re.match(r"(hour|honest|honou?r|heir)", word) or re.match(r"[aeiou]", word):
        return "an"
    return "a"


def with_article(noun: str) -> str:
    """``noun`` with its indefinite article (``an AI assistant``); ``""`` stays ``""``."""
    return f"{article(noun)} {noun}" if noun else ""


def stable_int(*keys: object) -> int:
    """A non-negative 63-bit integer derived from ``keys`` by SHA-256 (same keys, same number)."""
    digest = hashlib.sha256("\x1f".join(str(k) for k in keys).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") >> 1


def pick(options: Sequence[T], *keys: object) -> T:
    """One of ``options``, chosen by a stable hash of ``keys``.

    Args:
        options: A non-empty sequence.
        *keys: What the choice depends on (idea, seed, purpose...).
    """
    if not options:
        raise ValueError("pick() needs at least one option to choose from")
    return options[stable_int(*keys) % len(options)]

