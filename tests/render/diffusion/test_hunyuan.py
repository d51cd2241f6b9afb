"""The HunyuanVideo family: its frame and size rules, and tiny random HunyuanVideo checkpoints rendering.

The tiny pipelines are built in code and saved with ``save_pretrained`` (`tests.support.tiny.hunyuan`);
everything here loads them back with ``from_pretrained`` by the class names the family gives and runs
the real diffusers pipelines end to end on the CPU, with their default prompt templates.
"""

from __future__ import annotations

import dataclasses
import inspect

import numpy as np
import pytest
from PIL import Image

from render.diffusion.families.hunyuan import FAMILY
from render.types import Reference, RenderRequest
from tests.support.tiny.hunyuan import TINY, build

torch = pytest.importorskip("torch")
diffusers = pytest.importorskip("diffusers")

PROMPT = "a girl walks in the rain at night"


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """The tiny checkpoints: text-to-video and image-to-video, one folder each."""
    root = tmp_path_factory.mktemp("tiny-hunyuan")
    return {kind: build(root / kind, kind) for kind in ("t2v", "i2v")}


@pytest.fixture(scope="module")
def t2v(folders):
    return _load(TINY.t2v_pipeline, folders["t2v"])


def _load(class_name, folder):
    pipe = getattr(diffusers, class_name).from_pretrained(str(folder), dtype=torch.float32, local_files_only=True)
    pipe.set_progress_bar_config(disable=True)
    return pipe


def _picture(seed, width=TINY.width, height=TINY.height):
    pixels = np.random.default_rng(seed).integers(0, 256, (height, width, 3), dtype=np.uint8)
    return Image.fromarray(pixels)


def _call(pipe, num_frames, width=TINY.width, height=TINY.height, family=TINY, negative_prompt="", **extra):
    """Call a pipeline the way the backend does: shared arguments through the family's `call_kwargs`."""
    kwargs = {"prompt": PROMPT, "negative_prompt": negative_prompt, "height": height, "width": width,
              "num_frames": num_frames, "num_inference_steps": family.steps, "guidance_scale": family.guidance,
              "generator": torch.Generator("cpu").manual_seed(0), "output_type": "np", **extra}
    return pipe(**family.call_kwargs(kwargs, image="image" in extra)).frames[0]


# -- (a) the published constraints ---------------------------------------------------------------------


def test_frame_counts_are_four_k_plus_one_up_to_129():
    assert [FAMILY.frame_count(n) for n in (1, 2, 5, 6, 61, 128, 129, 130, 500)] == [1, 5, 5, 9, 61, 129, 129,
                                                                                      129, 129]
    assert all(FAMILY.frame_count(n) % 4 == 1 for n in range(1, 200))
    with pytest.raises(ValueError, match="frames"):
        FAMILY.frame_count(0)


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720), (1080, 1920), (1024, 1024), (848, 480)])
def test_render_size_keeps_the_720p_area_and_the_shot_shape(width, height):
    w, h = FAMILY.render_size(width, height)
    assert w % 16 == 0 and h % 16 == 0
    assert abs(w * h / (1280 * 720) - 1) < 0.03
    assert abs((w / h) / (width / height) - 1) < 0.03
    assert FAMILY.render_size(1280, 720) == (1280, 720)
    assert FAMILY.render_size(720, 1280) == (720, 1280)


def test_family_matches_the_installed_pipelines_defaults():
    assert FAMILY.t2v_model == "hunyuanvideo-community/HunyuanVideo"
    assert FAMILY.i2v_model == "hunyuanvideo-community/HunyuanVideo-I2V"
    for name in (FAMILY.t2v_pipeline, FAMILY.i2v_pipeline):
        defaults = inspect.signature(getattr(diffusers, name).__call__).parameters
        assert (defaults["width"].default, defaults["height"].default) == (FAMILY.width, FAMILY.height)
        assert defaults["num_frames"].default == FAMILY.max_frames
        assert defaults["num_inference_steps"].default == FAMILY.steps
    t2v_defaults = inspect.signature(getattr(diffusers, FAMILY.t2v_pipeline).__call__).parameters
    assert t2v_defaults["guidance_scale"].default == FAMILY.guidance
    assert (FAMILY.fps, FAMILY.frame_step, FAMILY.multiple) == (24, 4, 16)


# -- (b) text to video -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("width", "height", "frames"), [(64, 36, 7), (36, 64, 1)])
def test_t2v_folder_renders_the_planned_frames(t2v, width, height, frames):
    w, h = TINY.render_size(width, height)
    count = TINY.frame_count(frames)
    video = _call(t2v, count, w, h)
    assert video.shape == (count, h, w, 3)
    assert np.isfinite(video).all() and video.std() > 0


def test_a_negative_prompt_acts_only_under_true_guidance(t2v):
    plain = _call(t2v, 1)
    assert np.array_equal(_call(t2v, 1, negative_prompt="blurry, text"), plain)  # embedded guidance ignores it
    true_cfg = dataclasses.replace(TINY, true_cfg_scale=4.0)
    guided = _call(t2v, 1, family=true_cfg, negative_prompt="blurry, text")
    assert np.abs(guided - plain).max() > 1e-3


# -- (c) a picture's latents as the start of the text-to-video pipeline -----------------------------------


