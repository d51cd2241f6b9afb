"""Rendering: reference pictures first (where the backend uses them), then one branch per shot.

Shots go through the render tool, which caches by content. A shot that runs out of GPU memory at
every memory level is drawn by the fallback backend (the animatic) instead, with a warning in the
progress and the manifest; the rest of the film is kept.
"""

from __future__ import annotations

import time
from typing import Any

from langgraph.runtime import Runtime
from langgraph.types import Send

from agents.context import RunContext
from agents.critics.seeds import character_seed, location_seed
from agents.schemas import Brief, Script, Shot
from agents.state import FilmState, stage_clock
from render import OutOfMemoryRenderError, Reference, RenderRequest
from tools import render_shot as render_tool
from tools.references import ReferenceSpec, ensure_references, supports_references

CHARACTER_LOOK = ("full-length character reference portrait, facing the camera, neutral expression, "
                  "plain light grey studio background, soft even light")
LOCATION_LOOK = "establishing view, empty, no people"


def shot_request(brief: Brief, script: Script, shot: Shot, references: dict[str, str] | None = None) -> RenderRequest:
    """The render request for a shot: its prompt and framing, the brief's frame size and fps.

    Args:
        brief: The film's brief (frame size, fps).
        script: The script (the shot's scene and location).
        shot: The shot.
        references: Reference picture paths keyed ``"character/NAME"`` and ``"location/NAME"``; the
            shot gets its location's, then its characters' in screen order.
    """
    scene = next(s for s in script.scenes if s.number == shot.scene)
    location = script.location(scene.location)
    refs = references or {}
    chosen = [Reference(kind="location", name=scene.location, path=refs[f"location/{scene.location}"])
              ] if f"location/{scene.location}" in refs else []
    chosen += [Reference(kind="character", name=name, path=refs[f"character/{name}"])
               for name in shot.characters if f"character/{name}" in refs]
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
        references=tuple(chosen),
    )


def reference_specs(brief: Brief, script: Script, shots: list[Shot]) -> list[ReferenceSpec]:
    """The references a film needs: every character seen in a shot, every location a shot is at."""
    seen = {name for shot in shots for name in shot.characters}
    places = {s.location for s in script.scenes if any(shot.scene == s.number for shot in shots)}
    specs = [ReferenceSpec("character", c.name, f"{c.description}. {CHARACTER_LOOK}. {brief.style}",
                           character_seed(brief.seed, c.name))
             for c in script.characters if c.name in seen]
    specs += [ReferenceSpec("location", loc.name, f"{loc.name}: {loc.look}. {LOCATION_LOOK}. {brief.style}",
                            location_seed(brief.seed, loc.name))
              for loc in script.locations if loc.name in places]
    return specs


def render_references(state: FilmState, runtime: Runtime[RunContext]) -> dict:
    """Have a reference picture of every character and location on screen (backends that use them)."""
    ctx = runtime.context
    if not supports_references(ctx.backend) or not ctx.use_references:
        return {}
    started = time.time()
    brief = Brief.model_validate(state["brief"])
    script = Script.model_validate(state["script"])
    shots = [Shot.model_validate(s) for s in state["shots"]]
    folder = ctx.references_dir or ctx.run_dir / "references"
    refs = ensure_references(ctx.backend, reference_specs(brief, script, shots), folder, ctx.cache_dir,
                             width=brief.width, height=brief.height, progress=ctx.progress)
    return {"references": {f"{r.kind}/{r.name}": r.path for r in refs},
            "clock": stage_clock("references", started, time.time())}


def send_shots(state: FilmState) -> list[Send]:
    """Fan out: one `render_shot` branch per shot, the largest (frames x pixels) first."""
    brief = Brief.model_validate(state["brief"])
    script = Script.model_validate(state["script"])
    shots = [Shot.model_validate(s) for s in state["shots"]]
    requests = [shot_request(brief, script, shot, state.get("references")) for shot in shots]
    requests.sort(key=lambda r: r.num_frames * r.width * r.height, reverse=True)
    return [Send("render_shot", {"request": r.model_dump(), "total": len(shots)}) for r in requests]


def render_shot(task: dict[str, Any], runtime: Runtime[RunContext]) -> dict:
    """Render one shot (a `Send` branch), or reuse it from the shot cache."""
    ctx = runtime.context
    request = RenderRequest.model_validate(task["request"])
    notes: list[str] = []
    with ctx.slots:
        started = time.time()
        try:
            result = render_tool.render_shot(ctx.backend, request, ctx.cache_dir)
        except OutOfMemoryRenderError as exc:
            if ctx.fallback is None:
                raise
            warning = f"shot {request.shot_id} was drawn as an animatic instead: {exc}"
            result = render_tool.render_shot(ctx.fallback, request, ctx.cache_dir)
            result = result.model_copy(update={"warning": warning})
            notes.append(warning)
            ctx.progress({"stage": "render", "event": "warning", "detail": warning})
        ended = time.time()
    ctx.progress({
        "stage": "render", "event": "shot", "shot": request.shot_id, "total": task["total"],
        "cached": result.cached, "seconds": result.seconds,
    })
    return {
        "renders": {request.shot_id: result.model_dump()},
        "shot_seconds": {request.shot_id: result.seconds},
        "clock": stage_clock("render", started, ended),
        **({"notes": notes} if notes else {}),
    }
