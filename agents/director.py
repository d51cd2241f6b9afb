"""The director: one branch per scene plans its shots; a gather step orders and checks them."""

from __future__ import annotations

import time
from typing import Any

from langgraph.runtime import Runtime
from langgraph.types import Send

from agents.context import RunContext
from agents.errors import AgentError
from agents.schemas import Brief, Script, Shot, ShotList
from agents.state import FilmState, agent_update
from tools.files import write_model

DURATION_TOLERANCE = 0.10


def send_scenes(state: FilmState) -> list[Send]:
    """Fan out: one `plan_shots` branch per scene of the script."""
    return [
        Send("plan_shots", {"brief": state["brief"], "script": state["script"], "scene": scene["number"]})
        for scene in state["script"]["scenes"]
    ]


def plan_shots(task: dict[str, Any], runtime: Runtime[RunContext]) -> dict:
    """Plan the shots of one scene (a `Send` branch)."""
    ctx = runtime.context
    started = time.time()
    brief = Brief.model_validate(task["brief"])
    script = Script.model_validate(task["script"])
    scene = next(s for s in script.scenes if s.number == task["scene"])
    answer = ctx.planner.plan_shots(brief, script, scene)
    shots = answer.value
    ctx.progress({"stage": "director", "event": "scene", "scene": scene.number,
                  "total": len(script.scenes), "detail": f"{scene.heading}: {len(shots)} shots"})
    return {
        "scene_shots": {str(scene.number): [s.model_dump() for s in shots]},
        **agent_update("director", answer, started, time.time(), f"scene {scene.number}"),
    }


def gather_shots(state: FilmState, runtime: Runtime[RunContext]) -> dict:
    """Join the scenes' shots in playing order, check them, and save ``shots.json``.

    Raises:
        AgentError: when a scene has no shots or two shots share an id.
    """
    ctx = runtime.context
    brief = Brief.model_validate(state["brief"])
    by_scene = state.get("scene_shots", {})
    shots: list[Shot] = []
    for scene in state["script"]["scenes"]:
        planned = by_scene.get(str(scene["number"]))
        if not planned:
            raise AgentError(f"director: scene {scene['number']} has no shots; re-run to plan it again")
        shots.extend(Shot.model_validate(s) for s in planned)
    ids = [s.id for s in shots]
    if len(set(ids)) != len(ids):
        raise AgentError(f"director: shot ids repeat ({', '.join(sorted({i for i in ids if ids.count(i) > 1}))})")
    notes: list[str] = []
    total = sum(s.duration for s in shots)
    if abs(total - brief.duration) > DURATION_TOLERANCE * brief.duration:
        factor = brief.duration / total
        shots = [s.model_copy(update={"duration": round(s.duration * factor, 3)}) for s in shots]
        notes.append(
            f"director: shots added up to {total:.1f}s for a {brief.duration:g}s film; "
            f"durations were scaled by {factor:.2f}"
        )
    write_model(ctx.run_dir / "shots.json", ShotList(shots=shots))
    ctx.progress({"stage": "director", "event": "done",
                  "detail": f"{len(shots)} shots, {sum(s.duration for s in shots):.1f}s"})
    return {"shots": [s.model_dump() for s in shots], "notes": notes}
