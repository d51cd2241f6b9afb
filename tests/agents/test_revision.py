"""Revisions after a cut: each command is read, applied to a real offline plan, and leaves a valid film.

The state is the offline planner's script, shots and edit for a short film (nothing is rendered: each
"render" is the shot's frame count, as the render step records it), so every test sees what a session
would after its first cut.
"""

from __future__ import annotations

import json
from functools import cache

import pytest
from pydantic import ValidationError

from agents.critics import scene_budget
from agents.offline import OfflinePlanner
from agents.offline.editor import decide_edit
from agents.rendering import shot_request
from agents.revision import (
    ACTIONS,
    ASPECTS,
    GRAMMAR,
    RESUME_AFTER,
    Revision,
    RevisionError,
    apply_revision,
    check_revision,
    describe,
    is_command,
    is_help,
    parse_command,
    route_words,
)
from agents.revision_grammar import COMMANDS
from agents.schemas import Brief, Script, Shot, ShotList
from render import create_backend
from tools.render_shot import cache_key
from tools.timeline import EditDecisionList, check_against_clips

IDEA = "A lighthouse keeper finds a message in a bottle"
IDEA_ZH = "灯塔看守人在瓶子里发现一封信"


@cache
def _film(idea: str, duration: float) -> str:
    brief = Brief(idea=idea, duration=duration, width=128, height=72, fps=12)
    planner = OfflinePlanner()
    script = planner.write_script(brief).value
    treatment = planner.write_treatment(brief).value
    shots = [shot for scene in script.scenes for shot in planner.plan_shots(brief, script, scene).value]
    renders = {s.id: {"num_frames": max(1, round(s.duration * brief.fps)), "fps": brief.fps} for s in shots}
    clip_seconds = {k: r["num_frames"] / r["fps"] for k, r in renders.items()}
    edl = decide_edit(brief, script, shots, clip_seconds)
    state = {
        "brief": brief.model_dump(), "premise": treatment.premise.model_dump(),
        "outline": treatment.outline.model_dump(), "scenes": {str(s.number): s.model_dump() for s in script.scenes},
        "script": script.model_dump(), "shots": [s.model_dump() for s in shots],
        "scene_shots": {str(s.number): [x.model_dump() for x in shots if x.scene == s.number] for s in script.scenes},
        "renders": renders, "edit": edl.model_dump(),
    }
    return json.dumps(state, ensure_ascii=False)


def film(idea: str = IDEA, duration: float = 30) -> dict:
    """A fresh copy of a cut film's state: 3 scenes, 10 shots, a title card and 4 subtitles at 30 s."""
    return json.loads(_film(idea, duration))


def revise(command: str, state: dict | None = None) -> tuple[dict, dict]:
    """The state before and the update ``command`` makes."""
    state = state if state is not None else film()
    return state, apply_revision(parse_command(command), state)


def clip_seconds(state: dict) -> dict[str, float]:
    return {k: r["num_frames"] / r["fps"] for k, r in state["renders"].items()}


def subtitle_problems(state: dict, edl: EditDecisionList) -> list[str]:
    """Subtitles not shown while the shot that carries their line plays."""
    spans = {c.shot_id: (start, start + c.length) for c, start in zip(edl.clips, edl.clip_starts())}
    carrier = {s["dialogue"]["text"]: s["id"] for s in state["shots"] if s["dialogue"]}
    problems = []
    for sub in edl.subtitles:
        start, end = spans[carrier[sub.text]]
        if sub.end <= start or sub.start >= end:
            problems.append(f"{sub.text!r} at {sub.start}-{sub.end} is not over {carrier[sub.text]} ({start}-{end})")
    return problems


# --- reading commands -------------------------------------------------------------------------------


