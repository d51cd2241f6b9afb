"""The voices each engine offers, what they sound like, and casting one voice per character.

A voice's traits are ``(gender, age)``: gender ``"male"``, ``"female"`` or None (neutral), age ``"old"``,
``"young"`` or None. `cast_voices` reads the same traits from a character's description.
"""

from __future__ import annotations

import re

from tools.speech.types import SpeechEngine

OPENAI_VOICES: dict[str, tuple[str | None, str | None]] = {
    "alloy": (None, None),
    "ash": ("male", None),
    "ballad": ("male", None),
    "coral": ("female", None),
    "echo": ("male", "young"),
    "fable": ("male", "old"),
    "nova": ("female", "young"),
    "onyx": ("male", "old"),
    "sage": ("female", "old"),
    "shimmer": ("female", None),
    "verse": ("male", None),
}
"""OpenAI's built-in speech voices and how they sound."""

ESPEAK_VARIANTS: dict[str, tuple[str | None, str | None]] = {
    "m1": ("male", None),
    "f1": ("female", None),
    "m3": ("male", None),
    "f2": ("female", None),
    "m2": ("male", "young"),
    "f5": ("female", "young"),
    "m4": ("male", None),
    "f3": ("female", None),
    "m6": ("male", None),
    "f4": ("female", None),
    "m7": ("male", None),
    "m5": ("male", None),
    "m8": ("male", "old"),
    "grandma": ("female", "old"),
}
"""espeak-ng voice variants (``cmn+f2``), in casting order, and how they sound."""

# fmt: off
_MALE_WORDS = {
    "male", "man", "men", "boy", "boys", "he", "him", "his", "father", "dad", "husband", "son",
    "brother", "uncle", "grandfather", "grandpa", "king", "prince", "gentleman", "mr", "sir", "monk",
    "waiter",
}
_FEMALE_WORDS = {
    "female", "woman", "women", "girl", "girls", "she", "her", "hers", "mother", "mom", "mum", "wife",
    "daughter", "sister", "aunt", "grandmother", "grandma", "queen", "princess", "lady", "mrs", "ms",
    "miss", "nun", "waitress",
}
# fmt: on
_OLD_WORDS = {"old", "elderly", "aged", "grandfather", "grandmother", "grandpa", "grandma", "retired"}
_YOUNG_WORDS = {"young", "boy", "girl", "child", "kid", "teen", "teenage", "teenager", "little", "youth"}
_MALE_CJK = "男他爷爸父哥弟叔伯"
_FEMALE_CJK = "女她奶妈母姐妹姨婆妻娘"
_OLD_CJK = ("老", "爷爷", "奶奶", "婆婆")
_YOUNG_CJK = ("少", "孩", "童", "小男", "小女", "年轻")
_WORD = re.compile(r"[a-z]+")
_AGE = re.compile(r"(?<!\d)(\d{1,2})\s*(?:s\b|-?\s*years?[\s-]*old|岁)")


def voice_traits(voice: str) -> tuple[str | None, str | None]:
    """``(gender, age)`` of an engine voice (``"nova"``, ``"cmn+f2"``); ``(None, None)`` when unknown."""
    if voice in OPENAI_VOICES:
        return OPENAI_VOICES[voice]
    variant = voice.rpartition("+")[2] if "+" in voice else ""
    return ESPEAK_VARIANTS.get(variant, (None, None))


def _first(positions: list[tuple[int, str]]) -> str | None:
    return min(positions)[1] if positions else None


def described_traits(description: str) -> tuple[str | None, str | None]:
    """``(gender, age)`` a character's description hints at (English or Chinese); the first hint wins."""
    text = description.lower()
    genders: list[tuple[int, str]] = []
    ages: list[tuple[int, str]] = []
    for match in _WORD.finditer(text):
        word = match.group()
        if word in _MALE_WORDS:
            genders.append((match.start(), "male"))
        elif word in _FEMALE_WORDS:
            genders.append((match.start(), "female"))
        if word in _OLD_WORDS:
            ages.append((match.start(), "old"))
        elif word in _YOUNG_WORDS:
            ages.append((match.start(), "young"))
    for index, char in enumerate(text):
        if char in _MALE_CJK:
            genders.append((index, "male"))
        elif char in _FEMALE_CJK:
            genders.append((index, "female"))
    for marks, age in ((_OLD_CJK, "old"), (_YOUNG_CJK, "young")):
        ages += [(text.find(mark), age) for mark in marks if mark in text]
    for match in _AGE.finditer(text):
        years = int(match.group(1))
        if years >= 60 or years < 18:
            ages.append((match.start(), "old" if years >= 60 else "young"))
    return _first(genders), _first(ages)


def cast_voices(characters: list[tuple[str, str]], engine: SpeechEngine, language: str) -> dict[str, str]:
    """Give each character a voice of ``engine`` that fits their description, distinct while voices last.

    The description's hints (man/woman/boy/girl/old/young, 男/女/老/少, "in his 70s") pick a voice
    of the right gender, and of the right age when the engine has one; characters without hints get
    neutral voices first. Once every fitting voice is taken, the least-used one is given again. The
    same characters, engine and language always get the same voices.

    Args:
        characters: ``(name, description)`` of each speaking character, in order of importance.
        engine: The speech engine.
        language: The language the characters speak.

    Returns:
        Voice per character name, in the order given (a repeated name keeps its first voice).

    Raises:
        SpeechError: The engine cannot speak ``language``.
    """
    voices = engine.voices(language)
    uses = dict.fromkeys(voices, 0)
    cast: dict[str, str] = {}
    for name, description in characters:
        if name in cast:
            continue
        gender, age = described_traits(description)
        pool = (gender and [v for v in voices if voice_traits(v)[0] == gender]) or voices

        def rank(voice: str, gender=gender, age=age) -> tuple[int, int, int, int]:
            voice_gender, voice_age = voice_traits(voice)
            age_rank = 0 if voice_age == age else (1 if voice_age is None else 2)
            gender_rank = 0 if voice_gender == gender else 1
            return uses[voice], gender_rank, age_rank, voices.index(voice)

        chosen = min(pool, key=rank)
        uses[chosen] += 1
        cast[name] = chosen
    return cast
