"""Text on pictures: load a font and wrap text by pixel width, per word for Latin, per character for CJK."""

from __future__ import annotations

import re
from functools import lru_cache

from PIL import ImageFont

from tools.errors import ToolError

_CJK = (
    "\u2e80-\u2fff\u3000-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
)
_TOKEN = re.compile(rf"[{_CJK}]|[^\s{_CJK}]+|\s+")
# Characters that must not start a line (closing punctuation), in Chinese and Latin text.
_NO_LINE_START = set("，。、；：！？）》」』】〕〉”’…—,.;:!?)]}%")

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@lru_cache(maxsize=32)
def load_font(font_path: str | None, size: int) -> Font:
    """Load a TrueType/OpenType font (``.ttc`` collections too) at ``size`` pixels.

    Args:
        font_path: Font file; a CJK-capable one (Noto Sans CJK) to draw Chinese. None uses
            Pillow's built-in font, which has no CJK glyphs.
        size: Pixel size.

    Raises:
        ToolError: The font file is missing or unreadable.
    """
    size = max(int(size), 6)
    if font_path is None:
        return ImageFont.load_default(size=size)
    try:
        return ImageFont.truetype(font_path, size)
    except OSError as exc:
        raise ToolError(
            f"cannot load font {font_path!r} ({exc}); pass the path of a .ttf/.otf/.ttc file, "
            "e.g. /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
        ) from exc


def text_width(font: Font, text: str) -> float:
    """Width in pixels of ``text`` drawn in ``font``."""
    return font.getlength(text)


def line_height(font: Font) -> int:
    """Pixels from one line's top to the next's, with a little leading."""
    ascent, descent = font.getmetrics() if hasattr(font, "getmetrics") else (font.size, 0)
    return int((ascent + descent) * 1.15) + 1


def _split_long(token: str, font: Font, max_width: float) -> list[str]:
    pieces, current = [], ""
    for ch in token:
        if current and text_width(font, current + ch) > max_width:
            pieces.append(current)
            current = ch
        else:
            current += ch
    return pieces + [current] if current else pieces


def _wrap_paragraph(paragraph: str, font: Font, max_width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for token in _TOKEN.findall(paragraph):
        if token.isspace():
            if current:
                current += " "
            continue
        candidate = current + token
        if text_width(font, candidate.rstrip()) <= max_width:
            current = candidate
            continue
        if token[0] in _NO_LINE_START and current.strip() and len(current.rstrip()) > 1:
            # Keep closing punctuation with the character before it: move that character down.
            kept = current.rstrip()
            lines.append(kept[:-1].rstrip())
            current = kept[-1] + token
            continue
        if current.strip():
            lines.append(current.rstrip())
        current = ""
        if text_width(font, token) > max_width:
            *full, current = _split_long(token, font, max_width)
            lines.extend(full)
        else:
            current = token
    if current.strip():
        lines.append(current.rstrip())
    return lines


def wrap_text(text: str, font: Font, max_width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``max_width`` pixels.

    Latin text breaks between words (a word wider than the line is split by characters); CJK text
    breaks between any two characters, keeping closing punctuation off the start of a line.
    Explicit newlines are kept.

    Args:
        text: The text.
        font: The font it will be drawn in.
        max_width: Line width in pixels.
    """
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines.extend(_wrap_paragraph(paragraph, font, max_width) or ([""] if not paragraph.strip() else []))
    return lines