@pytest.mark.parametrize(("command", "stage", "action", "target", "values"), [
    ("/shot 3 size=cu move=Dolly", "shots", "set_shot", 3, {"size": "CU", "move": "dolly"}),
    ("/SHOT 3 Duration=4.5", "shots", "set_shot", 3, {"duration": "4.5"}),
    ('/shot 2 prompt="a red door at night" angle="low angle"', "shots", "set_shot", 2,
     {"prompt": "a red door at night", "angle": "low angle"}),
    ("/shot 5 cut", "shots", "cut_shot", 5, {}),
    ("/scene 3 CUT", "script", "cut_scene", 3, {}),
    ('/scene 2 summary="She burns the letter"', "script", "set_scene", 2, {"summary": "She burns the letter"}),
    ('/line 1 2 text="Don\'t open it." speaker=Hugo', "script", "set_line", 1,
     {"line": "2", "text": "Don't open it.", "speaker": "Hugo"}),
    ("/duration 45", "script", "set_duration", None, {"duration": "45"}),
    ('/title "The Last Light"', "edit", "set_title", None, {"title": "The Last Light"}),
    ("/title The Last Light", "edit", "set_title", None, {"title": "The Last Light"}),
    ("/transition 4 Crossfade duration=0.8", "edit", "set_transition", 4, {"kind": "crossfade", "duration": "0.8"}),
    ("/order 3, 1, 2", "edit", "set_order", None, {"order": "3, 1, 2"}),
    ("/subtitles off", "edit", "set_subtitles", None, {"burn": "off"}),
    ("/aspect 9:16", "output", "set_aspect", None, {"aspect": "9:16"}),
    ("/resolution 1920x1080", "output", "set_resolution", None, {"resolution": "1920x1080"}),
])
def test_commands_are_read_into_the_stage_they_concern(command, stage, action, target, values):
    revision = parse_command(command)
    assert (revision.stage, revision.action, revision.target, revision.values) == (stage, action, target, values)
    assert revision.message == command


def test_every_example_in_the_grammar_parses_and_is_shown_by_help():
    examples = [example for _, _, example in COMMANDS if example]
    assert len(examples) == len(ACTIONS)
    assert {parse_command(example).action for example in examples} == set(ACTIONS)
    for form, _, example in COMMANDS:
        assert form in GRAMMAR and example in GRAMMAR
    assert set(RESUME_AFTER) == {stage for stage, *_ in ACTIONS.values()}


def test_chinese_and_typographic_quotes_are_read():
    assert parse_command("/title 灯塔看守人的信").values == {"title": "灯塔看守人的信"}
    assert parse_command("/line 1 1 text＝“别碰那个瓶子。”").values == {"line": "1", "text": "别碰那个瓶子。"}
    assert parse_command("/scene 2 summary=「他把信烧了」").values == {"summary": "他把信烧了"}
    assert parse_command("／shot 1 size=WS").values == {"size": "WS"}


def test_commands_and_help_are_told_from_words():
    assert is_command("/shot 3 size=CU") and is_command("  /help")
    assert not is_command("shot 3 should be a close-up")
    assert is_help("/help") and is_help("/?") and is_help("/HELP ")
    assert not is_help("/shot 3 cut") and not is_help("help")
    with pytest.raises(RevisionError, match="changes nothing"):
        parse_command("/help")


