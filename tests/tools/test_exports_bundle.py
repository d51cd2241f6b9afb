"""write_exports: every export beside the film, each one readable by its own kind of reader."""

from __future__ import annotations

import json

import opentimelineio as otio
import srt
import webvtt

from tests.tools import test_exports_cases
from tests.tools.test_exports_cases import CASES, make_inputs
from tools.exports import Screenplay, draft_name, write_exports

media = test_exports_cases.media  # the shared fixture: 2 s clips, two lines, music


def test_all_exports_are_written_beside_the_film(media, tmp_path):
    edl = CASES["rich"][0]()
    play = Screenplay(title="雨夜", scenes=[{"heading": "EXT. PIER - NIGHT", "elements": [
        {"kind": "dialogue", "character": "林", "text": "你好，世界。"}]}])
    paths = write_exports(make_inputs(edl, 24, media), play, tmp_path)
    assert paths == {"otio": tmp_path / "timeline.otio", "edl": tmp_path / "timeline.edl",
                     "srt": tmp_path / "film.srt", "vtt": tmp_path / "film.vtt",
                     "fountain": tmp_path / "script.fountain", "jianying": tmp_path / "jianying" / "雨夜"}
    timeline = otio.adapters.read_from_file(str(paths["otio"]))
    assert timeline.duration().to_seconds() == edl.duration
    assert paths["edl"].read_text(encoding="utf-8").startswith("TITLE: 雨夜\n")
    assert [c.content for c in srt.parse(paths["srt"].read_text(encoding="utf-8"))] == [
        s.text for s in edl.subtitles]
    assert [c.voice for c in webvtt.read(str(paths["vtt"]))] == [s.speaker for s in edl.subtitles]
    assert "@林\n你好，世界。" in paths["fountain"].read_text(encoding="utf-8")
    draft = json.loads((paths["jianying"] / "draft_content.json").read_text(encoding="utf-8"))
    assert draft["duration"] == round(edl.duration * 1_000_000)
    assert not [p for p in tmp_path.rglob(".*")]  # no temporary files left behind


def test_draft_names_keep_the_title_but_not_what_folders_cannot_hold():
    assert draft_name("雨夜") == "雨夜"
    assert draft_name('Rain: a "night"/day?') == "Rain_ a _night_day"
    assert draft_name("...") == "filmcrew"
