"""A shot's start keyframe: the references' collage, and the SDEdit start on real schedulers."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PIL import Image

from render import Reference
from render.diffusion.keyframes import collage, start_at


def picture(path, colour, size=(40, 80)):
    Image.new("RGB", size, colour).save(path)
    return str(path)


def test_collage_puts_the_location_behind_and_characters_in_screen_order(tmp_path):
    refs = (Reference(kind="location", name="Harbour", path=picture(tmp_path / "l.png", (0, 0, 255), (120, 60))),
            Reference(kind="character", name="Ana", path=picture(tmp_path / "a.png", (255, 0, 0))),
            Reference(kind="character", name="Bo", path=picture(tmp_path / "b.png", (0, 255, 0))))
    image = np.asarray(collage(refs, "MS", 160, 90))
    assert image.shape == (90, 160, 3)
    assert tuple(image[5, 5]) == (0, 0, 255)  # the plate shows at the edge
    left, right = image[60, 160 // 3], image[60, 2 * 160 // 3]
    assert left[0] > 200 and left[1] < 60  # Ana (red) stands on the left, Bo (green) on the right
    assert right[1] > 200 and right[0] < 60


def test_a_close_up_shows_the_character_larger_than_a_wide_shot(tmp_path):
    refs = (Reference(kind="character", name="Ana", path=picture(tmp_path / "a.png", (255, 0, 0))),)

    def red(size):
        return int((np.asarray(collage(refs, size, 160, 90))[..., 0] > 200).sum())

    assert red("CU") > red("MS") > red("WS") > red("EWS") > 0


def schedulers():
    from diffusers import (
        CogVideoXDDIMScheduler,
        CogVideoXDPMScheduler,
        FlowMatchEulerDiscreteScheduler,
        UniPCMultistepScheduler,
    )

    return [FlowMatchEulerDiscreteScheduler(shift=3.0),
            UniPCMultistepScheduler(prediction_type="flow_prediction", use_flow_sigmas=True, flow_shift=3.0),
            CogVideoXDDIMScheduler(), CogVideoXDPMScheduler()]


@pytest.mark.parametrize("scheduler", schedulers(), ids=lambda s: type(s).__name__)
def test_start_at_runs_the_last_part_of_the_schedule_from_the_noised_picture(scheduler):
    clean = torch.full((1, 4, 1, 2, 2), 0.5)
    noise = torch.randn(clean.shape, generator=torch.Generator().manual_seed(0))
    scheduler.set_timesteps(10)
    full = scheduler.timesteps.clone()
    latents = clean.clone()
    with start_at(scheduler, 0.4, latents, noise):
        scheduler.set_timesteps(10)  # what a pipeline does first
        kept = scheduler.timesteps.clone()
    assert len(kept) == 4 and torch.equal(kept, full[-4:])
    assert not torch.equal(latents, clean)  # noised in place, towards the noise
    assert (latents - noise).abs().mean() < (clean - noise).abs().mean()
    scheduler.set_timesteps(10)  # outside the block the scheduler is itself again
    assert len(scheduler.timesteps) == 10


def test_strength_outside_zero_to_one_is_refused():
    from diffusers import FlowMatchEulerDiscreteScheduler

    with pytest.raises(ValueError, match="strength"), start_at(FlowMatchEulerDiscreteScheduler(), 0.0, None, None):
        pass
