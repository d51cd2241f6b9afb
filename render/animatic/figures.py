"""The shot's subjects: stylised characters framed by shot size, or a prop when nobody is in frame.

Characters keep their colours (clothes, hair, skin) in every shot: they come from their names.
Positions are laid out in nominal-frame fractions (0..1 across the frame the shot asks for) and
drawn on whatever plate the camera needs.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from PIL import Image, ImageDraw

from render.animatic.camera import Plate
from render.animatic.props import Prop, layout_prop, paint_prop
from render.animatic.style import RGB, Palette, character_colours, hair_style, lit, mix

HEAD = {"EWS": 0.021, "WS": 0.1, "MS": 0.21, "MCU": 0.32, "CU": 0.58, "ECU": 2.2}  # head / frame height
TOP = {"WS": 0.1, "MS": 0.1, "MCU": 0.1, "CU": 0.15}  # head top / frame height
BODY = 7.3  # full figure height in heads


@dataclass(frozen=True)
class Figure:
    """A character placed in the nominal frame.

    Attributes:
        name: Character name (printed on its tag).
        x: Centre, in frame widths.
        top: Top of the head, in frame heights.
        head: Head height, in frame heights.
        colours: Clothes, hair and skin colours.
        hair: Hair style: ``short``, ``long`` or ``bun`` (from the name, like the colours).
        arms: Angles of the left and right arm from hanging down, in degrees.
    """

    name: str
    x: float
    top: float
    head: float
    colours: tuple[RGB, RGB, RGB]
    hair: str
    arms: tuple[float, float]


@dataclass(frozen=True)
class Cast:
    """Who (or what) is in frame and where the camera should look.

    Attributes:
        figures: Characters, left to right.
        prop: The object shown when nobody is in frame (None for a landscape).
        focus: Point of interest in frame fractions (zoom and dolly move toward it).
    """

    figures: tuple[Figure, ...]
    prop: Prop | None
    focus: tuple[float, float]


def layout_cast(characters: tuple[str, ...], size: str, aspect: float, horizon: float, rng: random.Random,
                hint: tuple[str, ...] = ()) -> Cast:
    """Frame the characters for a shot size (ECU shows only the first one's eyes).

    Args:
        characters: Names, in screen order.
        size: ``EWS``, ``WS``, ``MS``, ``MCU``, ``CU`` or ``ECU``.
        aspect: Frame width / height.
        horizon: Horizon (or floor line) height in the frame; extreme wide figures stand on it.
        rng: The shot's generator.
        hint: Texts that may name the prop to show when nobody is in frame (action first).
    """
    if not characters:
        prop = layout_prop(size, hint, rng)
        focus = (prop.x, prop.bottom - prop.height / 2) if prop else (0.5, horizon)
        return Cast((), prop, focus)
    names = characters[:1] if size == "ECU" else characters
    n = len(names)
    head = HEAD[size]
    if size == "ECU":
        head = min(head, 1.6 * aspect)
    elif size == "CU":
        head = min(head, 0.96 * aspect / (0.95 * n))
    elif size != "EWS":
        head = min(head, 0.96 * aspect / (2.6 * n))
    if size == "EWS":
        top = min(horizon + 0.06, 0.95) - BODY * head
        spacing, centre = 3.2 * head / aspect, rng.uniform(0.3, 0.7)
    elif size == "ECU":
        top, spacing, centre = 0.48 - 0.53 * head, 0.0, 0.5
    else:
        top = TOP[size]
        spacing = min(1 / n, 2.9 * head / aspect)
        centre = rng.choice((0.5, 0.42, 0.58)) if n == 1 and size != "CU" else 0.5 + rng.uniform(-0.04, 0.04)
    figures = []
    for i, name in enumerate(names):
        raised = size in ("WS", "EWS") and rng.random() < 0.3
        arms = (rng.uniform(6, 20), rng.uniform(125, 155) if raised else rng.uniform(6, 20))
        if rng.random() < 0.5:
            arms = arms[::-1]
        figures.append(Figure(name, centre + (i - (n - 1) / 2) * spacing, top, head, character_colours(name),
                              hair_style(name), arms))
    eyes = min(max(top + 0.53 * head, 0.1), 0.9)
    focus = (sum(f.x for f in figures) / n, eyes)
    return Cast(tuple(figures), None, focus)


def paint_cast(image: Image.Image, plate: Plate, cast: Cast, palette: Palette) -> None:
    """Draw the cast on ``image`` (RGB, or RGBA for a subject-only layer) laid out on ``plate``."""
    draw = ImageDraw.Draw(image)
    opaque = (lambda c: c + (255,)) if image.mode == "RGBA" else (lambda c: c)
    if cast.prop is not None:
        paint_prop(draw, plate, cast.prop, palette, opaque)
    for figure in cast.figures:
        _paint_figure(draw, plate, figure, palette, opaque)


def _paint_figure(draw: ImageDraw.ImageDraw, plate: Plate, fig: Figure, pal: Palette, opaque) -> None:
    ox, oy = plate.point(fig.x, fig.top)
    h = fig.head * plate.nominal.h  # pixels per head unit

    def P(x: float, y: float) -> tuple[float, float]:
        return ox + x * h, oy + y * h

    clothes, hair, skin = (lit(c, pal) for c in fig.colours)
    trousers = mix(clothes, (24, 24, 34), 0.55)
    sleeve = mix(clothes, (0, 0, 0), 0.12)
    ink = mix(clothes, (10, 10, 16), 0.8)
    hands = []
    for side, angle in ((-1, fig.arms[0]), (1, fig.arms[1])):
        a = math.radians(angle)
        hands.append(((side * 0.92, 1.5), (side * (0.92 + 2.3 * math.sin(a)), 1.5 + 2.3 * math.cos(a))))
    torso = [(-0.95, 1.22), (0.95, 1.22), (0.78, 3.4), (0.82, 4.0), (-0.82, 4.0), (-0.78, 3.4)]
    legs = [((-0.36, 3.9), (-0.44, 7.05)), ((0.36, 3.9), (0.44, 7.05))]
    grow = max(1.0, min(0.07 * h, 0.005 * plate.nominal.h))
    feet_in_frame = fig.top + BODY * fig.head < 1.0
    if feet_in_frame:
        shadow = mix(pal.ground_near, (0, 0, 0), 0.35)
        cx, cy = P(0, 7.25)
        draw.ellipse((cx - 1.3 * h, cy - 0.18 * h, cx + 1.3 * h, cy + 0.18 * h), fill=opaque(shadow))
    for pass_grow, is_outline in ((grow, True), (0.0, False)):
        c = (lambda colour: opaque(ink)) if is_outline else opaque
        for a, b in legs:
            _capsule(draw, P(*a), P(*b), 0.27 * h + pass_grow, c(trousers))
            fx, fy = P(b[0] * 1.15, 7.2)
            draw.ellipse((fx - 0.32 * h - pass_grow, fy - 0.13 * h - pass_grow, fx + 0.32 * h + pass_grow,
                          fy + 0.13 * h + pass_grow), fill=c(mix(trousers, (0, 0, 0), 0.4)))
        for a, b in hands:
            _capsule(draw, P(*a), P(*b), 0.21 * h + pass_grow, c(sleeve))
            _disc(draw, P(*b), 0.19 * h + pass_grow, c(skin))
        _capsule(draw, P(0, 0.8), P(0, 1.2), 0.17 * h + pass_grow, c(skin))
        body = [P(*p) for p in torso]
        draw.polygon(body, fill=c(clothes))
        if is_outline:  # Pillow draws wide polygon outlines inward: stroke the edges instead
            draw.line(body + body[:1], fill=c(clothes), width=max(1, round(2 * pass_grow)), joint="curve")
        for side in (-1, 1):
            _disc(draw, P(side * 0.78, 1.5), 0.3 * h + pass_grow, c(clothes))
        if fig.hair == "long":
            x0, y0 = P(-0.5, 0.1)
            x1, y1 = P(0.5, 1.4)
            draw.rounded_rectangle((x0 - pass_grow, y0 - pass_grow, x1 + pass_grow, y1 + pass_grow),
                                   radius=0.3 * h, fill=c(hair))
        elif fig.hair == "bun":
            _disc(draw, P(0, -0.04), 0.22 * h + pass_grow, c(hair))
        hx, hy = P(0, 0.5)
        draw.ellipse((hx - 0.4 * h - pass_grow, hy - 0.5 * h - pass_grow, hx + 0.4 * h + pass_grow,
                      hy + 0.5 * h + pass_grow), fill=c(skin))
    hx, hy = P(0, 0.5)
    draw.chord((hx - 0.43 * h, hy - 0.56 * h, hx + 0.43 * h, hy + 0.3 * h), 180, 360, fill=opaque(hair))
    if h >= 24:  # big enough to read a face (pixels of the drawing canvas)
        _face(draw, P, h, skin, hair, fig.colours[0], opaque)


def _face(draw: ImageDraw.ImageDraw, P, h: float, skin: RGB, hair: RGB, iris: RGB, opaque) -> None:
    dark = opaque((28, 22, 24))
    for side in (-1, 1):
        ex, ey = P(side * 0.16, 0.53)
        _oval(draw, ex, ey, 0.075 * h, 0.045 * h, opaque((246, 244, 240)))
        _oval(draw, ex, ey, 0.04 * h, 0.04 * h, opaque(mix(iris, (0, 0, 0), 0.4)))
        _oval(draw, ex, ey, 0.02 * h, 0.02 * h, dark)
        _oval(draw, ex + 0.015 * h, ey - 0.015 * h, 0.007 * h, 0.007 * h, opaque((255, 255, 255)))
        bx, by = P(side * 0.16, 0.45)
        draw.line((bx - 0.08 * h, by, bx + 0.08 * h, by - 0.012 * h * side),
                  fill=opaque(mix(hair, (0, 0, 0), 0.3)), width=max(1, round(0.022 * h)))
    nx, ny = P(0, 0.66)
    draw.arc((nx - 0.045 * h, ny - 0.03 * h, nx + 0.045 * h, ny + 0.03 * h), 10, 170,
             fill=opaque(mix(skin, (0, 0, 0), 0.3)), width=max(1, round(0.014 * h)))
    mx, my = P(0, 0.77)
    draw.arc((mx - 0.09 * h, my - 0.05 * h, mx + 0.09 * h, my + 0.04 * h), 20, 160,
             fill=opaque(mix(skin, (120, 30, 40), 0.6)), width=max(1, round(0.02 * h)))


def _oval(draw: ImageDraw.ImageDraw, x: float, y: float, rx: float, ry: float, fill) -> None:
    draw.ellipse((x - rx, y - ry, x + rx, y + ry), fill=fill)


def _capsule(draw: ImageDraw.ImageDraw, a: tuple[float, float], b: tuple[float, float], r: float,
             fill) -> None:
    draw.line((a, b), fill=fill, width=max(1, round(2 * r)))
    _disc(draw, a, r, fill)
    _disc(draw, b, r, fill)


def _disc(draw: ImageDraw.ImageDraw, c: tuple[float, float], r: float, fill) -> None:
    draw.ellipse((c[0] - r, c[1] - r, c[0] + r, c[1] + r), fill=fill)
