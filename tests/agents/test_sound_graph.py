"""Whole films with voices: shots fit their lines, subtitles and sound follow the real speech, exports follow.

The lines are spoken by the real espeak-ng engine (offline); the film is cut by the real editor tool
and its audio decoded with ffmpeg to check where the speech is.
"""

from __future__ import annotations

import json
import wave
from pathlib import Path

import numpy as np
import pytest

from agents.context import RunContext
from agents.graph import build_graph
from agents.offline import OfflinePlanner
from agents.schemas import Brief
from agents.voicing import LEAD_SECONDS, TAIL_SECONDS
from render import create_backend
from tools.ffmpeg import read_ffmpeg
from tools.speech import make_engine
from tools.speech.wav import wav_seconds
from tools.timeline import EditDecisionList

BRIEF = Brief(idea="Two old friends argue about a lost letter on a pier", duration=16, width=160, height=96,
              fps=12, language="en")
RATE = 16000


def film_audio(path: Path, channels: int = 1) -> np.ndarray:
    data, err, code = read_ffmpeg(["-i", str(path), "-vn", "-ac", str(channels), "-ar", str(RATE),
                                   "-f", "s16le", "-"])
    assert code == 0, err
    samples = np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768
    return samples.reshape(-1, channels) if channels > 1 else samples


@pytest.fixture(scope="module")
def voiced(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("voiced")
    run_dir = tmp / "run"
    run_dir.mkdir()
    events: list = []
    context = RunContext(planner=OfflinePlanner(), backend=create_backend("animatic"), run_dir=run_dir,
                         cache_dir=tmp / "cache", progress=events.append, speech=make_engine("espeak"),
                         ai_label=False, burn_subtitles=False)
    state = build_graph().invoke({"brief": BRIEF.model_dump()}, context=context)
    return run_dir, state, events


def test_every_line_is_spoken_and_its_shot_is_long_enough(voiced):
    run_dir, state, events = voiced
    carriers = [s for s in state["shots"] if s["dialogue"]]
    assert carriers and set(state["voices"]) == {s["id"] for s in carriers}
    for shot in carriers:
        voice = state["voices"][shot["id"]]
        assert voice["engine"] == "espeak"
        assert voice["duration"] == pytest.approx(wav_seconds(run_dir / voice["path"]), abs=1e-3)
        assert shot["duration"] >= LEAD_SECONDS + voice["duration"] + TAIL_SECONDS - 1e-6
        render = state["renders"][shot["id"]]
        assert render["num_frames"] / render["fps"] >= voice["offset"] + voice["duration"]
    saved = json.loads((run_dir / "shots.json").read_text())["shots"]
    assert [s["duration"] for s in saved] == [s["duration"] for s in state["shots"]]
    speakers = {s["dialogue"]["speaker"] for s in carriers}
    assert len({state["casting"][name] for name in speakers}) == len(speakers)
    assert any(e["stage"] == "voices" and e["event"] == "done" for e in events)


def test_subtitles_are_timed_to_the_speech_in_the_film(voiced):
    run_dir, state, _ = voiced
    edl = EditDecisionList.model_validate(state["edit"])
    audio = film_audio(run_dir / "film.mp4")
    window = int(0.02 * RATE)
    level = np.sqrt(np.convolve(audio ** 2, np.ones(window) / window, mode="same"))
    loud = level > 0.02
    lines = {s["dialogue"]["text"]: state["voices"][s["id"]] for s in state["shots"] if s["dialogue"]}
    assert len(edl.subtitles) == len(lines)
    for sub in edl.subtitles:
        assert sub.end - sub.start == pytest.approx(lines[sub.text]["duration"], abs=2e-3)
        lo, hi = int((sub.start - 0.25) * RATE), int(sub.start * RATE)
        assert not loud[max(lo, 0):hi - int(0.05 * RATE)].any() or lo < 0, f"sound before {sub.text!r}"
        onset = (hi - int(0.05 * RATE)) + int(np.argmax(loud[hi - int(0.05 * RATE):]))
        assert abs(onset / RATE - sub.start) < 0.1, f"{sub.text!r} starts at {onset / RATE:.3f}s, subtitle {sub.start}"
        inside = level[int(sub.start * RATE):int(sub.end * RATE)]
        assert (inside > 0.02).mean() > 0.5, f"{sub.text!r} is mostly silent in the film"


def test_the_sound_track_is_normalised_and_reported(voiced):
    run_dir, state, _ = voiced
    import pyloudnorm

    audio = film_audio(run_dir / "film.mp4", channels=2)  # loudness is measured on the stereo track
    measured = pyloudnorm.Meter(RATE).integrated_loudness(audio.astype(np.float64))
    assert measured == pytest.approx(-14.0, abs=1.0)
    assert state["film"]["sound"]["integrated_lufs"] == pytest.approx(measured, abs=1.0)
    assert state["film"]["sound"]["dialogue_lines"] == len(state["voices"])


def _music(path: Path, seconds: float = 6.0) -> Path:
    t = np.arange(int(seconds * 22050)) / 22050
    tone = 0.3 * (np.sin(2 * np.pi * 220 * t) + np.sin(2 * np.pi * 330 * t)) / 2
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(22050)
        w.writeframes((tone * 32767).astype("<i2").tobytes())
    return path


def test_make_writes_a_chinese_film_with_music_and_every_export(tmp_path):
    import srt

    from filmcrew.run import make_film
    from filmcrew.settings import Settings

    brief = Brief(idea="一个灯塔看守人在瓶子里发现了一封信", duration=12, width=96, height=160, fps=12, aspect="9:16")
    settings = Settings.from_env({}, voice="espeak", music=_music(tmp_path / "bed.wav"), cache_dir=tmp_path / "c",
                                 render_slots=2)
    outcome = make_film(brief, tmp_path / "films", settings, lambda e: None)
    run_dir, manifest = outcome.run_dir, outcome.manifest
    assert manifest["voices"]["engine"] == "espeak" and manifest["voices"]["lines"]
    assert "espeak" in manifest["voices"]["note"]
    assert manifest["film"]["sound"]["music"].endswith("bed.wav")
    assert manifest["film"]["picture"]["ai_label"] == "AI 生成"
    exports = manifest["film"]["exports"]
    for kind in ("otio", "edl", "srt", "vtt", "fountain", "jianying"):
        assert (run_dir / exports[kind]).exists(), kind
    edl = EditDecisionList.model_validate(json.loads((run_dir / "edit.json").read_text()))
    import opentimelineio as otio

    timeline = otio.adapters.read_from_file(str(run_dir / exports["otio"]))
    targets = {Path(c.media_reference.target_url.removeprefix("file://"))
               for track in timeline.video_tracks() for c in track.find_clips()
               if isinstance(c.media_reference, otio.schema.ExternalReference)}
    assert targets == {run_dir / "clips" / f"{c.shot_id}.mp4" for c in edl.clips}
    assert all(t.is_file() for t in targets)
    cues = list(srt.parse((run_dir / "film.srt").read_text(encoding="utf-8")))
    assert [c.content for c in cues] == [s.text for s in edl.subtitles]
    assert all(abs(c.start.total_seconds() - s.start) < 2e-3 for c, s in zip(cues, edl.subtitles, strict=True))
    assert manifest["film"]["sound"]["integrated_lufs"] == pytest.approx(-14.0, abs=1.0)
