"""The editor: rendered shots → `EditDecisionList`, checked against the real clip lengths."""

from __future__ import annotations

import time

from langgraph.runtime import Runtime

from agents.context import RunContext
from agents.errors import AgentError
from agents.state import FilmState, agent_update, cut_inputs
from tools.files import write_model
from tools.timeline import check_against_clips


def cut_film(state: FilmState, runtime: Runtime[RunContext]) -> dict:
    """Decide the edit and save it as ``edit.json``.

    Raises:
        AgentError: when the decisions do not fit the rendered clips.
    """
    ctx = runtime.context
    started = time.time()
    brief, script, shots, renders = cut_inputs(state)
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
    return {
        "edit": edl.model_dump(),
        **agent_update("editor", answer, started, time.time()),
    }
