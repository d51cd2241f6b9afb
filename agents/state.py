"""The graph's state. Everything in it is plain JSON-able data so any checkpointer can store it.

Stage outputs are stored as ``model_dump()`` dicts of the pydantic models in `agents.schemas`,
`render.types` and `tools.timeline`; nodes validate them back when they read them.
"""

from __future__ import annotations

import operator
from typing import Annotated, Any, TypedDict

from agents.schemas import Brief, Script, Shot
from render import RenderResult


def stage_clock(stage: str, started: float, ended: float) -> dict[str, list[float]]:
    """A ``clock`` update saying ``stage`` ran from ``started`` to ``ended`` (epoch seconds)."""
    return {stage: [started, ended]}


def merge_dicts(left: dict | None, right: dict | None) -> dict:
    """Reducer: later keys win; used for values written by parallel branches."""
    return {**(left or {}), **(right or {})}


def merge_clock(left: dict | None, right: dict | None) -> dict:
    """Reducer for stage clocks: keep the earliest start and the latest end of each stage."""
    out = dict(left or {})
    for stage, (start, end) in (right or {}).items():
        if stage in out:
            out[stage] = [min(out[stage][0], start), max(out[stage][1], end)]
        else:
            out[stage] = [start, end]
    return out


def merge_usage(left: dict | None, right: dict | None) -> dict:
    """Reducer for token usage: add each agent's counts."""
    out = {k: dict(v) for k, v in (left or {}).items()}
    for agent, counts in (right or {}).items():
        mine = out.setdefault(agent, {})
        for key, value in counts.items():
            mine[key] = mine.get(key, 0) + value
    return out


class FilmState(TypedDict, total=False):
    """State of one film run.

    Attributes:
        brief: The user's `Brief`.
        premise: The premise part of the writer's `Treatment`: title, logline, characters, locations.
        outline: The outline part of the writer's `Treatment`: the scenes planned, before they are
            written.
        scenes: Each written `Scene` as the writer branches return them, keyed by scene number.
        script: The writer's `Script`, made of the premise and the written scenes.
        scene_shots: Shots of each scene as the director branches return them, keyed by scene number.
        shots: The gathered shot list, in playing order.
        references: Reference picture paths keyed ``"character/NAME"`` / ``"location/NAME"`` (empty
            for backends that don't use them).
        voices: Each voiced shot's speech, keyed by shot id: ``path`` (relative to the run folder),
            ``duration`` and ``offset`` (seconds into the shot where the line starts), ``speaker``,
            ``voice``, ``engine``. Empty when the film has no voices.
        casting: The voice of each speaking character.
        renders: `RenderResult` of each shot, keyed by shot id.
        edit: The editor's `EditDecisionList`.
        film: What the assembly wrote: file paths and the film's measured properties.
        clock: ``[start, end]`` wall-clock seconds (epoch) of each stage.
        shot_seconds: Wall time each shot's render took (0 when reused from the cache).
        usage: Calls and tokens per agent.
        prompts: Versioned reference of every prompt used, by prompt name
            (``{"writer/scene": "writer/scene@1"}``).
        notes: Warnings, repairs and revisions worth telling the user, in order.
        problems: What the critics still found wrong after the revision rounds, each prefixed with the
            stage and the scene or shot (``director (scene 2): shots S02-01 and S02-02 are both MCU...``).
    """

    brief: dict[str, Any]
    premise: dict[str, Any]
    outline: dict[str, Any]
    scenes: Annotated[dict[str, dict[str, Any]], merge_dicts]
    script: dict[str, Any]
    scene_shots: Annotated[dict[str, list[dict[str, Any]]], merge_dicts]
    shots: list[dict[str, Any]]
    references: dict[str, str]
    voices: dict[str, dict[str, Any]]
    casting: dict[str, str]
    renders: Annotated[dict[str, dict[str, Any]], merge_dicts]
    edit: dict[str, Any]
    film: dict[str, Any]
    clock: Annotated[dict[str, list[float]], merge_clock]
    shot_seconds: Annotated[dict[str, float], merge_dicts]
    usage: Annotated[dict[str, dict[str, int]], merge_usage]
    prompts: Annotated[dict[str, str], merge_dicts]
    notes: Annotated[list[str], operator.add]
    problems: Annotated[list[str], operator.add]


def combine(*updates: dict[str, Any]) -> dict[str, Any]:
    """Several partial updates of one node as one: lists are joined, dicts merged, other values replaced."""
    out: dict[str, Any] = {}
    for update in updates:
        for key, value in update.items():
            if isinstance(value, list) and isinstance(out.get(key), list):
                out[key] = out[key] + value
            elif isinstance(value, dict) and isinstance(out.get(key), dict):
                out[key] = {**out[key], **value}
            else:
                out[key] = value
    return out


def cut_inputs(state: FilmState) -> tuple[Brief, Script, list[Shot], dict[str, RenderResult]]:
    """The validated brief, script, shot list and renders, as the editor and the assembly read them."""
    return (
        Brief.model_validate(state["brief"]),
        Script.model_validate(state["script"]),
        [Shot.model_validate(s) for s in state["shots"]],
        {k: RenderResult.model_validate(v) for k, v in state["renders"].items()},
    )


def agent_update(agent: str, answer: Any, started: float, ended: float, where: str = "") -> dict[str, Any]:
    """The bookkeeping part of an agent node's update: usage, prompt versions, clock, repair note.

    Args:
        agent: ``writer``, ``director`` or ``editor``.
        answer: The planner's `agents.planner.Answer`.
        started: When the node started (epoch seconds).
        ended: When it finished.
        where: Extra words for the repair note, e.g. ``"scene 2"``.
    """
    update: dict[str, Any] = {
        "usage": {agent: answer.usage.as_dict()},
        "clock": stage_clock(agent, started, ended),
    }
    if answer.prompt:
        update["prompts"] = {answer.prompt.split("@")[0]: answer.prompt}
    if answer.repaired:
        place = f" ({where})" if where else ""
        update["notes"] = [f"{agent}{place}: the model's first answer was invalid and was repaired"]
    return update
