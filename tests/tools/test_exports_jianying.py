"""The Jianying draft, read back as plain JSON and with pyJianYingDraft's own loader."""

from __future__ import annotations

import json

import pyJianYingDraft as jy
import pytest

from tests.tools import test_exports_cases
from tests.tools.test_exports_cases import CASES, expected, make_inputs
from tools.errors import ExportError
from tools.exports import write_jianying_draft

media = test_exports_cases.media  # the shared fixture: 2 s clips, two lines, music

SEC = 1_000_000


def _draft(case, media, tmp_path):
    make, fps = CASES[case]
    edl = make()
    folder = write_jianying_draft(make_inputs(edl, fps, media), tmp_path / "jianying", name="雨夜 draft")
    content = json.loads((folder / "draft_content.json").read_text(encoding="utf-8"))
    return edl, fps, folder, content


def _tracks(content, kind):
    return {t["name"]: t["segments"] for t in content["tracks"] if t["type"] == kind}


def _material(content, kind, material_id):
    (m,) = [m for m in content["materials"][kind] if m["id"] == material_id]
    return m


@pytest.mark.parametrize("case", ["rich", "odd", "rich25", "cuts"])
def test_shots_sit_at_the_edls_record_times(case, media, tmp_path):
    edl, fps, _, content = _draft(case, media, tmp_path)
    want, total = expected(edl, fps)
    us = lambda frame: round(frame * SEC / fps)
    # one track cannot overlap: a crossfade's cut sits X // 2 frames into the EDL's overlap
    starts = [w.start + w.crossfade // 2 for w in want]
    ends = [starts[i + 1] if want[i + 1].crossfade else want[i].end for i in range(len(want) - 1)] + [want[-1].end]
    segments = _tracks(content, "video")["Picture"]
    assert [(s["target_timerange"]["start"], s["target_timerange"]["duration"]) for s in segments] == [
        (us(a), us(b) - us(a)) for a, b in zip(starts, ends, strict=True)]
    for s, w, a in zip(segments, want, starts, strict=True):
        video = _material(content, "videos", s["material_id"])
        assert video["path"].endswith(f"/{w.shot_id}.mp4")
        assert s["source_timerange"]["start"] == us(w.source_in + a - w.start)
        assert s["source_timerange"]["duration"] == s["target_timerange"]["duration"]  # speed 1
        assert s["source_timerange"]["start"] + s["source_timerange"]["duration"] <= video["duration"]
    assert content["duration"] == us(total)
    assert (content["canvas_config"]["width"], content["canvas_config"]["height"], content["fps"]) == (64, 36, fps)


def test_crossfades_are_dissolves_and_fades_are_fade_animations(media, tmp_path):
    *_, content = _draft("rich", media, tmp_path)
    segments = _tracks(content, "video")["Picture"]
    transitions = {t["id"]: t for t in content["materials"]["transitions"]}
    animations = {a["id"]: a["animations"] for a in content["materials"]["material_animations"]}

    def effects(segment):
        refs = segment["extra_material_refs"]
        return ([(transitions[r]["name"], transitions[r]["duration"]) for r in refs if r in transitions],
                [(a["name"], a["duration"]) for r in refs if r in animations for a in animations[r]])

    # s01 (from the title card) fades up over the half after the cut, then dissolves into s02
    assert effects(segments[0]) == ([("叠化", round(0.5 * SEC))], [("渐显", round(0.25 * SEC))])
    assert effects(segments[1]) == ([], [("渐隐", round(0.5 * SEC))])   # fade through black: down...
    assert effects(segments[2]) == ([], [("渐显", round(0.5 * SEC))])   # ...and up
    assert effects(segments[3]) == ([], [("渐隐", round(0.5 * SEC))])   # the film's fade out


def test_subtitles_cards_and_sound_are_on_their_tracks(media, tmp_path):
    edl, _, folder, content = _draft("rich", media, tmp_path)
    texts = _tracks(content, "text")

    def words(segment):
        return json.loads(_material(content, "texts", segment["material_id"])["content"])["text"]

    subs = texts["Subtitles"]
    assert [words(s) for s in subs] == [e.text for e in edl.subtitles]
    assert [(s["target_timerange"]["start"], s["target_timerange"]["duration"]) for s in subs] == [
        (round(e.start * SEC), round(e.end * SEC) - round(e.start * SEC)) for e in edl.subtitles]
    assert [words(s) for s in texts["Cards"]] == ["雨夜 Rain Night\n一个故事", "The End"]
    assert texts["Cards"][-1]["target_timerange"]["start"] == round((edl.duration - 1.0) * SEC)

    audio = _tracks(content, "audio")
    lines = sorted((s["target_timerange"]["start"], s["target_timerange"]["duration"])
                   for name, segs in audio.items() if name.startswith("Dialogue") for s in segs)
    assert lines == [(round(2.1 * SEC), round(0.9 * SEC)), (round(2.6 * SEC), round(1.2 * SEC))]
    music = audio["Music"]
    assert sum(s["target_timerange"]["duration"] for s in music) == round(edl.duration * SEC)
    assert all(s["source_timerange"]["start"] + s["source_timerange"]["duration"] <= 3 * SEC for s in music)

    meta = json.loads((folder / "draft_meta_info.json").read_text(encoding="utf-8"))
    assert meta["draft_name"] == "雨夜 draft" and meta["draft_fold_path"] == str(folder)


def test_pyjianyingdraft_loads_the_draft_back(media, tmp_path):
    edl, _, folder, _ = _draft("rich", media, tmp_path)
    script = jy.DraftFolder(str(folder.parent)).load_template(folder.name)
    tracks = {t.name: t for t in script.imported_tracks}
    assert {n: t.track_type.name for n, t in tracks.items()} == {
        "Picture": "video", "Cards": "text", "Subtitles": "text", "Dialogue": "audio", "Dialogue 2": "audio",
        "Music": "audio"}
    assert len(tracks["Picture"].segments) == len(edl.clips)
    assert (script.width, script.height, script.duration) == (64, 36, round(edl.duration * SEC))


def test_writing_again_replaces_the_draft_and_bad_inputs_are_refused(media, tmp_path):
    inputs = make_inputs(CASES["cuts"][0](), 24, media, sound=False)
    first = write_jianying_draft(inputs, tmp_path, name="film")
    again = write_jianying_draft(inputs, tmp_path, name="film")
    assert first == again and sorted(p.name for p in tmp_path.iterdir()) == ["film"]
    with pytest.raises(ExportError, match="name"):
        write_jianying_draft(inputs, tmp_path, name="a/b")
    missing = inputs.model_copy(update={"clips": {**inputs.clips, "s02": tmp_path / "gone.mp4"}})
    with pytest.raises(ExportError, match="gone.mp4"):
        write_jianying_draft(missing, tmp_path, name="other")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["film"]
