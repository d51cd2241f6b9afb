"""The LTX-Video family: its frame and size rules, and a tiny random LTX-Video rendering through them.

The tiny checkpoints are saved with ``save_pretrained`` and loaded back the way the backend loads the
real one, so these tests run the real diffusers pipelines end to end on the CPU.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from render.diffusion.families.ltx import FAMILY
from render.types import Reference, RenderRequest
from tests.support.tiny.ltx import TINY, build

torch = pytest.importorskip("torch")
diffusers = pytest.importorskip("diffusers")

PROMPT = "a woman walks in the rain at night"


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """The tiny checkpoint saved twice: as the text-to-video and as the image-to-video pipeline."""
    root = tmp_path_factory.mktemp("ltx")
    return build(root / "t2v"), build(root / "i2v", "i2v")


@pytest.fixture(scope="module")
def t2v(folders):
    return getattr(diffusers, TINY.t2v_pipeline).from_pretrained(
        str(folders[0]), dtype=torch.float32, local_files_only=True)


def call(pipe, *, width, height, num_frames, seed=0, **extra):
    """Call a pipeline the way the backend does: shared arguments through the family's `call_kwargs`."""
    kwargs = {"prompt": PROMPT, "negative_prompt": TINY.negative_prompt, "height": height, "width": width,
              "num_frames": num_frames, "num_inference_steps": TINY.steps, "guidance_scale": TINY.guidance,
              "generator": torch.Generator("cpu").manual_seed(seed), "output_type": "np", **extra}
    return pipe(**TINY.call_kwargs(kwargs, image="image" in extra)).frames[0]


def flat(color, width=64, height=32):
    return Image.new("RGB", (width, height), color)


# -- (a) the published constraints ---------------------------------------------------------------


@pytest.mark.parametrize("asked,frames", [(1, 1), (2, 9), (9, 9), (10, 17), (121, 121), (161, 161),
                                          (250, 257), (257, 257), (1000, 257)])
def test_frame_counts_are_8k_plus_1_up_to_257(asked, frames):
    assert FAMILY.frame_count(asked) == frames
    assert frames % 8 == 1


@pytest.mark.parametrize("shot,size", [((768, 512), (768, 512)), ((512, 768), (512, 768)),
                                       ((1920, 1080), (832, 480)), ((1080, 1920), (480, 832)),
                                       ((1024, 1024), (640, 640))])
def test_render_size_keeps_the_native_area_and_the_shot_shape_in_multiples_of_32(shot, size):
    width, height = FAMILY.render_size(*shot)
    assert (width, height) == size
    assert width % 32 == 0 and height % 32 == 0
    assert abs(width * height - 768 * 512) / (768 * 512) < 0.1


def test_the_pipeline_gets_the_family_frame_rate_and_the_shared_arguments_untouched():
    shared = {"prompt": PROMPT, "num_frames": 9}
    assert FAMILY.call_kwargs(shared, image=False) == {"prompt": PROMPT, "num_frames": 9, "frame_rate": 24}
    assert FAMILY.call_kwargs(shared, image=True)["frame_rate"] == 24
    assert shared == {"prompt": PROMPT, "num_frames": 9}
    assert FAMILY.call_kwargs({**shared, "frame_rate": 30}, image=False)["frame_rate"] == 30


def test_the_family_is_registered_and_importing_it_loads_no_torch():
    import render.diffusion

    assert render.diffusion.family("ltx") is FAMILY
    code = "import sys, render.diffusion.families.ltx; print('torch' in sys.modules, 'diffusers' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


# -- (b) text to video from a saved checkpoint ------------------------------------------------------


@pytest.mark.parametrize("shot,asked", [((96, 54), 12), ((54, 96), 17), ((64, 64), 1)])
def test_the_saved_t2v_checkpoint_renders_the_planned_frames_and_size(t2v, shot, asked):
    assert type(t2v).__name__ == FAMILY.t2v_pipeline
    width, height = TINY.render_size(*shot)
    frames = call(t2v, width=width, height=height, num_frames=TINY.frame_count(asked))
    assert frames.shape == (TINY.frame_count(asked), height, width, 3)
    assert np.isfinite(frames).all() and frames.std() > 0


# -- (c) a still as the start of the text-to-video pipeline (SDEdit) --------------------------------


def keyframe(pipe, image, strength):
    """One frame denoised from ``image`` part-way through the schedule, as the backend makes keyframes."""
    from render.diffusion.keyframes import start_at

    generator = torch.Generator("cpu").manual_seed(7)
    latents = TINY.still_latents(pipe, image, generator)
    noise = torch.randn(latents.shape, generator=generator, dtype=torch.float32)
    with start_at(pipe.scheduler, strength, latents, noise):
        return call(pipe, width=image.width, height=image.height, num_frames=1, latents=latents,
                    num_inference_steps=4)


