"""The critics: each rule catches what it is about, says where, and a good plan passes them all."""

from __future__ import annotations

import json
from functools import cache

import pytest

from agents.accounting import BudgetExceededError
from agents.critics import (
    MAX_LINE_SECONDS,
    check_edit,
    check_film,
    check_outline,
    check_scene,
    check_script,
    check_shots,
    check_treatment,
    location_seed,
    revise,
    scene_budget,
    speaking_seconds,
)
from agents.errors import LLMError
from agents.offline import OfflinePlanner
from agents.planner import Answer, Usage
from agents.schemas import Brief, DialogueLine, Outline, Premise, Script, Treatment
from tools.timeline import Transition

IDEA = "A lighthouse keeper finds a message in a bottle"


@cache
def plan(idea: str = IDEA, duration: float = 30):
    """An offline plan, step by step as the graph runs it."""
    brief = Brief(idea=idea, duration=duration, width=640, height=360)
    planner = OfflinePlanner()
    treatment = planner.write_treatment(brief).value
    premise, outline = treatment.premise, treatment.outline
    scenes = [planner.write_scene(brief, premise, outline, s.number).value for s in outline.scenes]
    script = Script.from_parts(premise, scenes)
    shots = {s.number: planner.plan_shots(brief, script, s).value for s in script.scenes}
    every = [shot for n in sorted(shots) for shot in shots[n]]
    clips = {s.id: s.duration for s in every}
    edl = planner.decide_edit(brief, script, every, clips).value
    return brief, premise, outline, script, shots, clips, edl


def copy(model):
    return model.model_copy(deep=True)


def talky_scene():
    """The plan's first scene that has dialogue, with its shots."""
    brief, premise, outline, script, shots, _, _ = plan()
    scene = next(s for s in script.scenes if s.dialogue)
    return brief, premise, outline, script, scene, [copy(s) for s in shots[scene.number]]


def test_the_offline_plan_passes_every_critic():
    brief, premise, outline, script, shots, clips, edl = plan()
    every = [shot for n in sorted(shots) for shot in shots[n]]
    assert check_outline(brief, premise, outline) == []
    assert check_treatment(brief, Treatment.from_parts(premise, outline)) == []
    assert all(check_scene(brief, premise, outline, s.number, s) == [] for s in script.scenes)
    assert check_script(brief, outline, script) == []
    assert all(check_shots(brief, script, s, shots[s.number]) == [] for s in script.scenes)
    assert check_film(brief, every) == []
    assert check_edit(brief, script, every, clips, edl) == []


def test_speakers_characters_and_locations_must_be_defined():
    brief, premise, outline, _, scene, _ = talky_scene()
    broken = copy(scene)
    broken.dialogue[0].speaker = "Nobody"
    broken.characters.append("Ghost")
    broken.location = "MOON"
    problems = check_scene(brief, premise, outline, scene.number, broken)
    assert any("'Nobody'" in p and "speaker" in p for p in problems)
    assert any("'Ghost'" in p for p in problems)
    assert any("'MOON'" in p for p in problems)


def test_a_speaker_must_be_in_the_scene_and_a_line_short_enough_to_say():
    brief, premise, outline, _, scene, _ = talky_scene()
    broken = copy(scene)
    absent = next(c.name for c in premise.characters if c.name not in scene.characters)
    broken.dialogue = [DialogueLine(speaker=scene.characters[0], text=" ".join(["word"] * 25)),
                       DialogueLine(speaker=absent, text="Hello.")]
    problems = check_scene(brief, premise, outline, scene.number, broken)
    assert speaking_seconds(" ".join(["word"] * 25)) > MAX_LINE_SECONDS
    assert any("line 1 takes 8.5 s" in p for p in problems)
    assert any(f"line 2's speaker {absent!r} is not listed in the scene's characters" in p for p in problems)


def test_a_scene_that_talks_longer_than_its_share_is_sent_back():
    brief, premise, outline, _, scene, _ = talky_scene()
    broken = copy(scene)
    broken.dialogue = [DialogueLine(speaker=scene.characters[0], text=f"Line number {n} is here now.")
                       for n in range(12)]
    problems = check_scene(brief, premise, outline, scene.number, broken)
    assert any("screen time" in p for p in problems)


