"""Burned-in subtitles and the AI label: inside the safe area, wrapped, never clipped, the same on
plain and composited frames."""

from __future__ import annotations

import numpy as np
import pytest

from tests.tools.clipmaker import CJK_FONT, make_clip, read_index
from tools.editor.encode import VideoFormat, decode_window, encode_frames, encode_plain
from tools.editor.lettering import draw_label, draw_subtitle, safe_area
from tools.editor.overlay import burn, make_overlays
from tools.errors import EditError
from tools.probe import read_frames
from tools.timeline import SubtitleEvent

LONG_CJK = "这是一个非常非常长的字幕，它必须在安全区域内换行，绝对不能被裁切掉，无论屏幕是横的还是竖的。"
LONG_LATIN = ("This is a rather long English subtitle that certainly needs wrapping on a vertical phone "
              "screen, doesn't it?")
LONG_WORD = "Supercalifragilisticexpialidocious-antidisestablishmentarianism"
SIZES = [(1280, 720), (720, 1280), (1080, 1080), (256, 144), (144, 256)]


def _drawn_box(picture: np.ndarray, x: int, y: int) -> tuple[int, int, int, int]:
    """Left, top, right, bottom (exclusive) of every pixel the picture draws, in frame coordinates."""
    rows, cols = np.nonzero(picture[..., 3])
    return x + cols.min(), y + rows.min(), x + cols.max() + 1, y + rows.max() + 1


def _text_lines(picture: np.ndarray, gap: int = 6) -> int:
    """Lines of white lettering: runs of rows holding opaque near-white pixels, apart by ``gap`` rows
    or more (so that the dot of an "i" is not a line of its own)."""
    rows = np.flatnonzero(((picture[..., 3] > 200) & (picture[..., 0] > 200)).any(axis=1))
    return int(rows.size > 0) + int(np.count_nonzero(np.diff(rows) > gap))


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("text", [LONG_CJK, LONG_LATIN, LONG_WORD, "你好。"], ids=["cjk", "latin", "word", "short"])
def test_subtitles_stay_inside_the_safe_area_on_at_most_two_lines(size, text):
    width, height = size
    picture, x, y = draw_subtitle(text, width, height, CJK_FONT)
    left, top, right, bottom = _drawn_box(picture, x, y)
    area = safe_area(width, height)
    assert area.left <= left and right <= area.right and area.top <= top and bottom <= area.bottom
    assert 0 < left and right < width and 0 < top and bottom < height
    assert abs((left + right) / 2 - width / 2) <= 3  # centred
    assert picture[..., 3].max() == 255
    if min(size) >= 720:  # big enough to see white lettering and count its lines
        assert picture[..., :3].max() == 255
        assert 1 <= _text_lines(picture) <= 2


def test_safe_areas_follow_the_platforms_margins():
    wide, tall = safe_area(1920, 1080), safe_area(1080, 1920)
    assert (wide.left, wide.right, wide.bottom) == (96, 1824, 1080 - 88)  # 5% sides, ~8% bottom
    assert (tall.left, tall.right) == (108, 972)  # the central 80% of the width
    assert tall.bottom <= 1920 * 0.82 and tall.top >= 1920 * 0.1  # clear of the phone's UI


def test_a_long_line_gets_a_smaller_font_rather_than_a_third_line():
    short, _, _ = draw_subtitle("你好。", 720, 1280, CJK_FONT)
    long, _, y = draw_subtitle(LONG_CJK, 720, 1280, CJK_FONT)
    assert _text_lines(long) == 2
    assert long.shape[0] < 2 * short.shape[0]  # two lines in less than twice one line's height
    assert y + long.shape[0] == safe_area(720, 1280).bottom  # sits on the safe area's bottom edge


def test_subtitles_at_the_bottom_of_a_landscape_frame_are_sized_for_phones():
    picture, _, y = draw_subtitle("你好。", 1280, 720, CJK_FONT)
    rows = np.flatnonzero((picture[..., 3] > 128).any(axis=1))
    assert 30 <= rows[-1] - rows[0] <= 70  # a 40 px font on a 720 px high frame
    assert y + picture.shape[0] == 720 - 58


