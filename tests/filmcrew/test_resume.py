"""A failed shot loses nothing: the shots already rendered are kept and the same command resumes."""

from __future__ import annotations

import json

import pytest

from agents.schemas import Brief
from filmcrew.errors import FilmcrewError
from filmcrew.progress import ProgressPrinter
from filmcrew.run import make_film
from filmcrew.settings import Settings
from render import BackendInfo, RenderError, create_backend, register_backend


class FailOnceBackend:
    """The animatic, except that one shot fails the first time it is asked for (a flaky GPU, say)."""

    name = "fail-once"
    label = "animatic that fails once"
    failed: set[str] = set()
    rendered: list[str] = []

    def __init__(self, fail_shot: str = "S02-01"):
        self.inner = create_backend("animatic")
        self.fail_shot = fail_shot

    def identity(self):
        return self.inner.identity()

    def render(self, request, clip_path, keyframe_path):
        if request.shot_id == self.fail_shot and request.shot_id not in self.failed:
            self.failed.add(request.shot_id)
            raise RenderError(f"shot {request.shot_id}: the renderer crashed")
        self.rendered.append(request.shot_id)
        self.inner.render(request, clip_path, keyframe_path)

    def close(self):
        self.inner.close()


@pytest.fixture()
def fail_once():
    FailOnceBackend.failed.clear()
    FailOnceBackend.rendered.clear()
    register_backend(BackendInfo(name="fail-once", summary="test backend", factory=FailOnceBackend))
    return FailOnceBackend


def test_failed_shot_keeps_the_others_and_the_rerun_resumes(tmp_path, fail_once):
    brief = Brief(idea="A storm hits a small fishing village", duration=16, width=160, height=96, fps=12)
    settings = Settings(planner="offline", backend="fail-once", cache_dir=tmp_path / "cache")
    with pytest.raises(FilmcrewError, match="S02-01.*resume"):
        make_film(brief, tmp_path / "films", settings, ProgressPrinter(quiet=True))
    run_dir = tmp_path / "films" / "a-storm-hits-a-small-fishing-village"
    assert not (run_dir / "film.mp4").exists() and not (run_dir / "manifest.json").exists()
    shots = [s["id"] for s in json.loads((run_dir / "shots.json").read_text())["shots"]]
    first = list(fail_once.rendered)
    assert "S02-01" not in first and first  # the others were rendered before the failure surfaced

    outcome = make_film(brief, tmp_path / "films", settings, ProgressPrinter(quiet=True))
    again = fail_once.rendered[len(first):]
    assert outcome.resumed
    assert sorted(again) == sorted(set(shots) - set(first))  # the failed shot and those never started
    assert not set(again) & set(first)  # no finished shot was rendered twice
    assert outcome.film.is_file()
