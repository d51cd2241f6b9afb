"""Read a Chinese idea's first sentence: protagonist, event, its kind, the key object and a second person.

- drop an opening setting phrase before a comma ("公司年会上，…"); strip a leading 一个/一位/一名/
  有个/一只/某个…; 两个/两位/一对… make the protagonist a pair;
- the *protagonist* runs up to the first marker (在/发现/找到/遇到/认出/相遇…) after position 0;
  when it holds 的, only what follows the last 的 ("宫廷里的皇后" → 皇后, "刚入职的实习生" → 实习生);
- the *event* runs from that marker to the end ("在雨夜的便利店里相遇");
- the *key object* follows the last object verb (发现/找到/收到/认出/救…) in the event, with 了/着/过,
  a directional complement (救*下*) and a numeral + classifier stripped: "在瓶子里发现了一封信" → ``信``;
  it may be a clause ("发现太子被人下毒" → ``太子被人下毒``), which makes the event a ``secret``;
- a person at the head of the object ("失散多年的妹妹" → 妹妹, "太子被人下毒" → 太子), else its owner
  ("经理的谎言" → 经理), else a person named elsewhere in the event ("给女儿扎辫子" → 女儿) becomes
  the second character; English words for prompts come from the glossary (greedy longest match).
"""

from __future__ import annotations

import re

from agents.offline.cues import gender_zh, lead_gender_zh
from agents.offline.glossary import PORTABLE, first_word, to_en
from agents.offline.kinds import is_clause_zh, kind_zh, settle
from agents.offline.lexicon import ZH_OBJECT_VERBS, ZH_PAIR, ZH_SUBJECT_MARKERS
from agents.offline.roles import ROLES, role_of

_ZH_LEAD = re.compile(r"^(有一个|有一位|有个|有位|一个|一位|一名|一只|一群|一条|一头|某个|某位|这个|那个)")
_ZH_CLASSIFIER = re.compile(r"^(了|着|过)?(一|两|三|这|那|几)?(个|只|封|张|条|本|把|件|位|块|首|座|颗|支|台|辆|"
                            r"头|片|杯|瓶|盒|份|篇|群|些|名|道|段|对)?")
_ZH_COMPLEMENT = re.compile(r"^(下|出|起|回|上|走|好)(?=了|一|两|这|那|个|只|位|名)")
_ZH_STOP = re.compile(r"[，。！？、,.!?；;：:]")
_PRONOUNS = {"她": "女人", "他": "男人", "我": "旅人", "我们": "旅人", "他们": "旅人", "她们": "旅人"}
_DEAD = ("死去的", "去世的", "已故的", "过世的")
_MAX_OBJECT = 12
_SETTING_ENDS = ("上", "里", "中", "时", "后", "前", "那天", "那年", "当天", "之夜")


def read_zh(text: str) -> dict:
    """The parts of a Chinese idea (see ``agents.offline.idea.Idea`` for what each key means)."""
    body = _ZH_LEAD.sub("", _drop_setting(text))
    pair = body.startswith(ZH_PAIR)
    if pair:
        body = body[2:]
    hits = [body.find(m, 1) for m in ZH_SUBJECT_MARKERS if body.find(m, 1) > 0]
    cut = min(hits) if hits else -1
    subject = body[:cut] if cut > 0 else ""
    subject = subject.split("的")[-1] if "的" in subject else subject
    subject = subject if len(subject) <= 6 else subject[-4:]
    event = body[cut:] if cut > 0 else f"发现了{body[:8]}"
    gender = lead_gender_zh(subject, event)
    if not subject or subject in _PRONOUNS or subject in ZH_SUBJECT_MARKERS:
        subject = _PRONOUNS.get(subject, "旅人") if gender == "" else {"f": "女人", "m": "男人"}[gender]
    verb, obj = _object(event)
    kind = kind_zh(body, obj, verb, pair)
    role_en = to_en(subject) or (subject if subject.isascii() else "") or "traveller"
    gender = gender or role_of(role_en).gender
    clause = is_clause_zh(obj)
    obj_en = "" if clause else to_en(obj)
    other = subject if pair else (_person(obj, clause) or _named(event, obj))
    if kind in ("romance", "meet", "reunion") and not other:  # met a fox, not a person
        kind = "care" if role_of(obj_en).kind == "animal" else "find"
    kind = settle(kind, pair, other)
    other_en = to_en(other) if other else ""
    head_en = obj_en.split(" ")[-1] if obj_en else ""
    return {"role": subject, "role_en": role_en, "gender": gender, "pair": pair, "duo": False, "event": event,
            "kind": kind, "portable": kind == "find" and head_en in PORTABLE, "obj": obj, "obj_en": obj_en,
            "other": other, "other_en": other_en,
            "other_gender": (gender_zh(other) or role_of(other_en).gender) if other else ""}


def _person(obj: str, clause: bool) -> str:
    """A person the object names: the clause's subject (``太子``被人下毒) or the head noun (失散多年的``妹妹``)."""
    if any(d in obj for d in _DEAD):
        return ""
    if clause:
        candidates = [first_word(obj)]
    else:  # the head noun (失散多年的妹妹), else its owner (经理的谎言)
        parts = obj.split("的")
        candidates = [parts[-1]] + ([parts[-2]] if len(parts) > 1 else [])
    for candidate in candidates:
        if candidate and first_word(candidate) == candidate and _is_being(candidate):
            return candidate
    return ""


def _named(event: str, obj: str) -> str:
    """A person the event names somewhere else ("给*女儿*扎辫子", "教*孩子*们读书"), if any."""
    for i in range(len(event)):
        word = first_word(event[i:])
        if word and word not in obj and _is_being(word):
            return word
    return ""


def _is_being(word: str) -> bool:
    english = to_en(word)
    return english.lower() in ROLES and role_of(english).kind in ("person", "robot", "ai", "alien")


def _drop_setting(text: str) -> str:
    """Drop an opening setting phrase before a comma ("公司年会上，实习生…" → "实习生…")."""
    head, sep, rest = text.partition("，")
    if sep and rest and len(head) <= 8 and head.endswith(_SETTING_ENDS):
        return rest
    return text


def _object(event: str) -> tuple[str, str]:
    """The last object verb of the event and what follows it (up to punctuation), classifiers stripped."""
    found = [(event.rfind(v), v) for v in ZH_OBJECT_VERBS if event.rfind(v) >= 0]
    if not found:
        return "", ""
    at, verb = max(found, key=lambda hit: (hit[0] + len(hit[1]), len(hit[1])))
    tail = event[at + len(verb):]
    if len(verb) == 1:
        tail = _ZH_COMPLEMENT.sub("", tail)
    tail = _ZH_STOP.split(tail)[0]
    obj = _ZH_CLASSIFIER.sub("", tail, count=1).strip() or tail.strip()
    if len(obj) > _MAX_OBJECT:
        obj = obj[-_MAX_OBJECT:] if "的" in obj[-_MAX_OBJECT:] else obj[:_MAX_OBJECT]
    return verb, obj
