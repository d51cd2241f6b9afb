"""Fonts and on-screen text: Chinese is found, measured and wrapped without losing or clipping anything."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from render.animatic.overlay import Overlay
from render.animatic.text import wrap
from render.fonts import find_font, load_font, needs_cjk


def test_needs_cjk():
    assert needs_cjk("他说：你好")
    assert needs_cjk("Lin says 好")
    assert needs_cjk("。")
    assert not needs_cjk("Lin hands Mara the key.")
    assert not needs_cjk("")


def test_find_font_gives_a_font_that_draws_chinese():
    path = find_font(cjk=True)
    assert path is not None and Path(path).is_file()
    font = load_font(str(path), 32)

    def ink(text: str) -> np.ndarray:
        image = Image.new("L", (80, 60))
        ImageDraw.Draw(image).text((4, 4), text, font=font, fill=255)
        return np.asarray(image)

    assert ink("海").any()
    assert not np.array_equal(ink("海"), ink("山"))  # real glyphs, not missing-glyph boxes


def test_find_font_latin_and_cache():
    latin = find_font(cjk=False)
    assert latin is not None and Path(latin).is_file()
    assert find_font(cjk=False) is latin  # cached


def test_bad_font_size_or_file_is_named(tmp_path):
    with pytest.raises(ValueError, match="size must be at least 1"):
        load_font(None, 0)
    bogus = tmp_path / "not-a-font.ttf"
    bogus.write_text("hello")
    with pytest.raises(ValueError, match="cannot be opened"):
        load_font(str(bogus), 12)


@pytest.fixture(scope="module")
def font():
    return load_font(str(find_font(cjk=True)), 20)


def test_chinese_wraps_per_character_within_the_width(font):
    text = "阿明望着远处的灯塔，海风吹乱了他的头发，他轻声说：我们回家吧。"
    lines = wrap(text, font, 150)
    assert len(lines) > 1
    assert "".join(lines) == text  # nothing lost
    assert all(font.getlength(line) <= 150 for line in lines)
    assert not any(line[0] in "，。：" for line in lines)  # no line starts with closing punctuation


def test_english_wraps_per_word(font):
    text = "Lin hands Mara the old brass key as the tide comes in."
    lines = wrap(text, font, 160)
    assert " ".join(lines) == text
    assert all(font.getlength(line) <= 160 for line in lines)


def test_a_word_longer_than_the_line_is_broken(font):
    lines = wrap("Supercalifragilisticexpialidocious", font, 80)
    assert "".join(lines) == "Supercalifragilisticexpialidocious"
    assert all(font.getlength(line) <= 80 for line in lines)


@pytest.mark.parametrize("width,height", [(160, 96), (96, 160), (1280, 720), (720, 1280), (64, 64)])
def test_every_text_patch_fits_inside_the_frame(width, height):
    names = [("林夏", (200, 40, 40)), ("Mara Delacroix-Wellington", (40, 90, 200))]
    overlay = Overlay(width, height, str(find_font()), "S12-07 a very long shot identifier", "MCU · HANDHELD",
                      "阿明望着远处的灯塔，海风吹乱了他的头发。" * 6 + " And then the storm arrives." * 4, 24, names)
    patches = [overlay.caption, overlay.slate, overlay.label]
    if min(width, height) >= 96:
        assert None not in patches and None not in overlay.tags
    for patch in filter(None, patches):  # a thumbnail may leave a piece out, never clip it
        assert 0 <= patch.x and patch.x + patch.width <= width
        assert 0 <= patch.y and patch.y + patch.height <= height
    for image in filter(None, overlay.tags):
        assert image.width <= width
    frame = Image.new("RGB", (width, height))
    overlay.paint_tags(frame, [(-500.0, -500.0), (width + 500.0, height + 500.0)])  # anchors far outside
    assert np.asarray(frame).any()  # both tags pulled back into view
