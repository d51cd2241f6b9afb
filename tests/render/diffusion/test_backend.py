"""The diffusers backend's own machinery on the tiny Wan: loading, seeds, stills, the memory ladder."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PIL import Image

from render import OutOfMemoryRenderError, RenderError, RenderRequest
from render.diffusion.backend import DiffusersBackend
from tests.support.tiny import wan
from tools.probe import probe, read_frame


@pytest.fixture(scope="module")
def t2v(tmp_path_factory):
    return str(wan.build(tmp_path_factory.mktemp("wan-t2v"), "t2v"))


def shot(seed=1, frames=6):
    return RenderRequest(shot_id="S01-01", prompt="a woman walks in the rain", width=64, height=32, fps=16,
                         num_frames=frames, seed=seed)


def clip(backend, request, folder):
    backend.render(request, folder / "clip.mp4", folder / "key.png")
    info = probe(folder / "clip.mp4")
    return info, [read_frame(folder / "clip.mp4", i) for i in range(info.num_frames)]


def test_a_shot_is_the_asked_length_and_size_and_its_seed_fixes_it(t2v, tmp_path):
    backend = DiffusersBackend(wan.TINY, model=t2v, steps=2)
    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
    info, first = clip(backend, shot(seed=1), tmp_path / "a")
    _, again = clip(backend, shot(seed=1), tmp_path / "b")
    _, other = clip(backend, shot(seed=2), tmp_path / "c")
    assert (info.num_frames, info.width, info.height, info.video_codec) == (6, 64, 32, "h264")
    assert all(np.array_equal(x, y) for x, y in zip(first, again, strict=True))
    assert not np.array_equal(first[0], other[0])
    assert Image.open(tmp_path / "a" / "key.png").size == (64, 32)


def test_a_still_is_one_picture_at_the_asked_size(t2v, tmp_path):
    backend = DiffusersBackend(wan.TINY, model=t2v, steps=2)
    request = shot().model_copy(update={"width": 48, "height": 48, "num_frames": 1})
    backend.render_still(request, tmp_path / "ref.png")
    assert Image.open(tmp_path / "ref.png").size == (48, 48)


def out_of_memory_without_tiling(pipe):
    """The VAE runs out of memory unless it decodes in tiles (what a big frame does on a small GPU)."""
    def hook(module, args):
        if not pipe.vae.use_tiling:
            raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 20.00 GiB")
    pipe.vae.decoder.register_forward_pre_hook(hook)
    return pipe


def load(folder):
    from diffusers import WanPipeline

    return WanPipeline.from_pretrained(folder)


def test_out_of_memory_retries_one_memory_level_up_at_the_same_seed(t2v, tmp_path):
    backend = DiffusersBackend(wan.TINY, model=t2v, steps=2, pipelines={"t2v": out_of_memory_without_tiling(load(t2v))})
    details = backend.render(shot(), tmp_path / "clip.mp4", tmp_path / "key.png")
    assert details["memory"] == "vae" and "retried at 'vae'" in details["notes"][0]
    tiled = DiffusersBackend(wan.TINY, model=t2v, steps=2, memory="vae")
    (tmp_path / "t").mkdir()
    _, expected = clip(tiled, shot(), tmp_path / "t")
    assert all(np.array_equal(read_frame(tmp_path / "clip.mp4", i), f) for i, f in enumerate(expected))


def test_out_of_memory_at_every_level_is_a_clear_error(t2v, tmp_path):
    pipe = load(t2v)

    def always(module, args):
        raise torch.OutOfMemoryError("CUDA out of memory.")

    pipe.transformer.register_forward_pre_hook(always)
    backend = DiffusersBackend(wan.TINY, model=t2v, steps=2, pipelines={"t2v": pipe})
    with pytest.raises(OutOfMemoryRenderError, match="every memory level"):
        backend.render(shot(), tmp_path / "clip.mp4", tmp_path / "key.png")
    assert not (tmp_path / "clip.mp4").exists()


def test_a_missing_checkpoint_says_how_to_get_it(tmp_path):
    backend = DiffusersBackend(wan.TINY, model=str(tmp_path / "nowhere"), steps=2, local_files_only=True)
    with pytest.raises(RenderError, match="could not load WanPipeline .*point the backend at a local folder"):
        backend.render(shot(), tmp_path / "clip.mp4", tmp_path / "key.png")


def test_bad_options_fail_naming_the_option():
    with pytest.raises(ValueError, match="dtype"):
        DiffusersBackend(wan.TINY, dtype="int8")
    with pytest.raises(ValueError, match="memory"):
        DiffusersBackend(wan.TINY, memory="lots")
    with pytest.raises(ValueError, match="keyframe_strength"):
        DiffusersBackend(wan.TINY, keyframe_strength=1.5)


def test_identity_names_what_changes_pixels_and_not_the_device():
    a = DiffusersBackend(wan.TINY, model="m", device="cpu", dtype="float32")
    b = DiffusersBackend(wan.TINY, model="m", device="cuda:1", dtype="float32")
    assert a.identity() == b.identity()
    assert a.identity() != DiffusersBackend(wan.TINY, model="m", steps=3).identity()
