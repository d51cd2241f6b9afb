"""Free words to revision commands, by the model: "make the ending darker" → ``/scene 3 summary="..."``.

The model answers a `RevisionPlan` in the offline command grammar (`agents.revision.GRAMMAR`), so
what it asks for goes through the same checks and the same re-run as a typed command.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from agents.llm_answer import ask
from agents.revision import GRAMMAR, RevisionError, parse_command
from prompts import load_prompt


class RevisionPlan(BaseModel):
    """The model's reading of a revision request.

    Attributes:
        commands: Commands of the revision grammar, applied in order.
        note: One sentence for the user saying what changes.
    """

    model_config = ConfigDict(extra="forbid")

    commands: list[str] = Field(min_length=1, max_length=12)
    note: str = ""


def _problems(plan: RevisionPlan) -> list[str]:
    problems = []
    for command in plan.commands:
        try:
            parse_command(command)
        except RevisionError as exc:
            problems.append(f"{command!r}: {exc}")
    return problems


def plan_revision(planner: Any, message: str, state: dict[str, Any]) -> tuple[RevisionPlan, Any]:
    """Ask the editor's model which commands do what ``message`` asks.

    Args:
        planner: The OpenAI-compatible planner (`agents.llm.OpenAIPlanner`).
        message: The user's words.
        state: The session's state (its script and shots are shown to the model).

    Returns:
        The plan (every command parses) and the `Answer` (usage, prompt version).

    Raises:
        LLMError: The model gave no usable plan after a repair round.
    """
    prompt = load_prompt("editor/route")
    shots = [{"n": n, "id": s["id"], "scene": s["scene"], "size": s["size"], "move": s["move"],
              "duration": s["duration"], "action": s["action"], "dialogue": s.get("dialogue")}
             for n, s in enumerate(state["shots"], start=1)]
    script = {k: state["script"][k] for k in ("title", "logline", "language", "characters", "scenes")}
    messages = prompt.messages(grammar=GRAMMAR, script=json.dumps(script, ensure_ascii=False),
                               shots=json.dumps(shots, ensure_ascii=False), message=message)
    answer = ask(planner.chat, "editor", planner.models["editor"], prompt, messages, RevisionPlan, _problems)
    return answer.value, answer
