"""CogVideoX: the family's rules, its tiny pipelines loaded the way the backend loads them, and the backend."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PIL import Image

from render import Reference, RenderRequest
from render.diffusion.families.cogvideox import FAMILY
from render.diffusion.keyframes import start_at
from tests.support.tiny.cogvideox import TINY, build
from tools.probe import probe, read_frames

PROMPT = "a girl in a red coat walks in the rain at night"


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    root = tmp_path_factory.mktemp("cogvideox")
    return build(root / "t2v", "t2v"), build(root / "i2v", "i2v")


def load(folder, pipeline_name, **options):
    import diffusers

    pipe = getattr(diffusers, pipeline_name).from_pretrained(str(folder), local_files_only=True, **options)
    pipe.set_progress_bar_config(disable=True)
    return pipe


@pytest.fixture(scope="module")
def t2v(folders):
    return load(folders[0], TINY.t2v_pipeline)


def call(pipe, *, num_frames, image=None, seed=0, **extra):
    """The pipeline call the backend makes: the shared arguments through the family's `call_kwargs`."""
    width, height = TINY.render_size(TINY.width, TINY.height)
    kwargs = {"prompt": PROMPT, "negative_prompt": "", "height": height, "width": width, "num_frames": num_frames,
              "num_inference_steps": TINY.steps, "guidance_scale": TINY.guidance,
              "generator": torch.Generator().manual_seed(seed), "output_type": "np", **extra}
    if image is not None:
        kwargs["image"] = image
    return pipe(**TINY.call_kwargs(kwargs, image=image is not None)).frames[0]


def noise_picture(seed):
    pixels = np.random.default_rng(seed).integers(0, 256, (TINY.height, TINY.width, 3), dtype=np.uint8)
    return Image.fromarray(pixels)


def sdedit(pipe, image, strength, *, steps=TINY.steps, output_type="np"):
    """A keyframe the way the backend makes one: still latents, noised in place by `start_at`."""
    generator = torch.Generator().manual_seed(0)
    latents = TINY.still_latents(pipe, image, generator)
    noise = torch.randn(latents.shape, generator=generator).to(latents.dtype)
    with start_at(pipe.scheduler, strength, latents, noise):
        return call(pipe, num_frames=1, latents=latents, num_inference_steps=steps, output_type=output_type)


# (a) the published constraints ---------------------------------------------------------------------


def test_frame_counts_are_8k_plus_1_up_to_49():
    assert [FAMILY.frame_count(n) for n in (1, 2, 9, 10, 40, 49, 50, 200)] == [1, 9, 9, 17, 41, 49, 49, 49]
    with pytest.raises(ValueError, match="frames"):
        FAMILY.frame_count(0)


@pytest.mark.parametrize("shot", [(1280, 720), (720, 1280), (512, 512), (1920, 800)])
def test_every_shot_renders_at_720x480(shot):
    assert FAMILY.render_size(*shot) == (720, 480)
    assert 720 % FAMILY.multiple == 0 and 480 % FAMILY.multiple == 0
    with pytest.raises(ValueError, match="width and height"):
        FAMILY.render_size(0, 480)


def test_the_family_names_pipelines_diffusers_has_and_its_defaults():
    import diffusers

    assert getattr(diffusers, FAMILY.t2v_pipeline) is diffusers.CogVideoXPipeline
    assert getattr(diffusers, FAMILY.i2v_pipeline) is diffusers.CogVideoXImageToVideoPipeline
    assert (FAMILY.t2v_model, FAMILY.i2v_model) == ("THUDM/CogVideoX-2b", "THUDM/CogVideoX-5b-I2V")
    assert (FAMILY.fps, FAMILY.max_frames, FAMILY.steps, FAMILY.guidance) == (8, 49, 50, 6.0)


def test_an_image_to_video_call_always_makes_the_longest_clip():
    shared = {"prompt": PROMPT, "num_frames": 9, "height": 480, "width": 720}
    assert FAMILY.call_kwargs(shared, image=True) == {**shared, "num_frames": 49}
    assert FAMILY.call_kwargs(shared, image=False) == shared
    assert shared["num_frames"] == 9


# (b) text to video ---------------------------------------------------------------------------------


@pytest.mark.parametrize("asked", [1, 10])
def test_the_tiny_t2v_folder_renders_the_planned_frames(t2v, asked):
    frames = call(t2v, num_frames=TINY.frame_count(asked))
    assert frames.shape == (TINY.frame_count(asked), TINY.height, TINY.width, 3)
    assert np.isfinite(frames).all() and frames.std() > 0


def test_counts_off_the_8k_plus_1_rule_come_back_with_other_lengths(t2v):
    # why frame_step is 8, not the VAE's 4: 5 frames (2 latent frames) decode to 8
    assert len(call(t2v, num_frames=5)) == 8


# (c) still latents ---------------------------------------------------------------------------------


