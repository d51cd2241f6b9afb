"""What real OpenAI-compatible servers do, and what the planner makes of it.

Every case ends in a usable answer or an `LLMError` that names the stage and the model. The real
``openai`` client talks to a loopback server whose answers each test scripts; the client's own
retries (``max_retries``, honouring ``retry-after``) are part of what is tested, kept fast with
sub-second ``retry-after`` headers.
"""

from __future__ import annotations

import json

import pytest

from agents.errors import LLMError
from agents.llm import OpenAIPlanner, make_client
from agents.planner import Usage
from agents.schemas import Brief, Character, Location, SceneOutline, Treatment
from tests.support.openai_server import Reply, ScriptedOpenAIServer, message_text, response_format_type

MODELS = {"writer": "writer-model", "director": "director-model", "editor": "editor-model"}
BRIEF = Brief(idea="A lighthouse keeper finds a message in a bottle.", duration=20, width=640, height=360)
TREATMENT = Treatment(
    title="Bottle",
    logline="A keeper answers a letter from the sea.",
    language="en",
    characters=[Character(name="ADA", description="a woman in her 60s, white braid, yellow oilskin")],
    locations=[Location(name="LIGHTHOUSE", look="white tower, grey sea, low sun")],
    scenes=[
        SceneOutline(number=1, heading="EXT. LIGHTHOUSE - DAY", location="LIGHTHOUSE", characters=["ADA"],
                     summary="Ada pulls a bottle from the surf.", lines=1),
        SceneOutline(number=2, heading="INT. LIGHTHOUSE - NIGHT", location="LIGHTHOUSE", characters=["ADA"],
                     summary="Ada writes an answer by lamplight.", lines=0),
    ],
)
GOOD = json.loads(TREATMENT.model_dump_json())
QUICK = {"retry-after-ms": "20"}  # the client waits this long before a retry instead of its 0.5 s backoff


@pytest.fixture
def server():
    with ScriptedOpenAIServer(models=MODELS.values()) as running:
        yield running


def planner_for(server: ScriptedOpenAIServer, *, retries: int = 2, timeout: float = 10, **options) -> OpenAIPlanner:
    return OpenAIPlanner(make_client(server.base_url, "test", timeout, retries), MODELS, options=options)


def failure(planner: OpenAIPlanner) -> LLMError:
    with pytest.raises(LLMError) as caught:
        planner.write_treatment(BRIEF)
    assert "writer" in str(caught.value) and "'writer-model'" in str(caught.value)
    return caught.value


# -- HTTP errors, rate limits, timeouts, connections -----------------------------------------------
@pytest.mark.parametrize("status", [500, 503])
def test_a_failing_server_is_retried_then_named_in_a_clear_error(server, status):
    server.add(*[Reply.error(status, "the GPU caught fire", **QUICK)] * 3)

    error = failure(planner_for(server, retries=2))

    assert f"HTTP {status} (3 tries): the GPU caught fire" in str(error)
    assert "run again later" in str(error)
    assert len(server.requests) == 3


def test_a_server_error_then_an_answer_succeeds(server):
    server.add(Reply.error(500, "busy", **QUICK), GOOD)

    answer = planner_for(server, retries=2).write_treatment(BRIEF)

    assert answer.value == TREATMENT and not answer.repaired
    assert len(server.requests) == 2


def test_rate_limits_are_waited_out_as_the_server_asks(server):
    server.add(Reply.error(429, "slow down", kind="rate_limit_exceeded", retry_after="0.2"), GOOD)

    answer = planner_for(server, retries=2).write_treatment(BRIEF)

    assert answer.value == TREATMENT
    assert len(server.requests) == 2


def test_rate_limits_that_never_lift_give_a_clear_error(server):
    server.add(*[Reply.error(429, "quota exhausted", kind="rate_limit_exceeded", retry_after="0.05")] * 2)

    error = failure(planner_for(server, retries=1))

    assert "HTTP 429" in str(error) and "quota exhausted" in str(error)


