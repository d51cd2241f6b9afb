"""The Wan family: its frame and size rules, and tiny random Wan checkpoints through our loading code.

The tiny pipelines are built in code and saved with ``save_pretrained`` (`tests.support.tiny.wan`);
everything here loads them back with ``from_pretrained`` by the class names the family gives.
"""

from __future__ import annotations

import numpy as np
import pytest

from render.diffusion.families.wan import FAMILY
from render.types import Reference, RenderRequest
from tests.support.tiny.wan import TINY, build

torch = pytest.importorskip("torch")
diffusers = pytest.importorskip("diffusers")


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """The tiny checkpoints, one folder per kind."""
    root = tmp_path_factory.mktemp("tiny-wan")
    return {kind: build(root / kind, kind) for kind in ("t2v", "i2v", "i2v-2.2")}


@pytest.fixture(scope="module")
def t2v(folders):
    return _load(TINY.t2v_pipeline, folders["t2v"])


def _load(class_name, folder):
    pipe = getattr(diffusers, class_name).from_pretrained(folder, dtype=torch.float32, local_files_only=True)
    pipe.set_progress_bar_config(disable=True)
    return pipe


def _picture(seed, width=TINY.width, height=TINY.height):
    """A smooth picture: a diagonal blend between two colours picked by ``seed``."""
    from PIL import Image

    start, end = np.random.default_rng(seed).integers(0, 256, (2, 3))
    ramp = (np.linspace(0, 1, width)[None, :] + np.linspace(0, 1, height)[:, None])[..., None] / 2
    return Image.fromarray((start + (end - start) * ramp).astype(np.uint8))


def _call(pipe, num_frames, width=TINY.width, height=TINY.height, seed=0, **extra):
    kwargs = {"prompt": "a girl walks in the rain", "negative_prompt": TINY.negative_prompt, "height": height,
              "width": width, "num_frames": num_frames, "num_inference_steps": TINY.steps,
              "guidance_scale": TINY.guidance, "generator": torch.Generator("cpu").manual_seed(seed),
              "output_type": "np", **extra}
    return pipe(**TINY.call_kwargs(kwargs, image="image" in extra)).frames[0]


# -- (a) the published rules ------------------------------------------------------------------------


def test_frame_counts_are_four_k_plus_one_up_to_81():
    assert [FAMILY.frame_count(n) for n in (1, 2, 5, 6, 17, 80, 81, 82, 500)] == [1, 5, 5, 9, 17, 81, 81, 81, 81]
    assert all(FAMILY.frame_count(n) % 4 == 1 for n in range(1, 100))
    with pytest.raises(ValueError, match="frames"):
        FAMILY.frame_count(0)


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720), (1080, 1920), (1024, 1024), (832, 480)])
def test_render_size_keeps_the_480p_area_and_the_shot_shape(width, height):
    w, h = FAMILY.render_size(width, height)
    assert w % 16 == 0 and h % 16 == 0
    assert abs(w * h / (832 * 480) - 1) < 0.06
    assert abs((w / h) / (width / height) - 1) < 0.06


def test_render_size_of_the_native_size_is_itself_either_way_up():
    assert FAMILY.render_size(832, 480) == (832, 480)
    assert FAMILY.render_size(480, 832) == (480, 832)


def test_family_names_the_wan_pipelines_and_checkpoints():
    assert (FAMILY.t2v_pipeline, FAMILY.i2v_pipeline) == ("WanPipeline", "WanImageToVideoPipeline")
    assert hasattr(diffusers, FAMILY.t2v_pipeline) and hasattr(diffusers, FAMILY.i2v_pipeline)
    assert FAMILY.t2v_model == "Wan-AI/Wan2.1-T2V-1.3B-Diffusers"
    assert FAMILY.i2v_model == "Wan-AI/Wan2.1-I2V-14B-480P-Diffusers"
    assert (FAMILY.fps, FAMILY.max_frames, FAMILY.steps, FAMILY.guidance) == (16, 81, 50, 5.0)


# -- (b) text to video ------------------------------------------------------------------------------


@pytest.mark.parametrize(("width", "height", "frames"), [(72, 40, 3), (40, 72, 1)])
def test_t2v_folder_renders_the_planned_frames(t2v, width, height, frames):
    w, h = TINY.render_size(width, height)
    count = TINY.frame_count(frames)
    video = _call(t2v, count, w, h)
    assert video.shape == (count, h, w, 3)
    assert np.isfinite(video).all() and video.std() > 0


# -- (c) a picture's latents --------------------------------------------------------------------------


