"""Reference pictures: rendered once, kept as files the user can replace, reused by later films."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from render import RenderRequest
from tools.references import ReferenceSpec, ensure_references, reference_path, supports_references
from tools.render_shot import cache_key


class StillBackend:
    """A backend that paints each still one flat colour from its seed, and counts what it paints."""

    name = "stills"
    label = "stills"

    def __init__(self):
        self.painted: list[str] = []

    def identity(self):
        return {"renderer": "stills"}

    def render(self, request, clip_path, keyframe_path):  # pragma: no cover - shots are not used here
        raise NotImplementedError

    def render_still(self, request: RenderRequest, image_path: Path) -> None:
        self.painted.append(request.prompt)
        colour = tuple(int(c) for c in np.random.default_rng(request.seed).integers(0, 255, 3))
        Image.new("RGB", (request.width, request.height), colour).save(image_path, format="PNG")

    def close(self):
        pass


SPECS = [ReferenceSpec("character", "Ana Lima", "a woman in a red coat", 11),
         ReferenceSpec("character", "老陈", "an old fisherman", 12),
         ReferenceSpec("location", "Harbour / Pier", "a grey harbour", 13)]


def test_missing_references_are_rendered_once_and_kept_as_files(tmp_path):
    backend = StillBackend()
    refs = ensure_references(backend, SPECS, tmp_path / "refs", tmp_path / "cache", width=64, height=36)
    assert [r.name for r in refs] == ["Ana Lima", "老陈", "Harbour / Pier"]
    assert all(Path(r.path).is_file() for r in refs)
    assert Path(refs[2].path).parent.name == "locations" and "/" not in Path(refs[2].path).name
    assert len(backend.painted) == 3
    again = ensure_references(backend, SPECS, tmp_path / "refs", tmp_path / "cache", width=64, height=36)
    assert again == refs and len(backend.painted) == 3  # nothing rendered twice
    assert (tmp_path / "refs" / "references.json").is_file()


def test_a_replaced_picture_is_used_as_it_is(tmp_path):
    backend = StillBackend()
    folder = tmp_path / "refs"
    mine = reference_path(folder, "character", "Ana Lima")
    mine.parent.mkdir(parents=True)
    Image.new("RGB", (10, 20), (1, 2, 3)).save(mine)
    ensure_references(backend, SPECS[:1], folder, tmp_path / "cache", width=64, height=36)
    assert backend.painted == [] and Image.open(mine).getpixel((0, 0)) == (1, 2, 3)


def test_another_film_reuses_the_cache_and_a_new_picture_changes_the_shot_key(tmp_path):
    backend = StillBackend()
    first = ensure_references(backend, SPECS[:1], tmp_path / "one", tmp_path / "cache", width=64, height=36)
    second = ensure_references(backend, SPECS[:1], tmp_path / "two", tmp_path / "cache", width=64, height=36)
    assert len(backend.painted) == 1  # the second film's folder is filled from the cache
    shot = RenderRequest(shot_id="S01-01", prompt="p", width=64, height=36, fps=8, num_frames=8, seed=1,
                         references=tuple(first))
    moved = shot.model_copy(update={"references": tuple(second)})
    assert cache_key(backend, shot) == cache_key(backend, moved)  # same bytes, other folder: same shot
    Image.new("RGB", (64, 36), (9, 9, 9)).save(second[0].path)
    assert cache_key(backend, shot) != cache_key(backend, moved)  # a recast character re-renders


def test_only_backends_with_stills_use_references():
    from render import create_backend

    assert supports_references(StillBackend())
    assert not supports_references(create_backend("animatic"))