def test_one_line_subtitles_share_a_baseline():
    bottoms = []
    for text in ("hmm", "HELLO", "jumpy", "你好。"):
        picture, _, y = draw_subtitle(text, 1280, 720, CJK_FONT)
        white = np.flatnonzero(((picture[..., 3] > 200) & (picture[..., 0] > 200)).any(axis=1))
        bottoms.append((y, picture.shape[0], y + white[-1]))
    assert len({y for y, _, _ in bottoms}) == 1  # the same box...
    assert abs(bottoms[0][2] - bottoms[1][2]) <= 1  # ...and "hmm" and "HELLO" sit on the same baseline


def test_a_subtitle_that_cannot_fit_is_a_clear_error():
    with pytest.raises(EditError, match="split it"):
        draw_subtitle(LONG_CJK * 4, 96, 160, CJK_FONT)


@pytest.mark.parametrize("size", [(1280, 720), (720, 1280)])
def test_label_is_small_translucent_and_in_the_top_right_corner_of_the_safe_area(size):
    width, height = size
    picture, x, y = draw_label("AI生成", width, height, CJK_FONT)
    left, top, right, bottom = _drawn_box(picture, x, y)
    area = safe_area(width, height)
    assert right == area.right and top >= area.top and left >= area.left
    assert bottom - top < 0.04 * min(width, height)
    assert 0 < picture[..., 3].max() < 200  # see-through, even on its lettering


def test_make_overlays_places_cues_on_whole_frames(tmp_path):
    subs = [SubtitleEvent(start=0.5, end=1.0, text="一"), SubtitleEvent(start=1.01, end=1.02, text="二"),
            SubtitleEvent(start=1.9, end=3.0, text="三")]
    overlays = make_overlays(subs, "AI", width=160, height=96, fps=24, num_frames=48, font_path=CJK_FONT,
                             folder=tmp_path)
    assert [(o.start, o.end) for o in overlays] == [(12, 24), (46, 48), (0, 48)]  # "二" covers no frame
    assert all(o.path.is_file() and o.x % 2 == 0 and o.y % 2 == 0 for o in overlays)
    assert overlays[0].within(20, 30).start == 0 and overlays[0].within(20, 30).end == 4
    assert overlays[0].within(24, 30) is None


def test_ffmpeg_and_numpy_lay_the_same_subtitle_on_exactly_its_frames(tmp_path):
    width, height, fps = 320, 180, 24
    clip = make_clip(tmp_path / "clip.mp4", (40, 60, 220), 48, width=width, height=height)
    fmt = VideoFormat(width, height, fps)
    overlays = make_overlays([SubtitleEvent(start=0.25, end=0.75, text="你好，世界！Hello world")], None,
                             width=width, height=height, fps=fps, num_frames=48, font_path=CJK_FONT,
                             folder=tmp_path)
    # A segment of film frames 3..29 showing clip frames 5..31; the cue covers film frames 6..17.
    laid = [overlays[0].within(3, 30)]
    encode_plain(clip, 5, 27, fmt, tmp_path / "plain.mp4", laid)
    source = decode_window(clip, 5, 27, fmt)
    encode_frames(burn(iter(source), laid), fmt, tmp_path / "composite.mp4")
    plain, composite = read_frames(tmp_path / "plain.mp4"), read_frames(tmp_path / "composite.mp4")
    assert len(plain) == len(composite) == 27
    assert [read_index(f) for f in plain] == list(range(5, 32))
    sub = laid[0]
    box = (slice(sub.y, sub.y + sub.height), slice(sub.x, sub.x + sub.width))
    for k in range(27):
        changed = np.abs(plain[k][box].astype(int) - source[k][box]).max()
        assert (changed > 100) == (sub.start <= k < sub.end), f"frame {k}"
        assert np.abs(plain[k][box].astype(int) - composite[k][box]).mean() < 6, f"frame {k}"
