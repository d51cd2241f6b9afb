"""The animatic's look: light by time of day, scene keywords, character colours, seeded randomness."""

from __future__ import annotations

import colorsys
import hashlib
import random
import re
from dataclasses import dataclass

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Palette:
    """Colours of one time of day.

    Attributes:
        name: Canonical time of day (``DAY``, ``NIGHT``...).
        sky_top: Sky colour at the top of the frame.
        sky_horizon: Sky colour at the horizon.
        ground_far: Ground colour at the horizon.
        ground_near: Ground colour at the bottom of the frame.
        sea_far: Sea colour at the horizon.
        sea_near: Sea colour at the bottom of the frame.
        haze: Colour of distant silhouettes (hills, skyline).
        shade: Colour of near silhouettes (trees, posts).
        wall_top: Interior wall colour under the ceiling.
        wall_low: Interior wall colour at the floor.
        floor: Interior floor colour.
        light: Colour of the sun, moon or lamp.
        sun_height: Height of the sun or moon above the horizon (0 horizon .. 1 top), None for none.
        lit_windows: Whether windows and lamps glow.
        stars: Whether the sky shows stars.
        ambient: How much light falls on figures (1 daylight .. 0.4 night).
    """

    name: str
    sky_top: RGB
    sky_horizon: RGB
    ground_far: RGB
    ground_near: RGB
    sea_far: RGB
    sea_near: RGB
    haze: RGB
    shade: RGB
    wall_top: RGB
    wall_low: RGB
    floor: RGB
    light: RGB
    sun_height: float | None
    lit_windows: bool
    stars: bool
    ambient: float


PALETTES: dict[str, Palette] = {p.name: p for p in (
    Palette("DAY", (66, 128, 204), (182, 213, 236), (128, 156, 98), (76, 112, 62), (86, 150, 178),
            (30, 86, 124),
            (142, 170, 190), (58, 82, 86), (226, 216, 196), (204, 190, 166), (142, 106, 76), (255, 250, 222),
            0.55, False, False, 1.0),
    Palette("MORNING", (112, 166, 222), (238, 226, 204), (146, 164, 110), (92, 120, 72), (120, 168, 190),
            (46, 98, 132), (170, 182, 196), (70, 88, 92), (236, 226, 206), (214, 200, 176), (152, 116, 84),
            (255, 238, 196), 0.35, False, False, 0.95),
    Palette("DAWN", (58, 70, 132), (248, 172, 134), (104, 104, 96), (58, 66, 64), (150, 130, 150),
            (40, 54, 90),
            (128, 110, 140), (44, 44, 64), (200, 182, 180), (170, 150, 150), (112, 86, 74), (255, 206, 150),
            0.06, True, False, 0.8),
    Palette("DUSK", (48, 48, 108), (250, 142, 82), (98, 84, 70), (50, 44, 44), (150, 100, 96), (40, 40, 74),
            (120, 84, 110), (40, 32, 48), (206, 160, 130), (170, 126, 104), (110, 76, 60), (255, 160, 90),
            0.1, True, False, 0.72),
    Palette("EVENING", (24, 30, 72), (118, 82, 124), (56, 56, 66), (30, 30, 40), (64, 62, 98), (20, 24, 48),
            (70, 62, 96), (24, 22, 36), (150, 122, 104), (120, 96, 84), (90, 64, 52), (255, 196, 130),
            None, True, True, 0.6),
    Palette("NIGHT", (8, 12, 32), (32, 42, 74), (30, 36, 44), (14, 18, 24), (26, 38, 64), (8, 14, 30),
            (38, 46, 70), (10, 12, 20), (92, 86, 96), (70, 64, 74), (60, 46, 42), (236, 232, 210),
            0.62, True, True, 0.48),
)}

_TIME_ALIASES = (
    ("NIGHT", ("NIGHT", "MIDNIGHT", "深夜", "午夜", "夜里", "夜晚", "夜", "凌晨")),
    ("DUSK", ("DUSK", "SUNSET", "TWILIGHT", "GOLDEN HOUR", "黄昏", "傍晚", "日落", "夕阳")),
    ("DAWN", ("DAWN", "SUNRISE", "DAYBREAK", "黎明", "拂晓", "日出", "破晓")),
    ("MORNING", ("MORNING", "早晨", "早上", "上午", "清晨", "晨")),
    ("EVENING", ("EVENING", "NIGHTFALL", "晚上", "晚")),
    ("DAY", ("DAY", "NOON", "AFTERNOON", "白天", "中午", "下午", "日")),
)

