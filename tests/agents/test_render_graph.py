"""The whole crew rendering through a real diffusers backend (the tiny Wan, loaded from disk).

Every character and location gets one reference picture, every shot starts from a keyframe made
from its references and goes through image-to-video, and the film is cut from those shots. A shot
that runs out of memory at every level becomes its animatic; the rest of the film is kept.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agents.context import RunContext
from agents.graph import build_graph
from agents.offline import OfflinePlanner
from agents.schemas import Brief
from render import create_backend
from tests.support.backends import OutOfMemoryOn, tiny_wan
from tests.support.tiny import wan
from tools.probe import probe

BRIEF = Brief(idea="A girl and her dog walk through the city in the rain", duration=8, width=96, height=48, fps=8)


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    return (str(wan.build(tmp_path_factory.mktemp("t2v"), "t2v")),
            str(wan.build(tmp_path_factory.mktemp("i2v"), "i2v")))


def run(tmp_path: Path, backend, events: list) -> dict:
    run_dir = tmp_path / "run"
    run_dir.mkdir(exist_ok=True)
    context = RunContext(planner=OfflinePlanner(), backend=backend, run_dir=run_dir, cache_dir=tmp_path / "cache",
                         progress=events.append, fallback=create_backend("animatic"), render_slots=2)
    try:
        return build_graph().invoke({"brief": BRIEF.model_dump()}, context=context)
    finally:
        backend.close()


@pytest.fixture(scope="module")
def film(folders, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("film")
    events: list = []
    state = run(tmp, tiny_wan(model=folders[0], i2v_model=folders[1]), events)
    return tmp, state, events


def test_each_character_and_location_has_one_reference_picture(film):
    tmp, state, events = film
    refs = state["references"]
    people = {n for s in state["shots"] for n in s["characters"]}
    assert {k for k in refs if k.startswith("character/")} == {f"character/{n}" for n in people}
    assert any(k.startswith("location/") for k in refs)
    assert all(Path(p).is_file() and Path(p).is_relative_to(tmp / "run" / "references") for p in refs.values())
    made = [e for e in events if e.get("event") == "reference"]
    assert len(made) == len(refs) and all(e["source"] == "rendered" for e in made)
    assert json.loads((tmp / "run" / "references" / "references.json").read_text())


def test_every_shot_starts_from_its_references_and_reuses_them(film):
    _, state, _ = film
    for shot in state["shots"]:
        details = state["renders"][shot["id"]]["details"]
        assert set(shot["characters"]) <= set(details["references"])
        assert details["segments"] and details["render_size"] == "64x32"


def test_the_film_is_cut_from_the_diffusion_shots(film):
    tmp, state, _ = film
    info = probe(tmp / "run" / state["film"]["path"])
    assert info.duration == pytest.approx(BRIEF.duration, rel=0.1)
    assert (info.width, info.height) == (96, 48)


def test_a_shot_out_of_memory_becomes_its_animatic_and_the_rest_is_kept(folders, film, tmp_path):
    _, before, _ = film
    victim = before["shots"][0]["id"]
    events: list = []
    backend = OutOfMemoryOn(tiny_wan(model=folders[0], i2v_model=folders[1]), {victim})
    state = run(tmp_path, backend, events)
    assert state["renders"][victim]["backend"] == "animatic"
    assert "drawn as an animatic" in state["renders"][victim]["warning"]
    assert any(victim in note for note in state["notes"])
    assert any(e.get("event") == "warning" and victim in e["detail"] for e in events)
    others = [s["id"] for s in state["shots"] if s["id"] != victim]
    assert all(state["renders"][s]["backend"] == "wan" for s in others)
    assert probe(tmp_path / "run" / state["film"]["path"]).duration == pytest.approx(BRIEF.duration, rel=0.1)


@pytest.mark.parametrize("name", ["ltx", "cogvideox", "hunyuan"])
def test_every_family_makes_a_film_from_its_own_shots(name, tmp_path):
    import importlib

    from render.diffusion.backend import DiffusersBackend

    tiny = importlib.import_module(f"tests.support.tiny.{name}")
    t2v = str(tiny.build(tmp_path / "t2v", "t2v"))
    i2v = None if tiny.TINY.i2v_model is None else str(tiny.build(tmp_path / "i2v", "i2v"))
    state = run(tmp_path, DiffusersBackend(tiny.TINY, model=t2v, i2v_model=i2v, steps=2), [])
    assert all(r["backend"] == name and r["details"]["references"] for r in state["renders"].values())
    info = probe(tmp_path / "run" / state["film"]["path"])
    assert info.duration == pytest.approx(BRIEF.duration, rel=0.1) and (info.width, info.height) == (96, 48)
