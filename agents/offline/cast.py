"""The offline writer's cast: who the story is about and who they talk to, with names, looks and voices."""

from __future__ import annotations

from agents.offline.idea import Idea
from agents.offline.language import pick
from agents.offline.lexicon import COMPANIONS, NAMES
from agents.offline.looks import describe, kind_of
from agents.offline.roles import role_of
from agents.schemas import Character

_ROMANTIC = ("romance",)


def make_cast(idea: Idea, key: str, companion: bool) -> tuple[list[Character], list[str], list[str]]:
    """The lead (from the idea's subject) and, when ``companion``, someone to talk to.

    The second character is the one the idea names (the other of "two strangers", the son of "a
    father and son", the princess a knight protects…), else a companion that suits the era and the
    place (a maid in a palace, a colleague at the office, a crewmate on a spaceship).

    Args:
        idea: What the idea says.
        key: Hash key (idea + seed) every choice derives from.
        companion: Add a second character.

    Returns:
        The characters, their roles in the script's language and their genders (``f``/``m``), in the
        same order.
    """
    lead_gender = idea.gender or pick("fm", key, "lead-gender")
    lead = _character(idea.role_en, lead_gender, idea, key, "lead", taken=())
    characters, roles, genders = [lead], [idea.role], [lead_gender]
    if companion:
        if idea.other:
            role, role_en = idea.other, idea.other_en
            gender = idea.other_gender or role_of(role_en).gender
            if not gender and idea.kind in _ROMANTIC and kind_of(idea.role_en) == "person":
                gender = "m" if lead_gender == "f" else "f"
        else:
            words = set(idea.text.lower().split()) | {idea.role_en.lower()}
            pool = [c for c in COMPANIONS[_setting(idea)]
                    if c[0].split()[-1] not in words and c[1] not in idea.text] or COMPANIONS[_setting(idea)]
            role_en, role_zh = pick(pool, key, "companion")
            role = role_zh if idea.language == "zh" else role_en
            gender = role_of(role_en).gender
        gender = gender or pick("fm", key, "other-gender")
        characters.append(_character(role_en, gender, idea, key, "other", taken=(lead.name,)))
        roles.append(role)
        genders.append(gender)
    return characters, roles, genders


def _setting(idea: Idea) -> str:
    if idea.era != "modern":
        return idea.era
    return "work" if "OFFICE" in idea.places or "ELEVATOR" in idea.places else "modern"


def _character(role_en: str, gender: str, idea: Idea, key: str, slot: str, taken: tuple) -> Character:
    kind = kind_of(role_en)
    era = idea.era
    if kind != "person":
        names = NAMES[(idea.language, "ai" if kind == "ai" else "x")]
    else:
        names = NAMES.get((f"{idea.language}-{era}", gender)) or NAMES[(idea.language, gender)]
    name = next(n for n in _rotate(names, key, slot) if n not in taken)
    description, voice = describe(role_en, gender, era, key, slot, idea.language)
    return Character(name=name, description=description, voice=voice)


def _rotate(names: tuple[str, ...], key: str, slot: str) -> list[str]:
    start = names.index(pick(names, key, slot, "name"))
    return list(names[start:] + names[:start])
