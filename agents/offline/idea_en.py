"""Read an English idea's first sentence: protagonist, event, its kind, the key object and a second person.

- the *verb* is the first word found in a small verb lexicon (with -s/-es/-ies/-ed/-ing forms and
  common irregulars) that follows at least one non-article word and does not follow an article or
  a preposition ("in a *land*…"); a verb inside a relative clause ("a girl *who loves* robots
  *builds*…") is skipped;
- the *protagonist* is the noun phrase before it, articles and number words stripped, at most three
  words: "A lighthouse keeper finds…" → ``lighthouse keeper``; "Two robots…" → ``robot`` (a pair);
  "A father and son…" → ``father``, with ``son`` beside him (a duo); she/he → woman/man;
- the *kind* of event comes from every verb of the event (``kinds.kind_en``), and the *key object*
  is the noun phrase after the verb that decided it (past auxiliaries: "must *protect*"):
  "…finds a message in a bottle" → ``message in a bottle``; "learns to paint…" → ``paint``;
  "discovers her husband is a spy" → the fact;
- a person the object names ("protect the princess", "meets his hero") becomes the second character.
"""

from __future__ import annotations

import re

from agents.offline.cues import lead_gender_en
from agents.offline.glossary import PORTABLE
from agents.offline.kinds import FACT_KINDS, FACT_VERBS, kind_en, settle
from agents.offline.lexicon import (
    ADVERBS,
    CLAUSE_WORDS,
    DETERMINERS,
    NUMBER_WORDS,
    PARTICLES,
    PREPOSITIONS,
    PRONOUNS,
)
from agents.offline.places import PLACES
from agents.offline.roles import ROLES, role_of
from agents.offline.verbs_en import find_verb, is_verb, lemma, main_verb, verb_at

_TOKEN = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*|\d+|[,.;:!?]")
_PUNCT = set(",.;:!?")
_CONTINUE = {"of", "in", "inside", "from"}  # "message in a bottle", "sense of taste", "letter from home"
_BEINGS = {"stranger", "friend", "neighbour", "neighbor", "shopkeeper", "guardian", "ghost", "someone",
           "hero", "idol", "assistant", "baby", "customer"}
_DEAD = {"dead", "late", "deceased"}
_PLACE_WORDS = {w for place in PLACES for w in place.en_words}


def read_en(text: str) -> dict:
    """The parts of an English idea (see ``agents.offline.idea.Idea`` for what each key means)."""
    tokens = [(m.group(0), m.start()) for m in _TOKEN.finditer(text)]
    words = [w.lower().replace("’", "'") for w, _ in tokens]
    verb = find_verb(words)
    if verb is None:
        return _unread(text, words)
    lead, other_words, pair = _subject(words[:verb])
    duo = bool(other_words) and not pair
    gender = ""
    if len(lead) == 1 and lead[0] in PRONOUNS:
        gender = {"she": "f", "he": "m"}.get(lead[0], "")
        lead = [PRONOUNS[lead[0]] or "traveller"]
    role = " ".join(lead) or "traveller"
    gender = gender or lead_gender_en(role, words[verb:])
    event = text[tokens[verb][1]:].strip(" .!?")
    lemmas = [(i, lemma(words[i])) for i in range(verb, len(words)) if verb_at(words, i, verb)]
    fact_at = next((i for i, base in lemmas if base in FACT_VERBS and _fact_follows(words, i)), -1)
    learn_at = next((i for i, base in lemmas if base in ("learn", "teach") and
                     words[i + 1:i + 2] in (["to"], ["how"])), -1)
    kind, at = kind_en(lemmas, " ".join(words), pair, fact_at >= 0, learn_at)
    at = main_verb(words, at)
    originals = [w for w, _ in tokens]
    if kind == "skill":
        obj = _skill(originals[learn_at + 1:] if learn_at >= 0 else originals[at + 1:]) or "something new"
    elif kind in FACT_KINDS and fact_at >= 0:
        obj = _fact(originals[fact_at + 1:])
    else:
        obj = _object(_after_idiom(originals[at + 1:]))
    if words[at + 1:at + 2] == ["one"]:  # "a girl who loves robots builds one"
        obj = _antecedent(words[:at]) or obj
    portable = kind == "find" and _head(obj).lower() in PORTABLE
    if duo:
        other = " ".join(other_words)
    elif pair:
        other = role
    else:
        other = _person(obj, kind)
    if kind in ("romance", "meet", "reunion") and not other and not pair:
        kind = "care" if role_of(_head(obj)).kind == "animal" else "generic"  # befriends a dragon
    return _parts(role, gender, pair, duo, event, settle(kind, pair, other), portable, obj, other,
                  role_of(other).gender)


