"""English verbs for the idea reader: is a word a verb, its lemma, where the event's verb is.

A verb is a word of the small verb lexicon (``lexicon.VERBS``) in any of its -s/-es/-ies/-ed/-ing
forms, or a listed irregular form; "land" after "a" or "in" is a noun, not a verb.
"""

from __future__ import annotations

from agents.offline.lexicon import (
    ADVERBS,
    AUXILIARIES,
    DETERMINERS,
    IRREGULAR,
    NUMBER_WORDS,
    PREPOSITIONS,
    VERBS,
)

_PUNCT = set(",.;:!?")


def find_verb(words: list[str]) -> int | None:
    """The index of the event's verb: the first verb after the subject, outside a relative clause."""
    relative = False
    for i, w in enumerate(words):
        if w in ("who", "that", "which") and i > 0:
            relative = True
            continue
        if w in _PUNCT or not verb_at(words, i, None):
            continue
        if any(x not in DETERMINERS and x not in NUMBER_WORDS for x in words[:i]):
            if relative:
                relative = False
                continue
            return i
    return None


def verb_at(words: list[str], i: int, first: int | None) -> bool:
    """A verb, and not a noun in disguise: not right after an article or a preposition (``to`` aside)."""
    if not is_verb(words[i]):
        return False
    if i == first or i == 0:
        return i == first
    before = words[i - 1]
    return before not in DETERMINERS and (before not in PREPOSITIONS or before == "to")


def is_verb(w: str) -> bool:
    """True for a word the lexicon knows as a verb, in any form."""
    return bool(lemma(w))


def lemma(w: str) -> str:
    """The verb's base form (``found`` → ``find``, ``carries`` → ``carry``), or ``""`` for a non-verb."""
    if w in IRREGULAR:
        return IRREGULAR[w]
    if w in VERBS:
        return w
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
    return next((s for s in stems if s in VERBS), "")


def main_verb(words: list[str], at: int) -> int:
    """Past auxiliaries to the verb that carries the event ("must *protect*", "wants to *become*")."""
    while at + 1 < len(words) and lemma(words[at]) in AUXILIARIES:
        j = at + 1
        while j < len(words) and (words[j] in ("to", "not") or words[j] in ADVERBS):
            j += 1
        if j >= len(words) or not is_verb(words[j]):
            break
        at = j
    return at
