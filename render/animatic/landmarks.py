"""Outdoor set pieces chosen by location keywords: hills, skyline, street, forest, lighthouse, pier.

Each piece is laid out by its own location-keyed generator over the whole world span, so what a
shot sees of it does not depend on the canvas size or the camera position.
"""

from __future__ import annotations

from PIL import Image, ImageDraw

from render.animatic.scenery import WORLD_SPAN, Stage, glow
from render.animatic.style import RGB, lit, mix

_LANDMARKS = {"city", "street", "forest", "lighthouse", "pier", "sea", "mountain"}


def paint_landmarks(image: Image.Image, stage: Stage) -> None:
    """Draw the set pieces the stage's tags ask for, back to front."""
    draw = ImageDraw.Draw(image)
    tags = stage.tags
    if "mountain" in tags or not tags & {"city", "street", "sea"}:
        _ridge(draw, stage, tall="mountain" in tags)
    if tags & {"city", "street"}:
        _skyline(draw, stage)
    if "forest" in tags:
        _forest(draw, stage)
    if "street" in tags:
        _street(image, draw, stage)
    if "lighthouse" in tags:
        _lighthouse(image, draw, stage)
    if "pier" in tags:
        _pier(draw, stage)
    if not tags & _LANDMARKS:
        _meadow(draw, stage)


def _half_width(stage: Stage) -> float:
    """Half the nominal frame's width, in world units."""
    return stage.plate.nominal.w / (2 * stage.u)


def _ridge(draw: ImageDraw.ImageDraw, stage: Stage, tall: bool) -> None:
    rng, pal = stage.set_rng("ridge"), stage.palette
    lo, hi = (0.1, 0.36) if tall else (0.025, 0.1)
    points = [(stage.X(-WORLD_SPAN - 1), stage.Y(0.02))]
    peaks = []
    wx = -WORLD_SPAN - 1
    while wx < WORLD_SPAN + 1:
        valley = rng.uniform(lo * 0.2, lo)
        peak = rng.uniform(lo, hi)
        step = rng.uniform(0.25, 0.6) if tall else rng.uniform(0.15, 0.4)
        points.append((stage.X(wx), stage.Y(-valley)))
        points.append((stage.X(wx + step / 2), stage.Y(-peak)))
        peaks.append((wx + step / 2, peak, step))
        wx += step
    points.append((stage.X(wx), stage.Y(0.02)))
    colour = mix(pal.haze, pal.sky_horizon, 0.35)
    draw.polygon(points, fill=colour)
    if tall and pal.name in ("DAY", "MORNING", "DAWN"):
        snow = mix(pal.light, (255, 255, 255), 0.5)
        for px, peak, step in peaks:
            if peak > 0.22 and stage.visible(px - step, px + step):
                cap = peak * 0.22
                low = stage.Y(-peak + cap)
                draw.polygon([(stage.X(px), stage.Y(-peak)), (stage.X(px - step * 0.14), low),
                              (stage.X(px + step * 0.14), low)], fill=snow)


def _skyline(draw: ImageDraw.ImageDraw, stage: Stage) -> None:
    pal = stage.palette
    for row, (widths, heights, depth) in enumerate((((0.05, 0.13), (0.14, 0.42), 0.3),
                                                     ((0.07, 0.17), (0.06, 0.26), 0.62))):
        rng = stage.set_rng(f"skyline{row}")
        wx = -WORLD_SPAN
        while wx < WORLD_SPAN:
            bw, bh = rng.uniform(*widths), rng.uniform(*heights)
            shade = rng.uniform(-0.08, 0.08)
            lit_share, seed = rng.uniform(0.15, 0.45), rng.random()
            if stage.visible(wx, wx + bw):
                colour = mix(pal.haze, pal.shade, min(1.0, depth + shade))
                box = (stage.X(wx), stage.Y(-bh), stage.X(wx + bw), stage.Y(0.015))
                draw.rectangle(box, fill=colour)
                if row == 1:
                    _windows(draw, stage, box, colour, lit_share, seed)
            wx += bw + rng.uniform(0.0, 0.02)


