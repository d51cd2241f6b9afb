"""Planning a shot for a family (size, segments) and retiming the model's frames to the shot's."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PIL import Image

from render import RenderRequest
from render.diffusion import FAMILIES, family
from render.diffusion.frames import fit, plan_shot, shot_frames, source_index

WAN = family("wan")


def request(seconds: float, fps: int = 24, width: int = 1280, height: int = 720) -> RenderRequest:
    return RenderRequest(shot_id="S01-01", prompt="a lighthouse", width=width, height=height, fps=fps,
                         num_frames=round(seconds * fps), seed=1)


@pytest.mark.parametrize("name", FAMILIES)
def test_every_family_plans_valid_frame_counts_and_sizes(name):
    fam = family(name)
    for seconds in (0.5, 2.0, 5.0, 12.0, 30.0):
        for width, height in ((1280, 720), (720, 1280), (720, 720)):
            plan = plan_shot(fam, request(seconds, width=width, height=height))
            assert all((n - 1) % fam.frame_step == 0 and n <= fam.max_frames for n in plan.segments)
            assert plan.frames >= seconds * fam.fps - 1e-6  # the segments cover the shot
            assert plan.width % fam.multiple == 0 and plan.height % fam.multiple == 0
            assert fam.fixed_size or width == height or (plan.width > plan.height) == (width > height)


def test_a_shot_longer_than_the_model_is_rendered_in_segments_that_share_a_frame():
    plan = plan_shot(WAN, request(12.0))  # 192 frames at 16 fps; Wan makes at most 81
    assert plan.segments == (81, 81, 33)
    assert plan.frames == 81 + 80 + 32 >= 192


def test_a_short_shot_is_one_segment_rounded_up_to_the_frame_rule():
    assert plan_shot(WAN, request(2.0)).segments == (33,)  # 32 frames at 16 fps -> 4k+1
    assert plan_shot(dataclasses.replace(WAN, frame_step=8), request(2.0)).segments == (33,)
    assert plan_shot(WAN, request(1 / 24)).segments == (1,)


def test_render_size_keeps_the_native_area_and_the_shot_shape():
    assert WAN.render_size(1280, 720) == (848, 480)
    assert WAN.render_size(720, 1280) == (480, 848)


def test_retiming_picks_the_nearest_model_frame():
    assert [source_index(i, 24, 16, 100) for i in range(7)] == [0, 1, 1, 2, 3, 3, 4]
    assert source_index(500, 24, 16, 10) == 9


def test_shot_frames_have_the_shot_count_and_size():
    model = [np.full((48, 64, 3), i / 10, dtype=np.float32) for i in range(9)]
    out = list(shot_frames(model, 8, request(1.0, fps=12, width=96, height=54)))
    assert len(out) == 12 and out[0].shape == (54, 96, 3) and out[0].dtype == np.uint8
    assert abs(int(out[-1][0, 0, 0]) - 0.7 * 255) <= 1  # frame 11 at 12 fps is model frame 7 at 8 fps


def test_fit_covers_and_crops_the_centre():
    image = Image.new("RGB", (100, 50), (255, 0, 0))
    image.paste((0, 0, 255), (0, 0, 20, 50))  # a blue band on the left, cropped away for a square
    square = fit(image, 40, 40)
    assert square.size == (40, 40) and square.getpixel((0, 20)) == (255, 0, 0)