def test_chinese_scripts_need_chinese_lines():
    brief, premise, outline, script, _, _, _ = plan("一个灯塔看守人在瓶子里发现了一封信")
    scene = copy(next(s for s in script.scenes if s.dialogue))
    scene.dialogue[0].text = "Hello there."
    problems = check_scene(brief, premise, outline, scene.number, scene)
    assert problems == ["line 1 must be written in zh, the script's language"]


def test_the_outline_and_the_script_are_checked_as_a_whole():
    brief, premise, outline, script, _, _, _ = plan()
    shuffled = Outline(scenes=[s.model_copy(update={"number": 5 - s.number}) for s in outline.scenes])
    assert any("numbered" in p for p in check_outline(brief, premise, shuffled))
    crowded = Outline(scenes=[outline.scenes[0].model_copy(update={"number": n}) for n in range(1, 11)])
    assert any("too many" in p for p in check_outline(brief, premise, crowded))
    assert any("too many" in p for p in check_treatment(brief, Treatment.from_parts(premise, crowded)))
    moved = Outline(scenes=[outline.scenes[0].model_copy(update={"location": "MOON"})])
    assert any("'MOON' is not one of the locations" in p
               for p in check_treatment(brief, Treatment.from_parts(premise, moved)))
    repeated = copy(script)
    line = next(line for s in repeated.scenes for line in s.dialogue)
    for scene in repeated.scenes:
        scene.dialogue.append(line.model_copy())
    assert any("is said" in p for p in check_script(brief, outline, repeated))


def test_every_line_is_carried_by_exactly_one_shot_in_order():
    brief, _, _, script, scene, shots = talky_scene()
    carriers = [s for s in shots if s.dialogue]
    carriers[0].dialogue = None
    problems = check_shots(brief, script, scene, shots)
    assert any("line 1" in p and "carried by no shot" in p for p in problems)
    _, _, _, _, _, shots = talky_scene()
    spare = next(s for s in shots if s.dialogue is None)
    spare.dialogue = next(s for s in shots if s.dialogue).dialogue.model_copy()
    problems = check_shots(brief, script, scene, shots)
    assert any("carried by 2 shots" in p and spare.id in p for p in problems)


def test_adjacent_shots_framed_alike_are_a_jump_cut():
    brief, _, _, script, scene, shots = talky_scene()
    shots[1].size, shots[1].angle = shots[0].size, shots[0].angle
    problems = check_shots(brief, script, scene, shots)
    assert any(shots[0].id in p and shots[1].id in p and "angle" in p for p in problems)


def test_a_new_location_opens_on_an_establishing_wide():
    brief, _, _, script, scene, shots = talky_scene()
    shots[0].size = "CU"
    problems = check_shots(brief, script, scene, shots)
    assert any("establishing WS or EWS" in p and shots[0].id in p for p in problems)


def test_characters_descriptions_and_seeds_follow_the_script():
    brief, _, _, script, scene, shots = talky_scene()
    person = next(s for s in shots if s.characters)
    name = person.characters[0]
    person.prompt = "a person on a pier"
    person.seed += 1
    empty = next(s for s in shots if not s.characters)
    empty.seed += 1
    stranger = next(c.name for c in script.characters if c.name not in scene.characters)
    problems = check_shots(brief, script, scene, shots)
    assert any(person.id in p and "description word for word" in p and name in p for p in problems)
    assert any(person.id in p and f"{name}'s seed" in p for p in problems)
    seed = location_seed(brief.seed, scene.location)
    assert any(empty.id in p and f"must be {seed}" in p for p in problems)
    shots[-1].characters.append(stranger)
    assert any(f"shows {stranger!r}, who is not in scene" in p for p in check_shots(brief, script, scene, shots))


def test_durations_must_fit_the_scene_budget_and_the_lines():
    brief, _, _, script, scene, shots = talky_scene()
    budget = scene_budget(brief, script, scene)
    for shot in shots:
        shot.duration = round(shot.duration * 0.5, 3)
    problems = check_shots(brief, script, scene, shots)
    assert any(f"scene {scene.number} has {budget:.1f} s" in p for p in problems)
    assert any("to say; make it longer" in p for p in problems)
    every = [s.model_copy(update={"duration": s.duration * 1.3})
             for n in sorted(plan()[4]) for s in plan()[4][n]]
    assert check_film(brief, every) and "for a 30 s film" in check_film(brief, every)[0]


