"""The object a shot shows when no character is in frame, picked from the action's words."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from PIL import ImageDraw

from render.animatic.camera import Plate
from render.animatic.style import RGB, Palette, lit, mix

SIZE = {"MS": 0.3, "MCU": 0.42, "CU": 0.6, "ECU": 0.95}  # prop height / frame height

_WORDS: dict[str, tuple[str, ...]] = {
    "letter": ("letter", "note", "envelope", "paper", "page", "photo", "photograph", "map", "信", "纸", "照片",
               "地图", "字条"),
    "phone": ("phone", "cellphone", "smartphone", "screen", "message", "text", "手机", "电话", "短信", "屏幕"),
    "cup": ("cup", "mug", "coffee", "tea", "glass", "杯", "咖啡", "茶"),
    "key": ("key", "keys", "钥匙"),
    "book": ("book", "diary", "notebook", "journal", "书", "日记", "本子"),
    "bottle": ("bottle", "wine", "vase", "flask", "瓶", "酒", "花瓶"),
    "sphere": ("ball", "apple", "orange", "globe", "stone", "pearl", "球", "苹果", "石头", "珍珠"),
    "box": ("box", "gift", "package", "parcel", "case", "chest", "盒", "礼物", "包裹", "箱"),
}


@dataclass(frozen=True)
class Prop:
    """An object placed in the nominal frame.

    Attributes:
        kind: ``letter``, ``phone``, ``cup``, ``key``, ``book``, ``bottle``, ``sphere`` or ``box``.
        x: Centre, in frame widths.
        bottom: Where it rests, in frame heights.
        height: Its height, in frame heights.
        colour: Its main colour.
    """

    kind: str
    x: float
    bottom: float
    height: float
    colour: RGB


def pick_kind(texts: tuple[str, ...], rng: random.Random) -> str:
    """The prop named in the first of ``texts`` that names one (English or Chinese), else a seeded object."""
    for text in texts:
        lowered = text.casefold()
        for kind, words in _WORDS.items():
            for word in words:
                if (re.search(rf"\b{re.escape(word)}s?\b", lowered) if word.isascii() else word in lowered):
                    return kind
    return rng.choice(("box", "bottle", "sphere"))


def layout_prop(size: str, texts: tuple[str, ...], rng: random.Random) -> Prop | None:
    """Frame a prop for a shot size; wide shots (WS, EWS) show the landscape instead (None)."""
    if size not in SIZE:
        return None
    height = SIZE[size]
    kind = pick_kind(texts, rng)
    x = 0.5 + rng.uniform(-0.06, 0.06)
    bottom = min(0.5 + height / 2 + 0.05, 0.98)
    import colorsys

    colour = tuple(round(c * 255) for c in colorsys.hsv_to_rgb(rng.random(), 0.5, 0.8))
    if kind == "letter":
        colour = (238, 230, 208)
    return Prop(kind, x, bottom, height, colour)  # type: ignore[arg-type]


def paint_prop(draw: ImageDraw.ImageDraw, plate: Plate, prop: Prop, pal: Palette, opaque) -> None:
    """Draw ``prop`` on a plate; ``opaque`` turns an RGB colour into the image's fill value."""
    body = lit(prop.colour, pal)
    light, dark = mix(body, (255, 255, 255), 0.35), mix(body, (0, 0, 0), 0.25)
    ink = opaque(mix(body, (0, 0, 0), 0.65))
    cx, by = plate.point(prop.x, prop.bottom)
    h = prop.height * plate.nominal.h
    g = max(1.0, 0.012 * h)

    def box(x0: float, y0: float, x1: float, y1: float, fill: RGB, r: float = 0.0) -> None:
        outer = (cx + x0 * h - g, by + y0 * h - g, cx + x1 * h + g, by + y1 * h + g)
        draw.rounded_rectangle(outer, r * h + g, fill=ink)
        draw.rounded_rectangle((cx + x0 * h, by + y0 * h, cx + x1 * h, by + y1 * h), r * h, fill=opaque(fill))

    def plain(x0: float, y0: float, x1: float, y1: float, fill: RGB, r: float = 0.0) -> None:
        draw.rounded_rectangle((cx + x0 * h, by + y0 * h, cx + x1 * h, by + y1 * h), r * h, fill=opaque(fill))

    shadow = opaque(mix(pal.shade, (0, 0, 0), 0.3))
    draw.ellipse((cx - 0.6 * h, by - 0.05 * h, cx + 0.6 * h, by + 0.05 * h), fill=shadow)
    kind = prop.kind
    if kind == "letter":
        box(-0.7, -0.62, 0.7, 0.0, body, 0.01)
        for i in range(5):
            end = 0.25 if i == 4 else 0.5
            plain(-0.58, -0.52 + i * 0.1, end, -0.5 + i * 0.1, mix(body, (40, 40, 60), 0.6))
    elif kind == "phone":
        box(-0.3, -1.0, 0.3, 0.0, (34, 34, 40), 0.06)
        plain(-0.26, -0.92, 0.26, -0.08, mix(pal.light, (120, 170, 230), 0.6), 0.02)
        for i in range(3):
            plain(-0.2, -0.82 + i * 0.16, 0.12, -0.74 + i * 0.16, (250, 250, 250), 0.02)
    elif kind == "cup":
        box(0.2, -0.62, 0.5, -0.36, body, 0.12)
        plain(0.26, -0.55, 0.44, -0.43, mix(pal.wall_low, (0, 0, 0), 0.1), 0.06)
        box(-0.4, -0.8, 0.3, 0.0, body, 0.08)
        plain(-0.36, -0.8, 0.26, -0.72, (72, 44, 30), 0.02)
        plain(-0.3, -0.66, -0.2, -0.12, light, 0.04)
    elif kind == "key":
        draw.ellipse((cx - 0.62 * h - g, by - 0.62 * h - g, cx - 0.1 * h + g, by - 0.1 * h + g), fill=ink)
        draw.ellipse((cx - 0.62 * h, by - 0.62 * h, cx - 0.1 * h, by - 0.1 * h), fill=opaque(body))
        hole = opaque(mix(pal.wall_low, pal.shade, 0.4))
        draw.ellipse((cx - 0.45 * h, by - 0.45 * h, cx - 0.27 * h, by - 0.27 * h), fill=hole)
        box(-0.14, -0.42, 0.7, -0.3, body)
        box(0.4, -0.3, 0.48, -0.16, body)
        box(0.56, -0.3, 0.64, -0.2, body)
    elif kind == "book":
        box(-0.6, -0.7, 0.6, 0.0, body, 0.02)
        plain(-0.6, -0.7, -0.48, 0.0, dark)
        plain(-0.3, -0.52, 0.4, -0.44, light)
    elif kind == "sphere":
        r = 0.5
        draw.ellipse((cx - r * h - g, by - 2 * r * h - g, cx + r * h + g, by + g), fill=ink)
        draw.ellipse((cx - r * h, by - 2 * r * h, cx + r * h, by), fill=opaque(body))
        draw.ellipse((cx - 0.28 * h, by - 0.78 * h, cx - 0.08 * h, by - 0.58 * h), fill=opaque(light))
    elif kind == "bottle":
        box(-0.3, -0.72, 0.3, 0.0, body, 0.2)
        box(-0.1, -1.0, 0.1, -0.66, body, 0.03)
        plain(-0.2, -0.6, -0.1, -0.12, light, 0.03)
    else:
        box(-0.6, -0.8, 0.6, 0.0, body)
        plain(-0.6, -0.8, 0.6, -0.66, light)
        plain(-0.06, -0.66, 0.06, 0.0, dark)
