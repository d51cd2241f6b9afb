"""On-screen text of the animatic: caption band, slate, name tags, label and a running timecode.

Every piece is measured with the font's own boxes (``getbbox``/``getlength``) and drawn inside a
patch big enough for its ink, so nothing is clipped; captions wrap by pixel width, per word for
Latin text and per character for Chinese (no line starts with closing punctuation).
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from render.fonts import load_font, needs_cjk

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
_LOCK = threading.RLock()  # FreeType faces are shared between renders: measure and draw one at a time
_NO_LINE_START = set("，。、；：？！）》」』】〉”’…,.;:?!)]}%")
_NO_LINE_END = set("（《「『【〈“‘([{")
ELLIPSIS = "…"


@dataclass
class Patch:
    """An RGBA picture and where its top-left corner goes on the frame."""

    image: Image.Image
    x: int = 0
    y: int = 0

    @property
    def width(self) -> int:
        """Patch width in pixels."""
        return self.image.width

    @property
    def height(self) -> int:
        """Patch height in pixels."""
        return self.image.height

    def paste(self, frame: Image.Image, x: int | None = None, y: int | None = None) -> None:
        """Blend the patch onto ``frame`` at its position (or at ``x, y``)."""
        frame.paste(self.image, (self.x if x is None else x, self.y if y is None else y), self.image)


def font_at(font_path: str | None, size: int) -> Font:
    """The shot's font at ``size`` pixels (never below 7)."""
    return load_font(font_path, max(7, int(size)))


