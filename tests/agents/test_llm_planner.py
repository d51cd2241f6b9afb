"""The OpenAI-compatible planner, through the real ``openai`` client, against a loopback server."""

from __future__ import annotations

import json

import pytest

from agents.errors import LLMError
from agents.llm import OpenAIPlanner, make_client, scene_budget, stable_seed
from agents.planner import Usage
from agents.schemas import Brief, Character, DialogueLine, Location, Scene, Script, Shot, ShotList
from tests.support.openai_server import Reply, ScriptedOpenAIServer, message_text, schema_name
from tools.timeline import ClipDecision, EditDecisionList, SubtitleEvent, TitleCard, Transition

MODELS = {"writer": "writer-model", "director": "director-model", "editor": "editor-model"}


def make_brief(**overrides) -> Brief:
    values = dict(idea="Two strangers share an umbrella at a night market.", duration=20,
                  width=640, height=360)
    return Brief(**(values | overrides))


def make_script() -> Script:
    mei = Character(name="MEI", description="a woman in her 30s, short black bob, mustard raincoat")
    li = Character(name="LI", description="a man in his 40s, grey stubble, navy suit, black umbrella")
    market = Location(name="NIGHT MARKET", look="wet neon stalls, red and teal light, steam")
    return Script(
        title="Umbrella",
        logline="A shared umbrella turns two strangers into allies.",
        language="en",
        characters=[mei, li],
        locations=[market],
        scenes=[
            Scene(
                number=1,
                heading="EXT. NIGHT MARKET - NIGHT",
                location="NIGHT MARKET",
                characters=["MEI", "LI"],
                summary="Rain starts; Li offers Mei half of his umbrella.",
                dialogue=[
                    DialogueLine(speaker="LI", text="Room for two?"),
                    DialogueLine(speaker="MEI", text="Just."),
                ],
            ),
            Scene(
                number=2,
                heading="EXT. NIGHT MARKET - NIGHT",
                location="NIGHT MARKET",
                characters=["MEI", "LI"],
                summary="They walk off together under the umbrella.",
            ),
        ],
    )


def make_shots(scene: int = 1) -> ShotList:
    def shot(n: int, size: str, seconds: float, line: DialogueLine | None = None) -> Shot:
        return Shot(
            id=f"S{scene:02d}-{n:02d}", scene=scene, size=size, duration=seconds, characters=["LI", "MEI"],
            action="Li lifts the umbrella over Mei.", prompt=f"{size} shot, wet neon night market, rain",
            seed=stable_seed(0, "LI"), dialogue=line,
        )

    return ShotList(shots=[
        shot(1, "WS", 4.0),
        shot(2, "MCU", 4.0, DialogueLine(speaker="LI", text="Room for two?")),
        shot(3, "CU", 3.5, DialogueLine(speaker="MEI", text="Just.")),
    ])


def make_edit() -> EditDecisionList:
    return EditDecisionList(
        title_card=TitleCard(text="Umbrella", duration=2.0),
        clips=[
            ClipDecision(shot_id="S01-01", source_out=4,
                         transition=Transition(kind="fade_black", duration=1)),
            ClipDecision(shot_id="S01-02", source_out=4.0),
            ClipDecision(shot_id="S01-03", source_out=3.5),
        ],
        subtitles=[
            SubtitleEvent(start=6.2, end=9.8, text="Room for two?", speaker="LI"),
            SubtitleEvent(start=10.2, end=13.3, text="Just.", speaker="MEI"),
        ],
        fade_out=1.0,
    )


def as_json(model) -> dict:
    return json.loads(model.model_dump_json())


@pytest.fixture
def server():
    with ScriptedOpenAIServer(models=MODELS.values()) as running:
        yield running


@pytest.fixture
def planner(server):
    client = make_client(server.base_url, "test", timeout=10, max_retries=0)
    yield OpenAIPlanner(client, MODELS)
    client.close()


CLIPS = {"S01-01": 4.0, "S01-02": 4.0, "S01-03": 3.5}


def test_script_shots_and_edit_round_trip(server, planner):
    by_schema = {
        "Script": as_json(make_script()),
        "ShotList": as_json(make_shots()),
        "EditDecisionList": as_json(make_edit()),
    }
    server.handler = lambda request: by_schema[schema_name(request)]
    brief, script = make_brief(), make_script()

    written = planner.write_script(brief)
    shots = planner.plan_shots(brief, script, script.scenes[0])
    edit = planner.decide_edit(brief, script, shots.value, CLIPS)

    assert written.value == script
    assert shots.value == make_shots().shots
    assert edit.value == make_edit()
    refs = [a.prompt for a in (written, shots, edit)]
    assert refs == ["writer/script@1", "director/shots@1", "editor/edit@1"]
    assert not (written.repaired or shots.repaired or edit.repaired)
    assert [a.usage.calls for a in (written, shots, edit)] == [1, 1, 1]
    writer_request, director_request, editor_request = server.requests
    assert [r["model"] for r in server.requests] == list(MODELS.values())
    assert writer_request["response_format"]["json_schema"]["strict"] is True
    assert [m["role"] for m in writer_request["messages"]] == ["system", "user"]
    assert "<idea>\nTwo strangers share an umbrella" in writer_request["messages"][1]["content"]
    director_text = message_text(director_request)
    assert "a man in his 40s, grey stubble, navy suit, black umbrella" in director_text
    assert f"LI: {stable_seed(0, 'LI')}" in director_text
    assert f"<scene_budget_seconds>{scene_budget(brief, script, script.scenes[0]):g}<" in director_text
    assert "S01-03: 3.500" in message_text(editor_request)


