"""Indoor sets: walls and floor lit by the time of day, windows showing the outside, furniture."""

from __future__ import annotations

from PIL import Image, ImageDraw

from render.animatic.scenery import WORLD_SPAN, Stage, glow, gradient
from render.animatic.style import RGB, lit, mix

_TINTS: tuple[RGB, ...] = ((236, 214, 178), (196, 214, 220), (208, 222, 196), (230, 200, 196),
                          (220, 220, 214))
_ITEMS = {"window": 0.34, "door": 0.24, "picture": 0.2, "shelf": 0.3}  # wall items and their widths


def paint_room(stage: Stage) -> Image.Image:
    """Draw an indoor background plate: wall, floor, windows, a door, pictures and furniture.

    The stage's horizon is the line where wall meets floor.
    """
    pal, u = stage.palette, stage.u
    tint = stage.set_rng("tint").choice(_TINTS)
    wall_top, wall_low = mix(pal.wall_top, tint, 0.3), mix(pal.wall_low, tint, 0.25)
    floor_far = lit(mix(pal.floor, (150, 116, 86), 0.3), pal)
    floor_near = mix(floor_far, (0, 0, 0), 0.3)
    image = gradient(stage.plate.width, stage.plate.height,
                     [(stage.top, wall_top), (stage.hy, wall_low), (stage.hy + 0.5, floor_far),
                      (stage.hy + 0.45 * u, floor_near)])
    draw = ImageDraw.Draw(image)
    _planks(draw, stage, floor_far)
    draw.rectangle((0, stage.Y(-0.02), stage.plate.width, stage.hy), fill=mix(wall_low, pal.shade, 0.35))
    if pal.lit_windows:
        _lamp(image, draw, stage, stage.set_rng("lamp").uniform(-0.6, 0.6))
    rng = stage.set_rng("room")
    wx = -WORLD_SPAN + rng.uniform(0, 0.4)
    items = ["window", "window", "picture", "door", "window", "shelf", "picture"]
    while wx < WORLD_SPAN:
        item = items[rng.randrange(len(items))]
        width = _ITEMS[item]
        if stage.visible(wx, wx + width):
            paint = {"window": _window, "door": _door, "picture": _picture, "shelf": _shelf}[item]
            paint(draw, stage, wx, width)
        wx += width + rng.uniform(0.15, 0.45)
    _furniture(draw, stage)
    return image


def _planks(draw: ImageDraw.ImageDraw, stage: Stage, floor: RGB) -> None:
    line = mix(floor, (0, 0, 0), 0.22)
    depth = stage.bottom - stage.hy
    k = 1
    while True:
        y = stage.hy + depth * (k / 14) ** 1.6
        if y >= stage.bottom:
            break
        draw.line((0, y, stage.plate.width, y), fill=line, width=max(1, round(stage.u * 0.002 * (1 + k / 5))))
        k += 1


def _window(draw: ImageDraw.ImageDraw, stage: Stage, wx: float, width: float) -> None:
    pal, u = stage.palette, stage.u
    x0, x1, y0, y1 = stage.X(wx), stage.X(wx + width), stage.Y(-0.55), stage.Y(-0.13)
    frame = lit((236, 232, 222), pal)
    border = 0.015 * u
    draw.rectangle((x0 - border, y0 - border, x1 + border, y1 + border), fill=frame)
    horizon = y0 + (y1 - y0) * 0.7
    steps = 8
    for i in range(steps):  # a coarse sky gradient behind the glass
        a, b = y0 + (horizon - y0) * i / steps, y0 + (horizon - y0) * (i + 1) / steps
        draw.rectangle((x0, a, x1, b), fill=mix(pal.sky_top, pal.sky_horizon, (i + 0.5) / steps))
    outside = pal.sea_far if "sea" in stage.tags else pal.ground_far
    draw.rectangle((x0, horizon, x1, y1), fill=outside)
    if stage.tags & {"city", "street"}:
        rng = stage.set_rng(f"view{wx:.3f}")
        x = x0
        while x < x1:
            bw = rng.uniform(0.02, 0.05) * u
            bh = rng.uniform(0.04, 0.16) * u
            draw.rectangle((x, max(y0, horizon - bh), min(x1, x + bw), horizon),
                           fill=mix(pal.haze, pal.shade, 0.5))
            x += bw + 0.004 * u
    if pal.name == "NIGHT":
        r = 0.018 * u
        mx, my = x0 + (x1 - x0) * 0.7, y0 + (y1 - y0) * 0.22
        draw.ellipse((mx - r, my - r, mx + r, my + r), fill=pal.light)
    mid = (x0 + x1) / 2
    draw.rectangle((mid - border / 2, y0, mid + border / 2, y1), fill=frame)
    draw.rectangle((x0, (y0 + y1) / 2 - border / 2, x1, (y0 + y1) / 2 + border / 2), fill=frame)


def _door(draw: ImageDraw.ImageDraw, stage: Stage, wx: float, width: float) -> None:
    pal, u = stage.palette, stage.u
    wood = lit((122, 88, 62), pal)
    x0, x1, y0, y1 = stage.X(wx), stage.X(wx + width), stage.Y(-0.62), stage.Y(0)
    draw.rectangle((x0 - 0.012 * u, y0 - 0.012 * u, x1 + 0.012 * u, y1), fill=mix(wood, (255, 255, 255), 0.3))
    draw.rectangle((x0, y0, x1, y1), fill=wood)
    inset = 0.03 * u
    panel = mix(wood, (0, 0, 0), 0.15)
    line = max(1, round(u * 0.006))
    draw.rectangle((x0 + inset, y0 + inset, x1 - inset, y0 + (y1 - y0) * 0.45), outline=panel, width=line)
    draw.rectangle((x0 + inset, y0 + (y1 - y0) * 0.52, x1 - inset, y1 - inset), outline=panel, width=line)
    r = 0.012 * u
    kx, ky = x1 - 0.04 * u, y0 + (y1 - y0) * 0.55
    draw.ellipse((kx - r, ky - r, kx + r, ky + r), fill=lit((210, 180, 90), pal))