def _windows(draw: ImageDraw.ImageDraw, stage: Stage, box: tuple[float, float, float, float], wall: RGB,
             lit_share: float, seed: float) -> None:
    pal, u = stage.palette, stage.u
    glow = mix(pal.light, (255, 200, 110), 0.5) if pal.lit_windows else mix(wall, pal.sky_horizon, 0.35)
    dark = mix(wall, (0, 0, 0), 0.25)
    gx, gy, ww, wh = 0.024 * u, 0.034 * u, 0.011 * u, 0.015 * u
    x0, y0, x1, y1 = box
    state = int(seed * 2**31) | 1
    y = y0 + gy * 0.6
    while y + wh < y1 - gy * 0.5:
        x = x0 + gx * 0.45
        while x + ww < x1 - gx * 0.3:
            state = (state * 1103515245 + 12345) & 0x7FFFFFFF  # cheap stable per-building pattern
            draw.rectangle((x, y, x + ww, y + wh), fill=glow if state / 0x7FFFFFFF < lit_share else dark)
            x += gx
        y += gy


def _street(image: Image.Image, draw: ImageDraw.ImageDraw, stage: Stage) -> None:
    pal, u = stage.palette, stage.u
    vx, vy, bottom = stage.X(0), stage.hy, stage.bottom
    depth = bottom - vy
    if depth <= 0:
        return
    spread = depth / u
    walk = mix(pal.ground_far, (150, 146, 140), 0.5)
    road = mix(pal.ground_near, (58, 58, 64), 0.8)
    draw.polygon([(vx - 0.004 * u, vy), (vx + 0.004 * u, vy), (vx + 2.2 * u * spread, bottom),
                  (vx - 2.2 * u * spread, bottom)], fill=walk)
    draw.polygon([(vx - 0.002 * u, vy), (vx + 0.002 * u, vy), (vx + 1.4 * u * spread, bottom),
                  (vx - 1.4 * u * spread, bottom)], fill=road)
    paint = mix(road, (235, 225, 170), 0.7)
    for k in range(12):
        t0, t1 = (k / 12) ** 2, ((k + 0.5) / 12) ** 2
        a, b = 0.02 * u * spread * t0, 0.02 * u * spread * t1
        ya, yb = vy + depth * t0, vy + depth * t1
        draw.polygon([(vx - a, ya), (vx + a, ya), (vx + b, yb), (vx - b, yb)], fill=paint)
    pole = lit((70, 72, 78), pal)
    for t in (0.12, 0.22, 0.38, 0.62, 1.0):
        for side in (-1, 1):
            x, y = vx + side * 1.6 * u * spread * t, vy + depth * t
            h, w = 0.75 * u * t, max(1.0, 0.012 * u * t)
            draw.rectangle((x - w / 2, y - h, x + w / 2, y), fill=pole)
            head = (x - side * 0.05 * u * t, y - h)
            draw.line((x, y - h, *head), fill=pole, width=max(1, round(w)))
            if pal.lit_windows:
                r = 0.02 * u * t
                glow(image, head[0], head[1] + r, 5 * r, pal.light, 0.45)
                draw.ellipse((head[0] - r, head[1], head[0] + r, head[1] + r * 1.4), fill=pal.light)


def _forest(draw: ImageDraw.ImageDraw, stage: Stage) -> None:
    pal = stage.palette
    for row in range(3):
        rng = stage.set_rng(f"forest{row}")
        grow = 1 + 0.45 * row
        colour = mix(mix(pal.haze, pal.ground_far, 0.3), pal.shade, 0.3 + 0.3 * row)
        trunk = mix(colour, (60, 40, 30), 0.4)
        base = 0.01 + 0.04 * row
        wx = -WORLD_SPAN
        while wx < WORLD_SPAN:
            h = rng.uniform(0.12, 0.26) * grow
            wx += rng.uniform(0.035, 0.075) * grow
            if not stage.visible(wx - h * 0.3, wx + h * 0.3):
                continue
            x, y = stage.X(wx), stage.Y(base)
            tw = h * 0.04 * stage.u
            draw.rectangle((x - tw, y - h * 0.25 * stage.u, x + tw, y), fill=trunk)
            for k in range(3):
                top = y - h * stage.u * (1 - 0.22 * k)
                low = y - h * stage.u * (0.5 - 0.2 * k) * 0.9
                half = h * stage.u * (0.16 + 0.06 * k)
                draw.polygon([(x, top), (x - half, low), (x + half, low)], fill=colour)


