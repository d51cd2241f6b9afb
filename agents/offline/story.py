"""Structure and timing shared by the offline writer, director and editor.

The director plans each scene on its own (the scenes are planned in parallel), so everything it
needs to size a scene is computed here from the brief and the script alone: the scene's beats
(three-act structure), its weight and its share of the film, and the editor's title card and scene
transitions, whose overlaps the shots make up for.
"""

from __future__ import annotations

from itertools import pairwise

from agents.critics.pacing import scene_weight
from agents.schemas import Brief, Scene, Script

_TIME_CYCLE = ("DAY", "DUSK", "NIGHT", "DAWN")
CROSSFADE = 0.5
"""Seconds of crossfade between two scenes at the same time of day."""
FADE_BLACK = 1.0
"""Seconds of a fade through black: for a time jump, and from the title card (or black) into the film."""
MAX_EXTRA = 0.019
"""The shots may run at most this fraction off the target to make up for the title card and crossfades."""


def scene_count(duration: float) -> int:
    """Scenes for a film of ``duration`` seconds: one per ~10 s up to a minute, ~12 s beyond, 1-40.

    Args:
        duration: Target film length in seconds.
    """
    if duration < 8:
        return 1
    per_scene = 10.0 if duration <= 60 else min(12.0, 10.0 + 2.0 * (duration - 60) / 240)
    return max(1, min(40, round(duration / per_scene)))


def beat_plan(n: int) -> list[tuple[str, ...]]:
    """The beats each of ``n`` scenes plays: setup → inciting → (development) → turn → resolution.

    Short films fold beats together: one scene plays all four, two scenes play setup+inciting then
    turn+resolution, three play setup, inciting, turn+resolution. Longer films reach the inciting
    moment about 12% in and the turn about 70% in.

    Args:
        n: Number of scenes (1 or more).
    """
    if n <= 1:
        return [("setup", "inciting", "resolution")]
    if n == 2:
        return [("setup", "inciting"), ("turn", "resolution")]
    if n == 3:
        return [("setup",), ("inciting",), ("turn", "resolution")]
    inciting = max(1, round(0.12 * (n - 1)))
    turn = min(n - 2, max(inciting + 1, round(0.7 * (n - 1))))
    plan: list[tuple[str, ...]] = [("setup",)] * inciting + [("development",)] * (n - inciting)
    plan[inciting], plan[turn], plan[-1] = ("inciting",), ("turn",), ("resolution",)
    return plan


def main_beat(beats: tuple[str, ...]) -> str:
    """The beat a scene's action shot shows when a scene plays several (the most dramatic one)."""
    for beat in ("inciting", "turn", "resolution", "development", "setup"):
        if beat in beats:
            return beat
    return "development"


def time_plan(plan: list[tuple[str, ...]], base: str) -> list[str]:
    """Time of day per scene: act one at ``base``, the turn a step later, the resolution a step after.

    Args:
        plan: The beat plan.
        base: ``DAY``, ``DUSK``, ``NIGHT`` or ``DAWN``.
    """
    start = _TIME_CYCLE.index(base) if base in _TIME_CYCLE else 0
    act, times = 0, []
    for beats in plan:
        if "turn" in beats and act < 1:
            act = 1
        if beats == ("resolution",):
            act = 2
        times.append(_TIME_CYCLE[(start + act) % len(_TIME_CYCLE)])
    return times


def title_seconds(duration: float) -> float:
    """The title card's length: 2 s, 1.5 s under 20 s, none under 8 s."""
    return 0.0 if duration < 8 else 1.5 if duration < 20 else 2.0


def end_card_seconds(duration: float) -> float:
    """The end card's length: none under 20 s, 1.5 s up to a minute, 2 s beyond."""
    return 0.0 if duration < 20 else 1.5 if duration < 60 else 2.0


def scene_join(previous: Scene, scene: Scene) -> tuple[str, float]:
    """How ``scene`` joins the one before it: a fade through black for a time jump, else a crossfade."""
    if previous.time_of_day != scene.time_of_day:
        return "fade_black", FADE_BLACK
    return "crossfade", CROSSFADE


def shots_total(brief: Brief, script: Script) -> float:
    """Seconds all shots should add up to: the target, plus the crossfades' overlap, less the cards.

    Kept within ``MAX_EXTRA`` of the target; whatever the film still runs over, the editor trims.

    Args:
        brief: The brief (its duration is the target).
        script: The script (its scenes decide the transitions).
    """
    scenes = script.scenes
    overlap = sum(
        d for kind, d in (scene_join(a, b) for a, b in pairwise(scenes)) if kind == "crossfade"
    )
    limit = max(0.0, MAX_EXTRA * brief.duration - 1 / brief.fps)  # a frame's margin for rounding
    cards = title_seconds(brief.duration) + end_card_seconds(brief.duration)
    return brief.duration + min(max(-limit, overlap - cards), limit)


def scene_span(brief: Brief, script: Script, scene: Scene) -> tuple[float, float]:
    """Where ``scene``'s shots start and end on the shots' running time, in seconds (from the script alone).

    Each scene's share of ``shots_total`` is its weight over the total weight. Rounding each
    scene's span ends (not its length) to whole frames keeps the film's total within half a frame.

    Args:
        brief: The brief.
        script: The whole script (every scene's weight).
        scene: The scene being planned.
    """
    weights = [scene_weight(s) for s in script.scenes]
    index = next((i for i, s in enumerate(script.scenes) if s.number == scene.number), None)
    if index is None:  # a scene the script does not hold: place it after the others
        weights.append(scene_weight(scene))
        index = len(weights) - 1
    scale = shots_total(brief, script) / sum(weights)
    start = sum(weights[:index]) * scale
    return start, start + weights[index] * scale
