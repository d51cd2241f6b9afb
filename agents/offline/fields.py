"""The words a script's templates are filled with: names, roles, the event, the object, the place.

A field is ``""`` when the idea gives nothing that reads right there, and ``lines.usable`` then skips
every template that needs it, so nothing reads "the " or "与在".
"""

from __future__ import annotations

import re

from agents.offline.cues import WEATHER_EN
from agents.offline.idea import Idea
from agents.offline.kinds import FACT_KINDS
from agents.offline.language import with_article
from agents.offline.lines import plural, third_person, title_case
from agents.offline.places import Place
from agents.offline.roles import role_of

_GENERIC_ROLES = {"woman", "man", "traveller", "person", "女人", "男人", "旅人"}
_PLAIN = {"girl", "boy", "kid", "child", "teenager", "little girl", "little boy", "old man", "old woman",
          "young man", "young woman", "lady", "gentleman"}
_COUNTS = {"two": "two", "three": "three", "four": "four", "five": "five", "several": "several", "twin": "two"}
_FAMILY = {"mother", "father", "daughter", "son", "sister", "brother", "younger sister", "younger brother",
           "wife", "husband", "grandmother", "grandfather", "aunt", "uncle", "mom", "dad"}
_RELATIONAL = {"stranger", "friend", "old friend", "neighbour", "neighbor", "lover", "hero", "idol"}
_TITLED = {"knight": ("Dame", "Sir")}
_DAYPART = {"DAY": ("day", "一天"), "NIGHT": ("night", "一夜"), "DUSK": ("evening", "黄昏"), "DAWN": ("morning", "清晨")}
_PASSIVE = re.compile(r"\b(is|was|were|are|been|being)\s+\w+(ed|en)\b")
_ZH_WEATHER = {("rain", True): "雨夜", ("rain", False): "雨中", ("snow", True): "雪夜", ("snow", False): "雪中",
               ("fog", True): "雾夜", ("fog", False): "雾中", ("storm", True): "暴雨夜", ("storm", False): "暴雨中"}


def story_fields(idea: Idea, roles: list[str], names: list[str], genders: list[str], title_place: Place,
                 night: bool) -> dict[str, str]:
    """The fields that stay the same in every scene: who, what, the title words.

    Args:
        idea: What the idea says.
        roles: The characters' roles in the script's language.
        names: The characters' names (lead first).
        genders: The characters' genders (``f``/``m``), same order.
        title_place: The place a title may name (where the event happens).
        night: True when the story starts at night.
    """
    zh = idea.language == "zh"
    lead, other = names[0], names[1] if len(names) > 1 else ""
    role, other_role = roles[0], roles[1] if len(roles) > 1 else ""
    together = (idea.pair or idea.duo) and other
    fields = {"name": lead, "name2": other, "role": role, "event": idea.event}
    fields["who"] = (f"{lead}和{other}" if zh else f"{lead} and {other}") if together else lead
    lead1 = _lead1(role, lead, idea, genders[0], zh)
    fields["lead1"], fields["Lead1"] = lead1, _cap(lead1)
    if zh:
        fields["Lead"] = f"{lead1}和{other}" if together else lead1
    elif idea.pair and other:
        count = next((_COUNTS[w] for w in idea.text.lower().split() if w in _COUNTS), "two")
        fields["Lead"] = f"{lead} and {other}, {'two' if count == 'two' else 'two of ' + count} {plural(role)},"
    elif idea.duo and other:
        fields["Lead"] = f"{lead} and {_possessive(idea, genders[0])} {other_role} {other}"
    elif role in _FAMILY or role in _PLAIN:
        fields["Lead"] = f"{lead}, {with_article(role)},"
    else:
        fields["Lead"] = _cap(lead1)
    obj, obj_s = idea.obj, idea.obj_short
    if not zh and len(obj.split()) > 4:  # "letter from her dead sister": the letter, after the logline
        obj = obj_s
    fields.update(obj=obj, obj_s=obj_s, skill=obj if idea.kind == "skill" else "")
    fields["skills"] = third_person(obj) if idea.kind == "skill" and not zh else ""
    other_alone = other_role if idea.other and other and not idea.pair else ""
    if zh:
        fields["role_t"] = role if role not in _GENERIC_ROLES else ""
        fields["obj_t"] = obj if 2 <= len(obj) <= 6 and idea.kind not in FACT_KINDS else ""
        fields["other_t"] = other_alone
        fields["hider"] = other_alone if other_alone and obj.startswith(other_alone) and "被" not in obj else ""
        fields["weather_t"] = _ZH_WEATHER.get((idea.weather, night), "")
        fields["place_t"] = title_place.zh
        return fields
    bare = re.sub(r"^(the|a|an|her|his|its|their|my|your|our)\s+", "", obj, flags=re.IGNORECASE)
    fields.update(
        A_obj_s=_cap(with_article(obj_s)), Obj=title_case(bare), Obj_s=title_case(obj_s),
        poss=_possessive(idea, genders[0]), Poss_t=_cap(_possessive(idea, genders[0])),
        Role_t=(title_case(plural(role)) if idea.pair else title_case(role)) if role not in _GENERIC_ROLES else "", Other_t=title_case(other_alone),
        Pair_t=f"Two {title_case(plural(role))}" if idea.pair else "",
        Weather_t=WEATHER_EN.get(idea.weather, ""), Place_t=title_case(title_place.name.lower()),
        Hider_t=title_case(other_alone) if other_alone and not _PASSIVE.search(obj) else "",
    )
    if idea.kind in FACT_KINDS:
        fields.update(Obj="", Obj_s="", A_obj_s="", obj_s="")
    return fields


def place_fields(place: Place, idea: Idea, time_of_day: str) -> dict[str, str]:
    """The fields for a scene's place and time: ``place``, ``at_place`` ("in the kitchen"), ``daypart``...

    ``At_place_x``/``place_x`` are empty when the event already says where it happens, so an inciting
    summary never names the place twice. Chinese interiors take 里 (在电梯里).
    """
    daypart, daypart_zh = _DAYPART.get(time_of_day, ("day", "一天"))
    if idea.language == "zh":
        inside = f"{place.zh}里" if place.interior else place.zh
        return {"place": place.zh, "in_place": inside, "place_x": "" if idea.event_place else inside,
                "daypart_zh": daypart_zh}
    name = place.name.lower()
    at = f"{place.prep} the {name}"
    return {"place": name, "the_place": f"the {name}", "at_place": at, "At_place": _cap(at),
            "At_place_x": "" if idea.event_place else _cap(at), "daypart": daypart}


def _lead1(role: str, name: str, idea: Idea, gender: str, zh: bool) -> str:
    if role in _GENERIC_ROLES or role in _RELATIONAL:
        return name
    if zh:
        return f"{role}{name}"
    if role in _FAMILY or role in _PLAIN:
        return name
    if role in _TITLED:
        return f"{_TITLED[role][gender == 'm']} {name}"
    return f"{role} {name}"


def _possessive(idea: Idea, gender: str) -> str:
    if role_of(idea.role_en).kind != "person":
        return "its"
    return "her" if gender == "f" else "his"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
