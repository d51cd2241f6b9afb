"""The offline writer's titles and loglines, by kind of story, and the helpers that fill word templates.

Templates use ``str.format`` fields (see ``writer._fields``); a template is only used when every field it
names has a value, so "The {Role_t} and the {Other_t}" never reads "The Chef and the ". A capital first
letter in a field name means the value is capitalised or title-cased.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence

from agents.offline.language import stable_int

TITLES = {
    "en": {
        "find": ("The {Obj}", "{name} and the {Obj}", "The {Role_t}'s {Obj_s}"),
        "discover": ("The {Obj}", "The {Role_t} and the {Obj_s}"),
        "secret": ("What the {Role_t} Found", "The {Role_t} and the {Other_t}", "The {Other_t}'s Secret"),
        "danger": ("The {Role_t} and the {Other_t}", "The {Role_t}'s Oath"),
        "reunion": ("The {Role_t} and the {Other_t}", "The Lost {Other_t}"),
        "hidden": ("The {Hider_t}'s Secret", "What the {Role_t} Found"),
        "romance": ("The {Role_t} and the {Other_t}", "{Pair_t}", "{Pair_t} in the {Weather_t}",
                    "{Weather_t} at the {Place_t}"),
        "meet": ("The {Role_t} and the {Other_t}", "{name} Meets {Poss_t} {Other_t}"),
        "loss": ("Without {Poss_t} {Obj}", "The {Role_t} Who Lost {Poss_t} {Obj}"),
        "care": ("The {Role_t} and the {Obj}", "{name} and the {Obj}"),
        "skill": ("Learning to {Obj}", "The {Role_t} Who Could {Obj}"),
        "task": ("The {Obj}", "{name} and the {Obj}"),
        "trial": ("The {Role_t}'s Big Night", "The {Obj}"),
        "mystery": ("The {Obj}",),
        "journey": ("The {Role_t}'s Journey", "{name}'s Journey"),
        "generic": ("The {Role_t} and the {Other_t}", "The {Obj}", "{name} at the {Place_t}", "The {Role_t}", "{Weather_t} at the {Place_t}",
                    "The {Place_t}"),
    },
    "zh": {
        "find": ("{role_t}的{obj_s}", "{obj_t}"),
        "discover": ("{role_t}与{obj_s}", "{place}的{obj_s}", "{obj_t}"),
        "secret": ("{role_t}的发现", "{place}疑云"),
        "hidden": ("{hider}的秘密", "{role_t}与{other_t}"),
        "danger": ("{role_t}与{other_t}", "{place}惊魂"),
        "reunion": ("{role_t}与{other_t}", "失散的{other_t}"),
        "romance": ("{role_t}与{other_t}", "{weather_t}{place}", "{place}的相遇"),
        "meet": ("{role_t}与{other_t}", "{place}的相遇"),
        "loss": ("失去{obj_s}的{role_t}", "{role_t}的{obj_s}"),
        "care": ("{role_t}与{obj_s}", "{role_t}与{other_t}"),
        "skill": ("学会{obj_s}的{role_t}",),
        "task": ("{role_t}的{obj_s}", "{obj_t}"),
        "trial": ("{role_t}的{obj_s}", "{place}的{role_t}"),
        "mystery": ("{place}之谜", "{place}怪谈"),
        "journey": ("{role_t}的归途", "回到{place}"),
        "generic": ("{role_t}与{other_t}", "{role_t}的{obj_s}", "{place}的{role_t}", "{weather_t}{place}", "{place}往事"),
    },
}

_BASE = {"care_other": "care"}
_ENDINGS_EN = {
    "any": "— and nothing is the same again.",
    "find": "— and must decide what it is worth.", "secret": "— and has to choose whom to trust.",
    "danger": "— and must risk everything.", "reunion": "— and the past comes rushing back.",
    "romance": "— and neither of them will ever be the same.", "hidden": "— and nothing at home is the same again.",
    "meet": "— and learns what it really takes.", "loss": "— and must find another way.",
    "care": "— and learns what it means to care for someone.",
    "skill": "— and discovers a talent no one expected.", "task": "— and it changes everything.",
}
_ENDINGS_ZH = {
    "any": "从此一切都变了。", "find": "必须决定它意味着什么。", "secret": "不得不选择相信谁。",
    "danger": "不得不赌上一切。", "reunion": "往事一幕幕涌上心头。", "romance": "两个人的命运从此交织在一起。", "hidden": "家里的一切从此不同了。",
    "loss": "必须找到另一条路。", "care": "也终于有了牵挂。", "skill": "发现了自己从未想过的可能。",
}


def loglines(language: str, kind: str) -> tuple[str, ...]:
    """Logline templates: one that fits the kind of story (if there is one), and one that fits any story."""
    endings = _ENDINGS_ZH if language == "zh" else _ENDINGS_EN
    pattern = "{{Lead}}{{event}}，{}" if language == "zh" else "{{Lead}} {{event}} {}"
    return tuple(pattern.format(endings[k]) for k in (kind, "any") if k in endings)


def titles(language: str, kind: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(title templates for a kind of story, the generic ones as a fallback).

    Args:
        language: ``en`` or ``zh``.
        kind: ``Idea.story`` (``discover``, ``care_other``…) or ``Idea.kind``.
    """
    table = TITLES[language]
    own = () if kind == "generic" else table.get(kind) or table.get(_BASE.get(kind, kind), ())
    return own, table["generic"]


