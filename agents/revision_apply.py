"""Applying a revision: the state values its stage's update writes, checked with the pydantic models.

Write the result with ``graph.update_state(config, values, as_node=RESUME_AFTER[revision.stage])`` and
go on with ``graph.invoke(None, config)``. What each stage writes:

- ``shots``: ``shots`` (shot N replaced or removed; every other shot dict is the same, so its render
  cache key is too) and every scene's ``scene_shots`` to match; when the film's length changes with it (a new
  duration, a cut shot), ``brief`` with ``duration`` moved by as much, so the editor's target follows
  the user's change instead of trimming it away. Shot ids never change: cutting ``S01-02`` leaves
  ``S01-01, S01-03``.
- ``output``: ``brief`` (aspect, width, height) and ``shots`` as they were: every shot is drawn again
  at the new size.
- ``script`` and ``edit``: see `agents.revision_script` and `agents.revision_edit`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agents.critics.pacing import speaking_seconds
from agents.errors import RevisionError
from agents.revision_edit import cut_order, cut_transition, retitle, subtitles_setting
from agents.revision_grammar import ASPECTS, Revision, check_revision, check_value
from agents.revision_script import cut_scene, rewrite_line, rewrite_scene, set_film_length
from agents.revision_state import brief_of, script_of, shot_at, shots_of, shots_update, validated
from agents.schemas import Brief, Shot


def apply_revision(revision: Revision, state: dict[str, Any]) -> dict[str, Any]:
    """The state values that carry out ``revision``, to write with ``update_state``.

    Args:
        revision: What to change (from `agents.revision.parse_command`, or written by a model).
        state: The film's current state values (``graph.get_state(config).values``).

    Returns:
        Partial state: only the keys the revision changes (see the module's docstring).

    Raises:
        RevisionError: The revision is malformed, names a shot, scene or clip the film does not have,
            or would leave an invalid film; nothing is changed then. Also when nothing would change.
    """
    check_revision(revision)
    update = _APPLY[revision.action](revision, state)
    if revision.action != "set_subtitles" and all(_same(state, k, v) for k, v in update.items()):
        raise RevisionError(f"nothing would change: {revision.message.strip()!r} leaves the film as it is")
    return update


def _same(state: dict[str, Any], key: str, value: Any) -> bool:
    """True when writing ``key: value`` would leave the state as it is (merged keys compare by entry)."""
    if key == "scene_shots":
        return True  # derived from the shots and the script, which are compared
    if key == "scenes":
        return all((state.get(key) or {}).get(k) == v for k, v in value.items())
    return state.get(key) == value


def set_shot(revision: Revision, state: dict[str, Any]) -> dict[str, Any]:
    """``/shot N key=value``: shot N's framing, move, duration or words."""
    brief, shots = brief_of(state), shots_of(state)
    old = shot_at(shots, revision.target)
    changes = {key: check_value(revision.action, key, value) for key, value in revision.values.items()}
    shot = validated(Shot, {**old.model_dump(), **changes}, f"shot {revision.target} ({old.id})")
    if shot.dialogue is not None:
        need = speaking_seconds(shot.dialogue.text)
        if shot.duration < need - 1 / brief.fps:
            raise RevisionError(f"shot {revision.target} ({old.id}) carries a line that takes {need:.1f} s to say; "
                                f"make it at least {need:.1f} s")
    new = [shot if s.id == old.id else s for s in shots]
    return _shots_update(state, brief, shots, new)


def cut_shot(revision: Revision, state: dict[str, Any]) -> dict[str, Any]:
    """``/shot N cut``: shot N leaves the film (its line, if any, is no longer said)."""
    brief, shots = brief_of(state), shots_of(state)
    old = shot_at(shots, revision.target)
    if len(shots) == 1:
        raise RevisionError(f"shot {revision.target} ({old.id}) is the film's only shot; it cannot be cut")
    if sum(s.scene == old.scene for s in shots) == 1:
        raise RevisionError(f"shot {revision.target} ({old.id}) is scene {old.scene}'s only shot; "
                            f"cut the scene instead: /scene {old.scene} cut")
    return _shots_update(state, brief, shots, [s for s in shots if s.id != old.id])


def _shots_update(state: dict[str, Any], brief: Brief, old: list[Shot], new: list[Shot]) -> dict:
    """``shots`` and every scene's ``scene_shots`` (`shots_update`), and the brief when the length moved.

    Every scene's ``scene_shots`` is written, not only the changed one's, so that several revisions
    applied in a row (each update replacing the last one's keys) still leave them all in step.
    """
    update = shots_update(state, script_of(state), new)
    moved = sum(s.duration for s in new) - sum(s.duration for s in old)
    if abs(moved) > 1e-9:
        length = round(brief.duration + moved, 3)
        update["brief"] = validated(Brief, {**brief.model_dump(), "duration": length}, "the film's length").model_dump()
    return update


def set_aspect(revision: Revision, state: dict[str, Any]) -> dict[str, Any]:
    """``/aspect 9:16``: the brief's aspect and the CLI's frame size for it; the shots are drawn again."""
    aspect = check_value(revision.action, "aspect", revision.values["aspect"])
    width, height = ASPECTS[aspect]
    return _output(state, aspect, width, height)


def set_resolution(revision: Revision, state: dict[str, Any]) -> dict[str, Any]:
    """``/resolution 1920x1080``: the brief's frame size (and the aspect it has); the shots are drawn again."""
    width, height, aspect = check_value(revision.action, "resolution", revision.values["resolution"])
    return _output(state, aspect, width, height)


def _output(state: dict[str, Any], aspect: str, width: int, height: int) -> dict[str, Any]:
    brief = brief_of(state)
    shots_of(state)
    new = validated(Brief, {**brief.model_dump(), "aspect": aspect, "width": width, "height": height}, "the brief")
    return {"brief": new.model_dump(), "shots": state["shots"]}


_APPLY: dict[str, Callable[[Revision, dict[str, Any]], dict[str, Any]]] = {
    "set_shot": set_shot,
    "cut_shot": cut_shot,
    "set_scene": rewrite_scene,
    "cut_scene": cut_scene,
    "set_line": rewrite_line,
    "set_duration": set_film_length,
    "set_title": retitle,
    "set_transition": cut_transition,
    "set_order": cut_order,
    "set_subtitles": subtitles_setting,
    "set_aspect": set_aspect,
    "set_resolution": set_resolution,
}