def test_missing_field_is_repaired_and_the_model_is_told_what_was_wrong(server, planner):
    broken = as_json(make_script())
    del broken["logline"]
    server.add(
        Reply(content=broken, prompt_tokens=100, completion_tokens=40),
        Reply(content=as_json(make_script()), prompt_tokens=180, completion_tokens=45),
    )

    answer = planner.write_script(make_brief())

    assert answer.value == make_script()
    assert answer.repaired is True
    assert answer.usage == Usage(calls=2, input_tokens=280, output_tokens=85)
    repair_request = server.requests[1]["messages"]
    assert repair_request[:2] == server.requests[0]["messages"]
    assert repair_request[2] == {"role": "assistant", "content": json.dumps(broken)}
    assert repair_request[3]["role"] == "user"
    assert "logline: Field required" in repair_request[3]["content"]
    assert "Script" in repair_request[3]["content"]


def test_speaker_who_is_not_a_character_is_repaired(server, planner):
    wrong = as_json(make_script())
    wrong["scenes"][0]["dialogue"][1]["speaker"] = "BOB"
    server.add(wrong, as_json(make_script()))

    answer = planner.write_script(make_brief())

    assert answer.repaired and answer.value.scenes[0].dialogue[1].speaker == "MEI"
    assert "'BOB' is not one of the characters" in server.requests[1]["messages"][-1]["content"]


def test_answer_that_is_not_json_is_repaired(server, planner):
    server.add("Sure! Here is your shot list: ...", as_json(make_shots()))
    script = make_script()

    answer = planner.plan_shots(make_brief(), script, script.scenes[0])

    assert answer.repaired and [s.id for s in answer.value] == ["S01-01", "S01-02", "S01-03"]
    assert "Invalid JSON" in server.requests[1]["messages"][-1]["content"]


def test_two_invalid_answers_raise_an_error_naming_the_stage_and_model(server, planner):
    script = make_script()
    server.add(as_json(make_shots(scene=1)), as_json(make_shots(scene=1)))

    with pytest.raises(LLMError) as caught:
        planner.plan_shots(make_brief(), script, script.scenes[1])

    message = str(caught.value)
    assert "director" in message and "director-model" in message
    assert "'S02-01'" in message and "ShotList" in message
    assert len(server.requests) == 2


def test_edit_with_an_unknown_shot_is_repaired(server, planner):
    wrong = as_json(make_edit())
    wrong["clips"][2]["shot_id"] = "S09-01"
    server.add(wrong, as_json(make_edit()))
    script = make_script()

    answer = planner.decide_edit(make_brief(), script, make_shots().shots, CLIPS)

    assert answer.repaired and [c.shot_id for c in answer.value.clips] == ["S01-01", "S01-02", "S01-03"]
    assert "'S09-01'" in server.requests[1]["messages"][-1]["content"]


def test_edit_past_the_end_of_a_real_clip_is_repaired(server, planner):
    wrong = as_json(make_edit())
    wrong["clips"][1]["source_out"] = 6.0
    server.add(wrong, as_json(make_edit()))

    answer = planner.decide_edit(make_brief(), make_script(), make_shots().shots, CLIPS)

    assert answer.repaired
    assert "only 4.000s long" in server.requests[1]["messages"][-1]["content"]


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (Reply(refusal="I can't help with that."), "refused to answer: I can't help with that."),
        (Reply(content='{"title": "Umb', finish_reason="length"), "ran out of output tokens"),
        (Reply(content="", finish_reason="content_filter"), "content filter"),
        (Reply(choices=False), "no choices"),
        (Reply.error(500, "the GPU caught fire"), "HTTP 500: the GPU caught fire"),
        (Reply.error(401, "bad key", kind="invalid_api_key"), "OPENAI_API_KEY"),
    ],
)
def test_unusable_answers_raise_a_clear_error(server, planner, reply, expected):
    server.add(reply)

    with pytest.raises(LLMError, match="writer") as caught:
        planner.write_script(make_brief())

    assert expected in str(caught.value)
    assert len(server.requests) == 1


def test_unreachable_server_names_the_url():
    with ScriptedOpenAIServer() as gone:
        url = gone.base_url
    planner = OpenAIPlanner(make_client(url, "test", timeout=5, max_retries=0), MODELS)

    with pytest.raises(LLMError, match="could not be reached") as caught:
        planner.write_script(make_brief())

    assert url.removesuffix("/v1") in str(caught.value)


def test_missing_api_key_says_how_to_set_it(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_ADMIN_KEY", raising=False)

    with pytest.raises(LLMError, match="OPENAI_API_KEY"):
        make_client("http://127.0.0.1:9/v1", None, timeout=5, max_retries=0)


def test_planner_needs_a_model_per_stage():
    with pytest.raises(ValueError, match="editor"):
        OpenAIPlanner(make_client("http://127.0.0.1:9/v1", "test", 5, 0), {"writer": "w", "director": "d"})


def test_scene_budgets_share_the_whole_duration():
    brief, script = make_brief(duration=33), make_script()

    budgets = [scene_budget(brief, script, scene) for scene in script.scenes]

    assert budgets == [24.8, 8.2]  # weights 1 + 2 lines and 1 + 0 lines
    assert sum(budgets) == pytest.approx(33, abs=0.1)


def test_seeds_are_stable_and_differ_per_character():
    assert stable_seed(7, "MEI") == stable_seed(7, "MEI")
    assert len({stable_seed(7, "MEI"), stable_seed(7, "LI"), stable_seed(8, "MEI")}) == 3
    assert 0 <= stable_seed(7, "MEI") < 2**31


def test_server_lists_its_models(server, planner):
    assert [m.id for m in planner.client.models.list()] == list(MODELS.values())