def test_still_latents_are_what_the_pipeline_takes_as_is(t2v):
    latents = TINY.still_latents(t2v, _picture(1), torch.Generator("cpu").manual_seed(0))
    assert latents.shape == (1, 16, 1, TINY.height // 8, TINY.width // 8)
    assert latents.dtype == torch.float32
    passed = t2v.prepare_latents(1, 16, TINY.height, TINY.width, 1, torch.float32, t2v._execution_device,
                                 None, latents)
    assert passed is latents  # the backend noises this tensor in place; a copy would lose that


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


@pytest.fixture(scope="module")
def sdedit(t2v):
    """Two pictures, each started from half-way through a 4-step schedule: (frames, sigmas reached)."""
    return [_sdedit(t2v, _picture(seed)) for seed in (1, 2)]


def test_a_partial_start_from_a_picture_depends_on_the_picture(sdedit):
    (first, reached), (second, _) = sdedit
    assert first.shape == second.shape == (1, TINY.height, TINY.width, 3)
    assert len(reached) == 2  # half of 4 steps
    assert np.abs(first - second).mean() > 1e-3


def test_a_partial_start_from_a_picture_runs_the_last_steps_to_sigma_0(t2v, sdedit):
    """WanPipeline resets the scheduler's begin index after setting the timesteps; the cut schedule
    must still be the end of the full one, down to sigma 0 (not stop part-way: a noisy keyframe)."""
    full = type(t2v.scheduler).from_config(t2v.scheduler.config)
    full.set_timesteps(4)
    (_, reached), _ = sdedit
    assert reached == pytest.approx(full.sigmas[-2:].tolist())
    assert reached[-1] == 0.0


# -- (d) image to video -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["i2v", "i2v-2.2"])
def test_i2v_folder_renders_from_an_image(folders, kind):
    pipe = _load(TINY.i2v_pipeline, folders[kind])
    if kind == "i2v":  # Wan 2.1: a CLIP image encoder
        assert pipe.image_encoder is not None and pipe.transformer_2 is None
    else:  # Wan 2.2: no image encoder, two experts
        assert pipe.image_encoder is None and pipe.transformer_2 is not None
    count = TINY.frame_count(5)
    first = _call(pipe, count, image=_picture(1))
    second = _call(pipe, count, image=_picture(2))
    assert first.shape == (count, TINY.height, TINY.width, 3)
    assert np.abs(first - second).mean() > 1e-3


# -- (e) the backend ----------------------------------------------------------------------------------


def _request(tmp_path, num_frames=5, width=72, height=40, references=()):
    refs = []
    for index, (kind, name) in enumerate(references):
        path = tmp_path / f"{name}.png"
        _picture(10 + index + sum(map(ord, name)), 48, 48).save(path)
        refs.append(Reference(kind=kind, name=name, path=str(path)))
    return RenderRequest(shot_id="S01-01", prompt="a man walks in the city at night", width=width,
                         height=height, fps=16, num_frames=num_frames, seed=7, references=tuple(refs))


@pytest.fixture
def backend(folders):
    from render.diffusion.backend import DiffusersBackend

    made = []

    def make(i2v="i2v"):
        made.append(DiffusersBackend(TINY, model=str(folders["t2v"]), i2v_model=str(folders[i2v]),
                                     device="cpu", steps=2))
        return made[-1]

    yield make
    for one in made:
        one.close()


def _rendered(backend, request, tmp_path, name):
    from tools.probe import probe, read_frames

    clip, keyframe = tmp_path / f"{name}.mp4", tmp_path / f"{name}.png"
    details = backend.render(request, clip, keyframe)
    info = probe(clip)
    assert (info.video_codec, info.num_frames) == ("h264", request.num_frames)
    assert (info.width, info.height) == (request.width, request.height)
    assert keyframe.is_file()
    return details, read_frames(clip)


def test_backend_renders_a_text_to_video_shot(backend, tmp_path):
    details, _ = _rendered(backend(), _request(tmp_path, num_frames=7), tmp_path, "t2v")
    assert details["segments"] == [9]
    assert details["render_size"] == "64x32"
    assert details["references"] == []


def test_backend_starts_a_shot_from_its_references(backend, tmp_path):
    render = backend()
    harbour = _request(tmp_path, references=(("location", "harbour"), ("character", "ada")))
    desert = _request(tmp_path, references=(("location", "desert"), ("character", "ada")))
    details, first = _rendered(render, harbour, tmp_path, "harbour")
    _, second = _rendered(render, desert, tmp_path, "desert")
    assert details["references"] == ["harbour", "ada"]
    assert np.abs(first.astype(int) - second.astype(int)).mean() > 0.5


def test_backend_renders_a_long_shot_in_segments_with_a_wan22_folder(backend, tmp_path):
    request = _request(tmp_path, num_frames=12, references=(("character", "ada"),))
    details, _ = _rendered(backend("i2v-2.2"), request, tmp_path, "long")
    assert details["segments"] == [TINY.max_frames, 5]  # the second starts from the first's last frame
    assert details["model_frames"] == 13
