"""The director: one branch per scene plans its shots, revised with the critic; a gather step joins them.

```
gather_script ─Send×scenes→ plan_shots → gather_shots
```
"""

from __future__ import annotations

import time
from typing import Any

from langgraph.runtime import Runtime
from langgraph.types import Send

from agents.context import RunContext
from agents.critics import check_film, check_shots
from agents.errors import AgentError
from agents.review import reviewed
from agents.schemas import Brief, Script, Shot, ShotList
from agents.state import FilmState, agent_update, combine, stage_clock
from tools.files import write_model


def send_scenes(state: FilmState) -> list[Send] | str:
    """Fan out: one `plan_shots` branch per scene of the script that has no shots yet.

    A revision that leaves some scenes' shots as they were (``scene_shots`` keeps them; a changed
    scene's entry is emptied) plans only the others; when none needs planning, on to `gather_shots`.
    """
    planned = state.get("scene_shots") or {}
    sends = [
        Send("plan_shots", {"brief": state["brief"], "script": state["script"], "scene": scene["number"]})
        for scene in state["script"]["scenes"] if not planned.get(str(scene["number"]))
    ]
    return sends or "gather_shots"


def plan_shots(task: dict[str, Any], runtime: Runtime[RunContext]) -> dict:
    """Plan the shots of one scene (a `Send` branch), revised with the critic."""
    ctx = runtime.context
    started = time.time()
    brief = Brief.model_validate(task["brief"])
    script = Script.model_validate(task["script"])
    scene = next(s for s in script.scenes if s.number == task["scene"])
    where = f"scene {scene.number}"
    answer, review = reviewed(
        ctx, "director", where,
        ask=lambda feedback: ctx.planner.plan_shots(brief, script, scene, feedback),
        check=lambda shots: check_shots(brief, script, scene, shots),
        dump=lambda shots: ShotList(shots=shots).model_dump_json(),
    )
    shots = answer.value
    ctx.progress({"stage": "director", "event": "scene", "scene": scene.number,
                  "total": len(script.scenes), "detail": f"{scene.heading}: {len(shots)} shot{'' if len(shots) == 1 else 's'}"})
    return combine(
        {"scene_shots": {str(scene.number): [s.model_dump() for s in shots]}},
        review,
        agent_update("director", answer, started, time.time(), where),
    )


def gather_shots(state: FilmState, runtime: Runtime[RunContext]) -> dict:
    """Join the scenes' shots in playing order, check them, and save ``shots.json``.

    When the shots miss the target by more than 10%, their durations are scaled to it (and a note
    says so).

    Raises:
        AgentError: when a scene has no shots or two shots share an id.
    """
    ctx = runtime.context
    started = time.time()
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
    if check_film(brief, shots):
        total = sum(s.duration for s in shots)
        factor = brief.duration / total
        shots = [s.model_copy(update={"duration": round(s.duration * factor, 3)}) for s in shots]
        notes.append(
            f"director: shots added up to {total:.1f}s for a {brief.duration:g}s film; "
            f"durations were scaled by {factor:.2f}"
        )
    write_model(ctx.run_dir / "shots.json", ShotList(shots=shots))
    ctx.progress({"stage": "director", "event": "done",
                  "detail": f"{len(shots)} shots, {sum(s.duration for s in shots):.1f}s"})
    return {"shots": [s.model_dump() for s in shots], "notes": notes,
            "clock": stage_clock("director", started, time.time())}