@pytest.mark.parametrize(("command", "reason"), [
    ("/zoom 3", "unknown command /zoom"),
    ("/shot 3 colour=red", "unknown key 'colour' for /shot"),
    ("/shot 3 size=XL", "size 'XL' is not one of ECU CU MCU MS WS EWS"),
    ("/shot 3 move=crane", "move 'crane' is not one of static pan tilt zoom dolly handheld"),
    ("/shot 3 duration=40", "a shot lasts more than 0 and at most 30 seconds"),
    ("/shot 3 duration=0", "a shot lasts more than 0"),
    ("/shot 3 duration=long", "duration must be a number of seconds"),
    ("/shot 0 size=CU", "the shot number must be a whole number from 1"),
    ("/shot three size=CU", "the shot number must be a whole number from 1 (got 'three')"),
    ("/shot 3", "say what to change"),
    ("/shot 3 size=CU size=MS", "size= is given twice"),
    ("/shot 3 prompt=a red door", "'red' is not key=value; put a value with spaces in double quotes"),
    ('/shot 3 prompt="a red door', "a quote is not closed"),
    ("/line 1 text=hello", "the line number must be a whole number"),
    ("/line 1 2", "say the new words"),
    ("/transition 2 wipe", "transition 'wipe' is not one of cut, crossfade, fade_black"),
    ("/aspect 4:3", "aspect '4:3' is not one of 16:9, 9:16, 1:1"),
    ("/resolution 1000x700", "1000x700 is not 16:9, 9:16, 1:1"),
    ("/resolution big", "is not WIDTHxHEIGHT"),
    ("/subtitles maybe", "subtitles are on or off"),
    ("/duration 1", "a film lasts from 2 to 3600 seconds"),
    ("/title", "title cannot be empty"),
    ("make it faster", "commands start with /"),
])
def test_a_bad_command_says_why_in_one_line_and_points_to_help(command, reason):
    with pytest.raises(RevisionError) as error:
        parse_command(command)
    message = str(error.value)
    assert reason in message
    assert message.endswith("type /help for the commands")
    assert "\n" not in message


def test_a_revision_a_model_writes_is_held_to_the_same_rules():
    with pytest.raises(ValidationError):
        Revision(stage="shots", action="set_shot", target=1, values={"size": "CU"}, message="x", extra=1)
    with pytest.raises(RevisionError, match="set_shot is a shots revision, not a edit one"):
        check_revision(Revision(stage="edit", action="set_shot", target=1, values={"size": "CU"}, message="x"))
    with pytest.raises(RevisionError, match="size 'huge'"):
        apply_revision(Revision(stage="shots", action="set_shot", target=1, values={"size": "huge"}, message="x"),
                       film())
    with pytest.raises(RevisionError, match="needs a number from 1"):
        apply_revision(Revision(stage="shots", action="cut_shot", message="x"), film())


# --- shots ------------------------------------------------------------------------------------------


def test_changing_a_shot_changes_that_shot_only_and_keeps_the_others_render_cache_keys():
    state, update = revise("/shot 3 size=CU move=dolly")
    assert set(update) == {"shots", "scene_shots"}
    ShotList.model_validate({"shots": update["shots"]})
    before, after = state["shots"], update["shots"]
    assert [s["id"] for s in after] == [s["id"] for s in before]
    assert (after[2]["size"], after[2]["move"]) == ("CU", "dolly")
    assert {k: v for k, v in after[2].items() if k not in ("size", "move")} == \
        {k: v for k, v in before[2].items() if k not in ("size", "move")}
    for i in (0, 1, 3, 4, 5, 6, 7, 8, 9):
        assert json.dumps(after[i]) == json.dumps(before[i])
    backend = create_backend("animatic")
    brief, script = Brief.model_validate(state["brief"]), Script.model_validate(state["script"])
    keys = [[cache_key(backend, shot_request(brief, script, Shot.model_validate(s))) for s in shots]
            for shots in (before, after)]
    assert [a == b for a, b in zip(*keys)] == [True, True, False] + [True] * 7
    assert update["scene_shots"]["1"] == after[:3]
    assert update["scene_shots"]["2"] == before[3:7]


def test_a_longer_shot_makes_the_film_longer_by_as_much():
    state, update = revise("/shot 1 duration=5")
    assert update["shots"][0]["duration"] == 5.0
    moved = 5.0 - state["shots"][0]["duration"]
    assert update["brief"]["duration"] == pytest.approx(state["brief"]["duration"] + moved, abs=1e-3)


