"""The offline writer: a three-act script, sized to the brief, built from the idea's own words."""

from __future__ import annotations

import re

from agents.critics.pacing import scene_weight
from agents.offline.cast import make_cast
from agents.offline.cues import dress_look
from agents.offline.dialogue import line_pool
from agents.offline.fields import place_fields, story_fields
from agents.offline.idea import Idea, read_idea
from agents.offline.language import line_fits, pick, resolve_language, stable_int
from agents.offline.lines import fill, finish_title, loglines, titles, usable
from agents.offline.looks import kind_of
from agents.offline.places import DEFAULT_PLACES, PLACE_BY_NAME, Place, suits
from agents.offline.story import beat_plan, scene_count, time_plan
from agents.offline.summaries import summary_pool
from agents.schemas import Brief, DialogueLine, Location, Scene, Script

_BASE_TIMES = ("DAY", "DAY", "DUSK", "NIGHT")
_LATIN = re.compile(r"[A-Za-z]")
_SOLO = re.compile(r"\balone\b|\bby (him|her|it)self\b|独自|一个人|孤身")


def idea_key(brief: Brief) -> str:
    """The hash key every offline choice derives from: the idea and the brief's seed."""
    return f"{' '.join(brief.idea.split())}\x1e{brief.seed}"


def write_script(brief: Brief) -> Script:
    """Write a script for ``brief`` without a model.

    Steps: 1. read the idea (protagonist, event and its kind, key object, places, era, weather, time);
    2. size the story (scenes, dialogue lines) to ``brief.duration``; 3. cast; 4. locations, the
    event's own place for the inciting scene; 5. scenes with beats, headings, summaries and dialogue;
    6. title and logline.

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
    characters, roles, genders = make_cast(idea, key, companion=n >= 2)
    names = [c.name for c in characters]
    lead, other = names[0], names[1] if len(names) > 1 else ""
    # 4. locations
    places = _places(idea, key, min(3, n))
    event_at = next((i for i, p in enumerate(places) if p.name == idea.event_place), None)
    at = _place_order(plan, len(places), event_at)
    inciting = next(i for i, beats in enumerate(plan) if "inciting" in beats)
    story = story_fields(idea, roles, names, genders, places[at[inciting]], times[0] == "NIGHT")
    tags = {idea.era, idea.weather} - {""}
    solo = bool(_SOLO.search(idea.text.lower()))  # "wakes up alone": nobody else in the inciting scene
    # 5. scenes
    counts = _line_counts(brief.duration, plan)
    used: set[str] = set()
    seen: dict[str, int] = {}  # how many scenes each summary pool has served, so long films vary
    scenes = []
    for i, beats in enumerate(plan):
        place = places[at[i]]
        alone = (not other or (i == 0 and beats == ("setup",)) or ("inciting" in beats and solo)
                 or (beats == ("inciting",) and n >= 4 and not idea.other))
        cast = [lead] if alone else [lead, other]
        fields = {**story, **place_fields(place, idea, times[i])}
        summary = _summary(idea, beats, fields, key, alone, seen)
        heard = tags | ({"two"} if len(cast) > 1 else set())  # lines said to someone need someone there
        dialogue = _dialogue(idea, beats, cast, counts[i], fields, key, i, used, heard)
        heading = f"{'INT.' if place.interior else 'EXT.'} {place.name} - {times[i]}"
        scenes.append(Scene(number=i + 1, heading=heading, location=place.name, characters=cast,
                            summary=summary, dialogue=dialogue))
    _fit_dialogue(scenes, brief.duration)
    # 6. title and logline
    fields = {**story, **place_fields(places[at[inciting]], idea, times[inciting])}
    own_titles, any_titles = titles(language, idea.story)
    return Script(
        title=finish_title(fill(own_titles, fields, key, "title", fallback=any_titles)),
        logline=fill(loglines(language, idea.kind), fields, key, "logline"),
        language=language,
        characters=characters,
        locations=[Location(name=p.name, look=dress_look(p.look, p.interior, idea.weather, idea.mood))
                   for p in places],
        scenes=scenes,
    )


def _places(idea: Idea, key: str, k: int) -> list[Place]:
    """Up to ``k`` places: the idea's own (its event's place among the first two), then places near them."""
    era = idea.era
    defaults = pick(DEFAULT_PLACES[era], key, "places")
    names = list(idea.places) or list(defaults)
    if idea.event_place in names[2:]:
        names.remove(idea.event_place)
        names.insert(1, idea.event_place)
    for name in list(names):
        names += [n for n in PLACE_BY_NAME[name].near if suits(PLACE_BY_NAME[n], era)]
    unique = list(dict.fromkeys(names))
    if len(unique) < k:
        unique += [n for n in defaults if n not in unique]
    return [PLACE_BY_NAME[name] for name in unique[:k]]


def _place_order(plan: list[tuple[str, ...]], k: int, event_at: int | None) -> list[int]:
    """Which place each scene is in: home first and last, the event's place for the inciting scene, and
    never the same place twice in a row when there is more than one."""
    n = len(plan)
    home = 1 if event_at == 0 and k > 1 and n >= 3 else 0
    cycle = [home] + [j for j in range(k) if j != home]
    order = [home if i == 0 or (i == n - 1 and n >= 3) else cycle[i % k] for i in range(n)]
    inciting = next(i for i, beats in enumerate(plan) if "inciting" in beats)
    if event_at is not None:
        order[inciting] = event_at
    for i in range(1, n):
        if k > 1 and order[i] == order[i - 1] and i != inciting:
            after = order[i + 1] if i + 1 == inciting else None
            order[i] = next(j for j in cycle if j != order[i - 1] and (j != after or k == 2))
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


def _summary(idea: Idea, beats: tuple[str, ...], fields: dict, key: str, alone: bool, seen: dict[str, int]) -> str:
    """A scene's summary, a sentence per beat: the story kind's own sentences first, then generic ones."""
    parts = []
    for beat in beats:
        name = beat
        if beat == "setup" and not alone and seen.get("setup"):
            name = "setup_with"
        elif alone and beat in ("development", "turn", "resolution"):
            name = f"{beat}_alone"
        own, generic = summary_pool(idea.language, idea.story, name)
        own, generic = usable(own, fields), usable(generic, fields)
        start = stable_int(key, "summary", name)
        pool = own[start % max(1, len(own)):] + own[:start % max(1, len(own))] + [g for g in generic if g not in own]
        parts.append(pool[seen.get(name, 0) % len(pool)].format(**fields))
        seen[name] = seen.get(name, 0) + 1
        seen[beat] = seen.get(beat, 0) + 1
    return ("" if idea.language == "zh" else " ").join(parts)


def _dialogue(idea: Idea, beats: tuple[str, ...], cast: list[str], count: int, fields: dict, key: str,
              i: int, used: set[str], tags: set[str]) -> list[DialogueLine]:
    """``count`` lines for a scene: the story kind's own lines first, then generic ones; never a line twice."""
    language = idea.language
    mute = kind_of(idea.other_en) == "animal" if idea.other else False  # a dog does not talk back
    out: list[DialogueLine] = []
    for j in range(count):
        beat = beats[min(len(beats) - 1, j * len(beats) // max(1, count))]
        speaker = "P" if len(cast) == 1 or mute or (i + j) % 2 == 0 else "C"
        texts = []
        for group in _groups(idea.story, beat, tags, speaker):
            start = stable_int(key, "line", i, j) % max(1, len(group))
            for entry in group[start:] + group[:start]:
                template = entry[2] if language == "zh" else entry[1]
                if not usable([template], fields):
                    continue
                text = template.format(**fields)
                if line_fits(text, language) and not (language == "zh" and _LATIN.search(text)):
                    texts.append(text)
        text = next((t for t in texts if t not in used), None)
        if text is None:  # every line that fits was said already: silence rather than a repeat
            continue
        used.add(text)
        out.append(DialogueLine(speaker=cast[0] if speaker == "P" else cast[1], text=text))
    return out


def _groups(kind: str, beat: str, tags: set[str], speaker: str) -> list[list[tuple[str, ...]]]:
    """The lines a speaker may say in a beat: the kind's own, then the generic ones (two groups)."""
    pool = [e for e in line_pool(kind, beat, tags) if e[0] == speaker]
    generic = [e for e in line_pool("generic", beat, tags) if e[0] == speaker]
    own = [e for e in pool if e not in generic]
    return [own, generic]


def _fit_dialogue(scenes: list[Scene], duration: float) -> None:
    """Drop lines (from the talkiest scene) until every scene's share can hold its lines' reading time."""
    def weight() -> float:
        return sum(scene_weight(s) for s in scenes)

    while weight() > 0.95 * duration and any(s.dialogue for s in scenes):
        talkiest = max(scenes, key=lambda s: (len(s.dialogue), -s.number))
        talkiest.dialogue.pop()