_KEYWORDS: dict[str, tuple[str, ...]] = {
    "sea": ("sea", "ocean", "beach", "shore", "coast", "coastal", "seaside", "harbor", "harbour", "bay",
            "waves",
            "海", "洋", "沙滩", "港", "湾", "岸"),
    "pier": ("pier", "dock", "jetty", "wharf", "boardwalk", "码头", "栈桥"),
    "lighthouse": ("lighthouse", "灯塔"),
    "city": ("city", "town", "downtown", "skyline", "rooftop", "tower", "urban", "城", "市", "楼"),
    "street": ("street", "road", "alley", "avenue", "lane", "crossing", "街", "路", "巷", "马路"),
    "forest": ("forest", "wood", "woods", "jungle", "grove", "park", "garden", "trees", "森林", "树林", "林",
               "公园", "树"),
    "mountain": ("mountain", "hill", "hills", "cliff", "valley", "peak", "山", "峰", "崖", "谷"),
    "room": ("room", "house", "home", "apartment", "flat", "hall", "studio", "房间", "屋", "室", "家", "厅",
             "公寓"),
    "table": ("kitchen", "cafe", "café", "bar", "restaurant", "office", "diner", "desk", "table", "厨房", "咖啡",
              "餐厅", "酒吧", "办公", "桌", "饭店"),
    "bed": ("bedroom", "bed", "hospital", "卧室", "床", "病房"),
}
_SEA_LIKE = {"sea", "pier", "lighthouse"}


def palette_for(time_of_day: str) -> Palette:
    """The palette of a scene heading's time of day; unknown words give daylight.

    Args:
        time_of_day: ``DAY``, ``NIGHT``, ``DUSK``... or Chinese (``夜``, ``黄昏``...), any case.
    """
    key = time_of_day.strip().upper()
    for name, aliases in _TIME_ALIASES:
        if any(alias in key for alias in aliases):
            return PALETTES[name]
    return PALETTES["DAY"]


def scene_tags(*texts: str) -> frozenset[str]:
    """Scenery keywords (``sea``, ``city``, ``forest``, ``room``...) found in location and look words.

    English words match whole words (plural ``s`` allowed); Chinese keywords match anywhere.
    """
    found: set[str] = set()
    for text in texts:
        lowered = text.casefold()
        for tag, words in _KEYWORDS.items():
            for word in words:
                if word.isascii():
                    if re.search(rf"\b{re.escape(word)}s?\b", lowered):
                        found.add(tag)
                elif word in lowered:
                    found.add(tag)
    if found & _SEA_LIKE:
        found.add("sea")
    return frozenset(found)


def horizon_for(angle: str) -> float:
    """Height of the horizon in the frame (0 top .. 1 bottom) for a camera angle in words."""
    words = angle.casefold()
    if any(w in words for w in ("overhead", "bird", "aerial", "top down", "top-down", "鸟瞰", "俯视", "航拍")):
        return 0.2
    if any(w in words for w in ("high", "俯")):
        return 0.38
    if any(w in words for w in ("low", "worm", "仰")):
        return 0.78
    return 0.6


def seeded(*parts: object) -> random.Random:
    """A random generator fully determined by ``parts`` (stable across runs and machines)."""
    return random.Random("|".join(str(p) for p in parts))


def _digest(name: str) -> bytes:
    return hashlib.sha256(name.strip().casefold().encode("utf-8")).digest()


def character_colours(name: str) -> tuple[RGB, RGB, RGB]:
    """A character's stable colours from its name: (clothes, hair, skin)."""
    d = _digest(name)
    hue = d[0] / 256 + d[1] / 65536
    sat = 0.5 + d[2] / 255 * 0.3
    val = 0.68 + d[3] / 255 * 0.22
    clothes = tuple(round(c * 255) for c in colorsys.hsv_to_rgb(hue, sat, val))
    hairs = ((34, 26, 22), (66, 44, 30), (112, 78, 46), (196, 160, 96), (140, 60, 36), (150, 150, 150))
    skins = ((240, 206, 178), (222, 180, 142), (190, 140, 104), (140, 96, 70), (246, 220, 196))
    return clothes, hairs[d[4] % len(hairs)], skins[d[5] % len(skins)]  # type: ignore[return-value]


def hair_style(name: str) -> str:
    """A character's stable hair style from its name: ``short``, ``long`` or ``bun``."""
    return ("short", "long", "bun", "short", "long")[_digest(name)[6] % 5]


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """Blend two colours: ``t=0`` gives ``a``, ``t=1`` gives ``b``."""
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))  # type: ignore[return-value]


def lit(colour: RGB, palette: Palette) -> RGB:
    """A colour as seen under the palette's light (darker and bluer at night)."""
    dimmed = tuple(c * palette.ambient for c in colour)
    rounded: RGB = tuple(round(c) for c in dimmed)  # type: ignore[assignment]
    return mix(rounded, palette.sky_top, 0.25 * (1 - palette.ambient))
