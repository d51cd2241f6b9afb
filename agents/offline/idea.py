"""Read an idea with simple, documented heuristics: who it is about, what happens, where, when and in what era.

The language readers (``idea_en``, ``idea_zh``) find the protagonist, the event (from the first verb),
its kind (``kinds``), the key object and a second person the idea names; this module adds what the
whole idea gives away (``cues``: era, weather, mood; the places it names, the time of day) and, when
the script is written in the other language, carries the words across with the glossary.
Anything unreadable (no verb found, other scripts) falls back to a generic protagonist and the idea's
first words as the key object, so every idea yields a story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents.offline import cues
from agents.offline.glossary import to_zh
from agents.offline.idea_en import read_en
from agents.offline.idea_zh import read_zh
from agents.offline.kinds import FACT_KINDS
from agents.offline.language import detect_language, with_article
from agents.offline.lexicon import DETERMINERS, PREPOSITIONS, TIME_WORDS
from agents.offline.places import PLACE_BY_NAME, PLACES, suits

_MAX_SENTENCE = 200
_CROSS = {  # kind: (English event, Chinese event) when the script is not in the idea's language
    "find": ("comes across {a_obj}", "发现了{obj}"),
    "secret": ("uncovers a dangerous secret", "发现了一个秘密"),
    "hidden": ("finds out what {a_other} has been hiding", "发现{other}一直瞒着一件事"),
    "danger": ("faces a deadly threat", "面临一场危机"),
    "reunion": ("recognises a long-lost {other}", "认出了失散多年的{other}"),
    "romance": ("falls for {a_other}", "爱上了{other}"),
    "meet": ("meets {a_other}", "遇见了{other}"),
    "loss": ("loses {obj}", "失去了{obj}"),
    "care": ("takes in {a_obj}", "收留了{obj}"),
    "skill": ("learns {obj}", "学会了{obj}"),
    "task": ("sets to work on {a_obj}", "开始动手做{obj}"),
    "generic": ("faces the unexpected", "遇到了一件怪事"),
}


@dataclass(frozen=True)
class Idea:
    """What the heuristics read from an idea, in the script's language (``*_en``: English, for prompts).

    Attributes:
        text: The idea's first sentence, trimmed.
        language: The script's language (``en`` or ``zh``).
        role: The protagonist's role (``lighthouse keeper`` / ``灯塔看守人``).
        role_en: The same in English.
        gender: ``f``/``m`` when the idea says (she, her, queen, 她, 皇后…), else ``""``.
        pair: True for "two strangers…": the second character shares the role.
        duo: True when the second character is a co-subject ("a father and son fix…").
        event: What happens, starting at the verb (``finds a message in a bottle``).
        kind: The event's kind (``find``, ``meet``, ``secret``… see ``agents.offline.kinds``).
        portable: True when the key object is small enough to hold (a letter, a key).
        obj: The key object (``message in a bottle`` / ``信``), the skill for ``skill`` (``paint``), the
            fact for ``secret`` (``太子被人下毒``), or ``""``.
        obj_short: A short form for dialogue (≤3 words / ≤4 characters), or ``""``.
        obj_en: The key object in English, or ``""`` when it cannot be said in English.
        other: A second person the idea names (``princess`` / ``妹妹``), in the script's language, or ``""``.
        other_en: The same in English.
        other_gender: ``f``/``m`` when the idea says, else ``""``.
        places: Names of places the idea mentions (that suit its era), in order of mention.
        event_place: The place the event itself happens in (``CONVENIENCE STORE``), or ``""``.
        time: ``DAY``/``NIGHT``/``DAWN``/``DUSK`` when the idea says, else ``""``.
        era: ``modern``, ``east``, ``west`` or ``future`` (see ``cues.era``).
        weather: ``rain``, ``snow``, ``fog``, ``storm`` or ``""``.
        mood: ``abandoned``, ``silent``, ``haunted`` or ``""``.
    """

    text: str
    language: str
    role: str
    role_en: str
    gender: str
    pair: bool
    duo: bool
    event: str
    kind: str
    portable: bool
    obj: str
    obj_short: str
    obj_en: str
    other: str
    other_en: str
    other_gender: str
    places: tuple[str, ...]
    event_place: str
    time: str
    era: str
    weather: str
    mood: str

    @property
    def story(self) -> str:
        """The kind the words follow: ``find`` splits into ``find`` (something to hold) and ``discover``,
        ``care`` into ``care`` and ``care_other`` (the one cared for is a character who talks)."""
        if self.kind == "find":
            return "find" if self.portable else "discover"
        if self.kind == "care" and self.other:
            return "care_other"
        return self.kind


def read_idea(idea: str, language: str) -> Idea:
    """Read ``idea`` (any language) for a script written in ``language`` (``en`` or ``zh``).

    Args:
        idea: The user's idea.
        language: The script's language, from ``resolve_language``.
    """
    text = " ".join(idea.split())
    first = re.split(r"(?<=[.!?。！？])\s*", text, maxsplit=1)[0].strip(" .!?。！？") or text
    first = first[:_MAX_SENTENCE]
    source = detect_language(first)
    r = read_zh(first) if source == "zh" else read_en(first)
    era = cues.era(text)
    found = _places(text)
    if era == "modern" and any(PLACE_BY_NAME[name].era == "future" for _, name, _ in found):
        era = "future"
    if not cues.time_travel(text):
        found = [hit for hit in found if suits(PLACE_BY_NAME[hit[1]], era)]
    names = tuple(dict.fromkeys(name for _, name, _ in found))
    event_place = next((name for _, name, words in found if any(w in r["event"].lower() for w in words)), "")
    role, obj, other, event = r["role"], r["obj"], r["other"], r["event"]
    obj_en, other_en = r["obj_en"], r["other_en"]
    if language != source:
        role, obj, other, event = _cross(language, r)
    return Idea(
        text=first, language=language, role=role, role_en=r["role_en"], gender=r["gender"], pair=r["pair"],
        duo=r["duo"], event=event, kind=r["kind"], portable=r["portable"], obj=obj,
        obj_short=short(obj, language, r["kind"]), obj_en=obj_en, other=other, other_en=other_en,
        other_gender=r["other_gender"], places=names, event_place=event_place, time=_time(text), era=era,
        weather=cues.weather(text), mood=cues.mood(text),
    )


def _cross(language: str, r: dict) -> tuple[str, str, str, str]:
    """Role, object, other and event in the script's language when the idea is in the other one."""
    kind = r["kind"] if r["kind"] in _CROSS else "generic"
    if language == "zh":
        role = _zh(r["role_en"]) or _zh(r["role_en"].split(" ")[-1]) or "旅人"
        obj = _zh(r["obj_en"]) or _zh(r["obj_en"].split(" ")[-1])
        other = _zh(r["other_en"]) or _zh(r["other_en"].split(" ")[-1])
        template = _CROSS[kind][1]
        needs = {"{obj}": obj, "{other}": other}
        if any(key in template and not value for key, value in needs.items()):
            template = _CROSS["generic"][1]
        return role, obj, other, template.format(obj=obj, other=other)
    obj, other = r["obj_en"], r["other_en"]
    template = _CROSS[kind][0]
    if ("obj}" in template and not obj) or ("other}" in template and not other):
        template = _CROSS["generic"][0]
    event = template.format(obj=obj, a_obj=with_article(obj), other=other, a_other=with_article(other))
    return r["role_en"], obj, other, event


