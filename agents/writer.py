"""The writer: idea → `Script`."""

from __future__ import annotations

import time

from langgraph.runtime import Runtime

from agents.context import RunContext
from agents.schemas import Brief
from agents.state import FilmState, agent_update
from tools.files import write_model


def write_script(state: FilmState, runtime: Runtime[RunContext]) -> dict:
    """Write the script for the brief and save it as ``script.json``."""
    ctx = runtime.context
    started = time.time()
    brief = Brief.model_validate(state["brief"])
    ctx.progress({"stage": "writer", "event": "start"})
    answer = ctx.planner.write_script(brief)
    script = answer.value
    write_model(ctx.run_dir / "script.json", script)
    ctx.progress({
        "stage": "writer", "event": "done",
        "detail": f"“{script.title}” · {len(script.scenes)} scenes · {len(script.characters)} characters",
    })
    return {
        "script": script.model_dump(),
        **agent_update("writer", answer, started, time.time()),
    }
