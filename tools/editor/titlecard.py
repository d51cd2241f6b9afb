"""The film's cards, title and end: a line of text, and an optional smaller line under it, on black."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from tools.editor.plan import END_KEY, TITLE_KEY
from tools.editor.text import line_height, load_font, text_width, wrap_text
from tools.timeline import EditDecisionList, TitleCard

_TITLE_COLOUR = (245, 245, 245)
_SUBTITLE_COLOUR = (175, 175, 175)


def draw_title_card(card: TitleCard, width: int, height: int, font_path: str | None) -> np.ndarray:
    """Draw a card (the title card or the end card) as an RGB ``uint8`` array ``(height, width, 3)``.

    Text is centred and wrapped to 84% of the width, sized from the shorter side of the frame so
    it reads the same on 16:9 and 9:16.

    Args:
        card: The text and optional subtitle line.
        width: Frame width in pixels.
        height: Frame height in pixels.
        font_path: CJK-capable font file for Chinese text; None uses Pillow's built-in font.
    """
    image = Image.new("RGB", (width, height), (0, 0, 0))
    draw = ImageDraw.Draw(image)
    short_side = min(width, height)
    max_width = width * 0.84
    blocks = [(card.text, round(short_side * 0.11), _TITLE_COLOUR)]
    if card.subtitle:
        blocks.append((card.subtitle, round(short_side * 0.05), _SUBTITLE_COLOUR))
    laid_out = []
    for text, size, colour in blocks:
        font = load_font(font_path, size)
        laid_out.append((wrap_text(text, font, max_width), font, colour))
    gap = round(short_side * 0.04) if card.subtitle else 0
    total = sum(len(lines) * line_height(font) for lines, font, _ in laid_out) + gap
    y = (height - total) / 2
    for lines, font, colour in laid_out:
        for line in lines:
            x = (width - text_width(font, line)) / 2
            draw.text((x, y), line, font=font, fill=colour)
            y += line_height(font)
        y += gap
    return np.asarray(image, dtype=np.uint8)


def draw_cards(edl: EditDecisionList, width: int, height: int,
               font_path: str | None) -> dict[str, np.ndarray]:
    """Draw the EDL's title and end cards, keyed as the plan's pieces are (``TITLE_KEY``, ``END_KEY``).

    Args:
        edl: The edit decisions; a card it does not have is left out.
        width: Frame width in pixels.
        height: Frame height in pixels.
        font_path: CJK-capable font file for Chinese text; None uses Pillow's built-in font.

    Raises:
        ToolError: The font cannot be loaded.
    """
    cards = {TITLE_KEY: edl.title_card, END_KEY: edl.end_card}
    return {key: draw_title_card(card, width, height, font_path)
            for key, card in cards.items() if card is not None}