def _zh(english: str) -> str:
    """Chinese for known English words, else ``""``."""
    chinese = to_zh(english, DETERMINERS, PREPOSITIONS) if english else ""
    return "" if chinese.isascii() else chinese


def short(obj: str, language: str, kind: str = "find") -> str:
    """A short form of the key object for dialogue: ≤4 Chinese characters or ≤3 English words (``""`` for facts)."""
    if not obj or kind in FACT_KINDS:
        return ""
    if language == "zh" and detect_language(obj) == "zh":
        if len(obj) <= 4:
            return obj
        tail = obj.split("的")[-1]
        return tail if 0 < len(tail) <= 4 else obj[-2:]
    words = obj.split(" ")
    if len(words) <= 3:
        return obj[:24]
    head = []
    for w in words:
        if w.lower() in PREPOSITIONS:
            break
        head.append(w)
    return " ".join((head or words)[-2:])[:24]


def _places(text: str) -> list[tuple[int, str, tuple[str, ...]]]:
    """(position, place name, the words that chose it) for each place the idea names, in order of mention.

    Where two places' words overlap ("大学生": 大学 and 学生), the one that starts first (then the
    longer) wins, so a college student does not also bring a school classroom.
    """
    lower = text.lower()
    hits = []
    for place in PLACES:
        hits += [(m.start(), m.end(), place.name, w) for w in place.en_words
                 for m in re.finditer(rf"\b{re.escape(w)}(e?s)?\b", lower)]
        hits += [(m.start(), m.end(), place.name, w) for w in place.zh_words for m in re.finditer(re.escape(w), lower)]
    taken: list[tuple[int, int]] = []
    found: dict[str, tuple[int, list[str]]] = {}
    for start, end, name, word in sorted(hits, key=lambda h: (h[0], h[0] - h[1])):
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        found.setdefault(name, (start, []))[1].append(word)
    return sorted((start, name, tuple(words)) for name, (start, words) in found.items())


def _time(text: str) -> str:
    lower = text.lower()
    for time, words in TIME_WORDS:
        if any((re.search(rf"\b{w}\b", lower) if w.isascii() else w in lower) for w in words):
            return time
    return ""