def test_a_shot_cannot_be_shorter_than_its_line():
    state = film()
    n = next(i for i, s in enumerate(state["shots"], start=1) if s["dialogue"])
    with pytest.raises(RevisionError, match=rf"shot {n} \(S01-03\) carries a line that takes 2.8 s to say; make it at least 2.8 s"):
        revise(f"/shot {n} duration=1", state)


def test_cutting_a_shot_keeps_every_other_shot_and_id():
    state, update = revise("/shot 2 cut")
    ids = [s["id"] for s in update["shots"]]
    assert ids == [s["id"] for s in state["shots"] if s["id"] != "S01-02"]
    assert [s["id"] for s in update["scene_shots"]["1"]] == ["S01-01", "S01-03"]
    assert update["brief"]["duration"] == pytest.approx(state["brief"]["duration"] - state["shots"][1]["duration"],
                                                        abs=1e-3)


def test_cutting_a_shot_that_carries_a_line_says_the_line_goes():
    state = film()
    line = state["shots"][2]["dialogue"]["text"]
    assert describe(parse_command("/shot 3 cut"), state) == \
        f'shot 3 (S01-03) cut, 3s shorter; its line "{line}" is no longer said'


def test_a_shot_out_of_range_or_alone_in_its_scene_is_refused():
    state = film()
    with pytest.raises(RevisionError, match="there is no shot 11: the film has 10 shots"):
        revise("/shot 11 size=CU", state)
    _, update = revise("/shot 9 cut", state)
    _, update = revise("/shot 9 cut", {**state, **update})
    with pytest.raises(RevisionError, match=r"scene 3's only shot; cut the scene instead: /scene 3 cut"):
        revise("/shot 8 cut", {**state, **update})


@pytest.mark.parametrize("command", ["/shot 1 size=EWS", "/line 1 1 speaker=Elias", "/order 1,2,3,4,5,6,7,8,9,10",
                                     "/transition 2 cut", '/title "The Lighthouse Keeper\'s Message"'])
def test_a_revision_that_changes_nothing_is_refused(command):
    with pytest.raises(RevisionError, match="nothing would change"):
        revise(command)


def test_revisions_applied_in_a_row_keep_every_scene_in_step():
    state = film()
    updates: dict = {}
    for command in ("/shot 3 size=CU", "/shot 5 cut"):
        updates.update(apply_revision(parse_command(command), {**state, **updates}))
    shots = updates["shots"]
    assert [s for n in ("1", "2", "3") for s in updates["scene_shots"][n]] == shots
    assert shots[2]["size"] == "CU" and "S02-02" not in {s["id"] for s in shots}


def test_a_batch_of_revisions_numbers_shots_as_they_now_are_and_keeps_scenes_to_replan():
    state = film()
    updates: dict = {}
    for command in ("/scene 1 cut", '/scene 2 summary="Hugo takes the bottle"', "/shot 1 size=WS"):
        updates.update(apply_revision(parse_command(command), {**state, **updates}))
    assert updates["shots"][0]["id"] == "S02-01" and updates["shots"][0]["size"] == "WS"
    assert updates["scene_shots"]["1"] == [] and updates["scene_shots"]["2"] == []
    assert updates["scene_shots"]["3"] == [s for s in state["shots"] if s["scene"] == 3]


# --- script -----------------------------------------------------------------------------------------


def test_cutting_a_scene_keeps_the_other_scenes_numbers_shots_and_budgets():
    state, update = revise("/scene 2 cut")
    script = Script.model_validate(update["script"])
    assert [s.number for s in script.scenes] == [1, 3]
    assert update["scene_shots"]["2"] == []
    for n in ("1", "3"):
        assert update["scene_shots"][n] == [s for s in state["shots"] if str(s["scene"]) == n]
    assert [s["number"] for s in update["outline"]["scenes"]] == [1, 3]
    brief, new_brief = Brief.model_validate(state["brief"]), Brief.model_validate(update["brief"])
    old_script = Script.model_validate(state["script"])
    for scene in script.scenes:
        assert scene_budget(new_brief, script, scene) == pytest.approx(scene_budget(brief, old_script, scene))
    # what gather_shots reads: every scene of the script has its shots
    assert all(update["scene_shots"][str(s.number)] for s in script.scenes)