def test_a_read_timeout_is_retried(server):
    server.add(Reply(content=GOOD, delay=1.5), GOOD)

    answer = planner_for(server, retries=1, timeout=0.3).write_treatment(BRIEF)

    assert answer.value == TREATMENT
    assert len(server.requests) == 2


def test_a_server_that_never_answers_in_time_gives_a_clear_error(server):
    server.add(Reply(content=GOOD, delay=1.0))

    error = failure(planner_for(server, retries=0, timeout=0.3))

    assert "did not answer within 0.3 s" in str(error)


def test_a_dropped_connection_is_retried(server):
    server.add(Reply(drop=True), GOOD)

    assert planner_for(server, retries=1).write_treatment(BRIEF).value == TREATMENT
    assert len(server.requests) == 2


def test_a_refused_connection_names_the_url():
    with ScriptedOpenAIServer() as gone:
        url = gone.base_url
    planner = OpenAIPlanner(make_client(url, "test", timeout=5, max_retries=0), MODELS)

    error = failure(planner)

    assert "could not be reached" in str(error) and url in str(error)


def test_a_rejected_key_says_how_to_fix_it(server):
    server.add(Reply.error(401, "bad key", kind="invalid_api_key"))

    assert "OPENAI_API_KEY" in str(failure(planner_for(server)))


# -- what the answer looks like -------------------------------------------------------------------
@pytest.mark.parametrize(
    "content",
    [
        f"```json\n{json.dumps(GOOD)}\n```",
        f"Here is the treatment you asked for:\n\n{json.dumps(GOOD, indent=2)}\n\nI hope it helps!",
        f"<think>The keeper {{maybe}} needs a name.</think>\n```\n{json.dumps(GOOD)}\n```",
        f'An example: {{"title": "x"}} is too short. The answer: {json.dumps(GOOD)}',
    ],
    ids=["fenced", "prose-around", "thinking-first", "fragment-before"],
)
def test_json_inside_prose_or_fences_is_read_without_a_repair(server, content):
    server.add(content)

    answer = planner_for(server).write_treatment(BRIEF)

    assert answer.value == TREATMENT and not answer.repaired
    assert len(server.requests) == 1


def test_a_server_that_ignores_response_format_is_read_all_the_same(server):
    server.handler = lambda request: f"Sure! {json.dumps(GOOD)}"

    answer = planner_for(server).write_treatment(BRIEF)

    assert answer.value == TREATMENT and len(server.requests) == 1


def rejecting(*types: str | None):
    """A server that answers HTTP 400 to the given ``response_format`` types."""

    def handler(request: dict) -> Reply | dict:
        if response_format_type(request) in types:
            return Reply.error(400, "response_format is not supported", kind="invalid_request_error")
        return GOOD

    return handler


def test_a_server_without_json_schema_gets_json_mode_with_the_schema_in_the_prompt(server):
    server.handler = rejecting("json_schema")
    planner = planner_for(server)

    first = planner.write_treatment(BRIEF)
    second = planner.write_treatment(BRIEF)

    assert first.value == second.value == TREATMENT
    assert [response_format_type(r) for r in server.requests] == ["json_schema", "json_object", "json_object"]
    assert first.usage.calls == 2 and second.usage.calls == 1
    schema_message = server.requests[1]["messages"][0]["content"]
    assert '<json_schema name="Treatment">' in schema_message and '"logline"' in schema_message


def test_a_server_without_any_response_format_gets_the_schema_in_the_prompt(server):
    server.handler = rejecting("json_schema", "json_object")
    planner = planner_for(server)

    planner.write_treatment(BRIEF)
    planner.write_treatment(BRIEF)

    assert [response_format_type(r) for r in server.requests] == ["json_schema", "json_object", None, None]
    assert "response_format" not in server.requests[3]
    assert '<json_schema name="Treatment">' in message_text(server.requests[3])


def test_a_request_no_mode_can_fix_gives_a_clear_error(server):
    server.handler = rejecting("json_schema", "json_object", None)

    error = failure(planner_for(server))

    assert "HTTP 400: response_format is not supported" in str(error)
    assert "json_schema, json_object, text" in str(error)
    assert len(server.requests) == 3