def test_still_latents_are_what_prepare_latents_returns_unchanged(t2v):
    latents = TINY.still_latents(t2v, _picture(1), torch.Generator("cpu").manual_seed(0))
    channels = t2v.transformer.config.in_channels
    assert latents.shape == (1, channels, 1, TINY.height // 8, TINY.width // 8)
    assert latents.dtype == torch.float32
    passed = t2v.prepare_latents(1, channels, TINY.height, TINY.width, 1, torch.float32, t2v._execution_device,
                                 None, latents)
    assert passed is latents  # the backend noises this tensor in place; a copy would lose that
    frame = _call(t2v, 1, latents=latents)
    assert frame.shape == (1, TINY.height, TINY.width, 3)


def _sdedit(t2v, picture, strength=0.5, steps=4):
    from render.diffusion.keyframes import start_at

    generator = torch.Generator("cpu").manual_seed(0)
    latents = TINY.still_latents(t2v, picture, generator)
    noise = torch.randn(latents.shape, generator=generator, dtype=torch.float32)
    reached = []

    def record(pipe, step, timestep, tensors):
        reached.append(float(pipe.scheduler.sigmas[pipe.scheduler.step_index]))
        return {}

    with start_at(t2v.scheduler, strength, latents, noise):
        frames = _call(t2v, 1, latents=latents, num_inference_steps=steps, callback_on_step_end=record)
    return frames, reached


def test_a_partial_start_from_a_picture_depends_on_the_picture(t2v):
    first, reached = _sdedit(t2v, _picture(1))
    again, _ = _sdedit(t2v, _picture(1))
    second, _ = _sdedit(t2v, _picture(2))
    assert first.shape == second.shape == (1, TINY.height, TINY.width, 3)
    assert len(reached) == 2  # half of 4 steps
    assert np.array_equal(first, again)
    assert np.abs(first - second).mean() > 1e-3


def test_a_partial_start_from_a_picture_is_fully_denoised(t2v):
    _, reached = _sdedit(t2v, _picture(1))
    assert reached[-1] == 0.0


# -- (d) image to video ------------------------------------------------------------------------------------


def test_i2v_folder_renders_from_an_image(folders):
    pipe = _load(TINY.i2v_pipeline, folders["i2v"])
    assert type(pipe.text_encoder).__name__ == "LlavaForConditionalGeneration"
    assert pipe.transformer.config.image_condition_type == "token_replace"  # as HunyuanVideo-I2V
    first = _call(pipe, 9, image=_picture(1))
    second = _call(pipe, 9, image=_picture(2))
    assert first.shape == second.shape == (9, TINY.height, TINY.width, 3)  # every asked frame comes back
    assert np.abs(first - second).mean() > 1e-3


# -- (e) the diffusers backend with the family ---------------------------------------------------------------


@pytest.fixture(scope="module")
def backend(folders):
    from render.diffusion.backend import DiffusersBackend

    made = DiffusersBackend(TINY, model=str(folders["t2v"]), i2v_model=str(folders["i2v"]), device="cpu", steps=2)
    yield made
    made.close()


@pytest.fixture(scope="module")
def references(tmp_path_factory):
    root = tmp_path_factory.mktemp("references")
    paths = {}
    for name, color, size in (("ada", (230, 190, 150), (24, 48)), ("ben", (40, 40, 60), (24, 48)),
                              ("dock", (30, 90, 160), (96, 54))):
        paths[name] = root / f"{name}.png"
        Image.new("RGB", size, color).save(paths[name])
    return paths


def _request(num_frames=8, references=(), shot_id="S01-01"):
    return RenderRequest(shot_id=shot_id, prompt=PROMPT, width=64, height=36, fps=24, num_frames=num_frames,
                         seed=3, references=tuple(references))


def _refs(paths, character):
    return (Reference(kind="location", name="Dock", path=str(paths["dock"])),
            Reference(kind="character", name=character.title(), path=str(paths[character])))


def _render(backend, request, folder):
    from tools.probe import probe

    clip, key = folder / f"{request.shot_id}.mp4", folder / f"{request.shot_id}.png"
    details = backend.render(request, clip, key)
    info = probe(clip)
    assert (info.video_codec, info.width, info.height) == ("h264", request.width, request.height)
    assert info.num_frames == request.num_frames
    assert info.fps == pytest.approx(request.fps)
    assert Image.open(key).size == (request.width, request.height)
    return details, clip


def test_the_backend_renders_a_text_shot_to_an_exact_clip(backend, tmp_path):
    details, _ = _render(backend, _request(), tmp_path)
    assert details["render_size"] == "48x32" and details["segments"] == [9]


def test_the_backend_starts_a_shot_from_its_references(backend, references, tmp_path):
    from tools.probe import read_frame

    details, ada = _render(backend, _request(references=_refs(references, "ada")), tmp_path)
    assert details["references"] == ["Dock", "Ada"]
    _, ben = _render(backend, _request(references=_refs(references, "ben"), shot_id="S01-02"), tmp_path)
    assert np.abs(read_frame(ada, 0).astype(int) - read_frame(ben, 0).astype(int)).max() > 2


def test_a_shot_longer_than_one_clip_is_rendered_in_segments(backend, tmp_path):
    details, _ = _render(backend, _request(num_frames=12), tmp_path)
    assert details["segments"] == [9, 5]  # 12 frames at 24 fps: 9, then 4 more from the 9th
