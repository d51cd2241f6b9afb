"""The director's critic: checks one scene's shots, and the gathered shot list against the film.

Coverage (every line carried once, in order), continuity (characters, descriptions, seeds),
variety (no two adjacent shots framed alike, an establishing wide on a new location) and timing
(the scene's budget, time to say each line). Problems name the shot they are about.
"""

from __future__ import annotations

from itertools import pairwise

from agents.critics.pacing import scene_budget, speaking_seconds
from agents.critics.seeds import expected_seed
from agents.schemas import Brief, Scene, Script, Shot

SCENE_TOLERANCE = 0.15
"""A scene's shots may run this fraction over or under its budget."""
FILM_TOLERANCE = 0.10
"""All shots together may run this fraction over or under the target."""
WIDE = ("WS", "EWS")


def check_shots(brief: Brief, script: Script, scene: Scene, shots: list[Shot]) -> list[str]:
    """Problems of one scene's shots.

    Args:
        brief: The brief (duration, base seed, fps).
        script: The whole script (characters, locations, the scene before this one).
        scene: The scene the shots cover.
        shots: The shots, in playing order.
    """
    if not shots:
        return [f"scene {scene.number} has no shots; plan at least one"]
    return (
        _ids(scene, shots)
        + _coverage(scene, shots)
        + _cast(script, scene, shots)
        + _framing(script, scene, shots)
        + _seeds(brief, scene, shots)
        + _timing(brief, script, scene, shots)
    )


def check_film(brief: Brief, shots: list[Shot]) -> list[str]:
    """Problems of the whole shot list: its durations must add up to the target, within 10%."""
    total = sum(s.duration for s in shots)
    if abs(total - brief.duration) > FILM_TOLERANCE * brief.duration:
        return [f"the shots add up to {total:.1f} s for a {brief.duration:g} s film"]
    return []


def _ids(scene: Scene, shots: list[Shot]) -> list[str]:
    problems = []
    for n, shot in enumerate(shots, start=1):
        expected = f"S{scene.number:02d}-{n:02d}"
        if shot.id != expected:
            problems.append(f"shot {n} must have id {expected}, not {shot.id}")
        if shot.scene != scene.number:
            problems.append(f"shot {shot.id}'s scene must be {scene.number}, not {shot.scene}")
    return problems


def _coverage(scene: Scene, shots: list[Shot]) -> list[str]:
    """Every line of the scene carried by exactly one shot, in the script's order, word for word."""
    carried = [(s.id, s.dialogue) for s in shots if s.dialogue is not None]
    if [d for _, d in carried] == scene.dialogue:
        return []
    problems = []
    lines = [(line.speaker, line.text) for line in scene.dialogue]
    for n, (speaker, text) in enumerate(lines, start=1):
        by = [shot_id for shot_id, d in carried if (d.speaker, d.text) == (speaker, text)]
        if not by:
            problems.append(f"line {n} ({speaker}: {text!r}) is carried by no shot; give it to exactly one shot")
        elif len(by) > 1:
            problems.append(f"line {n} ({speaker}: {text!r}) is carried by {len(by)} shots ({', '.join(by)}); "
                            "keep it in one")
    for shot_id, d in carried:
        if (d.speaker, d.text) not in lines:
            problems.append(f"shot {shot_id} carries a line that is not in the scene ({d.speaker}: {d.text!r}); "
                            "copy the scene's lines word for word")
    if not problems:
        problems.append("the shots carry the scene's lines out of order; keep the script's order")
    return problems


def _cast(script: Script, scene: Scene, shots: list[Shot]) -> list[str]:
    """Characters in frame belong to the scene, and each is described word for word in the prompt."""
    problems = []
    for shot in shots:
        speaker = shot.dialogue.speaker if shot.dialogue else None
        for name in shot.characters:
            character = script.character(name)
            if name not in scene.characters and name != speaker:
                problems.append(f"shot {shot.id} shows {name!r}, who is not in scene {scene.number}")
            elif character is None:
                problems.append(f"shot {shot.id} shows {name!r}, who is not one of the characters")
            elif character.description not in shot.prompt:
                problems.append(f"shot {shot.id}'s prompt must contain {name}'s description word for word: "
                                f"{character.description!r}")
    return problems


def _framing(script: Script, scene: Scene, shots: list[Shot]) -> list[str]:
    """An establishing wide on a new location; no two adjacent shots with the same size and angle."""
    problems = []
    index = next((i for i, s in enumerate(script.scenes) if s.number == scene.number), 0)
    before = script.scenes[index - 1] if index > 0 else None
    if (before is None or before.location != scene.location) and shots[0].size not in WIDE:
        where = "the film opens" if before is None else "the location changes"
        problems.append(f"{where} at {scene.location}, so shot {shots[0].id} must be an establishing WS or "
                        f"EWS, not {shots[0].size}")
    for a, b in pairwise(shots):
        if a.size == b.size and a.angle.strip().lower() == b.angle.strip().lower():
            problems.append(f"shots {a.id} and {b.id} are both {a.size} at {a.angle!r}; change the size or "
                            "angle of one so the cut does not jump")
    return problems


def _seeds(brief: Brief, scene: Scene, shots: list[Shot]) -> list[str]:
    problems = []
    for shot in shots:
        seed = expected_seed(brief, scene, shot)
        if shot.seed != seed:
            whose = f"{shot.characters[0]}'s" if shot.characters else f"the location {scene.location}'s"
            problems.append(f"shot {shot.id}'s seed must be {seed} ({whose} seed), not {shot.seed}")
    return problems


def _timing(brief: Brief, script: Script, scene: Scene, shots: list[Shot]) -> list[str]:
    problems = []
    budget = scene_budget(brief, script, scene)
    total = sum(s.duration for s in shots)
    if abs(total - budget) > SCENE_TOLERANCE * budget:
        problems.append(f"the shots add up to {total:.1f} s but scene {scene.number} has {budget:.1f} s; "
                        "make the durations add up to its budget")
    frame = 1 / brief.fps
    for shot in shots:
        if shot.dialogue is not None:
            need = speaking_seconds(shot.dialogue.text)
            if shot.duration < need - frame:
                problems.append(f"shot {shot.id} lasts {shot.duration:.1f} s but its line takes {need:.1f} s "
                                "to say; make it longer")
    return problems
