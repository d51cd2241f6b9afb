"""The film graph: a hierarchical writer, directors (one per scene), renders (one per shot), the editor.

```
START → write_treatment ─Send×scenes→ write_scene → gather_script → approve_script
      ─Send×scenes→ plan_shots → gather_shots → approve_shots → voice_lines → render_references
      ─Send×shots→ render_shot → cut_film → assemble_film → END
```

Every agent node runs its stage's critic and sends the answer back while problems remain (at most
``RunContext.critic_rounds`` times); what is left is kept in the state's ``problems``. The two
approval gates wait for the user only when ``RunContext.gates`` is on (chat sessions).
"""

from __future__ import annotations

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph

from agents.assembly import assemble_film
from agents.context import RunContext
from agents.director import gather_shots, plan_shots, send_scenes
from agents.editor import cut_film
from agents.gates import approve_script, approve_shots
from agents.rendering import render_references, render_shot, send_shots
from agents.state import FilmState
from agents.voicing import voice_lines
from agents.writer import gather_script, send_scenes_to_write, write_scene, write_treatment


def build_graph(checkpointer: BaseCheckpointSaver | None = None):
    """Build and compile the film graph.

    Args:
        checkpointer: Where each step is saved so a killed run resumes (SQLite in the run folder).

    Returns:
        The compiled graph; invoke it with ``{"brief": Brief.model_dump()}`` and a `RunContext`.
    """
    builder = StateGraph(FilmState, context_schema=RunContext)
    builder.add_node("write_treatment", write_treatment)
    builder.add_node("write_scene", write_scene)
    builder.add_node("gather_script", gather_script)
    builder.add_node("approve_script", approve_script)
    builder.add_node("plan_shots", plan_shots)
    builder.add_node("gather_shots", gather_shots)
    builder.add_node("approve_shots", approve_shots)
    builder.add_node("voice_lines", voice_lines)
    builder.add_node("render_references", render_references)
    builder.add_node("render_shot", render_shot)
    builder.add_node("cut_film", cut_film)
    builder.add_node("assemble_film", assemble_film)

    builder.add_edge(START, "write_treatment")
    builder.add_conditional_edges("write_treatment", send_scenes_to_write, ["write_scene"])
    builder.add_edge("write_scene", "gather_script")
    builder.add_edge("gather_script", "approve_script")
    builder.add_conditional_edges("approve_script", send_scenes, ["plan_shots", "gather_shots"])
    builder.add_edge("plan_shots", "gather_shots")
    builder.add_edge("gather_shots", "approve_shots")
    builder.add_edge("approve_shots", "voice_lines")
    builder.add_edge("voice_lines", "render_references")
    builder.add_conditional_edges("render_references", send_shots, ["render_shot"])
    builder.add_edge("render_shot", "cut_film")
    builder.add_edge("cut_film", "assemble_film")
    builder.add_edge("assemble_film", END)
    return builder.compile(checkpointer=checkpointer, name="filmcrew")
