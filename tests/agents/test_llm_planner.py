"""The OpenAI-compatible planner's craft, revisions and accounting, through the real ``openai`` client
against a loopback server."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from agents import critics
from agents.accounting import BudgetExceededError, Ledger, PriceTable
from agents.errors import LLMError
from agents.llm import OpenAIPlanner, make_client, scene_budget, stable_seed
from agents.planner import Feedback, Usage
from agents.schemas import (
    Brief,
    Character,
    DialogueLine,
    Location,
    Outline,
    Premise,
    Scene,
    SceneOutline,
    Script,
    Shot,
    ShotList,
    Treatment,
)
from tests.support.openai_server import Reply, ScriptedOpenAIServer, message_text, schema_name
from tools.timeline import ClipDecision, EditDecisionList, SubtitleEvent, TitleCard, Transition

MODELS = {"writer": "writer-model", "director": "director-model", "editor": "editor-model"}
MEI_LOOK = "a woman in her 30s, short black bob, mustard raincoat"
LI_LOOK = "a man in his 40s, grey stubble, navy suit, black umbrella"


def make_brief(**overrides) -> Brief:
    values = {"idea": "Two strangers share an umbrella at a night market.", "duration": 20, "width": 640,
              "height": 360}
    return Brief(**(values | overrides))


def make_premise() -> Premise:
    return Premise(
        title="Umbrella",
        logline="A shared umbrella turns two strangers into allies.",
        language="en",
        characters=[Character(name="MEI", description=MEI_LOOK), Character(name="LI", description=LI_LOOK)],
        locations=[
            Location(name="NIGHT MARKET", look="wet neon stalls, red and teal light, steam"),
            Location(name="BUS STOP", look="glass shelter, sodium light, rain sheets"),
        ],
    )


def make_outline() -> Outline:
    return Outline(scenes=[
        SceneOutline(number=1, heading="EXT. NIGHT MARKET - NIGHT", location="NIGHT MARKET",
                     characters=["MEI", "LI"], summary="Rain starts; Li offers Mei his umbrella.", lines=2),
        SceneOutline(number=2, heading="EXT. BUS STOP - NIGHT", location="BUS STOP",
                     characters=["MEI", "LI"], summary="They wait for the last bus, smiling.", lines=0),
    ])


def make_treatment() -> Treatment:
    return Treatment.from_parts(make_premise(), make_outline())


def make_scene(number: int) -> Scene:
    planned = make_outline().scenes[number - 1]
    lines = [DialogueLine(speaker="LI", text="Room for two?"), DialogueLine(speaker="MEI", text="Just.")]
    return Scene(**planned.model_dump(exclude={"lines"}), dialogue=lines if number == 1 else [])


def make_script() -> Script:
    return Script.from_parts(make_premise(), [make_scene(1), make_scene(2)])


def make_shots(scene: int = 1) -> ShotList:
    def shot(n: int, size: str, seconds: float, line: DialogueLine | None = None) -> Shot:
        return Shot(
            id=f"S{scene:02d}-{n:02d}", scene=scene, size=size, duration=seconds, characters=["LI", "MEI"],
            action="Li lifts the umbrella over Mei.", prompt=f"{size} shot, {LI_LOOK}, {MEI_LOOK}, rain",
            seed=critics.character_seed(0, "LI"), dialogue=line,
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
            ClipDecision(shot_id="S01-01", source_out=4, transition=Transition(kind="fade_black", duration=1)),
            ClipDecision(shot_id="S01-02", source_out=4.0),
            ClipDecision(shot_id="S01-03", source_out=3.5),
        ],
        subtitles=[
            SubtitleEvent(start=6.2, end=9.8, text="Room for two?", speaker="LI"),
            SubtitleEvent(start=10.2, end=13.3, text="Just.", speaker="MEI"),
        ],
        fade_out=1.0,
        end_card=TitleCard(text="THE END", duration=2.0),
    )


def as_json(model) -> dict:
    return json.loads(model.model_dump_json())


CLIPS = {"S01-01": 4.0, "S01-02": 4.0, "S01-03": 3.5}


@pytest.fixture
def server():
    with ScriptedOpenAIServer(models=MODELS.values()) as running:
        yield running


@pytest.fixture
def client(server):
    made = make_client(server.base_url, "test", timeout=10, max_retries=0)
    yield made
    made.close()


@pytest.fixture
def planner(client):
    return OpenAIPlanner(client, MODELS)


def answer_by_schema(request: dict):
    """A model that answers every stage correctly."""
    name = schema_name(request)
    if name == "Scene":
        number = 2 if "Write scene 2." in message_text(request) else 1
        return as_json(make_scene(number))
    parts = {"Treatment": make_treatment(), "ShotList": make_shots(), "EditDecisionList": make_edit()}
    return as_json(parts[name])


def test_the_writer_works_top_down_in_one_treatment_then_scenes_written_in_parallel(server, planner):
    server.handler = answer_by_schema
    brief = make_brief(language="auto")

    treatment = planner.write_treatment(brief)
    premise, outline = treatment.value.premise, treatment.value.outline
    with ThreadPoolExecutor(max_workers=2) as pool:
        scenes = list(pool.map(lambda n: planner.write_scene(brief, premise, outline, n), [1, 2]))

    assert premise == make_premise() and outline == make_outline()
    assert [s.value for s in scenes] == [make_scene(1), make_scene(2)]
    assert [a.prompt for a in (treatment, *scenes)] == [
        "writer/treatment@1", "writer/scene@1", "writer/scene@1"]
    assert len(server.requests) == 3 and {r["model"] for r in server.requests} == {"writer-model"}
    assert all(r["response_format"]["json_schema"]["strict"] is True for r in server.requests)
    treatment_request = server.requests[0]
    assert [m["role"] for m in treatment_request["messages"]] == ["system", "user"]
    assert "<idea>\nTwo strangers share an umbrella" in treatment_request["messages"][1]["content"]
    text = " ".join(message_text(treatment_request).split())
    assert "if it says `auto`, use the language the idea is written in" in text
    assert "Descriptions, looks and location names stay in English" in text
    # the schema asks for the hierarchy in generation order: the premise first, the scenes last
    schema = treatment_request["response_format"]["json_schema"]["schema"]
    assert list(schema["properties"]) == ["title", "logline", "language", "characters", "locations", "scenes"]
    scene_two = next(r for r in server.requests[1:] if "Write scene 2." in message_text(r))
    assert MEI_LOOK in message_text(scene_two)  # the scene's writer sees the premise's looks
    assert "Rain starts; Li offers Mei his umbrella." in message_text(scene_two)  # it sees the whole outline
    assert "number 2 of 2" in message_text(scene_two)


@pytest.mark.parametrize(("duration", "scenes"), [(20, 2), (60, 6), (6, 1)])
def test_the_outline_is_sized_to_the_duration(server, planner, duration, scenes):
    server.add(as_json(make_treatment()))

    planner.write_treatment(make_brief(duration=duration))

    text = message_text(server.requests[0])
    assert f"<scene_count>{scenes}</scene_count>" in text
    assert f"write {scenes} scene(s)" in text


def test_the_director_gets_the_looks_seeds_and_the_previous_location(server, planner):
    server.add(as_json(make_shots(scene=2)))
    brief, script = make_brief(seed=7), make_script()

    shots = planner.plan_shots(brief, script, script.scenes[1])

    assert [s.id for s in shots.value] == ["S02-01", "S02-02", "S02-03"]
    assert shots.prompt == "director/shots@2" and server.requests[0]["model"] == "director-model"
    text = message_text(server.requests[0])
    assert f"- MEI: {MEI_LOOK}" in text and f"- LI: {LI_LOOK}" in text
    assert f"- MEI: {critics.character_seed(7, 'MEI')}" in text
    assert f"- BUS STOP: {critics.location_seed(7, 'BUS STOP')}" in text
    assert "<previous_scene_location>NIGHT MARKET</previous_scene_location>" in text
    assert f"<scene_budget_seconds>{scene_budget(brief, script, script.scenes[1]):g}<" in text


def test_the_first_scene_is_told_it_has_no_previous_location(server, planner):
    server.add(as_json(make_shots()))
    script = make_script()

    planner.plan_shots(make_brief(), script, script.scenes[0])

    text = message_text(server.requests[0])
    assert "<previous_scene_location>none (this is the first scene)</previous_scene_location>" in text
    assert f"line 1 (LI): at least {critics.speaking_seconds('Room for two?'):.1f} s" in text


def test_the_editor_sees_the_real_clip_lengths_and_may_close_on_an_end_card(server, planner):
    server.add(as_json(make_edit()))
    script = make_script()

    edit = planner.decide_edit(make_brief(), script, make_shots().shots, CLIPS)

    assert edit.value.end_card == TitleCard(text="THE END", duration=2.0)
    assert edit.prompt == "editor/edit@2" and server.requests[0]["model"] == "editor-model"
    text = message_text(server.requests[0])
    assert "S01-03: 3.500" in text and "2: EXT. BUS STOP - NIGHT" in text


def test_feedback_sends_the_previous_answer_and_the_problems_back(server, planner):
    earlier = make_scene(1).model_copy(update={"summary": "Li talks about the weather."})
    problems = ["line 1 takes 7.0 s to say; shorten it", "the scene never shows the umbrella"]
    server.add(as_json(make_scene(1)))

    revised = planner.write_scene(make_brief(), make_premise(), make_outline(), 1,
                                  Feedback(previous=earlier.model_dump_json(), problems=problems))

    assert revised.value == make_scene(1) and not revised.repaired
    messages = server.requests[0]["messages"]
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user"]
    assert messages[2]["content"] == earlier.model_dump_json()
    assert "- line 1 takes 7.0 s to say; shorten it\n- the scene never shows the umbrella" in messages[3]["content"]
    assert "Scene" in messages[3]["content"]


def test_director_feedback_may_quote_the_shots_as_a_list(server, planner):
    shots = make_shots()
    server.add(as_json(shots))
    script = make_script()
    previous = json.dumps([as_json(s) for s in shots.shots])

    planner.plan_shots(make_brief(), script, script.scenes[0], Feedback(previous=previous, problems=["x"]))

    quoted = json.loads(server.requests[0]["messages"][2]["content"])
    assert ShotList.model_validate(quoted) == shots


def test_editor_feedback_asks_for_a_revised_edit(server, planner):
    server.add(as_json(make_edit()))
    feedback = Feedback(previous=make_edit().model_dump_json(), problems=["the film runs 19.5 s for a 20 s target"])

    edit = planner.decide_edit(make_brief(), make_script(), make_shots().shots, CLIPS, feedback)

    assert edit.value == make_edit()
    assert "the film runs 19.5 s" in server.requests[0]["messages"][-1]["content"]


def test_missing_field_is_repaired_and_the_model_is_told_what_was_wrong(server, planner):
    broken = as_json(make_treatment())
    del broken["logline"]
    server.add(
        Reply(content=broken, prompt_tokens=100, completion_tokens=40),
        Reply(content=as_json(make_treatment()), prompt_tokens=180, completion_tokens=45),
    )

    answer = planner.write_treatment(make_brief())

    assert answer.value == make_treatment() and answer.repaired is True
    assert answer.usage == Usage(calls=2, input_tokens=280, output_tokens=85)
    repair = server.requests[1]["messages"]
    assert repair[:2] == server.requests[0]["messages"]
    assert repair[2] == {"role": "assistant", "content": json.dumps(broken)}
    assert "logline: Field required" in repair[3]["content"] and "Treatment" in repair[3]["content"]


@pytest.mark.parametrize(
    ("change", "told"),
    [
        ({"number": 2}, "this is scene 1, not 2"),
        ({"location": "MOON"}, "'MOON' is not one of the locations"),
        ({"characters": ["MEI", "LI", "BOB"]}, "['BOB'] are not among the characters"),
        ({"dialogue": [{"speaker": "BOB", "text": "Hi."}]}, "'BOB' is not one of the characters"),
    ],
)
def test_a_scene_outside_the_premise_is_repaired(server, planner, change, told):
    server.add(as_json(make_scene(1)) | change, as_json(make_scene(1)))

    answer = planner.write_scene(make_brief(), make_premise(), make_outline(), 1)

    assert answer.repaired and answer.value == make_scene(1)
    assert told in server.requests[1]["messages"][-1]["content"]


@pytest.mark.parametrize(
    ("change", "told"),
    [
        (lambda t: t["scenes"][1].update(location="AIRPORT"), "scenes.1.location: 'AIRPORT'"),
        (lambda t: t["scenes"][0].update(characters=["MEI", "BOB"]), "scenes.0.characters: ['BOB']"),
        (lambda t: t["scenes"].reverse(), "scenes must be numbered 1, 2, 3"),
        (lambda t: t["locations"].append(dict(t["locations"][0])), "locations: the names ['NIGHT MARKET']"),
    ],
)
def test_a_treatment_whose_outline_leaves_its_premise_is_repaired(server, planner, change, told):
    wrong = as_json(make_treatment())
    change(wrong)
    server.add(wrong, as_json(make_treatment()))

    answer = planner.write_treatment(make_brief())

    assert answer.repaired and answer.value == make_treatment()
    assert told in server.requests[1]["messages"][-1]["content"]


def test_treatment_feedback_asks_for_a_revised_treatment(server, planner):
    server.add(as_json(make_treatment()))
    feedback = Feedback(previous=make_treatment().model_dump_json(), problems=["9 scenes are too many"])

    answer = planner.write_treatment(make_brief(), feedback)

    assert answer.value == make_treatment()
    messages = server.requests[0]["messages"]
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user"]
    assert "- 9 scenes are too many" in messages[3]["content"] and "Treatment" in messages[3]["content"]


def test_a_scene_number_outside_the_outline_is_refused(planner):
    with pytest.raises(ValueError, match="number 3 is not a scene of the outline"):
        planner.write_scene(make_brief(), make_premise(), make_outline(), 3)


def test_two_invalid_answers_raise_an_error_naming_the_stage_and_model(server, planner):
    script = make_script()
    server.add(Reply(as_json(make_shots(1)), completion_tokens=30), Reply(as_json(make_shots(1)), completion_tokens=31))

    with pytest.raises(LLMError) as caught:
        planner.plan_shots(make_brief(), script, script.scenes[1])

    message = str(caught.value)
    assert "director" in message and "director-model" in message
    assert "'S02-01'" in message and "ShotList" in message
    assert caught.value.usage.calls == 2 and caught.value.usage.output_tokens == 61


@pytest.mark.parametrize(
    ("clip", "change", "told"),
    [(2, {"shot_id": "S09-01"}, "'S09-01'"), (1, {"source_out": 6.0}, "only 4.000s long")],
)
def test_an_edit_that_does_not_fit_the_clips_is_repaired(server, planner, clip, change, told):
    wrong = as_json(make_edit())
    wrong["clips"][clip] |= change
    server.add(wrong, as_json(make_edit()))

    answer = planner.decide_edit(make_brief(), make_script(), make_shots().shots, CLIPS)

    assert answer.repaired and answer.value == make_edit()
    assert told in server.requests[1]["messages"][-1]["content"]


# -- accounting --------------------------------------------------------------------------------------
PRICES = PriceTable({"writer-model": (2.0, 8.0), "director-model": (1.0, 4.0), "editor-model": (0.5, 1.0)})


def test_the_ledger_records_what_each_stage_spent(server, client):
    ledger = Ledger(PRICES)
    planner = OpenAIPlanner(client, MODELS, ledger=ledger)
    script = make_script()
    server.add(
        Reply(as_json(make_treatment()), prompt_tokens=1000, completion_tokens=500),
        Reply(as_json(make_shots()), prompt_tokens=2000, completion_tokens=1000),
        Reply(as_json(make_edit()), prompt_tokens=4000, completion_tokens=2000),
    )

    planner.write_treatment(make_brief())
    planner.plan_shots(make_brief(), script, script.scenes[0])
    planner.decide_edit(make_brief(), script, make_shots().shots, CLIPS)

    assert ledger.by_stage() == pytest.approx({"writer": 0.006, "director": 0.006, "editor": 0.004})


def test_a_call_that_could_pass_the_budget_is_never_sent(server, client):
    planner = OpenAIPlanner(client, MODELS, ledger=Ledger(PRICES, budget_usd=0.01))

    with pytest.raises(BudgetExceededError, match="writer"):
        planner.write_treatment(make_brief())  # 2000 output tokens at $8/M alone are $0.016

    assert server.requests == []


def test_a_lower_output_limit_lets_a_call_fit_a_tight_budget(server, client):
    planner = OpenAIPlanner(client, MODELS, ledger=Ledger(PRICES, budget_usd=0.01),
                            options={"max_completion_tokens": 500})
    server.add(as_json(make_treatment()))

    assert planner.write_treatment(make_brief()).value == make_treatment()
    assert server.requests[0]["max_completion_tokens"] == 500


def test_a_failed_call_releases_its_hold_and_reports_what_it_spent(server, client):
    ledger = Ledger(PRICES, budget_usd=0.03)  # room for one writer call's estimate at a time
    planner = OpenAIPlanner(client, MODELS, ledger=ledger)
    server.add(Reply(refusal="No.", prompt_tokens=1000, completion_tokens=10), as_json(make_treatment()))

    with pytest.raises(LLMError, match="refused") as caught:
        planner.write_treatment(make_brief())
    answer = planner.write_treatment(make_brief())

    assert caught.value.usage == Usage(calls=1, input_tokens=1000, output_tokens=10)
    assert answer.value == make_treatment()
    assert ledger.by_stage()["writer"] > 1000 * 2.0 / 1e6


# -- helpers others use -------------------------------------------------------------------------------
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

    assert budgets[0] > budgets[1]  # the scene with dialogue gets more time
    assert sum(budgets) == pytest.approx(33, abs=0.1)


def test_seeds_are_stable_and_differ_per_key():
    assert stable_seed(7, "MEI") == stable_seed(7, "MEI")
    assert len({stable_seed(7, "MEI"), stable_seed(7, "LI"), stable_seed(8, "MEI")}) == 3
    assert 0 <= stable_seed(7, "MEI") < 2**31


def test_server_lists_its_models(planner):
    assert [m.id for m in planner.client.models.list()] == list(MODELS.values())
