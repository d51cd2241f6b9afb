"""A shot's start keyframe from its references: a collage of them, turned into a picture by SDEdit.

The location's reference is the background plate; each character's reference stands in front of it,
in screen order, as large as the shot size says. The text-to-video pipeline then denoises that collage
from part-way through its schedule (SDEdit, Meng et al. 2022): ``strength`` 1.0 ignores the collage,
0.0 returns it untouched; around 0.6-0.75 keeps faces, costumes, palette and layout while the model
redraws a coherent frame.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from render.diffusion.frames import fit
from render.types import Reference

HEIGHT_BY_SIZE = {"ECU": 2.2, "CU": 1.7, "MCU": 1.3, "MS": 1.0, "WS": 0.7, "EWS": 0.4}
"""Height of a character's reference picture, as a fraction of the frame height, per shot size."""


def collage(references: Sequence[Reference], size: str, width: int, height: int) -> Image.Image:
    """The layout picture of a shot: location plate, characters in screen order over it.

    Args:
        references: The shot's references (at most one location; characters in screen order).
        size: Shot size (``ECU`` ... ``EWS``); sets how large the characters stand.
        width: Picture width.
        height: Picture height.
    """
    plate = next((r for r in references if r.kind == "location"), None)
    if plate is not None:
        canvas = fit(_open(plate.path), width, height)
    else:
        ramp = np.linspace(0.55, 0.3, height, dtype=np.float32)[:, None, None] * np.ones((1, width, 3), np.float32)
        canvas = Image.fromarray((ramp * 255).astype(np.uint8))
    people = [r for r in references if r.kind == "character"]
    scale = HEIGHT_BY_SIZE.get(size, 1.0)
    for index, ref in enumerate(people):
        picture = _open(ref.path)
        h = max(2, round(height * scale))
        w = max(2, round(picture.width * h / picture.height))
        if len(people) > 1:  # several people share the frame: narrow each to its slot
            w = min(w, max(2, round(width / len(people) * 1.1)))
        figure = fit(picture, w, h)
        centre = width * (index + 1) / (len(people) + 1)
        left = round(centre - w / 2)
        top = height - h if scale <= 1.0 else round((height - h) * 0.25)
        canvas.paste(figure, (left, top), _soft_mask(w, h))
    return canvas


@contextmanager
def start_at(scheduler: Any, strength: float, latents: Any, noise: Any) -> Iterator[None]:
    """Make the next pipeline call start part-way through its schedule, from ``latents``.

    While active, the scheduler's ``set_timesteps`` (called by the pipeline) keeps only the last
    ``strength`` fraction of the steps and noises ``latents`` in place to the first kept timestep.
    Pass the same ``latents`` tensor to the pipeline call.

    Args:
        scheduler: The pipeline's scheduler.
        strength: Fraction of the schedule to run, in (0, 1].
        latents: Clean latents of the picture to start from; noised in place.
        noise: Noise of the same shape, from the render's generator.

    Raises:
        ValueError: for a strength outside (0, 1].
    """
    if not 0.0 < strength <= 1.0:
        raise ValueError(f"strength must be in (0, 1], got {strength}")
    original = scheduler.set_timesteps

    @functools.wraps(original)  # pipelines read its signature to see whether it takes custom sigmas
    def set_timesteps(*args: Any, **kwargs: Any) -> None:
        original(*args, **kwargs)
        order = int(getattr(scheduler, "order", 1))
        steps = len(scheduler.timesteps) // order
        keep = min(steps, max(1, round(steps * strength)))
        begin = (steps - keep) * order
        scheduler.timesteps = scheduler.timesteps[begin:]
        sigmas = getattr(scheduler, "sigmas", None)
        if sigmas is not None and len(sigmas) > begin:  # cut the sigmas too: some pipelines reset the
            scheduler.sigmas = sigmas[begin:]            # begin index to 0 after setting the timesteps
            begin = 0
        if hasattr(scheduler, "set_begin_index"):
            scheduler.set_begin_index(begin)
        first = scheduler.timesteps[:1]
        if hasattr(scheduler, "scale_noise"):
            noised = scheduler.scale_noise(latents, first.to(latents.device), noise)
        else:
            noised = scheduler.add_noise(latents, noise, first.to(latents.device).long())
        latents.copy_(noised)

    scheduler.set_timesteps = set_timesteps
    try:
        yield
    finally:
        del scheduler.set_timesteps


def _open(path: str) -> Image.Image:
    with Image.open(path) as image:
        return image.convert("RGB")


def _soft_mask(width: int, height: int) -> Image.Image:
    mask = Image.new("L", (width, height), 0)
    inset = max(1, min(width, height) // 12)
    ImageDraw.Draw(mask).ellipse((inset, inset, width - inset, height + height // 3), fill=255)
    return mask.filter(ImageFilter.GaussianBlur(max(1, inset)))
