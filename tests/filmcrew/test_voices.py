"""`filmcrew make` with voices from an OpenAI-compatible speech server (a real one on loopback), and the
sound options' errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from filmcrew.errors import UsageError
from filmcrew.settings import Settings
from tests.support.openai_server import ScriptedOpenAIServer, speech_seconds
from tools.speech.wav import wav_seconds


def make(idea: str, out: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "filmcrew", "make", idea, "--out", str(out), *extra],
                          capture_output=True, text=True, timeout=600, env=env, check=False)


def test_openai_voices_speak_every_line_one_voice_per_character(tmp_path):
    import json
    import os

    with ScriptedOpenAIServer([]) as server:
        env = {**os.environ, "FILMCREW_TTS_BASE_URL": server.base_url, "OPENAI_API_KEY": "test",
               "FILMCREW_PLANNER": "offline", "FILMCREW_CACHE_DIR": str(tmp_path / "cache")}
        env.pop("OPENAI_BASE_URL", None)
        done = make("Two sisters argue about selling the family boat", tmp_path / "films", "--duration", "12",
                    "--resolution", "160x90", "--tts-model", "tts-test", env=env)
        assert done.returncode == 0, done.stderr
        requests = list(server.speech_requests)
    (run_dir,) = [p for p in (tmp_path / "films").iterdir() if p.is_dir()]
    manifest = json.loads((run_dir / "manifest.json").read_text())
    voices = manifest["voices"]
    assert voices["engine"] == "openai" and "tts-test" in voices["identity"]
    assert len(requests) == len(voices["lines"]) > 0
    assert {r["model"] for r in requests} == {"tts-test"}
    casting = voices["casting"]
    assert len(set(casting.values())) == len(casting)
    for shot_id, line in voices["lines"].items():
        request = next(r for r in requests if r["input"] == _line_text(run_dir, shot_id))
        assert request["voice"] == casting[line["speaker"]]
        assert line["duration"] == pytest.approx(speech_seconds(request["input"]), abs=0.01)
        assert wav_seconds(run_dir / line["path"]) == pytest.approx(line["duration"], abs=1e-3)
    assert "sound:" in done.stdout and "openai" in done.stdout


def _line_text(run_dir: Path, shot_id: str) -> str:
    import json

    shots = json.loads((run_dir / "shots.json").read_text())["shots"]
    return next(s["dialogue"]["text"] for s in shots if s["id"] == shot_id)


@pytest.mark.parametrize(("overrides", "message"), [
    ({"voice": "robot"}, "--voice"),
    ({"loudness": "-60"}, "--loudness"),
    ({"music": "/no/such/song.mp3"}, "no music file at /no/such/song.mp3"),
])
def test_bad_sound_options_get_one_line_errors(overrides, message):
    with pytest.raises(UsageError, match=message):
        Settings.from_env({}, **overrides)


def test_loudness_off_and_auto_voice_choice():
    assert Settings.from_env({}, loudness="off").loudness is None
    assert Settings.from_env({}).speech_engine == "espeak"
    assert Settings.from_env({"OPENAI_API_KEY": "k"}).speech_engine == "openai"
    assert Settings.from_env({"OPENAI_API_KEY": "k", "OPENAI_BASE_URL": "http://localhost:1/v1"}).speech_engine == "espeak"
    assert Settings.from_env({"FILMCREW_TTS_BASE_URL": "http://localhost:1/v1"}).speech_engine == "openai"
