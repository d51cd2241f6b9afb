"""What differs between video model families: pipeline classes, frame and size rules, call options.

A `Family` is the whole contract between the generic diffusers backend (`render.diffusion.backend`)
and one model family. The backend plans frames and sizes with it, loads pipelines by its class names,
and calls them with `call_kwargs`; everything else is shared.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Family:
    """One text/image-to-video model family and its constraints.

    Attributes:
        name: Backend name (``"wan"``), what users pass to ``--backend``.
        title: Human name, shown by ``filmcrew backends``.
        t2v_pipeline: diffusers text-to-video pipeline class name.
        i2v_pipeline: diffusers image-to-video pipeline class name.
        t2v_model: Default hub id (or local folder) of the text-to-video checkpoint.
        i2v_model: Default hub id of the image-to-video checkpoint; None when the text-to-video
            checkpoint also drives the image-to-video pipeline (loaded with ``from_pipe``).
        frame_step: Temporal compression of the VAE: frame counts must be ``frame_step * k + 1``.
        max_frames: Longest clip the model makes in one go (a longer shot is rendered in segments).
        fps: Frame rate the model was trained at; its frames are timed at this rate.
        width: Native width (landscape); ``width * height`` is the pixel area a shot is rendered at.
        height: Native height (landscape).
        multiple: Width and height must be multiples of this (VAE stride times patch size).
        steps: Default denoising steps.
        guidance: Default classifier-free guidance scale.
        fixed_size: True when the model only renders at its native size (or its portrait turn).
        negative_prompt: Default negative prompt, used when a shot gives none.
    """

    name: str
    title: str
    t2v_pipeline: str
    i2v_pipeline: str
    t2v_model: str
    i2v_model: str | None
    frame_step: int
    max_frames: int
    fps: int
    width: int
    height: int
    multiple: int
    steps: int
    guidance: float
    fixed_size: bool = False
    negative_prompt: str = ""

    def frame_count(self, frames: int) -> int:
        """The smallest frame count the model accepts that holds ``frames`` (capped at ``max_frames``).

        Raises:
            ValueError: when ``frames`` is below 1.
        """
        if frames < 1:
            raise ValueError(f"frames must be at least 1, got {frames}")
        k = math.ceil((frames - 1) / self.frame_step)
        return min(self.frame_step * k + 1, self.max_frames)

    def render_size(self, width: int, height: int) -> tuple[int, int]:
        """The size to render a ``width x height`` shot at: the native pixel area, the shot's shape.

        Both sides are multiples of `multiple`. A `fixed_size` family renders at its native size,
        turned to portrait for a portrait shot.

        Raises:
            ValueError: for a non-positive width or height.
        """
        if width <= 0 or height <= 0:
            raise ValueError(f"width and height must be positive, got {width}x{height}")
        if self.fixed_size:
            return (self.width, self.height) if width >= height else (self.height, self.width)
        area = self.width * self.height
        aspect = width / height
        w = math.sqrt(area * aspect)
        h = w / aspect
        m = self.multiple
        return max(m, round(w / m) * m), max(m, round(h / m) * m)

    def call_kwargs(self, kwargs: dict[str, Any], *, image: bool) -> dict[str, Any]:
        """The pipeline call's keyword arguments, adjusted for the family.

        The backend builds ``kwargs`` with the names every diffusers video pipeline shares
        (``prompt, negative_prompt, height, width, num_frames, num_inference_steps, guidance_scale,
        generator, output_type``, plus ``image`` and ``latents`` where used); a family adds its own
        (LTX's ``frame_rate``) or drops what its pipeline lacks.

        Args:
            kwargs: The shared arguments; not modified.
            image: True for the image-to-video pipeline.
        """
        return dict(kwargs)

    def still_latents(self, pipe: Any, image: Any, generator: Any) -> Any:
        """Clean latents of one RGB image, as the text-to-video pipeline takes them for ``num_frames=1``.

        Used to start a keyframe from a picture (SDEdit): the backend noises these latents to the
        strength's timestep and lets the text-to-video pipeline denoise the rest.

        Args:
            pipe: The loaded text-to-video pipeline.
            image: A PIL RGB image at the render size.
            generator: The ``torch.Generator`` of the render.

        Returns:
            A tensor in the layout, device and dtype ``pipe(latents=...)`` expects for one frame.
        """
        raise NotImplementedError(f"{self.name}: still_latents is not implemented")