def _lighthouse(image: Image.Image, draw: ImageDraw.ImageDraw, stage: Stage) -> None:
    rng, pal, u = stage.set_rng("lighthouse"), stage.palette, stage.u
    wx = rng.choice((-1, 1)) * rng.uniform(0.35, 0.65) * _half_width(stage)
    x, y = stage.X(wx), stage.Y(0.03)
    rock = lit((84, 80, 76), pal)
    draw.ellipse((x - 0.2 * u, y - 0.05 * u, x + 0.2 * u, y + 0.06 * u), fill=rock)
    h, wb, wt = 0.36 * u, 0.04 * u, 0.026 * u
    body, band = lit((238, 236, 228), pal), lit((196, 52, 48), pal)
    draw.polygon([(x - wb, y), (x + wb, y), (x + wt, y - h), (x - wt, y - h)], fill=body)
    for k in (0.15, 0.5):
        a, b = k, k + 0.17
        wa, wbb = wb + (wt - wb) * a, wb + (wt - wb) * b
        ya, yb = y - h * a, y - h * b
        draw.polygon([(x - wa, ya), (x + wa, ya), (x + wbb, yb), (x - wbb, yb)], fill=band)
    top = y - h
    draw.rectangle((x - wt * 1.5, top - 0.01 * u, x + wt * 1.5, top), fill=lit((60, 60, 66), pal))
    glass = pal.light if pal.lit_windows else mix(pal.sky_horizon, (255, 255, 255), 0.5)
    if pal.lit_windows:
        ly = top - 0.035 * u
        for side in (-1, 1):
            draw.polygon([(x, ly - 0.005 * u), (x, ly + 0.005 * u), (x + side * 1.4 * u, ly + 0.05 * u),
                          (x + side * 1.4 * u, ly - 0.03 * u)], fill=mix(stage.sky_at(ly), pal.light, 0.13))
    if pal.lit_windows:
        glow(image, x, top - 0.033 * u, 0.12 * u, pal.light, 0.6)
    draw.rectangle((x - wt * 0.9, top - 0.055 * u, x + wt * 0.9, top - 0.01 * u), fill=glass)
    eave = top - 0.055 * u
    draw.polygon([(x - wt * 1.2, eave), (x + wt * 1.2, eave), (x, top - 0.09 * u)], fill=band)


def _pier(draw: ImageDraw.ImageDraw, stage: Stage) -> None:
    rng, pal, u = stage.set_rng("pier"), stage.palette, stage.u
    side = rng.choice((-1, 1))
    end = side * rng.uniform(-0.1, 0.4) * _half_width(stage)
    start = side * WORLD_SPAN
    x0, x1 = sorted((stage.X(start), stage.X(end)))
    wood = lit((116, 86, 60), pal)
    dark = mix(wood, (0, 0, 0), 0.35)
    deck, under, water = stage.Y(0.1), stage.Y(0.125), stage.Y(0.21)
    draw.rectangle((x0, deck, x1, under), fill=wood)
    draw.line((x0, stage.Y(0.065), x1, stage.Y(0.065)), fill=dark, width=max(1, round(0.006 * u)))
    step = 0.075 * u
    x = x1 if side < 0 else x0
    while x0 - step <= x <= x1 + step:
        draw.rectangle((x - 0.007 * u, under, x + 0.007 * u, water), fill=dark)
        draw.rectangle((x - 0.004 * u, stage.Y(0.065), x + 0.004 * u, deck), fill=dark)
        x += step if side > 0 else -step


def _meadow(draw: ImageDraw.ImageDraw, stage: Stage) -> None:
    rng, pal = stage.set_rng("meadow"), stage.palette
    leaf = mix(pal.shade, pal.ground_far, 0.35)
    trunk = mix(leaf, (70, 50, 36), 0.5)
    wx = -WORLD_SPAN
    while wx < WORLD_SPAN:
        wx += rng.uniform(0.3, 0.9)
        t = rng.random()
        h = rng.uniform(0.1, 0.18) * (1 + 1.5 * t)
        if not stage.visible(wx - h, wx + h):
            continue
        x, y = stage.X(wx), stage.Y(0.02 + 0.2 * t)
        u = stage.u
        draw.rectangle((x - 0.008 * u * (1 + t), y - h * 0.5 * u, x + 0.008 * u * (1 + t), y), fill=trunk)
        r = h * 0.32 * u
        for dx, dy, k in ((0, -0.72, 1.0), (-0.45, -0.55, 0.75), (0.45, -0.55, 0.75)):
            cx, cy = x + dx * r, y + dy * h * u
            draw.ellipse((cx - r * k, cy - r * k, cx + r * k, cy + r * k), fill=leaf)
