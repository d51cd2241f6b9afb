"""End to end: the offline `filmcrew make` of a short film, checked with ffmpeg like a user would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tools.probe import probe, read_frame
from tools.timeline import EditDecisionList


def make(idea: str, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "filmcrew", "make", idea, "--out", str(out), *extra],
        capture_output=True, text=True, timeout=600,
    )


@pytest.fixture(scope="module")
def english_film(tmp_path_factory):
    out = tmp_path_factory.mktemp("films")
    first = make("A lighthouse keeper finds a message in a bottle", out,
                 "--duration", "12", "--resolution", "320x180")
    assert first.returncode == 0, first.stderr
    second = make("A lighthouse keeper finds a message in a bottle", out,
                  "--duration", "12", "--resolution", "320x180")
    assert second.returncode == 0, second.stderr
    (run_dir,) = [p for p in out.iterdir() if p.is_dir()]
    return run_dir, first, second


def test_outputs_are_all_there(english_film):
    run_dir, first, _ = english_film
    for name in ("film.mp4", "script.json", "shots.json", "edit.json", "film.srt", "storyboard.png",
                 "manifest.json"):
        assert (run_dir / name).is_file(), name
    assert run_dir.name == "a-lighthouse-keeper-finds-a-message-in-a-bottle"
    assert "film.mp4" in first.stdout and "offline planner" in first.stdout and "animatic" in first.stdout


def test_film_streams_size_fps_and_duration(english_film):
    run_dir, _, _ = english_film
    info = probe(run_dir / "film.mp4")
    edl = EditDecisionList.model_validate_json((run_dir / "edit.json").read_text())
    assert (info.video_codec, info.pix_fmt, info.audio_codec) == ("h264", "yuv420p", "aac")
    assert (info.width, info.height) == (320, 180)
    assert info.fps == pytest.approx(24, abs=0.01)
    assert info.faststart
    assert info.duration == pytest.approx(edl.duration, rel=0.05)
    assert info.num_frames == pytest.approx(round(edl.duration * 24), abs=1)


def test_consecutive_shots_differ(english_film):
    run_dir, _, _ = english_film
    edl = EditDecisionList.model_validate_json((run_dir / "edit.json").read_text())
    middles = [start + clip.length / 2 for start, clip in zip(edl.clip_starts(), edl.clips)]
    frames = [read_frame(run_dir / "film.mp4", round(t * 24)).astype(np.int16) for t in middles]
    assert len(frames) >= 3
    for a, b in zip(frames, frames[1:]):
        assert np.abs(a - b).mean() > 2.0


def test_manifest_says_what_made_the_film(english_film):
    run_dir, _, _ = english_film
    manifest = json.loads((run_dir / "manifest.json").read_text())
    shots = json.loads((run_dir / "shots.json").read_text())["shots"]
    assert manifest["llm"]["provider"] == "offline planner"
    assert manifest["render"]["backend"] == "animatic" and "animatic" in manifest["render"]["label"]
    assert manifest["brief"]["idea"] == "A lighthouse keeper finds a message in a bottle"
    assert set(manifest["seeds"]["shots"]) == {s["id"] for s in shots}
    assert {"writer", "director", "render", "editor", "assemble"} <= set(manifest["timings"]["stages"])
    assert set(manifest["timings"]["shots"]) == {s["id"] for s in shots}
    assert manifest["tokens"]["total"] == {"calls": 0, "input_tokens": 0, "output_tokens": 0}


def test_second_run_reuses_every_shot(english_film):
    run_dir, _, second = english_film
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert all(s["cached"] for s in manifest["timings"]["shots"].values())
    assert f"0 rendered, {len(manifest['timings']['shots'])} reused" in second.stdout


def test_subtitles_match_the_dialogue(english_film):
    run_dir, _, _ = english_film
    script = json.loads((run_dir / "script.json").read_text())
    srt = (run_dir / "film.srt").read_text(encoding="utf-8")
    lines = [d["text"] for scene in script["scenes"] for d in scene["dialogue"]]
    assert lines and all(line in srt for line in lines)
    assert "-->" in srt


def test_chinese_vertical_film(tmp_path):
    result = make("一个灯塔看守人在瓶子里发现了一封信", tmp_path, "--duration", "8", "--aspect", "9:16",
                  "--resolution", "180x320", "--fps", "12")
    assert result.returncode == 0, result.stderr
    run_dir = tmp_path / "一个灯塔看守人在瓶子里发现了一封信"
    info = probe(run_dir / "film.mp4")
    assert (info.width, info.height) == (180, 320)
    assert info.fps == pytest.approx(12, abs=0.01)
    script = json.loads((run_dir / "script.json").read_text(encoding="utf-8"))
    assert script["language"] == "zh"
    assert "灯塔" in json.dumps(script, ensure_ascii=False)
