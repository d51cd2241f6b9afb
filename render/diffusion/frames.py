"""Planning a shot for a model family, and turning the model's frames into the shot's frames.

A model renders at its own frame rate, frame-count rule and pixel area. A shot asks for
``num_frames`` at ``fps`` and ``width x height``. `plan_shot` picks the render size and the segments
(a shot longer than the model's longest clip is rendered in segments, each starting from the last
frame of the one before); `shot_frames` retimes the model's frames to the shot's rate by nearest
frame and scales them to the shot's size (cover, centred crop).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image

from render.diffusion.family import Family
from render.types import RenderRequest


@dataclass(frozen=True)
class ShotPlan:
    """How a shot is rendered by one family.

    Attributes:
        width: Render width (a multiple of the family's `multiple`).
        height: Render height.
        segments: Frame count of each segment, each valid for the family. Every segment after the
            first starts from the previous segment's last frame, which is not repeated.
        fps: The family's frame rate: the rendered frames are timed at it.
    """

    width: int
    height: int
    segments: tuple[int, ...]
    fps: int

    @property
    def frames(self) -> int:
        """Distinct frames the segments make together."""
        return self.segments[0] + sum(n - 1 for n in self.segments[1:])


def plan_shot(family: Family, request: RenderRequest) -> ShotPlan:
    """Plan a shot: the render size and the segments that cover its duration at the family's rate."""
    width, height = family.render_size(request.width, request.height)
    needed = max(1, math.ceil(request.duration * family.fps - 1e-9))
    segments = [family.frame_count(needed)]
    covered = segments[0]
    while covered < needed:
        segment = family.frame_count(needed - covered + 1)  # +1: it starts from the last frame so far
        if segment < 2:
            raise ValueError(f"{family.name}: max_frames {family.max_frames} cannot extend a shot")
        segments.append(segment)
        covered += segment - 1
    return ShotPlan(width=width, height=height, segments=tuple(segments), fps=family.fps)


def source_index(index: int, fps: int, source_fps: int, source_frames: int) -> int:
    """The source frame shown at output frame ``index``: the one nearest in time."""
    return min(source_frames - 1, math.floor(index * source_fps / fps + 0.5))


def to_uint8(frame: np.ndarray) -> np.ndarray:
    """A pipeline frame (float in [0, 1], or uint8) as ``H x W x 3`` uint8."""
    if frame.dtype == np.uint8:
        return frame
    return (np.clip(frame, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)


def fit(image: Image.Image, width: int, height: int) -> Image.Image:
    """Scale ``image`` to cover ``width x height`` and crop the centre (no bars, no distortion)."""
    if image.size == (width, height):
        return image
    scale = max(width / image.width, height / image.height)
    size = (max(width, round(image.width * scale)), max(height, round(image.height * scale)))
    scaled = image.resize(size, Image.Resampling.LANCZOS)
    left, top = (size[0] - width) // 2, (size[1] - height) // 2
    return scaled.crop((left, top, left + width, top + height))


def shot_frames(frames: Sequence[np.ndarray], source_fps: int, request: RenderRequest) -> Iterator[np.ndarray]:
    """The shot's ``request.num_frames`` frames from the model's frames, retimed and fitted."""
    for index in range(request.num_frames):
        frame = to_uint8(frames[source_index(index, request.fps, source_fps, len(frames))])
        image = fit(Image.fromarray(frame), request.width, request.height)
        yield np.asarray(image, dtype=np.uint8)
