"""What changed between two cuts: one readable line per change, nothing when they are the same."""

from __future__ import annotations

import copy

from agents.compare import compare, quoted, seconds
from agents.revision import apply_revision, parse_command
from tests.agents.test_revision import IDEA_ZH, film


def revised(command: str, state: dict | None = None) -> tuple[dict, dict]:
    """A film and the same film after ``command``."""
    state = state if state is not None else film()
    return state, {**state, **apply_revision(parse_command(command), state)}


def test_equal_versions_have_no_differences():
    state = film()
    assert compare(state, copy.deepcopy(state)) == []
    assert compare({}, state) == []


def test_a_part_missing_from_either_version_is_not_compared():
    old, new = revised('/title "The Last Light"')
    assert compare({"script": old["script"]}, {"edit": new["edit"]}) == []
    assert compare({"script": old["script"]}, {"script": new["script"]}) == \
        ['script: title "The Lighthouse Keeper\'s Message" → "The Last Light"']


def test_a_new_title_is_told_in_the_script_and_on_the_title_card():
    old, new = revised('/title "The Last Light"')
    assert compare(old, new) == [
        'script: title "The Lighthouse Keeper\'s Message" → "The Last Light"',
        'edit: title card text "The Lighthouse Keeper\'s Message" → "The Last Light"',
    ]


def test_a_removed_scene_and_its_shorter_brief():
    old, new = revised("/scene 2 cut")
    lines = compare(old, new)
    assert lines[0] == "script: scene 2 removed"
    assert lines[-1].startswith("brief: duration 30s → 18.")


def test_a_rewritten_line_and_its_new_speaker():
    old, new = revised('/line 2 1 text="Leave it." speaker=Elias')
    assert compare({"script": old["script"]}, {"script": new["script"]}) == [
        "script: scene 2 line 1 speaker Hugo → Elias",
        'script: scene 2 line 1 "Don\'t touch it." → "Leave it."',
    ]


def test_a_chinese_line():
    old, new = revised('/line 1 1 text="总得有人守着这座灯塔。"', film(IDEA_ZH, 20))
    assert compare({"script": old["script"]}, {"script": new["script"]}) == \
        ['script: scene 1 line 1 "总得有人留下。" → "总得有人守着这座灯塔。"']


def test_lines_added_and_removed():
    old = film()
    new = copy.deepcopy(old)
    removed = new["script"]["scenes"][1]["dialogue"].pop()
    new["script"]["scenes"][0]["dialogue"].append({"speaker": "Hugo", "text": "Wait."})
    assert compare({"script": old["script"]}, {"script": new["script"]}) == [
        'script: scene 1 line 2 added (Hugo: "Wait.")',
        f'script: scene 2 line 2 removed ({removed["speaker"]}: "{removed["text"]}")',
    ]


def test_a_changed_shot_is_told_field_by_field():
    old, new = revised("/shot 3 size=CU move=dolly")
    assert compare({"shots": old["shots"]}, {"shots": new["shots"]}) == [
        "shots: S01-03 size MCU → CU",
        "shots: S01-03 move static → dolly",
    ]


def test_a_longer_shot_and_the_film_with_it():
    old, new = revised("/shot 1 duration=5")
    assert compare(old, new) == ["shots: S01-01 duration 3.17s → 5s", "brief: duration 30s → 31.83s"]


def test_shots_added_removed_and_reordered():
    old = film()
    new = copy.deepcopy(old)
    new["shots"] = [new["shots"][1], new["shots"][0], *new["shots"][3:]]
    added = {**new["shots"][-1], "id": "S03-04"}
    new["shots"].append(added)
    assert compare({"shots": old["shots"]}, {"shots": new["shots"]}) == [
        "shots: S01-03 removed",
        "shots: S03-04 added",
        "shots: order changed",
    ]


def test_a_new_transition_and_what_it_does_to_the_film():
    old, new = revised("/transition 4 fade_black")
    assert compare(old, new) == [
        "edit: clip 4 (S02-01) transition crossfade 0.5s → fade_black 1s",
        "edit: subtitles retimed",
        "edit: film length 30s → 30.5s",
    ]


def test_a_new_order_of_clips():
    old, new = revised("/order 2,1,3,4,5,6,7,8,9,10")
    assert compare(old, new) == [
        "edit: order changed",
        "edit: clip 1 (S01-02) transition cut → fade_black 1s",
        "edit: clip 2 (S01-01) transition fade_black 1s → cut",
    ]


def test_a_trimmed_clip_a_lost_subtitle_and_the_end_card():
    old = film()
    new = copy.deepcopy(old)
    new["edit"]["clips"][0]["source_out"] = 2.0
    gone = new["edit"]["subtitles"].pop(0)
    new["edit"]["end_card"] = None
    new["edit"]["fade_out"] = 0.0
    lines = compare({"edit": old["edit"]}, {"edit": new["edit"]})
    assert lines[:4] == [
        "edit: clip 1 (S01-01) plays 0s-2.8s → 0s-2s",
        f'edit: subtitle "{gone["text"]}" removed',
        "edit: fade out 1s → 0s",
        "edit: end card removed",
    ]
    assert lines[4].startswith("edit: film length 30s → 27.")


def test_a_new_frame_and_aspect():
    old, new = revised("/aspect 9:16")
    assert compare(old, new) == ["output: 128x72 → 720x1280", "output: aspect 16:9 → 9:16"]
    old, new = revised("/resolution 1920x1080")
    assert compare(old, new) == ["output: 128x72 → 1920x1080"]


def test_values_are_told_short():
    assert quoted("a " * 40) == '"' + ("a " * 24)[:47] + '…"'
    assert quoted("line\nbreak") == '"line break"'
    assert (seconds(3.125), seconds(2.0), seconds(0.5)) == ("3.12s", "2s", "0.5s")
