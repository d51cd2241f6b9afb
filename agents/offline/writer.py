"""The offline writer: a three-act script, sized to the brief, built from the idea's own words."""

from __future__ import annotations

from agents.offline import lines
from agents.offline.cast import make_cast
from agents.offline.idea import Idea, read_idea
from agents.offline.language import line_fits, pick, read_seconds, resolve_language, stable_int
from agents.offline.lexicon import DEFAULT_PLACES, PLACE_BY_NAME, Place
from agents.offline.story import (
    SCENE_BASE_SECONDS,
    beat_plan,
    scene_count,
    time_plan,
)
from agents.schemas import Brief, DialogueLine, Location, Scene, Script

_BASE_TIMES = ("DAY", "DAY", "DUSK", "NIGHT")
_GENERIC_ROLES = {"woman", "man", "traveller", "person", "女人", "男人", "旅人"}


def idea_key(brief: Brief) -> str:
    """The hash key every offline choice derives from: the idea and the brief's seed."""
    return f"{' '.join(brief.idea.split())}\x1e{brief.seed}"


def write_script(brief: Brief) -> Script:
    """Write a script for ``brief`` without a model.

    Steps: 1. read the idea (protagonist, key object, places, time); 2. size the story (scenes,
    dialogue lines) to ``brief.duration``; 3. cast; 4. locations; 5. scenes with beats, headings,
    summaries and dialogue; 6. title and logline.

    Args:
        brief: What the user asked for.

    Returns:
        A validated script in ``en`` or ``zh`` (see ``resolve_language``).
    """
    # 1. read the idea
    language = resolve_language(brief.language, brief.idea)
    idea = read_idea(brief.idea, language)
    key = idea_key(brief)
    # 2. size the story
    n = scene_count(brief.duration)
    plan = beat_plan(n)
    times = time_plan(plan, idea.time or pick(_BASE_TIMES, key, "time"))
    # 3. cast: a second character whenever there is more than one scene
    characters, roles = make_cast(idea, key, companion=n >= 2)
    lead, other = characters[0].name, characters[-1].name if len(characters) > 1 else ""
    # 4. locations
    places = _places(idea, key, min(3, n))
    at = _place_order(n, len(places))
    # 5. scenes
    counts = _line_counts(brief.duration, plan)
    used: set[str] = set()
    scenes = []
    for i, beats in enumerate(plan):
        place = places[at[i]]
        alone = not other or (i == 0 and beats == ("setup",)) or (beats == ("inciting",) and n >= 4)
        cast = [lead] if alone else [lead, other]
        fields = _fields(idea, roles, lead, other, place, language)
        summary = _summary(language, beats, fields, key, i, alone)
        dialogue = _dialogue(language, beats, cast, counts[i], fields, key, i, used)
        heading = f"{'INT.' if place.interior else 'EXT.'} {place.name} - {times[i]}"
        scenes.append(Scene(number=i + 1, heading=heading, location=place.name, characters=cast,
                            summary=summary, dialogue=dialogue))
    _fit_dialogue(scenes, brief.duration)
    # 6. title and logline
    fields = _fields(idea, roles, lead, other, places[0], language)
    titles = lines.TITLES[language]
    if language == "zh" and len(idea.obj) < 3:
        titles = titles[:2]
    return Script(
        title=pick(titles, key, "title").format(**fields),
        logline=pick(lines.LOGLINES[language], key, "logline").format(**fields),
        language=language,
        characters=characters,
        locations=[Location(name=p.name, look=p.look) for p in places],
        scenes=scenes,
    )


def _places(idea: Idea, key: str, k: int) -> list[Place]:
    names = list(idea.places) or list(pick(DEFAULT_PLACES, key, "places"))
    for name in list(names):
        names += PLACE_BY_NAME[name].near
    names += pick(DEFAULT_PLACES, key, "places")
    unique = list(dict.fromkeys(names))
    return [PLACE_BY_NAME[name] for name in unique[:k]]


def _place_order(n: int, k: int) -> list[int]:
    order = [0 if i == 0 or (i == n - 1 and n >= 3) else i % k for i in range(n)]
    for i in range(1, n):
        if k > 1 and order[i] == order[i - 1]:
            order[i] = (order[i] + 1) % k
    return order


