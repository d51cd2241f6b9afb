"""The background plate: sky or walls lit by the time of day, ground or sea, and the set's landmarks.

The *set* (skyline, trees, windows...) is laid out by a generator keyed on the location, so every
shot in the same place shows the same place; the shot's seed picks the camera's position along
the set and the passing details (clouds). Coordinates on the set are "world" units: one unit is
the nominal frame's height, x = 0 is the middle of the set, y = 0 the horizon (negative is up).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from render.animatic.camera import Plate
from render.animatic.style import RGB, Palette, mix, seeded

WORLD_SPAN = 4.5  # set elements are laid out over world x in [-WORLD_SPAN, WORLD_SPAN]


@dataclass
class Stage:
    """Where and how a plate is drawn.

    Attributes:
        plate: The (supersampled) canvas geometry.
        palette: Light of the time of day.
        tags: Scenery keywords of the location (``sea``, ``city``, ``room``...).
        horizon: Horizon height in the nominal frame (0 top .. 1 bottom); the floor line indoors.
        interior: Whether the scene is indoors.
        set_key: Keys the set's generators (the location): the same set in every shot.
        shot_key: Keys the shot's own generators (its seed).
        offset: Where the camera looks along the set, in world units.
    """

    plate: Plate
    palette: Palette
    tags: frozenset[str]
    horizon: float
    interior: bool
    set_key: str
    shot_key: str
    offset: float = 0.0

    def set_rng(self, part: str) -> random.Random:
        """A generator for one element of the set, equal in every shot of the location."""
        return seeded("set", self.set_key, part)

    def shot_rng(self, part: str) -> random.Random:
        """A generator for one detail of this shot."""
        return seeded("shot", self.shot_key, part)

    @property
    def sun_x(self) -> float:
        """Canvas x of the sun or moon."""
        return self.X(self.set_rng("sun").uniform(-0.6, 0.6))

    @property
    def u(self) -> float:
        """One world unit in pixels (the nominal frame's height)."""
        return self.plate.nominal.h

    @property
    def hy(self) -> float:
        """Canvas y of the horizon (floor line indoors)."""
        return self.plate.nominal.y + self.horizon * self.plate.nominal.h

    @property
    def top(self) -> float:
        """Canvas y of the nominal frame's top edge."""
        return self.plate.nominal.y

    @property
    def bottom(self) -> float:
        """Canvas y of the plate's bottom edge."""
        return float(self.plate.height)

    def X(self, wx: float) -> float:
        """Canvas x of world x."""
        return self.plate.nominal.x + self.plate.nominal.w / 2 + (wx - self.offset) * self.u

    def Y(self, wy: float) -> float:
        """Canvas y of world y (0 at the horizon, negative above it)."""
        return self.hy + wy * self.u

    def visible(self, wx0: float, wx1: float) -> bool:
        """Whether world x range ``[wx0, wx1]`` touches the canvas."""
        return self.X(wx1) >= 0 and self.X(wx0) <= self.plate.width

    def sky_at(self, y: float) -> RGB:
        """The sky's colour at canvas ``y``."""
        t = min(max((self.hy - y) / (0.85 * self.u), 0.0), 1.0)
        return mix(self.palette.sky_horizon, self.palette.sky_top, t)


def gradient(width: int, height: int, stops: list[tuple[float, RGB]]) -> Image.Image:
    """A ``width x height`` image shaded top to bottom through ``(y, colour)`` stops."""
    ys = np.arange(height, dtype=np.float32) + 0.5
    xs = [s[0] for s in stops]
    rows = np.stack([np.interp(ys, xs, [s[1][c] for s in stops]) for c in range(3)], axis=-1)
    column = Image.fromarray(np.round(rows).astype(np.uint8)[:, None, :])
    return column.resize((width, height), Image.Resampling.NEAREST)


def glow(image: Image.Image, x: float, y: float, radius: float, colour: RGB, strength: float) -> None:
    """Blend a soft round glow of ``colour`` (``strength`` at the centre, fading to 0 at ``radius``)."""
    r = max(1, int(radius))
    ys, xs = np.ogrid[-r:r + 1, -r:r + 1]
    fade = np.clip(1.0 - np.sqrt(xs * xs + ys * ys) / r, 0.0, 1.0)
    mask = Image.fromarray(np.round(fade * fade * strength * 255).astype(np.uint8))
    left, top = int(round(x)) - r, int(round(y)) - r
    image.paste(colour, (left, top, left + 2 * r + 1, top + 2 * r + 1), mask)


def paint_background(stage: Stage) -> Image.Image:
    """Draw the background plate of a shot (at the stage's plate size)."""
    from render.animatic import interior, landmarks

    if stage.interior:
        return interior.paint_room(stage)
    pal, w, h = stage.palette, stage.plate.width, stage.plate.height
    sea = "sea" in stage.tags
    below = (pal.sea_far, pal.sea_near) if sea else (pal.ground_far, pal.ground_near)
    image = gradient(w, h, [(stage.hy - 0.85 * stage.u, pal.sky_top), (stage.hy, pal.sky_horizon),
                            (stage.hy + 0.5, below[0]), (stage.hy + 0.55 * stage.u, below[1])])
    draw = ImageDraw.Draw(image)
    if pal.stars:
        _stars(draw, stage)
    _sun(image, draw, stage)
    if pal.sun_height is not None and pal.name != "NIGHT":
        _clouds(draw, stage)
    landmarks.paint_landmarks(image, stage)
    if sea:
        _sea_glints(draw, stage)
    return image


def _stars(draw: ImageDraw.ImageDraw, stage: Stage) -> None:
    rng, w = stage.shot_rng("stars"), stage.plate.width
    sky_h = max(0.0, stage.hy)
    count = int(70 * w * sky_h / (stage.u * stage.u))
    radius = max(1.0, stage.u * 0.0014)
    for _ in range(count):
        x, y = rng.uniform(0, w), sky_h * rng.random() ** 1.4
        r = radius * rng.uniform(0.6, 1.3)
        colour = mix(stage.sky_at(y), (255, 255, 240), rng.uniform(0.35, 0.95))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)


