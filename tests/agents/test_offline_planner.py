"""The embedded offline planner: valid, idea-specific, on-length, deterministic plans in en and zh."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

import pytest

from agents.errors import AgentError
from agents.offline import OfflinePlanner
from agents.schemas import Brief, Script
from tools.timeline import check_against_clips

IDEAS = {
    "en": "A lighthouse keeper finds a message in a bottle",
    "zh": "一个灯塔看守人在瓶子里发现了一封信",
}
KEYWORD = {"en": "lighthouse", "zh": "灯塔"}
DURATIONS = (15, 30, 120)
CASES = [(language, duration) for language in IDEAS for duration in DURATIONS]
HAN = re.compile(r"[\u4e00-\u9fff]")


def make_brief(language: str, duration: float, aspect: str = "16:9", **extra) -> Brief:
    width, height = {"16:9": (640, 360), "9:16": (360, 640)}[aspect]
    return Brief(idea=IDEAS.get(language, language), duration=duration, aspect=aspect, width=width,
                 height=height, **extra)


def make_plan(brief: Brief):
    planner = OfflinePlanner()
    script = planner.write_script(brief).value
    shots = [shot for scene in script.scenes for shot in planner.plan_shots(brief, script, scene).value]
    clip_seconds = {shot.id: shot.duration for shot in shots}
    edl = planner.decide_edit(brief, script, shots, clip_seconds).value
    return script, shots, clip_seconds, edl


@lru_cache(maxsize=None)
def plan(language: str, duration: float, aspect: str = "16:9"):
    return make_plan(make_brief(language, duration, aspect))


def test_the_planner_says_it_is_the_offline_planner_and_costs_nothing():
    planner = OfflinePlanner()
    brief = make_brief("en", 15)
    answer = planner.write_script(brief)
    shots = planner.plan_shots(brief, answer.value, answer.value.scenes[0])
    assert planner.provider == "offline planner"
    assert planner.models == {"writer": "offline-planner@1", "director": "offline-planner@1",
                              "editor": "offline-planner@1"}
    for a in (answer, shots):
        assert a.usage.as_dict() == {"calls": 0, "input_tokens": 0, "output_tokens": 0}
        assert a.prompt is None and a.repaired is False


@pytest.mark.parametrize(("language", "duration"), CASES)
def test_the_script_is_valid_in_the_ideas_language_and_tells_the_idea(language, duration):
    script, _, _, _ = plan(language, duration)
    Script.model_validate_json(script.model_dump_json())
    assert script.language == language
    text = " ".join([script.title, script.logline] + [s.summary for s in script.scenes])
    assert KEYWORD[language] in text.lower()
    if language == "zh":
        assert HAN.search(script.title) and HAN.search(script.logline)
        assert all(HAN.search(line.text) for s in script.scenes for line in s.dialogue)
    names = {c.name for c in script.characters}
    locations = {loc.name for loc in script.locations}
    assert 1 <= len(locations) <= 3
    for scene in script.scenes:
        assert scene.location in locations
        assert set(scene.characters) <= names
        for line in scene.dialogue:
            assert line.speaker in names
            if language == "zh":
                assert len(HAN.findall(line.text)) <= 16
            else:
                assert len(line.text.split()) <= 10
    assert all(c.description and c.voice for c in script.characters)
    lines = sum(len(s.dialogue) for s in script.scenes)
    assert duration / 10 <= lines <= duration / 5


@pytest.mark.parametrize("language", IDEAS)
def test_longer_films_get_more_scenes(language):
    counts = [len(plan(language, d)[0].scenes) for d in DURATIONS]
    assert counts == sorted(counts) and counts[0] < counts[-1]
    assert counts[0] == 2 and counts[1] == 3 and 9 <= counts[2] <= 13


@pytest.mark.parametrize(("language", "duration"), CASES)
def test_the_shots_cover_every_scene_and_add_up_to_the_film(language, duration):
    script, shots, _, _ = plan(language, duration)
    assert abs(sum(s.duration for s in shots) - duration) <= 0.02 * duration
    for scene in script.scenes:
        mine = [s for s in shots if s.scene == scene.number]
        assert [s.id for s in mine] == [f"S{scene.number:02d}-{n:02d}" for n in range(1, len(mine) + 1)]
        assert mine[0].size in ("WS", "EWS")  # every scene opens on an establishing wide
        carried = [s.dialogue for s in mine if s.dialogue is not None]
        assert carried == scene.dialogue  # each line exactly once, in order
        for shot in mine:
            if shot.dialogue is not None:
                assert shot.dialogue.speaker in shot.characters
                text = shot.dialogue.text
                reading = 0.25 * len(HAN.findall(text)) if language == "zh" else 0.3 * len(text.split())
                assert shot.duration >= reading + 1 - 1e-6
    for shot in shots:
        assert 1.5 - 1e-6 <= shot.duration <= 8 + 1e-6
    for before, after in zip(shots, shots[1:]):
        assert (before.size, before.angle) != (after.size, after.angle), (before.id, after.id)


@pytest.mark.parametrize(("language", "duration"), CASES)
def test_prompts_are_self_contained_english_and_seeds_follow_the_character(language, duration):
    script, shots, _, _ = plan(language, duration)
    style = make_brief(language, duration).style
    seeds: dict[str, set[int]] = {}
    for shot in shots:
        for name in shot.characters:
            assert script.character(name).description in shot.prompt
        scene = next(s for s in script.scenes if s.number == shot.scene)
        assert script.location(scene.location).look in shot.prompt
        assert style in shot.prompt
        assert not HAN.search(re.sub(r"\([^)]*\)", "", shot.prompt))  # Chinese only as a name in parentheses
        assert "watermark" in shot.negative_prompt
        key = shot.characters[0] if shot.characters else f"@{scene.location}"
        seeds.setdefault(key, set()).add(shot.seed)
    assert all(len(s) == 1 for s in seeds.values())
    people = [seeds[c.name] for c in script.characters if c.name in seeds]
    assert len({next(iter(s)) for s in people}) == len(people)


@pytest.mark.parametrize(("language", "duration"), CASES)
def test_the_edit_fits_the_clips_hits_the_length_and_subtitles_every_line(language, duration):
    script, shots, clip_seconds, edl = plan(language, duration)
    assert check_against_clips(edl, clip_seconds) == []
    assert abs(edl.duration - duration) <= 0.02 * duration
    assert [c.shot_id for c in edl.clips] == [s.id for s in shots]
    assert edl.title_card.text == script.title and edl.title_card.subtitle == script.logline
    assert edl.title_card.duration == (1.5 if duration < 20 else 2.0)
    assert 0 < edl.fade_out <= 1.0
    lines = [line for scene in script.scenes for line in scene.dialogue]
    assert [(s.text, s.speaker) for s in edl.subtitles] == [(line.text, line.speaker) for line in lines]
    starts = dict(zip([c.shot_id for c in edl.clips], edl.clip_starts()))
    lengths = {c.shot_id: c.length for c in edl.clips}
    for sub, shot in zip(edl.subtitles, [s for s in shots if s.dialogue]):
        assert starts[shot.id] < sub.start < sub.end <= starts[shot.id] + lengths[shot.id]
    for clip, before, shot in zip(edl.clips[1:], shots, shots[1:]):
        if shot.scene == before.scene:
            assert clip.transition.kind == "cut"
        else:
            scenes = {s.number: s for s in script.scenes}
            times = [scenes[x.scene].time_of_day for x in (before, shot)]
            expected = ("fade_black", 1.0) if times[0] != times[1] else ("crossfade", 0.5)
            assert (clip.transition.kind, clip.transition.duration) == expected


def test_the_editor_uses_the_real_clip_lengths_and_trims_long_clips_to_the_target():
    brief = make_brief("en", 30)
    planner = OfflinePlanner()
    script, shots, _, _ = make_plan(brief)
    shorter = {s.id: round(s.duration * 0.9, 3) for s in shots}
    edl = planner.decide_edit(brief, script, shots, shorter).value
    assert check_against_clips(edl, shorter) == []
    assert all(c.source_out <= shorter[c.shot_id] for c in edl.clips)
    longer = {s.id: s.duration + 2.0 for s in shots}
    edl = planner.decide_edit(brief, script, shots, longer).value
    assert check_against_clips(edl, longer) == []
    assert abs(edl.duration - 30) <= 0.02 * 30
    for clip, shot in zip(edl.clips, shots):
        assert clip.length >= 1.0
        if shot.dialogue:
            assert clip.length >= 0.3 * len(shot.dialogue.text.split()) + 1 - 1e-3


def test_a_missing_clip_is_named():
    brief = make_brief("en", 15)
    script, shots, clip_seconds, _ = make_plan(brief)
    clip_seconds.pop(shots[1].id)
    with pytest.raises(AgentError, match=shots[1].id):
        OfflinePlanner().decide_edit(brief, script, shots, clip_seconds)


def test_very_short_films_have_no_title_card_and_still_fit():
    brief = make_brief("en", 6)
    script, _, clip_seconds, edl = make_plan(brief)
    assert len(script.scenes) == 1 and edl.title_card is None
    assert check_against_clips(edl, clip_seconds) == []
    assert abs(edl.duration - 6) <= 0.05 * 6


def test_the_same_brief_gives_the_same_plan_and_the_aspect_does_not_matter():
    first = make_plan(make_brief("zh", 30))
    again = make_plan(make_brief("zh", 30))
    vertical = make_plan(make_brief("zh", 30, aspect="9:16"))

    def dump(p):
        return json.dumps([p[0].model_dump(), [s.model_dump() for s in p[1]], p[3].model_dump()])

    assert dump(first) == dump(again) == dump(vertical)


def test_scenes_planned_in_parallel_in_any_order_match_planning_them_in_turn():
    brief = make_brief("en", 120)
    planner = OfflinePlanner()
    script = planner.write_script(brief).value
    in_turn = [planner.plan_shots(brief, script, scene).value for scene in script.scenes]
    with ThreadPoolExecutor(max_workers=4) as pool:
        backwards = list(pool.map(lambda s: planner.plan_shots(brief, script, s).value, script.scenes[::-1]))
    assert in_turn == backwards[::-1]


def test_a_different_idea_or_seed_changes_the_plan():
    lighthouse, _, _, _ = plan("en", 30)
    other, _, _, _ = make_plan(Brief(idea="A chef loses her sense of taste the night before the final",
                                     duration=30, width=640, height=360))
    assert other.title != lighthouse.title and other.logline != lighthouse.logline
    assert "chef" in other.logline.lower() and "KITCHEN" in {loc.name for loc in other.locations}
    assert [s.summary for s in other.scenes] != [s.summary for s in lighthouse.scenes]
    _, shots, _, _ = plan("en", 30)
    _, reseeded, _, _ = make_plan(make_brief("en", 30, seed=7))
    assert [s.seed for s in shots] != [s.seed for s in reseeded]


@pytest.mark.parametrize(("idea", "language", "expected", "word"), [
    ("A lighthouse keeper finds a message in a bottle", "zh", "zh", "灯塔"),
    ("一个灯塔看守人在瓶子里发现了一封信", "en", "en", "lighthouse"),
    ("Un gardien de phare trouve un message dans une bouteille", "fr", "en", "gardien"),
    ("Two robots fall in love on Mars", "auto", "en", "mars"),
    ("外卖员在城市里捡到一只会说话的猫", "auto", "zh", "外卖员"),
    ("🙂", "auto", "en", "🙂"),
])
def test_any_idea_and_language_request_gives_a_usable_plan(idea, language, expected, word):
    brief = Brief(idea=idea, duration=30, width=640, height=360, language=language)
    script, shots, clip_seconds, edl = make_plan(brief)
    assert script.language == expected
    assert word in " ".join([script.title, script.logline] + [s.summary for s in script.scenes]).lower()
    if expected == "zh":
        assert HAN.search(script.logline)
    assert check_against_clips(edl, clip_seconds) == []
    assert abs(sum(s.duration for s in shots) - 30) <= 0.02 * 30
