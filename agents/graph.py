"""The film graph: writer → directors (one per scene) → renders (one per shot) → editor → assembly.

```
START → write_script ─Send×scenes→ plan_shots → gather_shots ─Send×shots→ render_shot → cut_film → assemble_film → END
```
"""

from __future__ import annotations

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph

from agents.assembly import assemble_film
from agents.context import RunContext
from agents.director import gather_shots, plan_shots, send_scenes
from agents.editor import cut_film
from agents.rendering import render_shot, send_shots
from agents.state import FilmState
from agents.writer import write_script


def build_graph(checkpointer: BaseCheckpointSaver | None = None):
    """Build and compile the film graph.

    Args:
        checkpointer: Where each step is saved so a killed run resumes (SQLite in the run folder).

    Returns:
        The compiled graph; invoke it with ``{"brief": Brief.model_dump()}`` and a `RunContext`.
    """
    builder = StateGraph(FilmState, context_schema=RunContext)
    builder.add_node("write_script", write_script)
    builder.add_node("plan_shots", plan_shots)
    builder.add_node("gather_shots", gather_shots)
    builder.add_node("render_shot", render_shot)
    builder.add_node("cut_film", cut_film)
    builder.add_node("assemble_film", assemble_film)

    builder.add_edge(START, "write_script")
    builder.add_conditional_edges("write_script", send_scenes, ["plan_shots"])
    builder.add_edge("plan_shots", "gather_shots")
    builder.add_conditional_edges("gather_shots", send_shots, ["render_shot"])
    builder.add_edge("render_shot", "cut_film")
    builder.add_edge("cut_film", "assemble_film")
    builder.add_edge("assemble_film", END)
    return builder.compile(checkpointer=checkpointer, name="filmcrew")
