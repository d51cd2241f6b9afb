"""Storyboard contact sheet: a readable PNG for landscape and vertical films."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from tests.tools.clipmaker import CJK_FONT
from tools.editor.text import load_font, wrap_text
from tools.errors import ToolError
from tools.storyboard import StoryboardPanel, make_storyboard

ACTION_ZH = (
    "她推开门，雨水顺着屋檐落下，远处传来火车的汽笛声。"
    "她停了一下，回头看向空荡荡的站台。"
)


def _keyframes(tmp_path, size, n):
    paths = []
    for i in range(n):
        img = np.zeros((size[1], size[0], 3), dtype=np.uint8)
        img[:] = (30 + 40 * i, 90, 160)
        path = tmp_path / f"k{i}.png"
        Image.fromarray(img).save(path)
        paths.append(path)
    return paths


@pytest.mark.parametrize("size", [(320, 180), (180, 320)], ids=["16x9", "9x16"])
def test_storyboard_sheet_for_both_aspects(tmp_path, size):
    panels = [
        StoryboardPanel(keyframe=p, label=f"{i + 1} · S01-0{i + 1}", detail="CU · dolly · 2.5s",
                        action=ACTION_ZH if i % 2 else "She waits by the empty platform.")
        for i, p in enumerate(_keyframes(tmp_path, size, 5))
    ]
    out = make_storyboard(panels, tmp_path / "board.png", font_path=CJK_FONT, title="雨夜 · 第一集")
    with Image.open(out) as sheet:
        assert sheet.format == "PNG"
        pixels = np.asarray(sheet.convert("RGB"))
    height, width = pixels.shape[:2]
    assert width > 600 and height > 300
    # the keyframe colour of the last panel appears on the sheet, and so does dark text
    assert (np.abs(pixels.astype(int) - (190, 90, 160)).max(axis=2) < 6).sum() > 1000
    assert (pixels.max(axis=2) < 80).sum() > 500
    if size[1] > size[0]:
        assert height > width / 2  # tall thumbnails make tall rows


def test_captions_wrap_to_the_panel_width_per_character_for_chinese():
    font = load_font(CJK_FONT, 16)
    lines = wrap_text(ACTION_ZH, font, 200)
    assert len(lines) > 2
    assert "".join(lines) == ACTION_ZH  # nothing lost, no spaces invented
    assert all(font.getlength(line) <= 200 for line in lines)
    assert not any(line[0] in "，。" for line in lines)
    english = wrap_text("a long line of words that must wrap between words", font, 120)
    assert all(font.getlength(line) <= 120 for line in english)
    assert " ".join(english) == "a long line of words that must wrap between words"


def test_missing_keyframe_is_a_clear_error(tmp_path):
    panel = StoryboardPanel(keyframe=tmp_path / "nope.png", label="1", detail="", action="")
    with pytest.raises(ToolError, match="nope.png"):
        make_storyboard([panel], tmp_path / "board.png", font_path=None, title=None)