def _line_counts(duration: float, plan: list[tuple[str, ...]]) -> list[int]:
    """About one line per 7 s of film, more in the inciting and turning scenes, at most 6 a scene."""
    total = 0 if duration < 6 else round(duration / 7)
    weights = [1 + sum(b in ("inciting", "turn") for b in beats) for beats in plan]
    shares = [total * w / sum(weights) for w in weights]
    counts = [min(6, int(s)) for s in shares]
    by_remainder = sorted(range(len(plan)), key=lambda i: (-(shares[i] - int(shares[i])), i))
    for i in by_remainder[: max(0, total - sum(counts))]:
        counts[i] = min(6, counts[i] + 1)
    return counts


def _fields(idea: Idea, roles: list[str], lead: str, other: str, place: Place, language: str) -> dict:
    role = roles[0]
    zh = language == "zh"
    generic = role in _GENERIC_ROLES
    who = (f"{lead}和{other}" if zh else f"{lead} and {other}") if idea.pair and other else lead
    lead1 = lead if generic else (f"{role}{lead}" if zh else f"{role} {lead}")
    if zh:
        subject = who if generic else f"{role}{who}"
    elif idea.pair and other:
        subject = f"{who}, two {role}s,"
    else:
        subject = lead1
    obj_title = lines.title_case(idea.obj.removeprefix("the ").removeprefix("The "))
    return {
        "name": lead, "Name": lead, "name2": other or lead, "role": role, "who": who,
        "lead1": lead1, "Lead1": _cap(lead1), "Lead": _cap(subject), "Role_t": lines.title_case(role),
        "event": idea.event, "obj": idea.obj, "obj_s": idea.obj_short,
        "Obj": obj_title, "Obj_s": lines.title_case(idea.obj_short),
        "place": place.zh if zh else place.name.lower(),
        "place_l": place.zh if zh else place.name.lower(),
    }


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _summary(language: str, beats: tuple[str, ...], fields: dict, key: str, i: int, alone: bool) -> str:
    parts = []
    for beat in beats:
        pool_name = "alone" if alone and beat in ("development", "turn") else beat
        if beat == "setup" and not alone and i > 0:
            pool_name = "setup_with"
        if alone and beat == "resolution":
            pool = lines.SUMMARIES[(language, "resolution")][:1]
        else:
            pool = lines.SUMMARIES[(language, pool_name)]
        parts.append(pick(pool, key, "summary", i, beat).format(**fields))
    return ("" if language == "zh" else " ").join(parts)


def _dialogue(language: str, beats: tuple[str, ...], cast: list[str], count: int, fields: dict, key: str,
              i: int, used: set[str]) -> list[DialogueLine]:
    out: list[DialogueLine] = []
    for j in range(count):
        beat = beats[min(len(beats) - 1, j * len(beats) // max(1, count))]
        speaker = "P" if len(cast) == 1 or (i + j) % 2 == 0 else "C"
        pool = [entry for entry in lines.DIALOGUE[beat] if entry[0] == speaker]
        start = stable_int(key, "line", i, j) % len(pool)
        rotated = pool[start:] + pool[:start]
        texts = [(e[2] if language == "zh" else e[1]).format(**fields) for e in rotated]
        fitting = [t for t in texts if line_fits(t, language)] or [texts[0]]
        text = next((t for t in fitting if t not in used), fitting[0])
        used.add(text)
        out.append(DialogueLine(speaker=cast[0] if speaker == "P" else cast[1], text=text))
    return out


def _fit_dialogue(scenes: list[Scene], duration: float) -> None:
    """Drop lines (from the talkiest scene) until every scene's share can hold its lines' reading time."""
    def weight() -> float:
        return sum(SCENE_BASE_SECONDS + sum(read_seconds(d.text) for d in s.dialogue) for s in scenes)

    while weight() > 0.95 * duration and any(s.dialogue for s in scenes):
        talkiest = max(scenes, key=lambda s: (len(s.dialogue), -s.number))
        talkiest.dialogue.pop()
