"""Script revisions: cut a scene, rewrite a scene's summary or a line, change the film's length.

The update is written as ``gather_script``'s, so the graph goes on with the script's approval gate
and then plans every scene's shots again. What it writes:

- ``script``: the revised script. Scene numbers never change: cutting scene 2 of 3 leaves scenes 1
  and 3, so the later scenes' shot ids (``S03-01``...) and with them their render cache keys stay as
  they were (the animatic prints the id, so a renumbered shot is a new picture). Nothing requires
  1..N: the schema does not, the shot critic checks each shot id against its own scene's number, and
  the outline is kept in step for `agents.critics.check_script`.
- ``shots`` and ``scene_shots``: every scene's current shots where they still fit the revised script
  (a rewritten line is given to the shot that carried the old one), and in ``scene_shots`` an empty
  list where the scene must be planned again (its summary changed, or the film's length) or was
  cut, so no stale shots are left. The graph plans every scene again after ``gather_script``; a
  planning step that kept the scenes whose shots are given would keep earlier shot revisions too.
- ``outline`` and ``scenes`` (the writer's), where the state has them: kept in step, so a later run of the
  writer's ``gather_script`` builds the revised script, not the old one.
- ``brief``: cutting a scene takes the scene's share of the film away (its pacing budget), which
  leaves every other scene's budget, and so its shots, as they were; ``/duration`` sets it.
"""

from __future__ import annotations

import math
from typing import Any

from agents.critics.pacing import MAX_LINE_SECONDS, scene_budget, speaking_seconds
from agents.critics.script import DIALOGUE_SHARE
from agents.errors import RevisionError
from agents.revision_grammar import Revision, check_value
from agents.revision_state import brief_of, scene_at, script_of, shots_of, shots_update, validated
from agents.schemas import Brief, DialogueLine, Scene, Script, Shot


def cut_scene(revision: Revision, state: dict[str, Any]) -> dict[str, Any]:
    """``/scene N cut``: scene N and its shots leave the film, and its time with them."""
    brief, script, shots = brief_of(state), script_of(state), _planned(state)
    scene = scene_at(script, revision.target)
    if len(script.scenes) == 1:
        raise RevisionError(f"scene {scene.number} is the script's only scene; it cannot be cut")
    share = scene_budget(brief, script, scene)
    kept = [s for s in script.scenes if s.number != scene.number]
    new = _script(script, kept)
    update = _update(state, new, [s for s in shots if s.scene != scene.number], {scene.number})
    length = round(brief.duration - share, 6)
    update["brief"] = validated(Brief, {**brief.model_dump(), "duration": length}, "the film's length").model_dump()
    if state.get("outline"):
        outline = state["outline"]
        update["outline"] = {**outline, "scenes": [s for s in outline["scenes"] if s["number"] != scene.number]}
    return update


def rewrite_scene(revision: Revision, state: dict[str, Any]) -> dict[str, Any]:
    """``/scene N summary="..."``: what happens in scene N; its shots are planned again."""
    script, shots = script_of(state), _planned(state)
    scene = scene_at(script, revision.target)
    summary = check_value(revision.action, "summary", revision.values["summary"])
    changed = _scene(scene, {"summary": summary}, f"scene {scene.number}")
    new = _script(script, [changed if s.number == scene.number else s for s in script.scenes])
    update = _update(state, new, shots, {scene.number}, changed)
    if state.get("outline"):
        outline = state["outline"]
        update["outline"] = {**outline, "scenes": [{**s, "summary": summary} if s["number"] == scene.number else s
                                                   for s in outline["scenes"]]}
    return update


