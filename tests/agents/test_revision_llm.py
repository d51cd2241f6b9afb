"""Free words to revision commands by the model, through the real `openai` client and a loopback server."""

from __future__ import annotations

import pytest

from agents.errors import LLMError
from agents.llm import OpenAIPlanner, make_client
from agents.offline import OfflinePlanner
from agents.revision import apply_revision, parse_command
from agents.revision_llm import plan_revision
from agents.schemas import Brief
from tests.support.openai_server import ScriptedOpenAIServer, message_text, schema_name

MODELS = {"writer": "w", "director": "d", "editor": "e"}
BRIEF = Brief(idea="A lighthouse keeper finds a message in a bottle", duration=14, width=160, height=96, fps=12)


@pytest.fixture(scope="module")
def state():
    crew = OfflinePlanner()
    script = crew.write_script(BRIEF).value
    shots = [s for scene in script.scenes for s in crew.plan_shots(BRIEF, script, scene).value]
    return {"brief": BRIEF.model_dump(), "script": script.model_dump(), "shots": [s.model_dump() for s in shots]}


def test_the_model_turns_words_into_commands_that_apply(state):
    with ScriptedOpenAIServer([{"commands": ["/shot 2 size=CU"], "note": "Shot 2 is now a close-up."}]) as server:
        planner = OpenAIPlanner(make_client(server.base_url, "k", timeout=10, max_retries=0), MODELS)
        plan, answer = plan_revision(planner, "make the second shot a close-up", state)
        request = server.requests[0]
    assert plan.commands == ["/shot 2 size=CU"] and answer.prompt.startswith("editor/route@")
    assert request["model"] == "e" and schema_name(request) == "RevisionPlan"
    text = message_text(request)
    assert "make the second shot a close-up" in text and "/shot N key=value" in text and state["shots"][1]["id"] in text
    updates = apply_revision(parse_command(plan.commands[0]), state)
    assert updates["shots"][1]["size"] == "CU"


def test_a_command_outside_the_grammar_gets_one_repair_round(state):
    answers = [{"commands": ["/zoom 2 closer"]}, {"commands": ["/shot 2 size=CU"], "note": "fixed"}]
    with ScriptedOpenAIServer(answers) as server:
        planner = OpenAIPlanner(make_client(server.base_url, "k", timeout=10, max_retries=0), MODELS)
        plan, answer = plan_revision(planner, "closer on shot 2", state)
        assert len(server.requests) == 2 and "/zoom 2 closer" in message_text(server.requests[1])
    assert plan.commands == ["/shot 2 size=CU"] and answer.repaired


def test_no_usable_plan_is_an_error_naming_the_model(state):
    with ScriptedOpenAIServer([{"commands": ["/zoom"]}, {"commands": ["/zoom"]}]) as server:
        planner = OpenAIPlanner(make_client(server.base_url, "k", timeout=10, max_retries=0), MODELS)
        with pytest.raises(LLMError, match="'e'"):
            plan_revision(planner, "zoom", state)
