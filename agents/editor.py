"""The editor: rendered shots → `EditDecisionList`, checked against the real clip lengths."""

from __future__ import annotations

import time

from langgraph.runtime import Runtime

from agents.context import RunContext
from agents.errors import AgentError
from agents.schemas import Brief, Script, Shot
from agents.state import FilmState, stage_clock
from render import RenderResult
from tools.files import write_model
from tools.timeline import check_against_clips


def cut_film(state: FilmState, runtime: Runtime[RunContext]) -> dict:
    """Decide the edit and save it as ``edit.json``.

    Raises:
        AgentError: when the decisions do not fit the rendered clips.
    """
    ctx = runtime.context
    started = time.time()
    brief = Brief.model_validate(state["brief"])
    script = Script.model_validate(state["script"])
    shots = [Shot.model_validate(s) for s in state["shots"]]
    renders = {k: RenderResult.model_validate(v) for k, v in state["renders"].items()}
    clip_seconds = {k: r.duration for k, r in renders.items()}
    ctx.progress({"stage": "editor", "event": "start"})
    answer = ctx.planner.decide_edit(brief, script, shots, clip_seconds)
    edl = answer.value
    problems = check_against_clips(edl, clip_seconds)
    if problems:
        raise AgentError("editor: the edit decisions do not fit the rendered clips: " + "; ".join(problems))
    write_model(ctx.run_dir / "edit.json", edl)
    ctx.progress({"stage": "editor", "event": "done",
                  "detail": f"{len(edl.clips)} clips, {edl.duration:.1f}s, {len(edl.subtitles)} subtitles"})
    update: dict = {
        "edit": edl.model_dump(),
        "usage": {"editor": answer.usage.as_dict()},
        "clock": stage_clock("editor", started, time.time()),
    }
    if answer.prompt:
        update["prompts"] = {"editor": answer.prompt}
    if answer.repaired:
        update["notes"] = ["editor: the model's first answer was invalid and was repaired"]
    return update