def test_the_only_scene_cannot_be_cut():
    state = film()
    for n in (2, 3):
        state = {**state, **apply_revision(parse_command(f"/scene {n} cut"), state)}
    with pytest.raises(RevisionError, match="scene 1 is the script's only scene; it cannot be cut"):
        revise("/scene 1 cut", state)
    with pytest.raises(RevisionError, match="there is no scene 2: the scenes are 1"):
        revise('/scene 2 summary="x"', state)


def test_a_new_summary_has_its_scene_planned_again():
    state, update = revise('/scene 2 summary="Hugo throws the bottle back into the sea"')
    assert Script.model_validate(update["script"]).scenes[1].summary == "Hugo throws the bottle back into the sea"
    assert update["scene_shots"]["2"] == []
    assert update["scene_shots"]["1"] == state["shots"][:3]
    assert update["outline"]["scenes"][1]["summary"] == "Hugo throws the bottle back into the sea"
    assert update["scenes"]["2"]["summary"] == "Hugo throws the bottle back into the sea"


def test_a_rewritten_line_goes_to_the_shot_that_carried_it_and_keeps_its_picture():
    state, update = revise('/line 2 1 text="Leave the bottle where it is, Elias." speaker=Elias')
    scene = Script.model_validate(update["script"]).scenes[1]
    assert (scene.dialogue[0].speaker, scene.dialogue[0].text) == ("Elias", "Leave the bottle where it is, Elias.")
    carrier = next(s for s in update["scene_shots"]["2"] if s["id"] == "S02-03")
    assert carrier["dialogue"] == {"speaker": "Elias", "text": "Leave the bottle where it is, Elias."}
    old = next(s for s in state["shots"] if s["id"] == "S02-03")
    assert carrier["duration"] > old["duration"]  # the longer line needs more time
    assert {k: v for k, v in carrier.items() if k not in ("dialogue", "duration")} == \
        {k: v for k, v in old.items() if k not in ("dialogue", "duration")}
    assert update["scenes"]["2"] == scene.model_dump()


def test_a_chinese_line_is_rewritten():
    state = film(IDEA_ZH, 20)
    _, update = revise('/line 1 1 text="总得有人守着这座灯塔。"', state)
    assert Script.model_validate(update["script"]).scenes[0].dialogue[0].text == "总得有人守着这座灯塔。"
    assert describe(parse_command('/line 1 1 text="总得有人守着这座灯塔。"'), state) == \
        'scene 1 line 1: "总得有人留下。" → "总得有人守着这座灯塔。"'


def test_a_line_that_cannot_be_said_is_refused():
    state = film()
    with pytest.raises(RevisionError, match="there is no line 3 in scene 2: it has 2 lines"):
        revise('/line 2 3 text="Hello."', state)
    with pytest.raises(RevisionError, match="Nobody is not in scene 2; its characters are Elias, Hugo"):
        revise("/line 2 1 speaker=Nobody", state)
    long = " ".join(["word"] * 30)
    with pytest.raises(RevisionError, match="longer than the 6 s a line may last; shorten it"):
        revise(f'/line 2 1 text="{long}"', state)


def test_a_new_length_has_every_scene_planned_again_when_the_lines_fit():
    state, update = revise("/duration 45")
    assert update["brief"]["duration"] == 45.0
    assert update["scene_shots"] == {"1": [], "2": [], "3": []}
    with pytest.raises(RevisionError, match="too much for a 10 s film"):
        revise("/duration 10", state)


# --- edit -------------------------------------------------------------------------------------------


