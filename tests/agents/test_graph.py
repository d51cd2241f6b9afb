"""The whole graph: the hierarchical writer, the critics' revision rounds, the directors and the editor.

With a model, the graph is driven by the OpenAI-compatible planner through the real `openai`
client against a real loopback server, whose "model" answers with the offline planner's plans.
"""

from __future__ import annotations

import json
import re
import threading
from itertools import pairwise
from pathlib import Path

import pytest

from agents.context import RunContext
from agents.graph import build_graph
from agents.llm import OpenAIPlanner, make_client
from agents.offline import OfflinePlanner
from agents.schemas import Brief, Script
from filmcrew.errors import FilmcrewError
from filmcrew.progress import ProgressPrinter
from filmcrew.run import make_film
from filmcrew.settings import Settings
from render import create_backend
from tests.support.openai_server import Reply, ScriptedOpenAIServer, message_text, schema_name
from tools.probe import probe

BRIEF = Brief(idea="A lighthouse keeper finds a message in a bottle", duration=16, width=160, height=96, fps=12)
WRITER_SCHEMAS = {"Treatment", "Scene"}
_SCENE = re.compile(r"\bscene\D{0,3}(\d+)", re.IGNORECASE)


def scene_asked(request: dict) -> int:
    """The scene a writer or director request is about: the first "scene N" its first user message names."""
    users = [str(m.get("content") or "") for m in request["messages"] if m.get("role") == "user"]
    for text in users[:1] + [message_text(request)]:
        found = _SCENE.search(text)
        if found:
            return int(found[1])
    raise AssertionError(f"no scene number in the request: {message_text(request)[:300]}")


def is_revision(request: dict) -> bool:
    """True when the request sends an earlier answer back (an assistant turn is in the conversation)."""
    return any(m.get("role") == "assistant" for m in request["messages"])


class CrewModel:
    """Answers like a model would: the offline planner's plans, sent as JSON over HTTP.

    Args:
        broken: Keys (``writer:treatment``, ``writer:<scene>``, ``director:<scene>``, ``editor``) whose
            first answer is invalid: a required field is missing, so the planner has to repair it.
        broken_twice: Keys that get two invalid answers, which must fail the stage.
        jumpy: How many of scene 1's shot lists cut between two shots of the same size and angle (the
            critic's problem, which the schema cannot see).
        crowded: How many treatments outline far more scenes than the film has time for (valid JSON
            the critic sends back).
    """

    def __init__(self, broken=frozenset(), broken_twice=frozenset(), jumpy: int = 0, crowded: int = 0):
        self.crew = OfflinePlanner()
        self.script = self.crew.write_script(BRIEF).value
        self.shots = {s.number: self.crew.plan_shots(BRIEF, self.script, s).value for s in self.script.scenes}
        self.broken = {key: (2 if key in broken_twice else 1) for key in set(broken) | set(broken_twice)}
        self.jumpy, self.crowded = jumpy, crowded
        self.lock = threading.Lock()

    def _take(self, key: str) -> bool:
        with self.lock:
            if self.broken.get(key, 0) > 0:
                self.broken[key] -= 1
                return True
        return False

    def _answer(self, key: str, payload: dict) -> Reply:
        if self._take(key):
            payload = dict(payload)
            payload.pop(next(iter(payload)))  # drop the first required field
        return Reply(content=json.dumps(payload, ensure_ascii=False), prompt_tokens=100, completion_tokens=50)

    def __call__(self, request: dict) -> Reply:
        name = schema_name(request) or ""
        if name == "Treatment":
            treatment = self.crew.write_treatment(BRIEF).value.model_dump()
            with self.lock:
                crowd, self.crowded = self.crowded > 0, self.crowded - 1
            if crowd:  # the first scene outlined again and again, renumbered: ten scenes for 16 s
                treatment["scenes"] = [{**treatment["scenes"][0], "number": n} for n in range(1, 11)]
            return self._answer("writer:treatment", treatment)
        if name == "Scene":
            number = scene_asked(request)
            return self._answer(f"writer:{number}", self.script.scenes[number - 1].model_dump())
        if name == "ShotList":
            number = scene_asked(request)
            shots = [s.model_dump() for s in self.shots[number]]
            with self.lock:
                jump, self.jumpy = (self.jumpy > 0 and number == 1), self.jumpy - (number == 1)
            if jump:  # the second shot framed like the first: a jump cut
                shots[1].update(size=shots[0]["size"], angle=shots[0]["angle"])
            return self._answer(f"director:{number}", {"shots": shots})
        if name == "EditDecisionList":
            shots = [s for n in sorted(self.shots) for s in self.shots[n]]
            seconds = {s.id: max(1, round(s.duration * BRIEF.fps)) / BRIEF.fps for s in shots}
            edl = self.crew.decide_edit(BRIEF, self.script, shots, seconds).value
            return self._answer("editor", edl.model_dump())
        return Reply.error(400, f"the test model has no answer for the schema {name!r}")


