"""What a schema cannot check about a model's answer, stage by stage, and the sizes the prompts ask for.

Each check returns the problems that make an answer unusable, one sentence each, written for the
model: what is wrong and where (``scenes.2.location: ...``). They run inside the repair round of
`agents.llm_answer.ask`, whose second failure stops the run, so they hold only what later stages
cannot work without (numbering, ids, names that exist, clips that exist). Matters of craft (pacing,
coverage, seeds, variety) belong to the critics (`agents.critics`), whose problems are sent back
for revision and never stop the run.
"""

from __future__ import annotations

import math

from agents.schemas import Outline, Premise, Scene, Script, ShotList, Treatment
from tools.timeline import EditDecisionList, check_against_clips

SECONDS_PER_LINE = 3.0
"""Screen time one line of dialogue takes to say, about."""
SPOKEN_SHARE = 0.8
"""At most this much of a scene's screen time is spoken (the writer's critic holds scenes to it)."""


def scene_count(duration: float) -> int:
    """How many scenes a film of ``duration`` seconds gets: one per 8 to 12 seconds, about 10."""
    return max(1, round(duration / 10))


def max_lines(duration: float, scenes: int) -> int:
    """The most dialogue lines a scene may get when ``scenes`` share ``duration`` seconds."""
    return max(1, min(12, math.floor(SPOKEN_SHARE * duration / max(1, scenes) / SECONDS_PER_LINE)))


def premise_problems(premise: Premise) -> list[str]:
    """Names must be unique, so scenes and shots can refer to them."""
    problems = []
    for kind, names in (
        ("characters", [c.name for c in premise.characters]),
        ("locations", [loc.name for loc in premise.locations]),
    ):
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            problems.append(f"{kind}: the names {repeated} are used twice; give each a unique name")
    return problems


def outline_problems(outline: Outline, premise: Premise) -> list[str]:
    """Scenes numbered 1..N, in the premise's places, with its people."""
    problems = []
    numbers = [s.number for s in outline.scenes]
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append(f"scenes must be numbered 1, 2, 3... in order; got {numbers}")
    for i, scene in enumerate(outline.scenes):
        problems += _place_and_people(f"scenes.{i}", scene.location, scene.characters, premise)
    return problems


def treatment_problems(treatment: Treatment) -> list[str]:
    """The premise's checks, then the outline's against it (`premise_problems`, `outline_problems`)."""
    premise = treatment.premise
    return premise_problems(premise) + outline_problems(treatment.outline, premise)


def scene_problems(scene: Scene, premise: Premise, number: int) -> list[str]:
    """The scene asked for, in a premise location, with premise characters as its cast and speakers."""
    problems = []
    if scene.number != number:
        problems.append(f"number: this is scene {number}, not {scene.number}")
    problems += _place_and_people("", scene.location, scene.characters, premise)
    names = [c.name for c in premise.characters]
    for j, line in enumerate(scene.dialogue):
        if line.speaker not in names:
            problems.append(f"dialogue.{j}.speaker: {line.speaker!r} is not one of the characters {names}")
    return problems


def shot_problems(shots: ShotList, script: Script, scene: Scene) -> list[str]:
    """Ids and scene numbers follow the scene; speakers are characters of the script."""
    problems = []
    names = [c.name for c in script.characters]
    for i, shot in enumerate(shots.shots):
        expected = f"S{scene.number:02d}-{i + 1:02d}"
        if shot.id != expected:
            problems.append(
                f"shots.{i}.id: shot {i + 1} of scene {scene.number} must have id {expected!r}, not {shot.id!r}"
            )
        if shot.scene != scene.number:
            problems.append(f"shots.{i}.scene: must be {scene.number}, the scene planned, not {shot.scene}")
        if shot.dialogue is not None and shot.dialogue.speaker not in names:
            problems.append(
                f"shots.{i}.dialogue.speaker: {shot.dialogue.speaker!r} is not one of the characters {names}"
            )
    return problems


def edit_problems(edl: EditDecisionList, known: set[str], clip_seconds: dict[str, float]) -> list[str]:
    """Only known shots, never past the end of a real clip (`tools.timeline.check_against_clips`)."""
    usable = {shot_id: seconds for shot_id, seconds in clip_seconds.items() if shot_id in known}
    return check_against_clips(edl, usable)


def _place_and_people(where: str, location: str, characters: list[str], premise: Premise) -> list[str]:
    problems = []
    prefix = f"{where}." if where else ""
    places = [loc.name for loc in premise.locations]
    if location not in places:
        problems.append(f"{prefix}location: {location!r} is not one of the locations {places}")
    names = [c.name for c in premise.characters]
    unknown = [n for n in characters if n not in names]
    if unknown:
        problems.append(f"{prefix}characters: {unknown} are not among the characters {names}")
    return problems