def rewrite_line(revision: Revision, state: dict[str, Any]) -> dict[str, Any]:
    """``/line S L text="..." speaker=NAME``: line L of scene S, and the shot that carries it.

    The shot keeps its picture (the line is not part of its render request); it is made longer only
    when the new line needs more time to be said than the shot lasts.
    """
    brief, script, shots = brief_of(state), script_of(state), _planned(state)
    scene = scene_at(script, revision.target)
    number = check_value(revision.action, "line", revision.values["line"])
    if not 1 <= number <= len(scene.dialogue):
        has = f"{len(scene.dialogue)} line{'' if len(scene.dialogue) == 1 else 's'}" if scene.dialogue else "no lines"
        raise RevisionError(f"there is no line {number} in scene {scene.number}: it has {has}")
    old = scene.dialogue[number - 1]
    speaker = check_value(revision.action, "speaker", revision.values.get("speaker", old.speaker))
    text = check_value(revision.action, "text", revision.values.get("text", old.text))
    if speaker not in scene.characters:
        raise RevisionError(f"{speaker} is not in scene {scene.number}; its characters are "
                            f"{', '.join(scene.characters) or 'nobody'}")
    if speaking_seconds(text) > MAX_LINE_SECONDS:
        raise RevisionError(f"the line takes {speaking_seconds(text):.1f} s to say, longer than the "
                            f"{MAX_LINE_SECONDS:g} s a line may last; shorten it")
    line = DialogueLine(speaker=speaker, text=text)
    dialogue = [line if i == number - 1 else d for i, d in enumerate(scene.dialogue)]
    changed = _scene(scene, {"dialogue": [d.model_dump() for d in dialogue]}, f"scene {scene.number}")
    new = _script(script, [changed if s.number == scene.number else s for s in script.scenes])
    carrier = next((s for s in shots if s.scene == scene.number and s.dialogue == old), None)
    if carrier is not None:
        need = speaking_seconds(text)
        duration = carrier.duration
        if duration < need - 1 / brief.fps:
            duration = math.ceil(need * brief.fps) / brief.fps
        patched = carrier.model_copy(update={"dialogue": line, "duration": duration})
        shots = [patched if s.id == carrier.id else s for s in shots]
    return _update(state, new, shots, set(), changed)


def set_film_length(revision: Revision, state: dict[str, Any]) -> dict[str, Any]:
    """``/duration SECONDS``: the film's target length; every scene's shots are planned again to it."""
    brief, script = brief_of(state), script_of(state)
    length = check_value(revision.action, "duration", revision.values["duration"])
    spoken = sum(speaking_seconds(line.text) for s in script.scenes for line in s.dialogue)
    if spoken > DIALOGUE_SHARE * length:
        raise RevisionError(f"the script's lines take {spoken:.1f} s to say, too much for a {length:g} s film; "
                            "cut lines or scenes first, or choose a longer film")
    if len(script.scenes) > max(1.0, length / 4):
        raise RevisionError(f"{len(script.scenes)} scenes are too many for a {length:g} s film (each needs 4 s); "
                            "cut scenes first, or choose a longer film")
    new = validated(Brief, {**brief.model_dump(), "duration": length}, "the film's length")
    return {"brief": new.model_dump(), "scene_shots": {str(s.number): [] for s in script.scenes}}


def _planned(state: dict[str, Any]) -> list[Shot]:
    """The shots so far; none at the script's approval gate, before the director has planned any."""
    return shots_of(state) if state.get("shots") else []


def _scene(scene: Scene, changes: dict[str, Any], what: str) -> Scene:
    return validated(Scene, {**scene.model_dump(), **changes}, what)


def _script(script: Script, scenes: list[Scene]) -> Script:
    return validated(Script, {**script.model_dump(), "scenes": [s.model_dump() for s in scenes]}, "the script")


def _update(state: dict[str, Any], script: Script, shots: list[Shot], replan: set[int],
            changed: Scene | None = None) -> dict:
    """``script``, ``shots`` and ``scene_shots`` (`shots_update`), and the writer's ``scenes`` entry of a
    changed scene when the state has one.

    The shots are written too, though the director's gather step writes them again, so that the next
    revision of a batch numbers the shots as they now are.
    """
    update: dict[str, Any] = {"script": script.model_dump(), **shots_update(state, script, shots, replan)}
    if changed is not None and state.get("scenes"):
        update["scenes"] = {str(changed.number): changed.model_dump()}
    return update