def settings_for(server: ScriptedOpenAIServer, tmp_path: Path, **extra) -> Settings:
    return Settings(planner="llm", base_url=server.base_url, api_key="test", model="crew-model",
                    llm_retries=0, cache_dir=tmp_path / "cache", **extra)


def run_graph(server: ScriptedOpenAIServer, tmp_path: Path, critic_rounds: int):
    """Run the graph itself (no checkpointer) with the model planner; returns the final state and events."""
    events: list[dict] = []
    client = make_client(server.base_url, "test", timeout=30, max_retries=0)
    planner = OpenAIPlanner(client, {"writer": "crew-model", "director": "crew-model", "editor": "crew-model"})
    backend = create_backend("animatic")
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    context = RunContext(planner=planner, backend=backend, run_dir=run_dir, cache_dir=tmp_path / "cache",
                         critic_rounds=critic_rounds, progress=events.append)
    try:
        state = build_graph().invoke({"brief": BRIEF.model_dump()}, context=context)
    finally:
        backend.close()
    return state, events


def requests_for(requests: list[dict], schema: str, scene: int | None = None) -> list[dict]:
    return [r for r in requests if schema_name(r) == schema and (scene is None or scene_asked(r) == scene)]


def test_graph_with_a_model_repairs_an_invalid_answer_and_makes_the_film(tmp_path):
    model = CrewModel(broken={"writer:treatment"})
    with ScriptedOpenAIServer(handler=model) as server:
        outcome = make_film(BRIEF, tmp_path / "films", settings_for(server, tmp_path), ProgressPrinter(quiet=True))
        requests = list(server.requests)
    manifest = outcome.manifest
    scenes = len(model.script.scenes)
    by_schema = {name: len(requests_for(requests, name)) for name in
                 ("Treatment", "Scene", "ShotList", "EditDecisionList")}
    # the treatment twice (one repair), a writer and a director per scene, the editor
    assert by_schema == {"Treatment": 2, "Scene": scenes, "ShotList": scenes, "EditDecisionList": 1}
    assert len(requests) == 2 * scenes + 3
    assert sorted(scene_asked(r) for r in requests_for(requests, "Scene")) == list(range(1, scenes + 1))
    assert "title" in message_text(requests_for(requests, "Treatment")[1])  # the repair names what's missing
    assert manifest["llm"]["provider"] == "openai-compatible"
    assert manifest["llm"]["models"]["writer"] == "crew-model"
    assert {"writer/treatment", "writer/scene", "director/shots", "editor/edit"} <= set(manifest["prompts"])
    assert all(ref.startswith(name + "@") for name, ref in manifest["prompts"].items())
    assert any("writer" in note and "repaired" in note for note in manifest["notes"])
    script = Script.model_validate_json((outcome.run_dir / "script.json").read_text())
    assert script == model.script  # the scenes written apart, joined in order
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
        writer_calls = sum(schema_name(r) in WRITER_SCHEMAS for r in server.requests)
        directed = {scene_asked(r) for r in requests_for(server.requests, "ShotList")}
        asked_before = len(server.requests)
        # The same command again resumes: the script is not written again, only scene 1 is directed again.
        outcome = make_film(BRIEF, tmp_path / "films", settings, ProgressPrinter(quiet=True))
        again = server.requests[asked_before:]
    assert sum(schema_name(r) in WRITER_SCHEMAS for r in again) == 0
    assert writer_calls == 1 + len(model.script.scenes)
    assert directed == set(range(1, len(model.script.scenes) + 1))
    assert [scene_asked(r) for r in requests_for(again, "ShotList")] == [1]
    assert outcome.resumed and outcome.film.is_file()


