"""A storyboard contact sheet (PNG): one keyframe per shot, with its number, framing and action."""

from __future__ import annotations

import os
from pathlib import Path

from PIL import Image, ImageDraw
from pydantic import BaseModel, ConfigDict

from tools.editor.text import Font, line_height, load_font, wrap_text
from tools.errors import ToolError

_MARGIN = 28
_GUTTER = 22
_TEXT_GAP = 8
_BACKGROUND = (248, 247, 244)
_BOX = (34, 34, 38)
_INK = {"title": (20, 20, 24), "label": (20, 20, 24), "detail": (105, 105, 112), "action": (45, 45, 50)}


class StoryboardPanel(BaseModel):
    """One shot on the sheet.

    Attributes:
        keyframe: Image of the shot (PNG/JPEG), any aspect ratio.
        label: Number and shot id, e.g. ``"3 · S01-03"``.
        detail: Framing in brief, e.g. ``"CU · dolly · 2.5s"``.
        action: What happens, in the script's language; wrapped to the panel width.
    """

    model_config = ConfigDict(extra="forbid")

    keyframe: Path
    label: str
    detail: str
    action: str


def _open_keyframes(panels: list[StoryboardPanel]) -> list[Image.Image]:
    images = []
    for n, panel in enumerate(panels, start=1):
        try:
            with Image.open(panel.keyframe) as img:
                images.append(img.convert("RGB"))
        except (OSError, ValueError) as exc:
            raise ToolError(
                f"storyboard panel {n} ({panel.label}): cannot read keyframe {panel.keyframe} ({exc}); "
                "render the shot first or fix the path"
            ) from exc
    return images


def _fit(img: Image.Image, box_w: int, box_h: int) -> Image.Image:
    scale = min(box_w / img.width, box_h / img.height)
    size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
    return img.resize(size, Image.Resampling.LANCZOS)


def _draw_lines(draw: ImageDraw.ImageDraw, x: int, y: int, lines: list[str], font: Font, fill) -> int:
    for line in lines:
        draw.text((x, y), line, font=font, fill=fill)
        y += line_height(font)
    return y


def make_storyboard(panels: list[StoryboardPanel], out_path: str | Path, *, font_path: str | None,
                    title: str | None, columns: int | None = None) -> Path:
    """Draw a contact sheet: a grid of keyframes, each captioned with label, detail and action.

    Thumbnails keep their aspect ratio (9:16 and 16:9 both fit their box); captions wrap by pixel
    width (per character for Chinese) and rows grow to fit them, so no text is ever cut off.

    Args:
        panels: Shots in film order.
        out_path: The ``.png`` to write.
        font_path: CJK-capable font file (needed for Chinese); None uses Pillow's built-in font.
        title: Line across the top (the film's title), or None.
        columns: Panels per row; by default 4 for landscape keyframes and 6 for portrait ones.

    Returns:
        ``out_path``.

    Raises:
        ToolError: No panels, a bad column count, or a keyframe that cannot be read.
    """
    if not panels:
        raise ToolError("a storyboard needs at least one panel")
    if columns is not None and columns < 1:
        raise ToolError(f"columns must be at least 1, got {columns}")
    images = _open_keyframes(panels)
    portrait = sum(img.height > img.width for img in images) * 2 > len(images)
    cols = min(columns or (6 if portrait else 4), len(panels))
    cell_w = 210 if portrait else 320
    box_h = min(round(cell_w * max(img.height / img.width for img in images)), 2 * cell_w)
    fonts = {
        "title": load_font(font_path, 30), "label": load_font(font_path, 19),
        "detail": load_font(font_path, 15), "action": load_font(font_path, 16),
    }
    captions = []
    for panel in panels:
        blocks = [(kind, wrap_text(getattr(panel, kind), fonts[kind], cell_w))
                  for kind in ("label", "detail", "action")]
        height = sum(len(lines) * line_height(fonts[kind]) for kind, lines in blocks)
        captions.append((blocks, height))
    sheet_w = 2 * _MARGIN + cols * cell_w + (cols - 1) * _GUTTER
    title_lines = wrap_text(title, fonts["title"], sheet_w - 2 * _MARGIN) if title else []
    title_h = len(title_lines) * line_height(fonts["title"]) + (_GUTTER if title_lines else 0)
    rows = [range(i, min(i + cols, len(panels))) for i in range(0, len(panels), cols)]
    row_heights = [box_h + _TEXT_GAP + max(captions[i][1] for i in row) for row in rows]
    sheet_h = 2 * _MARGIN + title_h + sum(row_heights) + _GUTTER * (len(rows) - 1)

    sheet = Image.new("RGB", (sheet_w, sheet_h), _BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    _draw_lines(draw, _MARGIN, _MARGIN, title_lines, fonts["title"], _INK["title"])
    y = _MARGIN + title_h
    for row, row_h in zip(rows, row_heights, strict=True):
        for col, i in enumerate(row):
            x = _MARGIN + col * (cell_w + _GUTTER)
            draw.rectangle([x, y, x + cell_w - 1, y + box_h - 1], fill=_BOX)
            thumb = _fit(images[i], cell_w, box_h)
            sheet.paste(thumb, (x + (cell_w - thumb.width) // 2, y + (box_h - thumb.height) // 2))
            text_y = y + box_h + _TEXT_GAP
            for kind, lines in captions[i][0]:
                text_y = _draw_lines(draw, x, text_y, lines, fonts[kind], _INK[kind])
        y += row_h + _GUTTER
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    partial = out_path.with_name(f".{out_path.name}.partial")
    try:
        sheet.save(partial, format="PNG")
        os.replace(partial, out_path)
    finally:
        partial.unlink(missing_ok=True)
    return out_path
