"""The offline writer's cast: names, fixed visual descriptions (English, concrete) and voices."""

from __future__ import annotations

from agents.offline.idea import Idea
from agents.offline.language import pick
from agents.offline.lexicon import COMPANIONS, NAMES, ROLES, Role
from agents.schemas import Character

_GENERIC = {"girl", "boy", "man", "woman", "traveller", "person", "teenager", "child"}
_OLD = {"old", "elderly", "retired", "aging", "ageing", "grandmother", "grandfather"}
_YOUNG = {"little", "small", "young", "kid"}
_HAIR = {
    "f": ("long dark hair in a loose braid", "short auburn hair", "curly black hair tied back",
          "shoulder-length blonde hair", "a grey-streaked bob"),
    "m": ("cropped grey hair and a short beard", "messy black hair", "a shaved head and stubble",
          "wavy brown hair", "sandy hair and freckles"),
}
_OLD_HAIR = {"f": "silver hair pinned in a bun", "m": "thin white hair and a white beard"}
_CLOTHES = ("a faded denim jacket and a white T-shirt", "a charcoal wool coat and dark trousers",
            "a mustard-yellow raincoat", "a green army surplus jacket", "a cream cable-knit sweater")
_ITEMS = ("a brass pocket compass on a cord", "round wire-rimmed glasses", "a red knitted scarf",
          "a worn leather satchel", "a silver pocket watch chain", "a small scar over the left eyebrow",
          "a blue knitted beanie", "a canvas messenger bag")
_AGES = ("twenties", "thirties", "forties", "fifties")
_CREATURES = {  # colours, features, items, voice
    "robot": (("small rust-orange", "small pale blue", "matte white", "brass"),
              ("round glowing eyes", "a dented dome head", "a single camera eye"),
              ("a frayed red scarf tied around its neck", "a tiny antenna with a blinking light",
               "caterpillar treads"), "clipped synthetic voice with a soft hum"),
    "animal": (("ginger", "black", "grey tabby", "white"),
               ("bright green eyes", "one torn ear", "a bushy tail"),
               ("a red collar with a brass bell", "a tiny blue bandana"), "small, curious voice"),
}
_VOICES = {
    "f": ("warm alto, clear and steady", "bright, quick soprano", "soft, slightly husky voice"),
    "m": ("low, weathered baritone, unhurried", "gentle tenor", "gravelly bass, few words"),
}


def make_cast(idea: Idea, key: str, companion: bool) -> tuple[list[Character], list[str]]:
    """The lead (from the idea's subject) and, when ``companion``, someone to talk to.

    Args:
        idea: What the idea says.
        key: Hash key (idea + seed) every choice derives from.
        companion: Add a second character.

    Returns:
        The characters and their roles in the script's language (same order).
    """
    lead_gender = idea.gender or pick("fm", key, "lead-gender")
    lead = _character(idea.role_en, lead_gender, idea.language, key, "lead", taken=())
    characters, roles = [lead], [idea.role]
    if companion:
        if idea.pair:
            role, role_en = idea.role, idea.role_en
        elif idea.other:
            role, role_en = idea.other, idea.other_en
        else:
            role_en, role_zh = pick(COMPANIONS, key, "companion")
            role = role_zh if idea.language == "zh" else role_en
        head = role_en.split(" ")[-1]
        gender = ROLES.get(head, Role()).gender or ("f" if "sister" in role_en else "") or pick(
            "fm", key, "other-gender")
        characters.append(_character(role_en, gender, idea.language, key, "other", taken=(lead.name,)))
        roles.append(role)
    return characters, roles


def _character(role_en: str, gender: str, language: str, key: str, slot: str, taken: tuple) -> Character:
    words = role_en.lower().split(" ")
    role = ROLES.get(words[-1], Role())
    kind = role.kind
    names = NAMES[(language, gender if kind == "person" else "x")]
    name = next(n for n in _rotate(names, key, slot) if n not in taken)
    if kind in _CREATURES:
        colours, features, items, voice = _CREATURES[kind]
        colour, feature, item = (pick(options, key, slot, part) for options, part in
                                 ((colours, "c"), (features, "f"), (items, "i")))
        link = " and" if kind == "robot" else ", wearing"
        description = f"a {colour} {words[-1]} with {feature}{link} {item}"
        return Character(name=name, description=description, voice=voice)
    young = bool(_YOUNG & set(words)) and "young" not in words
    age = role.age or ("old" if _OLD & set(words) else "child" if young else "")
    pronoun, noun = ("her", "woman") if gender == "f" else ("his", "man")
    if age == "child":
        who = f"a ten-year-old {'girl' if gender == 'f' else 'boy'}"
    elif age == "teen":
        who = f"a sixteen-year-old {'girl' if gender == 'f' else 'boy'}"
    elif age == "old":
        who = f"a {noun} in {pronoun} seventies"
    else:
        decade = "twenties" if "young" in words else pick(_AGES, key, slot, "age")
        who = f"a {noun} in {pronoun} {decade}"
    core = " ".join(w for w in words if w not in _OLD and w not in _YOUNG)
    if core and core not in _GENERIC:
        who += f", {'an' if core[0] in 'aeiou' else 'a'} {core}"
    hair = _OLD_HAIR[gender] if age == "old" else pick(_HAIR[gender], key, slot, "hair")
    clothes = role.outfit or pick(_CLOTHES, key, slot, "clothes")
    item = pick(_ITEMS, key, slot, "item")
    voice = ("high, eager child's voice" if age == "child" else "cracked, slow voice" if age == "old"
             else pick(_VOICES[gender], key, slot, "voice"))
    return Character(name=name, description=f"{who}, {hair}, wearing {clothes}, with {item}", voice=voice)


def _rotate(names: tuple[str, ...], key: str, slot: str) -> list[str]:
    start = names.index(pick(names, key, slot, "name"))
    return list(names[start:] + names[:start])
