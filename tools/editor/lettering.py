"""Lettering for the picture: burned-in subtitles and the AI label, drawn to fit the safe area.

Safe areas (``safe_area``): on 16:9 (and anything wider than 6:5) the title-safe 90% of the width
and a bottom margin of 8% of the height; on 9:16 (anything narrower than 4:5), where Douyin and
TikTok cover the bottom and the right edge with their buttons and captions, the central 80% of the
width and nothing in the bottom 18% or the top 10%; square-ish frames in between get 6% sides, 6%
top, 12% bottom.

Subtitles are white with a dark outline and a soft shadow, sized from the frame's shorter side
(5.5%) so they read the same on a phone in both orientations, wrapped by display width (per
character in Chinese, per word in Latin text) into at most two lines, and set in a smaller size
rather than a third line or a clipped edge; they sit centred on the bottom edge of the safe area.
Every pixel they draw, shadow included, stays inside the safe area. The label is small (2.2% of
the shorter side), white at 70% opacity with an outline, in the top right corner of the safe area.

Pictures are straight-alpha RGBA, cropped at the sides to what is drawn (their height follows the
font's metrics, not the letters, so the baseline stays put from one subtitle to the next),
even-sized and placed at even coordinates, so that ffmpeg's 4:2:0 overlay puts them exactly where
numpy does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from tools.editor.text import Font, load_font, wrap_text
from tools.errors import EditError

SUBTITLE_SIZE = 0.055  # of the frame's shorter side
LABEL_SIZE = 0.022
LABEL_OPACITY = 0.7
MAX_LINES = 2
_MIN_SIZE = 6  # pixels; load_font's smallest


@dataclass(frozen=True)
class SafeArea:
    """The part of the frame text may use, in pixels (``right`` and ``bottom`` exclusive)."""

    left: int
    top: int
    right: int
    bottom: int

    @property
    def width(self) -> int:
        """Usable width."""
        return self.right - self.left

    @property
    def height(self) -> int:
        """Usable height."""
        return self.bottom - self.top


def safe_area(width: int, height: int) -> SafeArea:
    """Where text may go in a ``width x height`` frame (see the module docstring for the margins)."""
    aspect = width / height
    if aspect >= 1.2:
        side, top, bottom = 0.05, 0.05, 0.08
    elif aspect <= 0.8:
        side, top, bottom = 0.10, 0.10, 0.18
    else:
        side, top, bottom = 0.06, 0.06, 0.12
    return SafeArea(left=_even_up(width * side), top=_even_up(height * top),
                    right=width - _even_up(width * side), bottom=height - _even_up(height * bottom))


def _even_up(value: float) -> int:
    n = int(np.ceil(value))
    return n + (n % 2)


def _even_down(value: float) -> int:
    n = int(np.floor(value))
    return n - (n % 2)


def _compose(layers: list[tuple[int, np.ndarray]]) -> np.ndarray:
    """Stack grey ``(level, alpha 0..1)`` layers bottom first into a straight-alpha RGBA uint8 picture."""
    colour = np.zeros(layers[0][1].shape, np.float32)
    alpha = np.zeros_like(colour)
    for level, a in layers:
        colour = colour * (1 - a) + level * a
        alpha = alpha * (1 - a) + a
    grey = np.where(alpha > 0, colour / np.maximum(alpha, 1e-6), 0)
    out = np.empty((*alpha.shape, 4), np.uint8)
    out[..., :3] = np.rint(grey)[..., None]
    out[..., 3] = np.rint(alpha * 255)
    return out


def _crop_even(rgba: np.ndarray) -> np.ndarray:
    """Crop the sides to the drawn pixels (the rows stay, so baselines do not move with the text),
    then pad with transparency to even sides."""
    cols = np.flatnonzero(rgba[..., 3].any(axis=0))
    if cols.size == 0:
        return np.zeros((2, 2, 4), np.uint8)
    rgba = rgba[:, cols[0]:cols[-1] + 1]
    h, w = rgba.shape[:2]
    return np.pad(rgba, ((h % 2, 0), (0, w % 2), (0, 0)))


@dataclass(frozen=True)
class _Style:
    font: Font
    size: int
    stroke: int
    shadow: int

    @property
    def pad(self) -> int:
        """Room around the glyphs for the outline and the blurred, offset shadow."""
        return self.stroke + 4 * self.shadow + 2

    @property
    def step(self) -> int:
        """Baseline to baseline."""
        return round(self.size * 1.3) + self.stroke


def _style(font_path: str | None, size: int, *, shadow: bool) -> _Style:
    return _Style(load_font(font_path, size), size, max(1, round(size * 0.08)),
                  max(1, round(size * 0.05)) if shadow and size >= 12 else 0)


def _extent(lines: list[str], style: _Style) -> tuple[int, int, list[tuple[int, int, int, int]]]:
    """Canvas width and height for the lines (an upper bound of the drawn picture), and their boxes."""
    boxes = [style.font.getbbox(line, stroke_width=style.stroke) for line in lines]
    ascent, descent = style.font.getmetrics()
    width = max(b[2] - b[0] for b in boxes) + 2 * style.pad
    height = style.step * (len(lines) - 1) + max(boxes[-1][3], ascent + descent + style.stroke) + 2 * style.pad
    return int(np.ceil(width)), int(np.ceil(height)), boxes


def _draw_lines(lines: list[str], style: _Style, opacity: float = 1.0) -> np.ndarray:
    """Centred lines of white text with a dark outline (and a soft shadow when the style has one)."""
    width, height, boxes = _extent(lines, style)
    fill = Image.new("L", (width, height))
    outline = Image.new("L", (width, height))
    for i, (line, box) in enumerate(zip(lines, boxes, strict=True)):
        x = (width - (box[2] - box[0])) / 2 - box[0]
        y = style.pad + i * style.step
        ImageDraw.Draw(fill).text((x, y), line, font=style.font, fill=255)
        ImageDraw.Draw(outline).text((x, y), line, font=style.font, fill=255, stroke_width=style.stroke,
                                     stroke_fill=255)
    layers = [(0, np.asarray(outline, np.float32) / 255), (255, np.asarray(fill, np.float32) / 255)]
    if style.shadow:
        blurred = np.asarray(outline.filter(ImageFilter.GaussianBlur(style.shadow)), np.float32)
        layers.insert(0, (0, np.roll(blurred / 255 * 0.5, (style.shadow, style.shadow), axis=(0, 1))))
    picture = _compose(layers)
    if opacity < 1:
        picture[..., 3] = np.rint(picture[..., 3] * opacity).astype(np.uint8)
    return _crop_even(picture)


def draw_subtitle(text: str, width: int, height: int, font_path: str | None) -> tuple[np.ndarray, int, int]:
    """Draw one subtitle as it will be burned in.

    Args:
        text: The line (Chinese or Latin; explicit newlines are kept).
        width: Frame width in pixels.
        height: Frame height in pixels.
        font_path: CJK-capable font; None uses Pillow's built-in font (no CJK glyphs).

    Returns:
        ``(picture, x, y)``: the RGBA ``uint8`` picture and its top-left corner in the frame,
        centred at the bottom of the safe area.

    Raises:
        EditError: The text does not fit the safe area even in the smallest font.
        ToolError: The font cannot be loaded.
    """
    area = safe_area(width, height)
    size = max(round(min(width, height) * SUBTITLE_SIZE), _MIN_SIZE)
    style = _style(font_path, size, shadow=True)
    room = MAX_LINES * (area.width - 2 * (style.pad + style.stroke))
    longest = max(style.font.getlength(p) for p in text.splitlines() or [text])
    if longest > room:  # start near the size at which it fits on two lines
        size = max(_MIN_SIZE, min(size, int(size * room / longest)))
    while True:
        style = _style(font_path, size, shadow=True)
        lines = wrap_text(text, style.font, area.width - 2 * (style.pad + style.stroke))
        w, h, _ = _extent(lines, style)
        fits = w <= area.width and h <= area.height
        if fits and (len(lines) <= MAX_LINES or size <= _MIN_SIZE):
            break
        if size <= _MIN_SIZE:
            raise EditError(
                f"the subtitle {text[:40]!r} does not fit on a {width}x{height} frame even in the "
                "smallest font; split it into shorter lines"
            )
        size = max(_MIN_SIZE, min(size - 1, int(size * 0.92)))
    picture = _draw_lines(lines, style)
    h, w = picture.shape[:2]
    x = min(max(_even_down(area.left + (area.width - w) / 2), area.left), area.right - w)
    return picture, x, area.bottom - h


def draw_label(text: str, width: int, height: int, font_path: str | None) -> tuple[np.ndarray, int, int]:
    """Draw the AI label, small and semi-transparent, for the top right corner of the safe area.

    Args:
        text: The label, e.g. ``"AI-generated"`` or ``"AI生成"``.
        width: Frame width in pixels.
        height: Frame height in pixels.
        font_path: CJK-capable font; None uses Pillow's built-in font.

    Returns:
        ``(picture, x, y)`` as for ``draw_subtitle``.

    Raises:
        EditError: The label is wider than the safe area.
    """
    area = safe_area(width, height)
    style = _style(font_path, max(round(min(width, height) * LABEL_SIZE), _MIN_SIZE), shadow=False)
    picture = _draw_lines([" ".join(text.split())], style, opacity=LABEL_OPACITY)
    h, w = picture.shape[:2]
    if w > area.width or h > area.height:
        raise EditError(f"the label {text!r} is wider than a {width}x{height} frame; shorten it")
    return picture, area.right - w, area.top