def finish_title(title: str) -> str:
    """Tidy a filled title: a plural's possessive (``The Sisters's`` → ``The Sisters'``)."""
    return re.sub(r"s's\b", "s'", title)


def usable(templates: Sequence[str], fields: dict) -> list[str]:
    """The templates whose every field has a non-empty value in ``fields``."""
    out = []
    for template in templates:
        names = [name for _, name, _, _ in string.Formatter().parse(template) if name]
        if all(fields.get(name) for name in names):
            out.append(template)
    return out


def fill(templates: Sequence[str], fields: dict, *keys: object, fallback: Sequence[str] = ()) -> str:
    """One usable template (chosen by a stable hash of ``keys``), filled in.

    Args:
        templates: Candidate templates, best first.
        fields: The values of the fields.
        *keys: What the choice depends on.
        fallback: Templates, best first, to use (the first usable one) when none of ``templates`` is usable.
    """
    pool = usable(templates, fields)
    if not pool:  # the fallbacks are in order of preference
        pool = usable(fallback, fields)[:1]
    if not pool:
        raise ValueError("no usable template: every candidate names a field with no value")
    return pool[stable_int(*keys) % len(pool)].format(**fields)


def title_case(text: str) -> str:
    """English title case that keeps short function words lower case (``Message in a Bottle``)."""
    small = {"a", "an", "the", "in", "on", "of", "and", "at", "to", "for", "by", "with", "from"}
    words = text.split(" ")
    return " ".join(
        w if (i and w.lower() in small) or w.isupper() else (w[:1].upper() + w[1:]) for i, w in enumerate(words)
    )


def plural(noun: str) -> str:
    """English plural of a noun phrase's last word (``college student`` → ``college students``)."""
    head, _, last = noun.rpartition(" ")
    irregular = {"man": "men", "woman": "women", "child": "children", "person": "people", "wife": "wives",
                 "thief": "thieves"}
    if last in irregular:
        last = irregular[last]
    elif re.search(r"[^aeiou]y$", last):
        last = last[:-1] + "ies"
    elif re.search(r"(s|x|z|ch|sh)$", last):
        last += "es"
    else:
        last += "s"
    return f"{head} {last}".strip()


def third_person(verb_phrase: str) -> str:
    """``paint`` → ``paints``, ``play the violin`` → ``plays the violin`` (the first word only)."""
    first, _, rest = verb_phrase.partition(" ")
    if re.search(r"[^aeiou]y$", first):
        first = first[:-1] + "ies"
    elif re.search(r"(s|x|z|ch|sh|o)$", first):
        first += "es"
    else:
        first += "s"
    return f"{first} {rest}".strip()