def test_a_new_title_reaches_the_title_card_and_the_script():
    state, update = revise('/title "The Last Light"')
    assert update["script"]["title"] == update["premise"]["title"] == "The Last Light"
    assert update["edit"]["title_card"]["text"] == "The Last Light"
    assert update["edit"]["clips"] == state["edit"]["clips"]


def test_a_crossfade_moves_the_later_clips_and_their_subtitles():
    state, update = revise("/transition 2 crossfade")
    old, new = EditDecisionList.model_validate(state["edit"]), EditDecisionList.model_validate(update["edit"])
    assert (new.clips[1].transition.kind, new.clips[1].transition.duration) == ("crossfade", 0.5)
    assert new.duration == pytest.approx(old.duration - 0.5)
    assert [round(b.start - a.start, 3) for a, b in zip(old.subtitles, new.subtitles)] == [-0.5] * 4
    assert check_against_clips(new, clip_seconds(state)) == []
    assert subtitle_problems(state, new) == []


def test_a_transition_that_does_not_fit_the_clips_is_refused():
    with pytest.raises(RevisionError, match="crossfade is longer than one of the clips it joins"):
        revise("/transition 2 crossfade duration=5")
    short = film(IDEA, 6)
    assert short["edit"]["title_card"] is None
    with pytest.raises(RevisionError, match=r"clip 1 \(S01-01\) crossfades from nothing"):
        revise("/transition 1 crossfade", short)
    with pytest.raises(RevisionError, match="there is no clip 11: the film has 10 clips"):
        revise("/transition 11 cut")


def test_a_new_order_plays_the_clips_in_it_with_legal_joins():
    state, update = revise("/order 4,5,6,7,1,2,3,8,9,10")
    edl = EditDecisionList.model_validate(update["edit"])
    assert [c.shot_id for c in edl.clips][:5] == ["S02-01", "S02-02", "S02-03", "S02-04", "S01-01"]
    kinds = [c.transition.kind for c in edl.clips]
    # the opening keeps the film's fade in; S01-01 starts a new scene with its own join; cuts within a scene
    assert kinds[:8] == ["fade_black", "cut", "cut", "cut", "fade_black", "cut", "cut", "fade_black"]
    assert check_against_clips(edl, clip_seconds(state)) == []
    assert subtitle_problems(state, edl) == []
    assert [s.text for s in edl.subtitles][:3] == ["Don't touch it.", "What is this?", "Another quiet day at the lighthouse."]


def test_a_new_order_keeps_a_join_whose_neighbours_are_alike():
    state = film()
    state = {**state, **revise("/transition 3 crossfade", state)[1]}
    _, update = revise("/order 2,1,3,4,5,6,7,8,9,10", state)
    edl = EditDecisionList.model_validate(update["edit"])
    # S01-03 still follows a shot of its own scene: the crossfade the user asked for stays
    assert [(c.shot_id, c.transition.kind) for c in edl.clips[:4]] == \
        [("S01-02", "fade_black"), ("S01-01", "cut"), ("S01-03", "crossfade"), ("S02-01", "crossfade")]


def test_a_new_order_never_crossfades_from_nothing():
    state = film(IDEA, 6)  # no title card: the film opens on its first clip
    state = {**state, **revise("/transition 2 crossfade duration=0.5", state)[1]}
    _, update = revise("/order 2,1", state)
    edl = EditDecisionList.model_validate(update["edit"])
    assert [(c.shot_id, c.transition.kind) for c in edl.clips] == [("S01-02", "fade_black"), ("S01-01", "cut")]
    assert check_against_clips(edl, clip_seconds(state)) == []


@pytest.mark.parametrize("order", ["1,2,3", "1,1,2,3,4,5,6,7,8,9", "2,3,4,5,6,7,8,9,10,11"])
def test_an_order_that_is_not_every_clip_once_is_refused(order):
    with pytest.raises(RevisionError, match="the film has 10 clips: give each number from 1 to 10 once"):
        revise(f"/order {order}")
    with pytest.raises(RevisionError, match="order must be a whole number from 1"):
        parse_command("/order 0,1,2")


