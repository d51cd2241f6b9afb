"""Read an idea with simple, documented heuristics: who it is about, what happens, where and when.

English (first sentence only):
  - the *verb* is the first word found in a small verb lexicon (with -s/-es/-ies/-ed/-ing forms
    and common irregulars) that follows at least one non-article word; a verb inside a relative
    clause ("a girl *who loves* robots *builds*…") is skipped;
  - the *protagonist* is the noun phrase before it (or before ``who/that/which``), articles and
    number words stripped, at most three words: "A lighthouse keeper finds…" → ``lighthouse keeper``;
    "Two robots…" → ``robot`` (and the second character is another robot); she/he → woman/man;
  - the *key object* is the noun phrase after the verb, up to a conjunction, punctuation or an
    article that does not follow a preposition: "…finds a message in a bottle" → ``message in a bottle``.
Chinese:
  - strip a leading 一个/一位/一名/有个/一只/一群/某个…;
  - the *protagonist* runs up to the first marker (在/发现/找到/遇到/决定/收到…) after position 0;
    when it holds 的, only what follows the last 的 ("在海边长大的女孩" → 女孩);
  - the *key object* follows the last object verb (发现/找到/收到/捡到…), with 了/着/过 and a
    numeral + classifier stripped: "在瓶子里发现了一封信" → ``信``;
  - English words for prompts come from a small glossary (greedy longest match).
Anything else (no verb found, other scripts) falls back to a generic protagonist and the idea's
first words as the key object, so every idea yields a story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents.offline.language import detect_language
from agents.offline.lexicon import (
    CLAUSE_WORDS,
    DETERMINERS,
    GLOSSARY,
    IRREGULAR_VERBS,
    NUMBER_WORDS,
    PARTICLES,
    PLACES,
    PREPOSITIONS,
    PRONOUNS,
    ROLES,
    TIME_WORDS,
    VERBS,
    ZH_OBJECT_VERBS,
    ZH_SUBJECT_MARKERS,
)

_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?|\d+|[,.;:!?]")
_ZH_LEAD = re.compile(r"^(有一个|有一位|有个|有位|一个|一位|一名|一只|一群|一条|一头|某个|某位|这个|那个)")
_ZH_CLASSIFIER = re.compile(r"^(了|着|过)?(一|两|三|这|那|几)?(个|只|封|张|条|本|把|件|位|块|首|座|颗|支|台|辆|"
                            r"头|片|杯|瓶|盒|份|篇|群|些|名|道|段)?")
_ZH_STOP = re.compile(r"[，。！？、,.!?；;：:]")
_PERSONS_EN = {"stranger", "friend", "neighbour", "neighbor", "shopkeeper", "guardian", "ghost", "someone"}
_MAX_SENTENCE = 200
_MAX_OBJECT = 40
_REVERSE = {en: zh for zh, en in sorted(GLOSSARY.items(), key=lambda kv: -len(kv[0]))}


@dataclass(frozen=True)
class Idea:
    """What the heuristics read from an idea, in the script's language (``*_en``: English, for prompts).

    Attributes:
        text: The idea's first sentence, trimmed.
        language: The script's language (``en`` or ``zh``).
        role: The protagonist's role (``lighthouse keeper`` / ``灯塔看守人``).
        role_en: The same in English.
        gender: ``f``/``m`` when the idea says (she, girl, 她…), else ``""``.
        pair: True for "two robots…": the second character shares the role.
        event: What happens, starting at the verb (``finds a message in a bottle``).
        obj: The key object or event (``message in a bottle`` / ``信``).
        obj_short: A short form for dialogue (≤3 words / ≤4 characters).
        obj_en: The key object in English.
        other: A second person the idea names (``stranger``), in the script's language, or ``""``.
        other_en: The same in English.
        places: Names of lexicon places the idea mentions, in order of mention.
        time: ``DAY``/``NIGHT``/``DAWN``/``DUSK`` when the idea says, else ``""``.
    """

    text: str
    language: str
    role: str
    role_en: str
    gender: str
    pair: bool
    event: str
    obj: str
    obj_short: str
    obj_en: str
    other: str
    other_en: str
    places: tuple[str, ...]
    time: str


def read_idea(idea: str, language: str) -> Idea:
    """Read ``idea`` (any language) for a script written in ``language`` (``en`` or ``zh``).

    Args:
        idea: The user's idea.
        language: The script's language, from ``resolve_language``.
    """
    text = " ".join(idea.split())
    first = re.split(r"(?<=[.!?。！？])\s*", text, maxsplit=1)[0].strip(" .!?。！？") or text
    first = first[:_MAX_SENTENCE]
    parts = _read_zh(first) if detect_language(first) == "zh" else _read_en(first)
    role, role_en, gender, pair, event, obj, obj_en, other, other_en = parts
    obj, obj_en = _clip(obj), _clip(obj_en)
    if language == "zh" and detect_language(first) != "zh":
        role, obj, other = _to_zh(role_en), _to_zh(obj_en), _to_zh(other_en) if other_en else ""
        event = f"遇到了{obj}"
    elif language == "en" and detect_language(first) == "zh":
        role, obj, other, event = role_en, obj_en, other_en, f"comes across the {obj_en}"
    return Idea(first, language, role, role_en, gender, pair, event, obj, _short(obj, language), obj_en,
                other, other_en, _places(text), _time(text))


def _clip(text: str) -> str:
    """At most ``_MAX_OBJECT`` characters (12 for Chinese), cut at a space when there is one."""
    limit = 12 if detect_language(text) == "zh" else _MAX_OBJECT
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut if len(cut) >= limit // 2 else text[:limit]


def _read_en(text: str) -> tuple:
    tokens = [(m.group(0), m.start()) for m in _TOKEN.finditer(text)]
    words = [w.lower().replace("’", "'") for w, _ in tokens]
    verb, relative = None, False
    for i, w in enumerate(words):
        if w in CLAUSE_WORDS and i > 0 and verb is None and w in {"who", "that", "which"}:
            relative = True
            continue
        if w in ",.;:!?":
            continue
        seen_content = any(x not in DETERMINERS and x not in NUMBER_WORDS for x in words[:i])
        if seen_content and _is_verb(w):
            if relative:
                relative = False
                continue
            verb = i
            break
    if verb is None:
        phrase = _en_object([w for w, _ in tokens[:7]]) or text[:40]
        event = f"comes across the {_clip(phrase)}"
        return "traveller", "traveller", "", False, event, phrase, phrase, "", ""
    subject = []
    for w in words[:verb]:
        if w in CLAUSE_WORDS or w in PREPOSITIONS or w in ",.;:!?":
            break
        subject.append(w)
    pair = any(w in NUMBER_WORDS for w in subject)
    subject = [w for w in subject if w not in DETERMINERS and w not in NUMBER_WORDS][-3:]
    if subject:
        subject[-1] = _singular(subject[-1].removesuffix("'s")) if pair else subject[-1].removesuffix("'s")
    gender = ""
    if len(subject) == 1 and subject[0] in PRONOUNS:
        gender = {"she": "f", "he": "m"}.get(subject[0], "")
        subject = [PRONOUNS[subject[0]] or "traveller"]
    role = " ".join(subject) or "traveller"
    head = subject[-1] if subject else ""
    gender = gender or (ROLES[head].gender if head in ROLES else "")
    event = text[tokens[verb][1]:].strip(" .!?")
    obj = _en_object([w for w, _ in tokens[verb + 1:]]) or "secret"
    obj_head = _before_prep(obj).split(" ")[-1].lower()
    person = obj_head in _PERSONS_EN or (obj_head in ROLES and ROLES[obj_head].kind == "person")
    other = _before_prep(obj) if person else ""
    return role, role, gender, pair, event, obj, obj, other, other


def _is_verb(w: str) -> bool:
    if w in IRREGULAR_VERBS or w in VERBS:
        return True
    stems = []
    if w.endswith("ies"):
        stems.append(w[:-3] + "y")
    if w.endswith("es"):
        stems.append(w[:-2])
    if w.endswith("s") and not w.endswith("ss"):
        stems.append(w[:-1])
    if w.endswith("ed"):
        stems += [w[:-1], w[:-2], w[:-3]]
    if w.endswith("ing"):
        stems += [w[:-3], w[:-3] + "e", w[:-4]]
    return any(s in VERBS for s in stems)


def _en_object(tokens: list[str]) -> str:
    words = [t.lower() for t in tokens]
    i = 0
    while i < len(words) and (words[i] in DETERMINERS or words[i] in PARTICLES or words[i] in PREPOSITIONS
                              or (i > 0 and words[i - 1] == "to" and _is_verb(words[i]))):
        i += 1
    phrase: list[str] = []
    for w, original in zip(words[i:], tokens[i:]):
        if w in ",.;:!?" or w in CLAUSE_WORDS or len(phrase) >= 5:
            break
        if w in DETERMINERS and phrase and phrase[-1].lower() not in PREPOSITIONS:
            break
        phrase.append(original)
    while phrase and (phrase[-1].lower() in PREPOSITIONS or phrase[-1].lower() in DETERMINERS):
        phrase.pop()
    return " ".join(phrase)


def _before_prep(phrase: str) -> str:
    out = []
    for w in phrase.split(" "):
        if w.lower() in PREPOSITIONS:
            break
        out.append(w)
    return " ".join(out) or phrase


def _singular(word: str) -> str:
    irregular = {"women": "woman", "men": "man", "children": "child", "people": "person", "wolves": "wolf"}
    if word in irregular:
        return irregular[word]
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _read_zh(text: str) -> tuple:
    body = _ZH_LEAD.sub("", text)
    gender = "f" if body.startswith("她") else "m" if body.startswith("他") else ""
    hits = [body.find(m, 1) for m in ZH_SUBJECT_MARKERS if body.find(m, 1) > 0]
    cut = min(hits) if hits else -1
    subject = body[:cut] if cut > 0 else ""
    subject = subject.split("的")[-1] if "的" in subject else subject
    subject = subject if len(subject) <= 6 else subject[-4:]
    if not subject or subject in ("她", "他", "我", "我们", "他们"):
        subject = {"f": "女人", "m": "男人"}.get(gender, "旅人")
    event = body[cut:] if cut > 0 else f"发现了{body[:8]}"
    verb_at = max(((body.rfind(v), v) for v in ZH_OBJECT_VERBS if body.rfind(v) > 0), default=None)
    tail = body[verb_at[0] + len(verb_at[1]):] if verb_at else (body[cut:] if cut > 0 else body)
    tail = _ZH_STOP.split(tail)[0]
    obj = _ZH_CLASSIFIER.sub("", tail, count=1).strip() or tail.strip() or "秘密"
    role_en = _to_en(subject) or "traveller"
    head = role_en.split(" ")[-1]
    gender = gender or (ROLES[head].gender if head in ROLES else "")
    obj_en = _to_en(obj) or "mysterious object"
    obj_head = obj_en.split(" ")[-1]
    person = obj_head in _PERSONS_EN or (obj_head in ROLES and ROLES[obj_head].kind == "person")
    other, other_en = (obj, obj_en) if person else ("", "")
    return subject, role_en, gender, False, event, obj, obj_en, other, other_en


def _to_en(text: str) -> str:
    """Greedy longest-match translation of known Chinese words; unknown characters are dropped."""
    out, i = [], 0
    keys = sorted(GLOSSARY, key=len, reverse=True)
    while i < len(text):
        word = next((k for k in keys if text.startswith(k, i)), None)
        if word:
            out.append(GLOSSARY[word])
            i += len(word)
        else:
            i += 1
    return " ".join(out)


def _to_zh(text: str) -> str:
    """Word-by-word Chinese for an English role or object when every content word is known."""
    words = text.lower().split(" ")
    prep = next((i for i, w in enumerate(words) if w in PREPOSITIONS), None)
    if prep is not None:  # "message in a bottle" -> 瓶子里的留言
        head, tail = _to_zh(" ".join(words[:prep])), _to_zh(" ".join(words[prep + 1:]))
        if not head.isascii() and not tail.isascii():
            where = {"in": "里", "inside": "里", "on": "上", "under": "下"}.get(words[prep], "")
            return f"{tail}{where}的{head}"
        return text
    content = [w for w in words if w and w not in DETERMINERS]
    if content and all(w in _REVERSE for w in content):
        return "".join(_REVERSE[w] for w in content)
    return text


def _short(obj: str, language: str) -> str:
    if language == "zh" and detect_language(obj) == "zh":
        if len(obj) <= 4:
            return obj
        tail = obj.split("的")[-1]
        return tail if 0 < len(tail) <= 4 else obj[-2:]
    words = obj.split(" ")
    short = obj if len(words) <= 3 else " ".join(_before_prep(obj).split(" ")[-2:])
    return short[:20]


def _places(text: str) -> tuple[str, ...]:
    lower = text.lower()
    found: list[tuple[int, str]] = []
    for place in PLACES:
        hits = [m.start() for w in place.en_words for m in re.finditer(rf"\b{re.escape(w)}(e?s)?\b", lower)]
        hits += [lower.find(w) for w in place.zh_words if w in lower]
        if hits:
            found.append((min(hits), place.name))
    return tuple(name for _, name in sorted(found))


def _time(text: str) -> str:
    lower = text.lower()
    for time, words in TIME_WORDS:
        if any((re.search(rf"\b{w}\b", lower) if w.isascii() else w in lower) for w in words):
            return time
    return ""