def test_the_edit_runs_on_target_joins_scenes_by_meaning_and_subtitles_every_line():
    brief, _, _, script, shots, clips, edl = plan()
    every = [shot for n in sorted(shots) for shot in shots[n]]
    broken = copy(edl)
    broken.clips = broken.clips[: len(broken.clips) // 2]
    broken.subtitles = broken.subtitles[1:]
    problems = check_edit(brief, script, every, clips, broken)
    assert any("for a 30 s target" in p for p in problems)
    first_line = next(line.text for s in script.scenes for line in s.dialogue)
    assert any(repr(first_line) in p and "no subtitle" in p for p in problems)
    joined = copy(edl)
    scene_of = {s.id: s.scene for s in every}
    within = next(i for i in range(1, len(joined.clips))
                  if scene_of[joined.clips[i].shot_id] == scene_of[joined.clips[i - 1].shot_id])
    between = next(i for i in range(1, len(joined.clips))
                   if scene_of[joined.clips[i].shot_id] != scene_of[joined.clips[i - 1].shot_id])
    joined.clips[within].transition = Transition(kind="crossfade", duration=0.2)
    joined.clips[between].transition = Transition()
    problems = check_edit(brief, script, every, clips, joined)
    assert any(f"clip {within + 1}" in p and "cut within a scene" in p for p in problems)
    assert any(f"clip {between + 1}" in p and "new scene with a cut" in p for p in problems)
    late = copy(edl)
    late.subtitles[0].start, late.subtitles[0].end = 0.0, 0.2
    assert any("is not shown while its shot plays" in p for p in check_edit(brief, script, every, clips, late))


def test_revise_sends_the_problems_back_and_keeps_the_best_answer():
    asked = []
    answers = iter([3, 1, 2])

    def ask(feedback):
        asked.append(feedback)
        return Answer(value=next(answers), usage=Usage(1, 10, 5))

    outcome = revise(ask, lambda n: [f"problem {i}" for i in range(n)], lambda n: json.dumps({"n": n}), rounds=2)
    assert asked[0] is None
    assert asked[1].previous == '{"n": 3}' and asked[1].problems == ["problem 0", "problem 1", "problem 2"]
    assert asked[2].previous == '{"n": 1}'
    assert outcome.answer.value == 1 and outcome.problems == ["problem 0"]
    assert (outcome.rounds, outcome.found) == (2, 3)
    assert outcome.answer.usage == Usage(3, 30, 15)  # every call is paid for


def test_revise_stops_as_soon_as_the_answer_passes_and_never_when_rounds_is_zero():
    calls = []

    def ask(feedback):
        calls.append(feedback)
        return Answer(value=len(calls))

    assert revise(ask, lambda n: [] if n >= 2 else ["no"], str, rounds=5).rounds == 1
    calls.clear()
    outcome = revise(ask, lambda n: ["always"], str, rounds=0)
    assert len(calls) == 1 and outcome.problems == ["always"] and outcome.rounds == 0


def test_a_failed_revision_keeps_the_answer_but_a_budget_stop_stops():
    def failing(error):
        def ask(feedback):
            if feedback is None:
                return Answer(value="draft", usage=Usage(1, 10, 5))
            raise error
        return ask

    outcome = revise(failing(LLMError("the director (model 'm') failed with HTTP 500")), lambda v: ["jump cut"],
                     str, rounds=2)
    assert outcome.answer.value == "draft" and outcome.problems == ["jump cut"]
    assert outcome.rounds == 0 and "HTTP 500" in outcome.failed
    with pytest.raises(BudgetExceededError):
        revise(failing(BudgetExceededError("over budget")), lambda v: ["jump cut"], str, rounds=2)


@pytest.mark.parametrize("duration", [15, 120])
def test_the_premise_has_everything_the_scenes_use(duration):
    _, premise, outline, script, _, _, _ = plan(IDEA, duration)
    assert isinstance(premise, Premise)
    assert script.premise == premise
    assert [s.number for s in outline.scenes] == [s.number for s in script.scenes]
    assert [s.lines for s in outline.scenes] == [len(s.dialogue) for s in script.scenes]
