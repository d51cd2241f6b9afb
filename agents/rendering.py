"""Rendering: one branch per shot calls the render tool (which caches by content)."""

from __future__ import annotations

import time
from typing import Any

from langgraph.runtime import Runtime
from langgraph.types import Send

from agents.context import RunContext
from agents.schemas import Brief, Script, Shot
from agents.state import FilmState, stage_clock
from render import RenderRequest
from tools import render_shot as render_tool


def shot_request(brief: Brief, script: Script, shot: Shot) -> RenderRequest:
    """The render request for a shot: its prompt and framing, the brief's frame size and fps."""
    scene = next(s for s in script.scenes if s.number == shot.scene)
    location = script.location(scene.location)
    return RenderRequest(
        shot_id=shot.id,
        prompt=shot.prompt,
        negative_prompt=shot.negative_prompt,
        width=brief.width,
        height=brief.height,
        fps=brief.fps,
        num_frames=max(1, round(shot.duration * brief.fps)),
        seed=shot.seed,
        size=shot.size,
        angle=shot.angle,
        move=shot.move,
        characters=tuple(shot.characters),
        action=shot.action,
        location=scene.location,
        look=location.look if location else "",
        time_of_day=scene.time_of_day,
        interior=scene.interior,
    )


def send_shots(state: FilmState) -> list[Send]:
    """Fan out: one `render_shot` branch per shot."""
    brief = Brief.model_validate(state["brief"])
    script = Script.model_validate(state["script"])
    shots = [Shot.model_validate(s) for s in state["shots"]]
    return [
        Send("render_shot", {"request": shot_request(brief, script, shot).model_dump(), "total": len(shots)})
        for shot in shots
    ]


def render_shot(task: dict[str, Any], runtime: Runtime[RunContext]) -> dict:
    """Render one shot (a `Send` branch), or reuse it from the shot cache."""
    ctx = runtime.context
    request = RenderRequest.model_validate(task["request"])
    with ctx.slots:
        started = time.time()
        result = render_tool.render_shot(ctx.backend, request, ctx.cache_dir)
        ended = time.time()
    ctx.progress({
        "stage": "render", "event": "shot", "shot": request.shot_id, "total": task["total"],
        "cached": result.cached, "seconds": result.seconds,
    })
    return {
        "renders": {request.shot_id: result.model_dump()},
        "shot_seconds": {request.shot_id: result.seconds},
        "clock": stage_clock("render", started, ended),
    }