@pytest.mark.parametrize(
    ("change", "told"),
    [
        ({"characters": "ADA"}, "characters: Input should be a valid list (got 'ADA')"),
        ({"logline": None}, "logline: Field required"),
        ({"genre": "drama"}, "genre: Extra inputs are not permitted"),
    ],
    ids=["wrong-type", "missing-field", "extra-field"],
)
def test_an_answer_off_the_schema_gets_one_repair_round(server, change, told):
    broken = {k: v for k, v in (GOOD | change).items() if v is not None}
    server.add(broken, GOOD)

    answer = planner_for(server).write_treatment(BRIEF)

    assert answer.value == TREATMENT and answer.repaired
    assert told in server.requests[1]["messages"][-1]["content"]


def test_an_answer_still_off_the_schema_after_the_repair_gives_a_clear_error(server):
    server.add(GOOD | {"genre": "drama"}, GOOD | {"genre": "noir"})

    error = failure(planner_for(server))

    assert "invalid Treatment twice" in str(error) and "genre: Extra inputs are not permitted" in str(error)
    assert error.usage.calls == 2


# -- cut-off, refused and empty answers -----------------------------------------------------------
def test_a_cut_off_answer_is_asked_again_shorter_with_more_room(server):
    server.add(Reply(content=json.dumps(GOOD)[:40], finish_reason="length"), GOOD)

    answer = planner_for(server, max_completion_tokens=800).write_treatment(BRIEF)

    assert answer.value == TREATMENT and answer.usage.calls == 2
    first, second = server.requests
    assert (first["max_completion_tokens"], second["max_completion_tokens"]) == (800, 1600)
    assert "was cut off at the output limit" in second["messages"][-1]["content"]
    assert [m["role"] for m in second["messages"]] == ["system", "user"]


def test_an_answer_cut_off_twice_gives_a_clear_error(server):
    server.add(*[Reply(content='{"title": "Bot', finish_reason="length")] * 2)

    error = failure(planner_for(server))

    assert "ran out of output tokens twice" in str(error) and "Treatment" in str(error)


def test_a_refusal_is_quoted(server):
    server.add(Reply(refusal="I can't help with that."))

    error = failure(planner_for(server))

    assert "refused to answer: I can't help with that." in str(error)
    assert len(server.requests) == 1


def test_the_content_filter_is_named(server):
    server.add(Reply(content="", finish_reason="content_filter"))

    assert "content filter" in str(failure(planner_for(server)))


def test_an_answer_without_choices_is_asked_once_more(server):
    server.add(Reply(choices=False, prompt_tokens=50, completion_tokens=0), GOOD)

    answer = planner_for(server).write_treatment(BRIEF)

    assert answer.value == TREATMENT and answer.usage.calls == 2 and answer.usage.input_tokens >= 50


def test_two_answers_without_choices_give_a_clear_error(server):
    server.add(Reply(choices=False, prompt_tokens=50), Reply(choices=False, prompt_tokens=60))

    error = failure(planner_for(server))

    assert "no choices" in str(error)
    assert error.usage == Usage(calls=2, input_tokens=110, output_tokens=0)


@pytest.mark.parametrize(
    ("body", "told"),
    [
        ("<html>Bad gateway</html>", "not a chat completion ('<html>Bad gateway</html>')"),
        ({"error": {"message": "model is loading"}}, "an error instead of a completion: model is loading"),
    ],
)
def test_a_body_that_is_not_a_completion_is_asked_once_more_then_named(server, body, told):
    server.add(Reply(body=body), Reply(body=body))

    error = failure(planner_for(server))

    assert told in str(error) and len(server.requests) == 2


def test_client_options_come_from_the_planner_options(server):
    server.add(Reply(content=GOOD, delay=1.0))
    planner = OpenAIPlanner(make_client(server.base_url, "test", 30, 5), MODELS,
                            options={"timeout": 0.3, "max_retries": 0, "temperature": 0.4})

    error = failure(planner)

    assert "did not answer within 0.3 s (1 try)" in str(error)
    assert server.requests[0]["temperature"] == 0.4 and "timeout" not in server.requests[0]