def test_the_critic_sends_a_jump_cut_back_and_the_director_fixes_it(tmp_path):
    model = CrewModel(jumpy=1)
    with ScriptedOpenAIServer(handler=model) as server:
        state, events = run_graph(server, tmp_path, critic_rounds=2)
        requests = list(server.requests)
    first, second = requests_for(requests, "ShotList", scene=1)
    assert not is_revision(first) and is_revision(second)
    assert re.search(r"S01-01 and S01-02 are both", message_text(second))  # the critic's words reach the model
    assert len(requests_for(requests, "ShotList", scene=2)) == 1  # the other scene passed at once
    shots = json.loads((tmp_path / "run" / "shots.json").read_text())["shots"]
    assert all((a["size"], a["angle"]) != (b["size"], b["angle"]) for a, b in pairwise(shots) if a["scene"] == b["scene"])
    assert state["problems"] == []
    assert any(note.startswith("director (scene 1): revised 1 time") for note in state["notes"])
    assert any(e["event"] == "info" and "sent it back" in e.get("detail", "") for e in events)
    assert state["usage"]["director"]["calls"] == len(requests_for(requests, "ShotList"))
    assert (tmp_path / "run" / "film.mp4").is_file()


def test_the_critic_sends_an_overlong_treatment_back_and_the_writer_fixes_it(tmp_path):
    model = CrewModel(crowded=1)
    with ScriptedOpenAIServer(handler=model) as server:
        state, _ = run_graph(server, tmp_path, critic_rounds=2)
        requests = list(server.requests)
    first, second = requests_for(requests, "Treatment")
    assert not is_revision(first) and is_revision(second)
    assert "10 scenes are too many for a 16 s film" in message_text(second)
    scenes = len(model.script.scenes)
    assert len(requests_for(requests, "Scene")) == scenes  # only the revised outline's scenes are written
    script = Script.model_validate_json((tmp_path / "run" / "script.json").read_text())
    assert script == model.script and state["problems"] == []
    assert any(note.startswith("writer (treatment): revised 1 time") for note in state["notes"])
    assert state["usage"]["writer"]["calls"] == 2 + scenes


def test_problems_left_after_the_rounds_are_kept_and_the_film_is_still_made(tmp_path):
    model = CrewModel(jumpy=10)  # never fixes it
    with ScriptedOpenAIServer(handler=model) as server:
        state, events = run_graph(server, tmp_path, critic_rounds=1)
        requests = list(server.requests)
    assert len(requests_for(requests, "ShotList", scene=1)) == 2  # the answer and one revision
    first = state["shots"][0]
    left = (f"director (scene 1): shots S01-01 and S01-02 are both {first['size']} at {first['angle']!r}; "
            "change the size or angle of one so the cut does not jump")
    assert state["problems"] == [left]
    warnings = [e["detail"] for e in events if e["event"] == "warning"]
    assert warnings == state["problems"]
    assert (tmp_path / "run" / "film.mp4").is_file()


def test_the_offline_crew_runs_every_step_and_leaves_no_problem(tmp_path):
    events: list[dict] = []
    brief = Brief(idea="一个灯塔看守人在瓶子里发现了一封信", duration=24, width=160, height=96, fps=12)
    settings = Settings(planner="offline", cache_dir=tmp_path / "cache")
    outcome = make_film(brief, tmp_path / "films", settings, events.append)
    script = Script.model_validate_json((outcome.run_dir / "script.json").read_text())
    written = sorted(e["scene"] for e in events if e["stage"] == "writer" and e["event"] == "scene")
    directed = sorted(e["scene"] for e in events if e["stage"] == "director" and e["event"] == "scene")
    assert written == directed == [s.number for s in script.scenes]
    assert not [e for e in events if e["event"] == "warning" and e["stage"] in ("writer", "director", "editor")]
    edit = json.loads((outcome.run_dir / "edit.json").read_text())
    assert edit["end_card"]["text"] == "完"
    assert probe(outcome.film).duration == pytest.approx(24, rel=0.05)