def test_still_latents_are_what_prepare_latents_returns_unchanged(t2v):
    latents = TINY.still_latents(t2v, flat((200, 40, 40)), torch.Generator("cpu").manual_seed(0))
    channels = t2v.transformer.config.in_channels
    assert latents.shape == (1, (64 // 32) * (32 // 32), channels)
    assert latents.dtype == torch.float32
    prepared = t2v.prepare_latents(1, channels, 32, 64, 1, torch.float32, t2v._execution_device, None, latents)
    assert prepared is latents  # the backend noises this very tensor in place


def test_a_partial_start_from_a_still_depends_on_the_still(t2v):
    red, blue = flat((220, 30, 30)), flat((30, 30, 220))
    partial = [keyframe(t2v, image, 0.5) for image in (red, blue)]
    assert partial[0].shape == (1, 32, 64, 3)
    assert np.abs(partial[0] - partial[1]).max() > 1e-3
    full = [keyframe(t2v, image, 1.0) for image in (red, blue)]  # strength 1 starts from pure noise
    np.testing.assert_allclose(full[0], full[1], atol=1e-6)


def test_a_still_off_the_vae_grid_is_refused(t2v):
    with pytest.raises(ValueError, match=r"multiple of 32 .* got 48x32"):
        TINY.still_latents(t2v, flat((0, 0, 0), 48, 32), torch.Generator("cpu").manual_seed(0))


# -- (d) image to video -------------------------------------------------------------------------


def test_the_i2v_checkpoint_and_from_pipe_render_the_same_video_from_an_image(t2v, folders):
    i2v = getattr(diffusers, TINY.i2v_pipeline).from_pretrained(
        str(folders[1]), dtype=torch.float32, local_files_only=True)
    piped = getattr(diffusers, TINY.i2v_pipeline).from_pipe(t2v)
    image = flat((240, 200, 40))
    video = call(i2v, width=64, height=32, num_frames=17, image=image)
    assert video.shape == (17, 32, 64, 3)
    np.testing.assert_allclose(call(piped, width=64, height=32, num_frames=17, image=image), video, atol=1e-5)
    other = call(i2v, width=64, height=32, num_frames=17, image=flat((20, 60, 200)))
    assert np.abs(video - other).max() > 1e-3


def test_the_i2v_class_also_loads_the_t2v_checkpoint(folders):
    i2v = getattr(diffusers, FAMILY.i2v_pipeline).from_pretrained(
        str(folders[0]), dtype=torch.float32, local_files_only=True)
    assert type(i2v).__name__ == FAMILY.i2v_pipeline
    assert call(i2v, width=32, height=64, num_frames=9, image=flat((9, 99, 9), 32, 64)).shape == (9, 64, 32, 3)


# -- (e) the diffusers backend with the family ---------------------------------------------------------


@pytest.fixture(scope="module")
def pictures(tmp_path_factory):
    root = tmp_path_factory.mktemp("references")
    paths = {}
    for name, color, size in (("ada", (230, 190, 150), (24, 48)), ("ben", (40, 40, 60), (24, 48)),
                              ("dock", (30, 90, 160), (96, 54))):
        paths[name] = root / f"{name}.png"
        Image.new("RGB", size, color).save(paths[name])
    return paths


def request(num_frames=12, references=(), **kwargs):
    return RenderRequest(shot_id="S01-01", prompt=PROMPT, width=96, height=54, fps=24, num_frames=num_frames,
                         seed=3, references=tuple(references), **kwargs)


def refs(pictures, character="ada"):
    return (Reference(kind="location", name="Dock", path=str(pictures["dock"])),
            Reference(kind="character", name=character.title(), path=str(pictures[character])))


@pytest.fixture(scope="module")
def backends(folders):
    from render.diffusion.backend import DiffusersBackend

    made = {"folders": DiffusersBackend(TINY, model=str(folders[0]), i2v_model=str(folders[1]), device="cpu",
                                        steps=2),
            "from_pipe": DiffusersBackend(TINY, model=str(folders[0]), device="cpu", steps=2)}
    yield made
    for backend in made.values():
        backend.close()


def render(backend, req, folder):
    from tools.probe import probe

    clip, key = folder / f"{req.shot_id}-{len(req.references)}.mp4", folder / "key.png"
    details = backend.render(req, clip, key)
    info = probe(clip)
    assert (info.video_codec, info.width, info.height, info.num_frames) == ("h264", req.width, req.height,
                                                                            req.num_frames)
    assert info.fps == pytest.approx(req.fps)
    assert Image.open(key).size == (req.width, req.height)
    return details, clip


def test_the_backend_renders_a_text_shot_to_an_exact_clip(backends, tmp_path):
    details, _ = render(backends["folders"], request(), tmp_path)
    assert details["render_size"] == "64x32" and details["segments"] == [17]


@pytest.mark.parametrize("kind", ["folders", "from_pipe"])
def test_the_backend_starts_a_shot_from_its_references(backends, pictures, tmp_path, kind):
    from tools.probe import read_frame

    details, ada = render(backends[kind], request(references=refs(pictures)), tmp_path)
    assert details["references"] == ["Dock", "Ada"]
    _, ben = render(backends[kind], request(references=refs(pictures, "ben")).model_copy(
        update={"shot_id": "S01-02"}), tmp_path)
    assert np.abs(read_frame(ada, 0).astype(int) - read_frame(ben, 0).astype(int)).max() > 2


def test_a_shot_longer_than_one_clip_is_rendered_in_segments(backends, pictures, tmp_path):
    details, _ = render(backends["folders"], request(num_frames=40), tmp_path)
    assert details["segments"] == [17, 17, 9]
    details, _ = render(backends["from_pipe"], request(num_frames=30, references=refs(pictures)), tmp_path)
    assert details["segments"] == [17, 17]