def _unread(text: str, words: list[str]) -> dict:
    """An idea with no verb the reader knows ("the sea", "Love"): someone comes across what it names."""
    if len(words) == 1 and words[0] in PRONOUNS:
        role = PRONOUNS[words[0]] or "traveller"
        return _parts(role, {"she": "f", "he": "m"}.get(words[0], ""), False, False, "faces the unexpected",
                      "generic", False, "", "", "")
    shown = " ".join(text.split()[:6]).strip(" .!?") or text.strip()[:40]
    shown = shown.lower() if shown.isupper() else shown
    first, _, rest = shown.partition(" ")
    if first.lower() in DETERMINERS:
        shown = f"{first.lower()} {rest}".strip()
    obj = _object(shown.split(" ")) or ("" if shown.lower() in DETERMINERS else shown[:40])
    return _parts("traveller", "", False, False, f"comes across {shown}", "generic", False, obj, "", "")


def _parts(role, gender, pair, duo, event, kind, portable, obj, other, other_gender) -> dict:
    return {"role": role, "role_en": role, "gender": gender, "pair": pair, "duo": duo, "event": event,
            "kind": kind, "portable": portable, "obj": obj, "obj_en": obj, "other": other, "other_en": other,
            "other_gender": other_gender}


def _subject(words: list[str]) -> tuple[list[str], list[str], bool]:
    """The lead's words, a co-subject's words ("a father *and son*"), and whether they are a pair ("two…")."""
    phrase: list[str] = []
    for w in words:
        if (w in CLAUSE_WORDS and w != "and") or w in PREPOSITIONS or w in _PUNCT:
            break
        phrase.append(w)
    lead_part, _, other_part = " ".join(phrase).partition(" and ")
    pair = any(w in NUMBER_WORDS for w in lead_part.split())
    lead = [w for w in lead_part.split() if w not in DETERMINERS and w not in NUMBER_WORDS][-3:]
    if lead:
        last = lead[-1].removesuffix("'s")
        lead[-1] = _singular(last) if pair else last
    other = [w for w in other_part.split() if w not in DETERMINERS and w not in NUMBER_WORDS][-3:]
    return lead, other, pair


def _singular(word: str) -> str:
    irregular = {"women": "woman", "men": "man", "children": "child", "people": "person", "wolves": "wolf"}
    if word in irregular:
        return irregular[word]
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _antecedent(words: list[str]) -> str:
    """What "one" stands for: the last plural noun before the verb ("who loves robots builds one" → robot)."""
    for w in reversed(words):
        if w.endswith("s") and not is_verb(w) and w not in DETERMINERS | PREPOSITIONS | CLAUSE_WORDS:
            return _singular(w)
    return ""


def _fact_follows(words: list[str], i: int) -> bool:
    """True when a verb of finding out is followed by a clause: ``that``/``out``, or a verb soon after."""
    after = words[i + 1:i + 7]
    if after[:1] in (["that"], ["out"], ["how"], ["why"]):
        return True
    for w in after:
        if w in _PUNCT or w in CLAUSE_WORDS:
            return False
        if w in ("is", "was", "are", "were", "has", "had", "will", "can", "isn't", "wasn't"):
            return True
    return False


def _fact(tokens: list[str]) -> str:
    words = list(tokens)
    while words and words[0].lower() in ("out", "that", "how", "why"):
        words.pop(0)
    kept = []
    for w in words:
        if w in _PUNCT or len(kept) >= 8:
            break
        kept.append(w)
    return " ".join(kept)


