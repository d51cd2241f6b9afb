"""Approval gates: with ``RunContext.gates`` on, the run stops after the script and after the shot list
and waits for the user (LangGraph ``interrupt``). Without gates (``filmcrew make``, ``--yes``) they pass.

The value the graph is resumed with (``Command(resume=...)``) approves. To ask for changes instead,
the session writes the revised script or shots into the state as if ``gather_script`` or
``gather_shots`` had made them (``update_state(..., as_node=...)``): the gate runs again and shows the
new version.
"""

from __future__ import annotations

from langgraph.runtime import Runtime
from langgraph.types import interrupt

from agents.context import RunContext
from agents.state import FilmState


def approve_script(state: FilmState, runtime: Runtime[RunContext]) -> dict:
    """Wait for the user to approve the script (a no-op without gates)."""
    if runtime.context.gates:
        script = state["script"]
        interrupt({"gate": "script", "title": script["title"], "scenes": len(script["scenes"])})
    return {}


def approve_shots(state: FilmState, runtime: Runtime[RunContext]) -> dict:
    """Wait for the user to approve the shot list (a no-op without gates)."""
    if runtime.context.gates:
        interrupt({"gate": "shots", "shots": len(state["shots"])})
    return {}