def _sun(image: Image.Image, draw: ImageDraw.ImageDraw, stage: Stage) -> None:
    pal = stage.palette
    if pal.sun_height is None:
        return
    x, y = stage.sun_x, stage.hy - pal.sun_height * 0.8 * stage.u
    night = pal.name == "NIGHT"
    r = stage.u * (0.035 if night else 0.05 if pal.sun_height < 0.2 else 0.04)
    glow(image, x, y, r * 4.5, pal.light, 0.5 if night else 0.7)
    draw.ellipse((x - r, y - r, x + r, y + r), fill=pal.light)
    if night:  # a crescent: the moon's shadow side
        d = r * 0.45
        shadow = mix(stage.sky_at(y), pal.light, 0.12)
        draw.ellipse((x - r + d, y - r - d * 0.3, x + r + d, y + r - d * 0.3), fill=shadow)


def _clouds(draw: ImageDraw.ImageDraw, stage: Stage) -> None:
    rng, pal = stage.shot_rng("clouds"), stage.palette
    tint = (255, 255, 255) if pal.name in ("DAY", "MORNING") else pal.light
    for _ in range(rng.randint(2, 5)):
        cx = rng.uniform(0, stage.plate.width)
        cy = stage.hy - rng.uniform(0.3, 0.8) * stage.u
        width = rng.uniform(0.16, 0.34) * stage.u
        colour = mix(stage.sky_at(cy), tint, rng.uniform(0.35, 0.6))
        for _ in range(rng.randint(4, 7)):
            dx = rng.uniform(-0.5, 0.5) * width
            rx = rng.uniform(0.18, 0.32) * width
            ry = rx * rng.uniform(0.45, 0.7)
            dy = -abs(dx) * 0.1 - ry * rng.uniform(0.0, 0.6)
            draw.ellipse((cx + dx - rx, cy + dy - ry, cx + dx + rx, cy + ry * 0.3), fill=colour)


def _sea_glints(draw: ImageDraw.ImageDraw, stage: Stage) -> None:
    rng, pal = stage.shot_rng("glints"), stage.palette
    depth = stage.bottom - stage.hy
    if depth <= 0:
        return
    line = max(1.0, stage.u * 0.003)
    for _ in range(int(60 * stage.plate.width / stage.u)):
        r = rng.random()
        y = stage.hy + depth * r * r + line
        length = stage.u * (0.01 + 0.12 * r)
        x = rng.uniform(-length, stage.plate.width)
        water = mix(pal.sea_far, pal.sea_near, min(1.0, (y - stage.hy) / (0.55 * stage.u)))
        colour = mix(water, pal.sky_horizon, 0.4)
        draw.line((x, y, x + length, y), fill=colour, width=max(1, round(line * (0.5 + r))))
    if pal.sun_height is not None:  # the sun's (or moon's) reflection
        sx = stage.sun_x
        for i in range(int(depth / (line * 6))):
            y = stage.hy + line * (2 + i * 6)
            half = stage.u * 0.06 * (0.3 + (y - stage.hy) / depth) * rng.uniform(0.4, 1.0)
            draw.line((sx - half, y, sx + half, y), fill=mix(pal.sea_far, pal.light, 0.55),
                      width=max(1, round(line)))
