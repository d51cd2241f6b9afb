"""The editor: rendered shots → `EditDecisionList`, revised with the critic, checked against the real clips."""

from __future__ import annotations

import time

from langgraph.runtime import Runtime

from agents.context import RunContext
from agents.critics import check_edit
from agents.errors import AgentError
from agents.review import reviewed
from agents.state import FilmState, agent_update, combine, cut_inputs
from agents.voicing import fit_edit_to_speech
from tools.files import write_model
from tools.timeline import check_against_clips


def cut_film(state: FilmState, runtime: Runtime[RunContext]) -> dict:
    """Decide the edit, revise it with the critic, fit it to the spoken lines, and save it as ``edit.json``.

    Raises:
        AgentError: when the decisions still do not fit the rendered clips after the critic's rounds.
    """
    ctx = runtime.context
    started = time.time()
    brief, script, shots, renders = cut_inputs(state)
    clip_seconds = {k: r.duration for k, r in renders.items()}
    ctx.progress({"stage": "editor", "event": "start"})
    answer, review = reviewed(
        ctx, "editor", "the edit",
        ask=lambda feedback: ctx.planner.decide_edit(brief, script, shots, clip_seconds, feedback),
        check=lambda edl: check_edit(brief, script, shots, clip_seconds, edl),
        dump=lambda edl: edl.model_dump_json(),
    )
    edl = answer.value
    texts = {s.id: (s.dialogue.text, s.dialogue.speaker) for s in shots if s.dialogue is not None}
    edl, stretched = fit_edit_to_speech(edl, state.get("voices") or {}, clip_seconds, texts, brief.fps)
    unfit = check_against_clips(edl, clip_seconds)
    if unfit:
        model = ctx.planner.models.get("editor", "?")
        raise AgentError(f"editor (model {model!r}): the edit decisions still do not fit the rendered clips "
                         f"after {ctx.critic_rounds} critic rounds: " + "; ".join(unfit))
    write_model(ctx.run_dir / "edit.json", edl)
    notes = ["editor: clips lengthened to hold their spoken lines: " + ", ".join(stretched)] if stretched else []
    ctx.progress({"stage": "editor", "event": "done",
                  "detail": f"{len(edl.clips)} clips, {edl.duration:.1f}s, {len(edl.subtitles)} subtitles"})
    return combine({"edit": edl.model_dump(), "notes": notes}, review, agent_update("editor", answer, started, time.time()))
