"""The shot cache: a finished shot is reused; a cached clip that was damaged is rendered again."""

from __future__ import annotations

from render import RenderRequest, create_backend
from tools.mp4 import is_whole
from tools.render_shot import render_shot

REQUEST = RenderRequest(shot_id="S01-01", prompt="a pier at dusk", width=96, height=64, fps=12, num_frames=12,
                        seed=3, action="waves", location="Pier")


def test_a_shot_is_reused_until_its_clip_is_damaged(tmp_path):
    backend = create_backend("animatic")
    first = render_shot(backend, REQUEST, tmp_path)
    assert not first.cached and is_whole(first.clip_path, 12)
    again = render_shot(backend, REQUEST, tmp_path)
    assert again.cached and again.clip_path == first.clip_path

    with open(first.clip_path, "r+b") as clip:  # cut short, as a full disk or a killed copy leaves it
        clip.truncate(clip.seek(0, 2) // 2)
    assert not is_whole(first.clip_path, 12)
    repaired = render_shot(backend, REQUEST, tmp_path)
    assert not repaired.cached and is_whole(repaired.clip_path, 12)


def test_is_whole_checks_the_frame_count(tmp_path):
    clip = render_shot(create_backend("animatic"), REQUEST, tmp_path).clip_path
    assert is_whole(clip) and is_whole(clip, 12)
    assert not is_whole(clip, 13)
    assert not is_whole(tmp_path / "missing.mp4")