def _skill(tokens: list[str]) -> str:
    """The activity after "learns to": the verb and its object up to a preposition (``play the violin``)."""
    words = list(tokens)
    while words and words[0].lower() in ("to", "how"):
        words.pop(0)
    kept: list[str] = []
    for w in words:
        low = w.lower()
        if w in _PUNCT or low in PREPOSITIONS or low in CLAUSE_WORDS or low in ADVERBS or len(kept) >= 4:
            break
        kept.append(w)
    return " ".join(kept)


def _after_idiom(tokens: list[str]) -> list[str]:
    """Skip "in love with" / "for" after "falls", so the object is the person loved."""
    low = [t.lower() for t in tokens]
    for idiom in (["in", "love", "with"], ["in", "love"], ["for"]):
        if low[:len(idiom)] == idiom:
            return tokens[len(idiom):]
    return tokens


def _object(tokens: list[str]) -> str:
    """The noun phrase that opens ``tokens``, through "of/in/from" ("message in a bottle"), at most 5 words."""
    words = [t.lower() for t in tokens]
    i = 0
    while i < len(words) and (words[i] in DETERMINERS or words[i] in PARTICLES or words[i] in PREPOSITIONS
                              or words[i] in ADVERBS or (i > 0 and words[i - 1] == "to" and is_verb(words[i]))):
        i += 1
    phrase: list[str] = []
    for j in range(i, len(words)):
        w = words[j]
        if w in _PUNCT or w in CLAUSE_WORDS or len(phrase) >= 5 or w in ADVERBS:
            break
        if w in PREPOSITIONS and (w not in _CONTINUE or _being(" ".join(phrase)) or _place_follows(words, j)):
            break
        if w in DETERMINERS and phrase and phrase[-1].lower() not in PREPOSITIONS:
            break
        if phrase and verb_at(words, j, None):
            break
        phrase.append(tokens[j])
    while phrase and (phrase[-1].lower() in PREPOSITIONS or phrase[-1].lower() in DETERMINERS):
        phrase.pop()
    return " ".join(phrase)


def _place_follows(words: list[str], j: int) -> bool:
    """True when a place comes right after the preposition at ``j`` ("memory *in a hospital*")."""
    k = j + 1
    while k < len(words) and words[k] in DETERMINERS:
        k += 1
    return k < len(words) and (words[k] in _PLACE_WORDS or _singular(words[k]) in _PLACE_WORDS)


def _head(phrase: str) -> str:
    """The head noun: the last word before a preposition (``message`` in ``message in a bottle``)."""
    head = []
    for w in phrase.split(" "):
        if w.lower() in PREPOSITIONS:
            break
        head.append(w)
    return head[-1] if head else ""


def _being(phrase: str) -> bool:
    words = phrase.lower().split()
    return bool(words) and (words[-1] in _BEINGS or role_of(phrase).kind in ("person", "robot", "ai")
                            and any(" ".join(words[i:]) in ROLES for i in range(len(words))))


def _person(obj: str, kind: str) -> str:
    """The second character an object names ("the princess", "his hero"), without possessives; else ``""``.

    For a fact ("her husband is a spy") it is the person the fact opens with; for a meeting or a
    romance any noun that is not a place or a thing will do ("falls for a customer").
    """
    if kind in FACT_KINDS:
        words = [w for w in obj.split(" ") if w.lower() not in DETERMINERS]
        for n in (2, 1):
            if len(words) >= n and _being(" ".join(words[:n])):
                return " ".join(words[:n])
        return ""
    head_phrase = []
    for w in obj.split(" "):
        if w.lower() in PREPOSITIONS:
            break
        head_phrase.append(w)
    words = [w for w in head_phrase if w.lower() not in DETERMINERS]
    if not words or _DEAD & {w.lower() for w in words}:
        return ""
    last = words[-1].lower()
    loose = (kind in ("romance", "meet", "reunion") and role_of(last).kind == "person" and last not in PORTABLE
             and last not in _PLACE_WORDS and last not in ROLES)
    if not (_being(" ".join(words)) or loose):
        return ""
    return " ".join(words[-2:]) if " ".join(words[-2:]).lower() in ROLES else words[-1]