def wrap(text: str, font: Font, max_width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``max_width`` pixels.

    Latin words stay whole unless a single word is wider than a line; Chinese breaks between any
    two characters, keeping closing punctuation on the line before.
    """
    with _LOCK:
        return _wrap(text, font, max_width)


def _wrap(text: str, font: Font, max_width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for token in _tokens(" ".join(text.split())):
        if token == " ":
            current += " " if current else ""
            continue
        if _width(font, (current + token).rstrip()) <= max_width:
            current += token
            continue
        if current.strip():
            lines.append(current.rstrip())
        current = ""
        while _width(font, token) > max_width and len(token) > 1:
            cut = max(1, _fit(token, font, max_width))
            lines.append(token[:cut])
            token = token[cut:]
        current = token
    if current.strip():
        lines.append(current.rstrip())
    return lines


def ellipsize(text: str, font: Font, max_width: float, force: bool = False) -> str:
    """``text`` shortened with an ellipsis until it is at most ``max_width`` pixels wide.

    With ``force``, the ellipsis is added even when the text fits (it goes on).
    """
    with _LOCK:
        if not force and _width(font, text) <= max_width:
            return text
        while text and _width(font, text + ELLIPSIS) > max_width:
            text = text[:-1]
        return text.rstrip() + ELLIPSIS


def text_box(lines: list[str], font: Font, *, ink: tuple[int, int, int], fill: tuple[int, int, int, int],
             pad: int, centre: bool = False, width: int | None = None, reserve: int = 0,
             rounded: bool = True) -> tuple[Image.Image, list[int]]:
    """Draw lines of text on a (rounded) box.

    Args:
        lines: Text lines, drawn top to bottom.
        font: Font to draw with.
        ink: Text colour.
        fill: Box colour with alpha.
        pad: Space around the text in pixels.
        centre: Centre each line (else left-aligned).
        width: Force the box width (at least the text's width plus padding).
        reserve: Extra empty lines kept at the bottom of the box (for the timecode).
        rounded: Round the box's corners.

    Returns:
        The RGBA box, and the y of every row's baseline in it (reserved rows included).
    """
    with _LOCK:
        ascent, descent = font.getmetrics()
        boxes = [font.getbbox(line, anchor="ls") for line in lines] or [(0, -ascent, 0, descent)]
        top = min([-ascent] + [b[1] for b in boxes])
        bottom = max([descent] + [b[3] for b in boxes])
        pitch = bottom - top + max(1, round((bottom - top) * 0.18))
        left = min(0, min(b[0] for b in boxes))
        text_w = max(b[2] for b in boxes) - left
        box_w = max(text_w + 2 * pad, width or 0)
        rows = len(lines) + reserve
        box_h = rows * pitch - (pitch - (bottom - top)) + 2 * pad
        image = Image.new("RGBA", (math.ceil(box_w), math.ceil(box_h)), (0, 0, 0, 0))
        draw = ImageDraw.Draw(image)
        radius = max(1, pad // 2) if rounded else 0
        draw.rounded_rectangle((0, 0, image.width - 1, image.height - 1), radius=radius, fill=fill)
        for i, (line, box) in enumerate(zip(lines, boxes)):
            x = (image.width - (box[2] - box[0])) / 2 - box[0] if centre else pad - left
            draw.text((x, pad - top + i * pitch), line, font=font, fill=ink + (255,), anchor="ls")
    return image, [pad - top + i * pitch for i in range(rows)]


def caption(text: str, font_path: str | None, width: int, height: int, max_lines: int = 3) -> Patch | None:
    """The action caption: wrapped text on a translucent band along the bottom of the frame.

    The font shrinks (down to 7 px) until the text fits ``max_lines`` lines; text that still does
    not fit ends with an ellipsis. Returns None for an empty caption.
    """
    text = " ".join(text.split())
    if not text:
        return None
    size = max(7, round(min(width, height) * 0.046))
    while True:
        font = font_at(font_path, size)
        pad = max(3, round(size * 0.45))
        room = width - 2 * pad - 2
        lines = wrap(text, font, room)
        if len(lines) <= max_lines or size <= 7:
            break
        size = max(7, int(size * 0.88))
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + [ellipsize(lines[max_lines - 1], font, room, force=True)]
    band, _ = text_box(lines, font, ink=(255, 255, 255), fill=(0, 0, 0, 150), pad=pad, centre=True,
                       width=width, rounded=False)
    return Patch(band, 0, height - band.height)


def tag(text: str, font: Font, colour: tuple[int, int, int], max_width: float) -> Image.Image:
    """A name tag: the text in white on a box of ``colour``, at most ``max_width`` wide."""
    pad = max(2, round(font.size * 0.3)) if hasattr(font, "size") else 3
    text = ellipsize(text, font, max_width - 2 * pad)
    image, _ = text_box([text], font, ink=(255, 255, 255), fill=colour + (215,), pad=pad)
    return image


class Timecode:
    """A running ``HH:MM:SS:FF`` timecode drawn from pre-rendered glyphs (no text layout per frame).

    Args:
        font: Font of the digits.
        fps: Frames per second (FF counts 0 .. fps-1).
        ink: Colour of the digits.
    """

    def __init__(self, font: Font, fps: int, ink: tuple[int, int, int] = (255, 214, 90)):
        self.fps, self.ink = fps, ink
        self.frame_digits = max(2, len(str(fps - 1)))
        with _LOCK:
            self.ascent, descent = font.getmetrics()
            cell_h = self.ascent + descent
            digit_w = math.ceil(max(font.getlength(d) for d in "0123456789"))
            colon_w = math.ceil(font.getlength(":"))
            self._glyphs: dict[str, Image.Image] = {}
            for ch in "0123456789:":
                cell_w = colon_w if ch == ":" else digit_w
                mask = Image.new("L", (cell_w, cell_h), 0)
                ImageDraw.Draw(mask).text(((cell_w - font.getlength(ch)) / 2, self.ascent), ch, font=font,
                                          fill=255, anchor="ls")
                self._glyphs[ch] = mask
        sample = self.text(0)
        self.width = sum(self._glyphs[c].width for c in sample)
        self.height = cell_h

    def text(self, index: int) -> str:
        """The timecode of frame ``index`` of the shot."""
        seconds, frames = divmod(index, self.fps)
        minutes, seconds = divmod(seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return f"{hours:02d}:{minutes:02d}:{seconds:02d}:{frames:0{self.frame_digits}d}"

    def draw(self, frame: Image.Image, x: int, baseline: int, index: int) -> None:
        """Draw frame ``index``'s timecode with its baseline at ``(x, baseline)``."""
        y = baseline - self.ascent
        for ch in self.text(index):
            glyph = self._glyphs[ch]
            frame.paste(self.ink, (x, y, x + glyph.width, y + glyph.height), glyph)
            x += glyph.width


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    word = ""
    for ch in text:
        if ch == " " or needs_cjk(ch):
            if word:
                tokens.append(word)
                word = ""
            if ch in _NO_LINE_START and tokens and tokens[-1] != " ":
                tokens[-1] += ch
            else:
                tokens.append(ch)
        elif ch in _NO_LINE_START and not word and tokens and tokens[-1] != " ":
            tokens[-1] += ch
        else:
            word += ch
    if word:
        tokens.append(word)
    merged: list[str] = []
    for token in tokens:  # opening punctuation sticks to what follows it
        if merged and merged[-1] and merged[-1][-1] in _NO_LINE_END and token != " ":
            merged[-1] += token
        else:
            merged.append(token)
    return merged


def _width(font: Font, text: str) -> float:
    return font.getlength(text) if text else 0.0


def _fit(token: str, font: Font, max_width: float) -> int:
    """How many leading characters of ``token`` fit in ``max_width``."""
    n = 0
    while n < len(token) and _width(font, token[: n + 1]) <= max_width:
        n += 1
    return n
