"""Camera moves as geometry: which part of each drawn layer the frame shows, frame by frame.

Layers (background, subjects) are drawn once per shot on canvases larger than the frame
("plates"). Every plate knows where the *nominal* frame lies on it: the framing the shot asks for,
which the camera passes through at mid-shot. A move is then a view rectangle per frame and layer:

- ``static``: the nominal frame, every frame;
- ``pan`` / ``tilt``: a frame-sized window travelling across a wider / taller plate;
- ``zoom``: a shrinking window on one plate (magnification grows toward the subject);
- ``dolly``: the camera travels toward the subject: the subject plate is magnified while the
  distant background barely changes (it is held still), so the two layers separate (parallax);
- ``handheld``: a frame-sized window shaken by a smooth seeded wobble.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

PAN_TRAVEL = 0.3  # of the frame width
TILT_TRAVEL = 0.3  # of the frame height
ZOOM = 1.4  # magnification from first to last frame
DOLLY_SUBJECT = 1.5
SHAKE = 0.018  # of the larger frame side


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle in pixels (floats allowed)."""

    x: float
    y: float
    w: float
    h: float

    @property
    def box(self) -> tuple[float, float, float, float]:
        """``(left, top, right, bottom)``, as Pillow takes boxes."""
        return self.x, self.y, self.x + self.w, self.y + self.h

    def scaled(self, k: float) -> Rect:
        """This rectangle with every coordinate multiplied by ``k``."""
        return Rect(self.x * k, self.y * k, self.w * k, self.h * k)


@dataclass(frozen=True)
class Plate:
    """A layer's canvas.

    Attributes:
        width: Canvas width in pixels.
        height: Canvas height in pixels.
        nominal: Where the nominal (mid-shot) frame lies on the canvas.
    """

    width: int
    height: int
    nominal: Rect

    def point(self, fx: float, fy: float) -> tuple[float, float]:
        """Canvas pixel of a point given in nominal-frame fractions (0..1 inside the frame)."""
        return self.nominal.x + fx * self.nominal.w, self.nominal.y + fy * self.nominal.h

    def scaled(self, k: int) -> Plate:
        """The same plate drawn ``k`` times larger (for supersampling)."""
        return Plate(self.width * k, self.height * k, self.nominal.scaled(k))


class Camera:
    """Per-frame views of a shot's plates.

    Args:
        move: ``static``, ``pan``, ``tilt``, ``zoom``, ``dolly`` or ``handheld``.
        width: Frame width.
        height: Frame height.
        num_frames: Frames in the shot.
        fps: Frames per second (paces the handheld wobble).
        rng: Seeded generator for directions and wobble.
        focus: Point the zoom and dolly move toward, in nominal-frame fractions.
    """

    def __init__(self, move: str, width: int, height: int, num_frames: int, fps: int,
                 rng: random.Random, focus: tuple[float, float] = (0.5, 0.5)):
        if move not in ("static", "pan", "tilt", "zoom", "dolly", "handheld"):
            raise ValueError(f"move must be static, pan, tilt, zoom, dolly or handheld; got {move!r}")
        self.move, self.width, self.height = move, width, height
        self.num_frames, self.fps, self.focus = num_frames, fps, focus
        self.direction = rng.choice((1, -1))
        self._wobble = [(rng.uniform(lo, hi), rng.uniform(0, 2 * math.pi), amp)
                        for lo, hi, amp in ((0.25, 0.6, 1.0), (0.7, 1.3, 0.5), (1.6, 2.6, 0.2))]
        self._wobble_y = [(f * rng.uniform(0.8, 1.25), rng.uniform(0, 2 * math.pi), a)
                          for f, _, a in self._wobble]
        w, h = width, height
        if move == "pan":
            self.travel = _even(PAN_TRAVEL * w)
            self.background = Plate(w + self.travel, h, Rect(self.travel / 2, 0, w, h))
        elif move == "tilt":
            self.travel = _even(TILT_TRAVEL * h)
            self.background = Plate(w, h + self.travel, Rect(0, self.travel / 2, w, h))
        elif move == "handheld":
            self.travel = max(2, round(SHAKE * max(w, h)))
            m = self.travel
            self.background = Plate(w + 2 * m, h + 2 * m, Rect(m, m, w, h))
        elif move == "zoom":
            self.travel = 0
            self.background = _zoom_plate(w, h, ZOOM)
        else:
            self.travel = 0
            self.background = Plate(w, h, Rect(0, 0, w, h))
        self.subject = _zoom_plate(w, h, DOLLY_SUBJECT) if move == "dolly" else self.background

    @property
    def static(self) -> bool:
        """True when every frame shows the same view."""
        return self.move == "static"

    @property
    def layered(self) -> bool:
        """True when subjects sit on their own plate (dolly parallax)."""
        return self.subject is not self.background

    def progress(self, index: int) -> float:
        """Eased progress of the move at frame ``index``: 0 first frame, 0.5 mid-shot, 1 last."""
        t = index / (self.num_frames - 1) if self.num_frames > 1 else 0.5
        return t * t * (3 - 2 * t)

    def views(self, index: int) -> tuple[Rect, Rect]:
        """The background plate's view and the subject plate's view at frame ``index``."""
        w, h, p = self.width, self.height, self.progress(index)
        if self.move == "pan":
            x = round(self.travel * (p if self.direction > 0 else 1 - p))
            view = Rect(x, 0, w, h)
        elif self.move == "tilt":
            y = round(self.travel * (p if self.direction > 0 else 1 - p))
            view = Rect(0, y, w, h)
        elif self.move == "handheld":
            m, tau = self.travel, index / self.fps
            dx, dy = round(m * _wave(self._wobble, tau)), round(m * _wave(self._wobble_y, tau))
            view = Rect(m + dx, m + dy, w, h)
        elif self.move == "zoom":
            view = self._zoom_view(self.background, ZOOM, p)
        elif self.move == "dolly":
            return Rect(0, 0, w, h), self._zoom_view(self.subject, DOLLY_SUBJECT, p)
        else:
            view = Rect(0, 0, w, h)
        return view, view

    def _zoom_view(self, plate: Plate, zoom: float, p: float) -> Rect:
        w, h = self.width, self.height
        vw, vh = w * zoom ** (1 - p), h * zoom ** (1 - p)
        cx, cy = plate.width / 2, plate.height / 2
        fx, fy = plate.point(*self.focus)
        fx = min(max(fx, w / 2), plate.width - w / 2)
        fy = min(max(fy, h / 2), plate.height - h / 2)
        x = min(max(cx + (fx - cx) * p - vw / 2, 0.0), plate.width - vw)
        y = min(max(cy + (fy - cy) * p - vh / 2, 0.0), plate.height - vh)
        return Rect(x, y, vw, vh)


def _zoom_plate(width: int, height: int, zoom: float) -> Plate:
    """A plate on which a view from ``zoom`` times the frame down to 1:1 fits, nominal at the middle."""
    mid = math.sqrt(zoom)
    cw, ch = math.ceil(width * zoom), math.ceil(height * zoom)
    return Plate(cw, ch, Rect((cw - width * mid) / 2, (ch - height * mid) / 2, width * mid, height * mid))


def _wave(parts: list[tuple[float, float, float]], tau: float) -> float:
    total = sum(a for _, _, a in parts)
    return sum(a * math.sin(2 * math.pi * f * tau + phase) for f, phase, a in parts) / total


def _even(value: float) -> int:
    return max(2, int(round(value / 2)) * 2)
