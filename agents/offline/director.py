"""The offline director: one scene's shots, sized so that all scenes' shots add up to the film.

Coverage: an establishing wide (EWS on a location change, else WS), an action shot for the scene's
beat, one shot per dialogue line (shot / reverse-shot, over the shoulder when someone listens),
and inserts, reactions and two-shots to fill longer scenes; the last scene ends on a pull-back.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from agents.critics.pacing import speaking_seconds
from agents.critics.seeds import character_seed, location_seed
from agents.offline.idea import read_idea
from agents.offline.kinds import FACT_KINDS
from agents.offline.language import pick
from agents.offline.lines import usable
from agents.offline.places import PLACE_BY_NAME
from agents.offline.shotwords import (
    NEGATIVE_PROMPT,
    actions_for,
    fix_adjacent,
    label,
    prompt_for,
    time_words,
)
from agents.offline.story import beat_plan, main_beat, scene_span
from agents.schemas import Brief, Character, DialogueLine, Scene, Script, Shot

MIN_SHOT = 1.5
MAX_SHOT = 8.0
_TYPICAL = 3.5
_FILLERS = ("insert", "reaction", "tension", "two_shot")


@dataclass
class _Slot:
    kind: str
    size: str
    angle: str
    move: str
    characters: list[str] = field(default_factory=list)
    line: DialogueLine | None = None
    shortest: float = MIN_SHOT
    preferred: float = _TYPICAL


def plan_shots(brief: Brief, script: Script, scene: Scene) -> list[Shot]:
    """Plan ``scene``'s shots from the brief and the script alone (safe to run for all scenes in parallel).

    Steps: 1. the scene's place in the story and its share of the film; 2. one slot per dialogue
    line; 3. enough other slots to fill the share; 4. order and vary them; 5. durations in whole
    frames; 6. prompts, seeds and ids.

    Args:
        brief: The brief (duration, fps, style, seed).
        script: The whole script.
        scene: The scene to cover.

    Returns:
        The shots, in order, ids ``S<scene:02>-<n:02>``.
    """
    # 1. the scene in the story
    index = next((i for i, s in enumerate(script.scenes) if s.number == scene.number), len(script.scenes))
    n = len(script.scenes)
    beats = beat_plan(n)[index] if index < n else ("development",)
    beat = main_beat(beats)
    previous = script.scenes[index - 1] if 0 < index <= n else None
    new_place = previous is None or previous.location != scene.location
    final = index >= n - 1
    names = list(dict.fromkeys(scene.characters + [line.speaker for line in scene.dialogue]))
    start, end = scene_span(brief, script, scene)
    total_frames = max(1, round(end * brief.fps) - round(start * brief.fps))
    share = total_frames / brief.fps
    tension = beat in ("inciting", "turn")
    # 2. dialogue: shot / reverse-shot
    lines: list[_Slot] = []
    times_seen: dict[str, int] = {}
    for line in scene.dialogue:
        listener = next((c for c in names if c != line.speaker), None)
        seen = times_seen[line.speaker] = times_seen.get(line.speaker, -1) + 1
        side = "camera left" if names.index(line.speaker) % 2 == 0 else "camera right"
        need = max(MIN_SHOT, speaking_seconds(line.text))
        lines.append(_Slot(
            "line", ("MCU", "CU")[seen % 2], f"over the shoulder, {side}" if listener else "eye level",
            "handheld" if tension else "static", [line.speaker] + ([listener] if listener else []),
            line, need, need + 0.6,
        ))
    # 3. other coverage, enough to fill the share at a typical length
    spare = share - sum(s.preferred for s in lines)
    count = max(1, round(spare / _TYPICAL), math.ceil((share - MAX_SHOT * len(lines)) / MAX_SHOT))
    count = max(1, min(count, int(spare // MIN_SHOT))) if spare >= MIN_SHOT else 1
    if count == 1 and spare >= 2 * MIN_SHOT + 0.5 and names:
        count = 2
    others = _other_slots(count, index, beat, names, new_place, final, f"{brief.seed}:{scene.number}")
    # 4. order: establish, action, lines with fillers between them, closing
    head, fillers, tail = others[:2], others[2:], []
    if fillers and fillers[-1].kind == "closing":
        tail = [fillers.pop()]
    slots = head + _interleave(lines, fillers) + tail
    fix_adjacent(slots, final)
    # 5. durations in whole frames that add up to the share
    frames = _frames(slots, total_frames, brief.fps)
    # 6. shots
    language = "zh" if script.language.lower().startswith("zh") else "en"  # the words we have
    idea = read_idea(brief.idea, language)
    place = PLACE_BY_NAME.get(scene.location)
    location = script.location(scene.location)
    look = location.look if location else scene.location.lower()
    cast = {name: script.character(name) or Character(name=name, description=name) for name in names}
    shots = []
    for i, (slot, count_frames) in enumerate(zip(slots, frames), start=1):
        words = {
            "lead": names[0] if names else "", "other": names[1] if len(names) > 1 else "",
            "speaker": slot.characters[0] if slot.characters else "",
            "listener": slot.characters[1] if len(slot.characters) > 1 else "",
            "obj": "" if idea.kind in FACT_KINDS else idea.obj,
            "place": place.zh if place and language == "zh" else scene.location.lower(),
            "time": time_words(scene.time_of_day, language),
            "at_place": f"{place.prep if place else 'at'} the {scene.location.lower()}",
        }
        words_en = dict(words, obj="" if idea.kind in FACT_KINDS else idea.obj_en, place=scene.location.lower(),
                        time=time_words(scene.time_of_day, "en"))
        for role in ("lead", "other", "speaker", "listener"):
            words_en[role] = label(cast[words[role]]) if words[role] in cast else ""
        action = _action(slot, beat, idea.story, language, index, words)
        action_en = _action(slot, beat, idea.story, "en", index, words_en)
        prompt = prompt_for(slot.size, slot.angle, slot.move, [cast[c] for c in slot.characters],
                            action_en, look, scene, brief.style)
        shots.append(Shot(
            id=f"S{scene.number:02d}-{i:02d}", scene=scene.number, size=slot.size, angle=slot.angle,
            move=slot.move, duration=round(count_frames / brief.fps, 4), characters=list(slot.characters),
            action=action, prompt=prompt, negative_prompt=NEGATIVE_PROMPT,
            seed=(character_seed(brief.seed, slot.characters[0]) if slot.characters
                  else location_seed(brief.seed, scene.location)),
            dialogue=slot.line.model_copy() if slot.line else None,
        ))
    return shots


def _other_slots(count: int, index: int, beat: str, names: list[str], new_place: bool, final: bool,
                 key: str) -> list[_Slot]:
    lead, other = (names[0] if names else None), (names[1] if len(names) > 1 else None)
    wide = "EWS" if new_place else "WS"
    angles = ("high angle", "aerial view") if new_place else ("eye level", "slightly high angle")
    angle = angles[index % 2]
    slots = [_Slot("establish", wide, angle, pick(("pan", "zoom"), key, "establish"),
                   [] if new_place or not names else list(names))]
    if count >= 2 and lead:
        move = {"inciting": "dolly", "turn": "dolly", "development": "handheld"}.get(beat, "static")
        shared = ("development", "turn", "resolution") + (("setup",) if index > 0 else ())
        together = other and beat in shared
        slots.append(_Slot("action", "MS", "low angle" if beat == "turn" else "eye level", move,
                           [lead] + ([other] if together else [])))
    closing = final and count >= 3 and lead
    start = int(pick(range(len(_FILLERS)), key, "fillers"))
    kinds = [k for k in _FILLERS[start:] + _FILLERS[:start] if other or k in ("insert", "tension")]
    if not lead:
        kinds = ["insert"]
    solo, pair = [c for c in (lead,) if c], [c for c in (lead, other) if c]
    framing = {
        "insert": ("ECU", "top-down", "zoom", []),
        "reaction": ("MCU", "eye level, camera right", "static", [c for c in (other,) if c]),
        "tension": ("MCU", "low angle", "dolly", solo),
        "two_shot": ("MS", "eye level, profile", "static", pair),
    }
    while len(slots) < count - (1 if closing else 0):
        kind = kinds[(len(slots) - 2) % len(kinds)] if len(slots) >= 2 else "insert"
        size, angle, move, who = framing[kind]
        slots.append(_Slot(kind, size, angle, move, list(who)))
    if closing:
        slots.append(_Slot("closing", "WS", "high angle", "dolly", [lead]))
    return slots


def _interleave(lines: list[_Slot], fillers: list[_Slot]) -> list[_Slot]:
    """Lines in order with the fillers spread evenly between (and after) them."""
    if not lines:
        return list(fillers)
    gaps: dict[int, list[_Slot]] = {}
    for q, filler in enumerate(fillers):
        after = min(len(lines), round((q + 1) * len(lines) / (len(fillers) + 1)) or 1)
        gaps.setdefault(after, []).append(filler)
    out: list[_Slot] = []
    for j, line in enumerate(lines, start=1):
        out.append(line)
        out += gaps.get(j, [])
    return out


def _frames(slots: list[_Slot], total: int, fps: int) -> list[int]:
    """Whole-frame durations, each within its shortest..8 s, by preference, adding up to ``total``."""
    total = max(len(slots), total)
    cap = 30 * fps  # Shot.duration's upper bound
    low = [min(cap, math.ceil(s.shortest * fps - 1e-6)) for s in slots]
    high = [min(cap, max(lo, math.floor(max(MAX_SHOT, s.shortest) * fps))) for lo, s in zip(low, slots)]
    if sum(low) >= total:  # too little time: shrink in proportion (a shot can then be under 1.5 s)
        exact = [total * lo / sum(low) for lo in low]
        low, high = [1] * len(slots), [total] * len(slots)
    else:
        lo_s, hi_s = 0.0, 1000.0
        for _ in range(60):
            mid = (lo_s + hi_s) / 2
            got = sum(min(h, max(lo, s.preferred * fps * mid)) for s, lo, h in zip(slots, low, high))
            lo_s, hi_s = (mid, hi_s) if got < total else (lo_s, mid)
        exact = [min(h, max(lo, s.preferred * fps * hi_s)) for s, lo, h in zip(slots, low, high)]
    frames = [max(lo, min(h, math.floor(x))) for x, lo, h in zip(exact, low, high)]
    order = sorted(range(len(slots)), key=lambda i: (-(exact[i] - math.floor(exact[i])), i))
    while sum(frames) != total:
        step = 1 if sum(frames) < total else -1
        room = [i for i in order if low[i] <= frames[i] + step <= high[i]]
        if not room:
            break
        for i in room[: abs(total - sum(frames))]:
            frames[i] += step
    return frames


def _action(slot: _Slot, beat: str, kind: str, language: str, index: int, words: dict) -> str:
    """What a shot shows, in ``language``: the story kind's own action when it fits, else a generic one."""
    if slot.kind == "action":
        name = beat + ("_with" if len(slot.characters) > 1 else "")
    elif slot.kind == "line":
        name = "line_to" if len(slot.characters) > 1 else "line_alone"
    elif slot.kind == "establish":
        name = "establish_people" if slot.characters else "establish"
    else:
        name = slot.kind
    own, *generic = actions_for(kind, name, language)
    pool = usable([own], words) + usable(generic, words) if own else usable(generic, words)
    if not pool:
        pool = usable(actions_for("generic", name, language), words) or ["{lead}"]
    first = pool[0] if own and pool[0] == own else pool[index % len(pool)]
    return first.format(**words)