def _picture(draw: ImageDraw.ImageDraw, stage: Stage, wx: float, width: float) -> None:
    pal, u = stage.palette, stage.u
    rng = stage.set_rng(f"picture{wx:.3f}")
    x0, x1, y0 = stage.X(wx), stage.X(wx + width), stage.Y(-0.52)
    y1 = y0 + (x1 - x0) * rng.uniform(0.6, 1.1)
    draw.rectangle((x0, y0, x1, y1), fill=lit((64, 48, 36), pal))
    b = 0.012 * u
    a = lit(rng.choice(_TINTS), pal)
    c = lit((rng.randrange(40, 200), rng.randrange(60, 180), rng.randrange(80, 200)), pal)
    draw.rectangle((x0 + b, y0 + b, x1 - b, y1 - b), fill=a)
    draw.polygon([(x0 + b, y1 - b), (x0 + (x1 - x0) * 0.4, y0 + (y1 - y0) * 0.45), (x1 - b, y1 - b)], fill=c)


def _shelf(draw: ImageDraw.ImageDraw, stage: Stage, wx: float, width: float) -> None:
    pal, u = stage.palette, stage.u
    rng = stage.set_rng(f"shelf{wx:.3f}")
    wood = lit((110, 80, 56), pal)
    x0, x1 = stage.X(wx), stage.X(wx + width)
    for level in (-0.42, -0.27):
        y = stage.Y(level)
        draw.rectangle((x0, y, x1, y + 0.012 * u), fill=wood)
        x = x0 + 0.01 * u
        while x < x1 - 0.03 * u:
            bw, bh = rng.uniform(0.012, 0.026) * u, rng.uniform(0.06, 0.1) * u
            book = lit((rng.randrange(60, 220), rng.randrange(50, 200), rng.randrange(50, 200)), pal)
            draw.rectangle((x, y - bh, x + bw, y), fill=book)
            x += bw + 0.002 * u


def _furniture(draw: ImageDraw.ImageDraw, stage: Stage) -> None:
    pal, u = stage.palette, stage.u
    rng = stage.set_rng("furniture")
    wx = rng.uniform(-0.5, 0.5) * stage.plate.nominal.w / (2 * u)
    wood = lit((128, 92, 64), pal)
    if "bed" in stage.tags:
        x0, x1 = stage.X(wx - 0.45), stage.X(wx + 0.45)
        draw.rectangle((x0, stage.Y(-0.1), x1, stage.Y(0.1)), fill=lit((220, 220, 230), pal))
        draw.rectangle((x0, stage.Y(-0.02), x1, stage.Y(0.1)), fill=lit(rng.choice(_TINTS), pal))
        draw.rectangle((x0 - 0.03 * u, stage.Y(-0.28), x0, stage.Y(0.12)), fill=wood)
        draw.rounded_rectangle((x0 + 0.02 * u, stage.Y(-0.16), x0 + 0.2 * u, stage.Y(-0.08)), radius=0.02 * u,
                               fill=lit((245, 245, 240), pal))
    elif "table" in stage.tags:
        top = stage.Y(-0.1)
        x0, x1 = stage.X(wx - 0.4), stage.X(wx + 0.4)
        draw.rectangle((x0, top, x1, top + 0.025 * u), fill=wood)
        for x in (x0 + 0.03 * u, x1 - 0.05 * u):
            draw.rectangle((x, top, x + 0.02 * u, stage.Y(0.12)), fill=mix(wood, (0, 0, 0), 0.25))
        cup = lit((240, 240, 236), pal)
        cx = stage.X(wx + rng.uniform(-0.3, 0.3))
        draw.rectangle((cx, top - 0.04 * u, cx + 0.03 * u, top), fill=cup)
    else:
        fabric = lit(rng.choice(((120, 60, 56), (60, 90, 120), (90, 110, 80), (130, 110, 90))), pal)
        x0, x1 = stage.X(wx - 0.4), stage.X(wx + 0.4)
        draw.rounded_rectangle((x0, stage.Y(-0.22), x1, stage.Y(-0.05)), radius=0.04 * u,
                               fill=mix(fabric, (0, 0, 0), 0.15))
        draw.rounded_rectangle((x0 - 0.05 * u, stage.Y(-0.1), x1 + 0.05 * u, stage.Y(0.08)), radius=0.03 * u,
                               fill=fabric)


def _lamp(image: Image.Image, draw: ImageDraw.ImageDraw, stage: Stage, wx: float) -> None:
    pal, u = stage.palette, stage.u
    x, y = stage.X(wx), stage.Y(-0.5)
    glow(image, x, y, 0.4 * u, mix(pal.light, (255, 190, 110), 0.4), 0.55)
    draw.rectangle((x - 0.004 * u, y, x + 0.004 * u, stage.Y(0.02)), fill=lit((50, 46, 44), pal))
    draw.polygon([(x - 0.05 * u, y + 0.02 * u), (x + 0.05 * u, y + 0.02 * u), (x + 0.03 * u, y - 0.05 * u),
                  (x - 0.03 * u, y - 0.05 * u)], fill=mix(pal.light, (255, 230, 180), 0.5))
