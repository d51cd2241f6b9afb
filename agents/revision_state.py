"""Reading a cut film's state for a revision: its parts validated, and the shot or scene a number means.

Every reader raises `RevisionError` with a message a user can act on when the part is missing or the
number is out of range.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from agents.errors import RevisionError
from agents.schemas import Brief, Scene, Script, Shot
from tools.timeline import EditDecisionList


def brief_of(state: dict[str, Any]) -> Brief:
    """The state's brief."""
    return _read(state, "brief", Brief, "there is no brief")


def script_of(state: dict[str, Any]) -> Script:
    """The state's script."""
    return _read(state, "script", Script, "the script is not written yet")


def shots_of(state: dict[str, Any]) -> list[Shot]:
    """The state's shot list, in playing order."""
    if not state.get("shots"):
        raise RevisionError("the shots are not planned yet; revise the film once it is cut")
    return [Shot.model_validate(s) for s in state["shots"]]


def edit_of(state: dict[str, Any]) -> EditDecisionList:
    """The state's edit decisions."""
    return _read(state, "edit", EditDecisionList, "the film is not cut yet")


def clip_seconds(state: dict[str, Any]) -> dict[str, float]:
    """Real length in seconds of every rendered clip, by shot id (``num_frames / fps``)."""
    renders = state.get("renders") or {}
    if not renders:
        raise RevisionError("the shots are not rendered yet; revise the edit once the film is cut")
    return {shot_id: r["num_frames"] / r["fps"] for shot_id, r in renders.items()}


def shot_at(shots: list[Shot], n: int) -> Shot:
    """Shot ``n``, 1-based in playing order."""
    if not 1 <= n <= len(shots):
        raise RevisionError(f"there is no shot {n}: the film has {_count(len(shots), 'shot')}")
    return shots[n - 1]


def scene_at(script: Script, number: int) -> Scene:
    """The scene numbered ``number``."""
    scene = next((s for s in script.scenes if s.number == number), None)
    if scene is None:
        numbers = ", ".join(str(s.number) for s in script.scenes)
        raise RevisionError(f"there is no scene {number}: the scenes are {numbers}")
    return scene


def shots_update(state: dict[str, Any], script: Script, shots: list[Shot], replan: set[int] = frozenset()) -> dict:
    """``shots`` and every scene's ``scene_shots`` for a revised shot list.

    A shot that did not change keeps its very dict from the state (so its render cache key is the
    same). ``scene_shots`` holds each scene's shots, or an empty list for a scene to plan again: those
    in ``replan`` (a cut scene's number too, so no stale shots are left) and those an earlier revision
    marked so.

    Args:
        state: The state before the revision.
        script: The script after it.
        shots: The shots after it, in playing order.
        replan: Scene numbers whose shots must be planned again.
    """
    originals = {s["id"]: s for s in state.get("shots") or []}
    dumped = [originals[s.id] if s.id in originals and Shot.model_validate(originals[s.id]) == s else s.model_dump()
              for s in shots]
    marked = {str(n) for n in replan} | {k for k, v in (state.get("scene_shots") or {}).items() if v == []}
    scene_shots = {str(s.number): [d for d in dumped if d["scene"] == s.number] for s in script.scenes}
    return {"shots": dumped, "scene_shots": {**scene_shots, **{k: [] for k in marked}}}


def validated(model: type[BaseModel], data: dict[str, Any], what: str) -> BaseModel:
    """``data`` as ``model``, or a `RevisionError` naming ``what`` and the first problem."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        raise RevisionError(f"{what}: {where + ': ' if where else ''}{error['msg']}") from None


def _read(state: dict[str, Any], key: str, model: type[BaseModel], missing: str):
    if not state.get(key):
        raise RevisionError(f"{missing}; revise the film once it is cut")
    return model.model_validate(state[key])


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
