"""The whole graph with the OpenAI-compatible provider: the real `openai` client, a real loopback server."""

from __future__ import annotations

import json
import re
import threading

import pytest

from agents.offline import OfflinePlanner
from agents.schemas import Brief, Script, Shot
from filmcrew.errors import FilmcrewError
from filmcrew.progress import ProgressPrinter
from filmcrew.run import make_film
from filmcrew.settings import Settings
from tests.support.openai_server import Reply, ScriptedOpenAIServer, message_text, schema_name
from tools.probe import probe

BRIEF = Brief(idea="A lighthouse keeper finds a message in a bottle", duration=10, width=160, height=96, fps=12)


class CrewModel:
    """Answers like a model would: the offline planner's plans, sent as JSON over HTTP.

    The first answer for each key in ``broken`` (``writer``, ``director:<scene>``, ``editor``) is invalid:
    a required field is missing, so the planner has to send it back with the validation errors. Keys in
    ``broken_twice`` get two invalid answers, which must fail the run.
    """

    def __init__(self, broken: set[str] = frozenset(), broken_twice: set[str] = frozenset()):
        self.crew = OfflinePlanner()
        self.script: Script | None = None
        self.shots: dict[int, list[Shot]] = {}
        self.broken = {key: (2 if key in broken_twice else 1) for key in broken | broken_twice}
        self.lock = threading.Lock()

    def _maybe_break(self, key: str, payload: dict) -> dict:
        with self.lock:
            if self.broken.get(key, 0) > 0:
                self.broken[key] -= 1
                payload = dict(payload)
                payload.pop(next(iter(payload)))  # drop the first required field
        return payload

    def __call__(self, request: dict) -> Reply:
        name = schema_name(request)
        if name == "Script":
            self.script = self.crew.write_script(BRIEF).value
            content = self._maybe_break("writer", self.script.model_dump())
        elif name == "ShotList":
            number = int(re.search(r"shots for scene (\d+)", message_text(request))[1])
            scene = next(s for s in self.script.scenes if s.number == number)
            self.shots[number] = self.crew.plan_shots(BRIEF, self.script, scene).value
            content = self._maybe_break(f"director:{number}", {"shots": [s.model_dump() for s in self.shots[number]]})
        else:
            shots = [s for n in sorted(self.shots) for s in self.shots[n]]
            seconds = {s.id: max(1, round(s.duration * BRIEF.fps)) / BRIEF.fps for s in shots}
            edl = self.crew.decide_edit(BRIEF, self.script, shots, seconds).value
            content = self._maybe_break("editor", edl.model_dump())
        return Reply(content=json.dumps(content, ensure_ascii=False), prompt_tokens=100, completion_tokens=50)


def settings_for(server: ScriptedOpenAIServer, tmp_path) -> Settings:
    return Settings(planner="llm", base_url=server.base_url, api_key="test", model="crew-model",
                    llm_retries=0, cache_dir=tmp_path / "cache")


def test_graph_with_a_model_repairs_an_invalid_answer_and_makes_the_film(tmp_path):
    model = CrewModel(broken={"writer"})
    with ScriptedOpenAIServer(handler=model) as server:
        outcome = make_film(BRIEF, tmp_path / "films", settings_for(server, tmp_path), ProgressPrinter(quiet=True))
        requests = list(server.requests)
    manifest = outcome.manifest
    scenes = len(model.script.scenes)
    assert len(requests) == 2 + scenes + 1  # writer twice (one repair), a director per scene, the editor
    assert "logline" in message_text(requests[1])  # the repair names what was missing
    assert manifest["llm"]["provider"] == "openai-compatible"
    assert manifest["llm"]["models"]["writer"] == "crew-model"
    assert manifest["prompts"] == {"writer": "writer/script@1", "director": "director/shots@1", "editor": "editor/edit@1"}
    assert manifest["tokens"]["total"] == {"calls": len(requests), "input_tokens": 100 * len(requests),
                                           "output_tokens": 50 * len(requests)}
    assert any("writer" in note and "repaired" in note for note in manifest["notes"])
    info = probe(outcome.film)
    assert (info.width, info.height, info.video_codec, info.audio_codec) == (160, 96, "h264", "aac")
    assert info.duration == pytest.approx(manifest["film"]["edit_duration"], rel=0.05)


def test_a_model_that_stays_wrong_fails_clearly_and_keeps_the_script(tmp_path):
    model = CrewModel(broken_twice={"director:1"})
    with ScriptedOpenAIServer(handler=model) as server:
        settings = settings_for(server, tmp_path)
        with pytest.raises(FilmcrewError, match=r"director.*crew-model"):
            make_film(BRIEF, tmp_path / "films", settings, ProgressPrinter(quiet=True))
        run_dir = next((tmp_path / "films").iterdir())
        assert (run_dir / "script.json").is_file()
        assert not (run_dir / "film.mp4").exists() and not (run_dir / "manifest.json").exists()
        writer_calls = sum(schema_name(r) == "Script" for r in server.requests)
        # The same command again resumes: the script is not written a second time.
        outcome = make_film(BRIEF, tmp_path / "films", settings, ProgressPrinter(quiet=True))
        assert sum(schema_name(r) == "Script" for r in server.requests) == writer_calls
    assert outcome.resumed and outcome.film.is_file()