def test_a_keyframe_started_from_a_picture_depends_on_the_picture(t2v):
    first, second = sdedit(t2v, noise_picture(1), 0.5), sdedit(t2v, noise_picture(2), 0.5)
    assert first.shape == second.shape == (1, TINY.height, TINY.width, 3)
    assert np.abs(first - second).max() > 1e-3
    assert np.array_equal(first, sdedit(t2v, noise_picture(1), 0.5))  # and only on it


def test_at_full_strength_the_picture_is_noised_away(t2v):
    # the schedule ends at zero SNR: strength 1 starts from pure noise, whatever the picture
    assert np.array_equal(sdedit(t2v, noise_picture(1), 1.0), sdedit(t2v, noise_picture(2), 1.0))


@pytest.mark.parametrize("scheduler", ["CogVideoXDDIMScheduler", "CogVideoXDPMScheduler"])
def test_a_truncated_schedule_ends_near_the_picture(folders, scheduler):
    import diffusers

    pipe = load(folders[0], TINY.t2v_pipeline)
    pipe.scheduler = getattr(diffusers, scheduler).from_config(pipe.scheduler.config)
    picture = noise_picture(3)
    clean = TINY.still_latents(pipe, picture, torch.Generator().manual_seed(0)).flatten().numpy()

    def likeness(strength):
        out = sdedit(pipe, picture, strength, steps=10, output_type="latent")
        return np.corrcoef(out.flatten().numpy(), clean)[0, 1]

    assert likeness(0.2) > likeness(1.0) + 0.3


def test_still_latents_run_through_a_bfloat16_pipeline(folders):
    pipe = load(folders[0], TINY.t2v_pipeline, dtype=torch.bfloat16)
    frames = sdedit(pipe, noise_picture(1), 0.5)
    assert frames.shape == (1, TINY.height, TINY.width, 3) and np.isfinite(frames).all()


# (d) image to video --------------------------------------------------------------------------------


def test_the_tiny_i2v_folder_renders_from_an_image(folders):
    pipe = load(folders[1], TINY.i2v_pipeline)
    first = call(pipe, num_frames=9, image=noise_picture(1))
    second = call(pipe, num_frames=9, image=noise_picture(2))
    assert first.shape == second.shape == (TINY.max_frames, TINY.height, TINY.width, 3)
    assert np.abs(first - second).max() > 1e-3


def test_the_i2v_model_cannot_turn_to_portrait(folders):
    # why every shot renders at the native landscape size: learned position embeddings
    pipe = load(folders[1], TINY.i2v_pipeline)
    with pytest.raises(ValueError, match="different resolution"):
        pipe(prompt=PROMPT, image=noise_picture(1), height=TINY.width, width=TINY.height, num_frames=1,
             num_inference_steps=1, output_type="np")


# (e) the backend -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def backend(folders):
    from render.diffusion.backend import DiffusersBackend

    backend = DiffusersBackend(TINY, model=str(folders[0]), i2v_model=str(folders[1]), device="cpu", steps=2)
    yield backend
    backend.close()


def picture(path, colour, size):
    Image.new("RGB", size, colour).save(path)
    return str(path)


def shot(num_frames, width=TINY.width, height=TINY.height, references=()):
    return RenderRequest(shot_id="S01-01", prompt=PROMPT, width=width, height=height, fps=TINY.fps,
                         num_frames=num_frames, seed=7, references=tuple(references))


def render(backend, request, folder, name):
    clip, keyframe = folder / f"{name}.mp4", folder / f"{name}.png"
    details = backend.render(request, clip, keyframe)
    info = probe(clip)
    assert info.video_codec == "h264"
    assert (info.num_frames, info.width, info.height) == (request.num_frames, request.width, request.height)
    assert keyframe.is_file()
    return details, read_frames(clip)


def test_the_backend_renders_a_shot_to_an_h264_clip(backend, tmp_path):
    details, _ = render(backend, shot(6), tmp_path, "plain")
    assert details["segments"] == [9]


def test_references_start_the_shot_and_change_it(backend, tmp_path):
    def refs(colour):
        return (Reference(kind="location", name="Street", path=picture(tmp_path / f"{colour}.png", colour, (64, 32))),
                Reference(kind="character", name="Ana", path=picture(tmp_path / "ana.png", (250, 40, 40), (20, 40))))

    _, dark = render(backend, shot(9, references=refs((10, 10, 60))), tmp_path, "dark")
    _, light = render(backend, shot(9, references=refs((240, 240, 200))), tmp_path, "light")
    assert np.abs(dark.astype(int) - light.astype(int)).max() > 0


def test_a_portrait_shot_with_references_renders_portrait(backend, tmp_path):
    ana = Reference(kind="character", name="Ana", path=picture(tmp_path / "ana.png", (250, 40, 40), (20, 40)))
    details, _ = render(backend, shot(9, width=16, height=32, references=[ana]), tmp_path, "portrait")
    assert details["render_size"] == f"{TINY.width}x{TINY.height}"


def test_a_shot_longer_than_the_model_is_rendered_in_segments(backend, tmp_path):
    details, _ = render(backend, shot(20), tmp_path, "long")
    assert details["segments"] == [17, 9]