def test_subtitles_off_is_a_setting_for_the_session_and_keeps_the_edit():
    state, update = revise("/subtitles off")
    assert update == {"edit": state["edit"]}
    assert parse_command("/subtitles off").values == {"burn": "off"}


def test_an_edit_revision_needs_a_cut_film():
    state = film()
    del state["edit"], state["renders"]
    with pytest.raises(RevisionError, match="the film is not cut yet"):
        revise("/transition 2 cut", state)


# --- output -----------------------------------------------------------------------------------------


def test_a_new_aspect_takes_the_cli_frame_size_and_keeps_the_shots():
    from filmcrew.cli import ASPECTS as CLI_ASPECTS

    assert ASPECTS == CLI_ASPECTS
    state, update = revise("/aspect 9:16")
    assert (update["brief"]["aspect"], update["brief"]["width"], update["brief"]["height"]) == ("9:16", 720, 1280)
    assert update["shots"] == state["shots"]
    assert {k: v for k, v in update["brief"].items() if k not in ("aspect", "width", "height")} == \
        {k: v for k, v in state["brief"].items() if k not in ("aspect", "width", "height")}


@pytest.mark.parametrize(("resolution", "aspect"), [("1920x1080", "16:9"), ("1080X1920", "9:16"), ("512x512", "1:1")])
def test_a_new_resolution_brings_its_aspect(resolution, aspect):
    _, update = revise(f"/resolution {resolution}")
    width, height = (int(x) for x in resolution.lower().split("x"))
    assert (update["brief"]["width"], update["brief"]["height"], update["brief"]["aspect"]) == (width, height, aspect)


# --- describing and routing -------------------------------------------------------------------------


@pytest.mark.parametrize(("command", "line"), [
    ("/shot 3 size=CU duration=4", "shot 3 (S01-03): size MCU → CU, duration 3s → 4s"),
    ("/scene 2 cut", "scene 2 (INT. LAMP ROOM - DAY) cut with its 4 shots"),
    ('/title "The Last Light"', 'title "The Lighthouse Keeper\'s Message" → "The Last Light"'),
    ("/transition 4 fade_black", "clip 4 (S02-01): transition crossfade 0.5s → fade_black 1s"),
    ("/aspect 1:1", "aspect 16:9 (128x72) → 1:1 (720x720); every shot is drawn again"),
    ("/order 2,1", "clips reordered: 2 (S01-02), 1 (S01-01)"),
])
def test_describe_tells_the_change_in_one_line(command, line):
    assert describe(parse_command(command), film()) == line


def test_describe_without_the_state_tells_the_new_values():
    assert describe(parse_command("/shot 3 size=cu")) == "shot 3: size → CU"
    assert describe(parse_command("/subtitles off")) == \
        "burned-in subtitles off (the .srt and .vtt files are written either way)"
    assert describe(parse_command("/shot 99 size=CU"), film()) == "shot 99: size → CU"


@pytest.mark.parametrize(("words", "stage"), [
    ("shot 3 should be a close-up", "shots"),
    ("use a wider angle on the pier", "shots"),
    ("the ending should be happier", "script"),
    ("change her dialogue in the second scene", "script"),
    ("make the transitions smoother and the music louder", "edit"),
    ("it should be faster", "edit"),
    ("make it vertical for my phone", "output"),
    ("第三个镜头改成特写", "shots"),
    ("结局改得开心一点", "script"),
    ("这句台词太长了", "script"),
    ("转场太生硬了", "edit"),
    ("字幕大一点", "edit"),
    ("改成竖屏", "output"),
    ("做成横屏的", "output"),
    ("hello there", None),
    ("你好", None),
])
def test_route_words_tells_which_stage_words_concern(words, stage):
    assert route_words(words) == stage
