"""One animatic shot as a stream of frames.

Everything expensive happens once per shot: the background plate (sky or room, set pieces, and
the characters unless the move needs them on their own plate) and the text patches. Per frame
the camera's view is cut out of the plate (a crop for static, pan, tilt and handheld; a rescale
for zoom), the subject plate is scaled in for a dolly, and the text patches and the timecode are
blended on top. Frames are yielded one by one: nothing holds the whole clip.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np
from PIL import Image

from render.animatic.camera import Camera, Plate, Rect
from render.animatic.figures import Cast, layout_cast, paint_cast
from render.animatic.overlay import Overlay
from render.animatic.scenery import Stage, paint_background
from render.animatic.style import horizon_for, palette_for, scene_tags, seeded
from render.types import RenderRequest

SUPERSAMPLE = 2  # plates are drawn this much larger, then reduced: smooth edges
MAX_DRAW_PIXELS = 24_000_000  # above this, plates are drawn at 1x
BILINEAR = Image.Resampling.BILINEAR


class Layer:
    """A plate drawn ``k`` times larger than it shows, cut into frame-sized views.

    A view that is 1:1 on whole pixels is a plain crop of the plate reduced once to 1x; any other
    view (zoom, dolly) samples the ``k``-times plate at ``k`` times the frame size with nearest
    neighbour, then box-averages it down by ``k``: an area filter, twice as fast as Pillow's
    bilinear resize on one core, and as smooth for these flat-shaded plates.

    Args:
        image: The plate at ``k`` times its size (RGB, or premultiplied ``RGBa`` for a sprite).
        k: Supersampling factor.
        x: Left edge of the image on the plate, in plate pixels (sprites are cut to their content).
        y: Top edge, in plate pixels.
    """

    def __init__(self, image: Image.Image, k: int, x: int = 0, y: int = 0):
        self.image, self.k, self.x, self.y = image, k, x, y
        self._small: Image.Image | None = None

    @property
    def small(self) -> Image.Image:
        """The plate at 1x."""
        if self._small is None:
            self._small = self.image.reduce(self.k) if self.k > 1 else self.image
        return self._small

    def cut(self, box: tuple[float, float, float, float], size: tuple[int, int]) -> Image.Image:
        """The part ``box`` (plate pixels, relative to this layer's corner) scaled to ``size``."""
        x0, y0, x1, y1 = box
        if (x1 - x0, y1 - y0) == size and all(float(v).is_integer() for v in box):
            return self.small.crop((int(x0), int(y0), int(x1), int(y1)))
        k = self.k
        if k == 1:
            return self.image.resize(size, BILINEAR, box=box)
        big = self.image.resize((size[0] * k, size[1] * k), Image.Resampling.NEAREST,
                                box=(x0 * k, y0 * k, x1 * k, y1 * k))
        return big.reduce(k)


def shot_frames(request: RenderRequest, font_path: str | None) -> Iterator[np.ndarray]:
    """Draw the frames of a shot.

    Args:
        request: The shot. Equal requests give equal frames.
        font_path: Font for on-screen text (None for Pillow's built-in Latin font).

    Yields:
        ``request.num_frames`` frames, ``height x width x 3`` uint8 RGB.
    """
    w, h = request.width, request.height
    # 1. Read the request: light, set, framing, camera.
    palette = palette_for(request.time_of_day)
    tags = scene_tags(request.location, request.look)
    horizon = horizon_for(request.angle)
    if request.interior:
        horizon = min(0.9, horizon + 0.1)
    cast = layout_cast(request.characters, request.size, w / h, horizon, seeded("cast", request.seed),
                       hint=(request.action, request.prompt))
    camera = Camera(request.move, w, h, request.num_frames, request.fps, seeded("camera", request.seed),
                    cast.focus)
    place = (request.location.strip().casefold(), request.look.strip().casefold(), str(request.interior))
    set_key = "|".join(place)
    if not (request.location.strip() or request.look.strip()):
        set_key = f"seed{request.seed}"
    offset = seeded("offset", request.seed).uniform(-0.25, 0.25) * w / (2 * h)

    def stage(plate: Plate) -> Stage:
        return Stage(plate, palette, tags, horizon, request.interior, set_key, str(request.seed), offset)

    # 2. Paint the plates.
    background = _paint(camera.background, lambda p: paint_background(stage(p)),
                        None if camera.layered else cast, palette)
    sprite = _paint_sprite(camera.subject, cast, palette) if camera.layered else None

    # 3. Render the text.
    framing = f"{request.size} · {request.move.upper()}"
    overlay = Overlay(w, h, font_path, request.shot_id, framing, request.action, request.fps,
                      [(f.name, f.colours[0]) for f in cast.figures])
    anchors = [(f.x, f.top - 0.012) for f in cast.figures]

    # 4. Stream the frames.
    still = None
    for index in range(request.num_frames):
        if still is None:
            bg_view, subject_view = camera.views(index)
            frame = background.cut(bg_view.box, (w, h))
            if sprite is not None:
                _paste_sprite(frame, sprite, subject_view, w, h)
            overlay.paint_fixed(frame)
            overlay.paint_tags(frame, [_to_screen(camera.subject, subject_view, a, w, h) for a in anchors])
            if camera.static:
                still = frame
        frame = still.copy() if still is not None else frame
        overlay.paint_timecode(frame, index)
        yield np.asarray(frame)


def _paint(plate: Plate, paint_scene, cast: Cast | None, palette) -> Layer:
    """Draw a background plate (and the cast on it) supersampled."""
    k = _supersample(plate)
    big = plate.scaled(k)
    image = paint_scene(big)
    if cast is not None:
        paint_cast(image, big, cast, palette)
    return Layer(image, k)


def _paint_sprite(plate: Plate, cast: Cast, palette) -> Layer | None:
    """Draw the cast alone on a transparent plate, cut to its visible pixels (premultiplied)."""
    k = _supersample(plate)
    big = plate.scaled(k)
    image = Image.new("RGBA", (big.width, big.height), (0, 0, 0, 0))
    paint_cast(image, big, cast, palette)
    box = image.getchannel("A").getbbox()
    if box is None:
        return None
    box = tuple(v // k * k for v in box[:2]) + tuple(-(-v // k) * k for v in box[2:])
    return Layer(image.crop(box).convert("RGBa"), k, box[0] // k, box[1] // k)


def _supersample(plate: Plate) -> int:
    return SUPERSAMPLE if plate.width * plate.height * SUPERSAMPLE**2 <= MAX_DRAW_PIXELS else 1


def _paste_sprite(frame: Image.Image, sprite: Layer | None, view: Rect, w: int, h: int) -> None:
    """Scale the part of the sprite that ``view`` sees into the frame and blend it in."""
    if sprite is None:
        return
    sx, sy = w / view.w, h / view.h
    sw, sh = sprite.image.width / sprite.k, sprite.image.height / sprite.k
    left, top = (sprite.x - view.x) * sx, (sprite.y - view.y) * sy
    right, bottom = left + sw * sx, top + sh * sy
    dl, dt = max(0, math.floor(left)), max(0, math.floor(top))
    dr, db = min(w, math.ceil(right)), min(h, math.ceil(bottom))
    if dr <= dl or db <= dt:
        return
    box = (min(max((dl - left) / sx, 0.0), sw), min(max((dt - top) / sy, 0.0), sh),
           min(max((dr - left) / sx, 0.0), sw), min(max((db - top) / sy, 0.0), sh))
    part = sprite.cut(box, (dr - dl, db - dt)).convert("RGBA")
    frame.paste(part, (dl, dt), part)


def _to_screen(plate: Plate, view: Rect, point: tuple[float, float], w: int, h: int) -> tuple[float, float]:
    """Screen pixel of a point given in nominal-frame fractions, through the plate's view."""
    px, py = plate.point(*point)
    return (px - view.x) * w / view.w, (py - view.y) * h / view.h
