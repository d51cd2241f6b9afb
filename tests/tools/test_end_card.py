"""The end card: the film's last frames are the card's text on black, after the last clip."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest

from tests.tools.clipmaker import CJK_FONT, COLOURS, body_colour, clips, read_index  # noqa: F401
from tools.editor import assemble
from tools.editor.titlecard import draw_title_card
from tools.probe import probe, read_frames
from tools.subtitles import format_srt
from tools.timeline import EditDecisionList, check_against_clips

FPS = 24

# Title 1.0s | red 0.0-1.0 | cut -> blue 0.25-1.75, fading out over its last 0.5s | end card 1.5s,
# in Chinese; subtitles end before the end card. Frames: title 0-23, red 24-47, blue 48-83 (its fade
# out 72-83), end card 84-119.
EDL_BOTH = EditDecisionList.model_validate({
    "title_card": {"text": "月光下的小镇", "subtitle": "A night in town", "duration": 1.0},
    "clips": [
        {"shot_id": "red", "source_out": 1.0},
        {"shot_id": "blue", "source_in": 0.25, "source_out": 1.75},
    ],
    "subtitles": [
        {"start": 1.2, "end": 2.5, "text": "你好。", "speaker": "林"},
        {"start": 2.6, "end": 3.4, "text": "再见。"},
    ],
    "fade_out": 0.5,
    "end_card": {"text": "终", "subtitle": "谢谢观看", "duration": 1.5},
})


def _rounding_edl(frames: float) -> EditDecisionList:
    """One green clip cut to an end card, each lasting ``frames`` frames (not a whole number)."""
    seconds = round(frames / FPS, 5)
    return EditDecisionList.model_validate({
        "clips": [{"shot_id": "green", "source_out": seconds}],
        "end_card": {"text": "The End", "duration": seconds},
    })


def _shows_card(frame: np.ndarray) -> bool:
    """Bright text in the middle of the frame, black all round its edges."""
    height, width = frame.shape[:2]
    centre = frame[height // 4: 3 * height // 4, width // 8: 7 * width // 8]
    rim_h, rim_w = max(2, height // 12), max(2, width // 12)
    edges = [frame[:rim_h], frame[-rim_h:], frame[:, :rim_w], frame[:, -rim_w:]]
    return bool(centre.max() > 150 and max(e.max() for e in edges) < 30)


def _near(frame: np.ndarray, name: str, tol: float = 14) -> bool:
    return bool(np.abs(body_colour(frame) - np.array(COLOURS[name])).max() < tol)


@pytest.fixture(scope="module")
def film_both(clips, tmp_path_factory):
    out = tmp_path_factory.mktemp("end-card") / "film.mp4"
    report = assemble(EDL_BOTH, clips, out, width=320, height=192, fps=FPS, font_path=CJK_FONT)
    return out, report, read_frames(out)


def test_film_with_both_cards_has_the_edl_frame_count(film_both):
    out, report, frames = film_both
    assert round(EDL_BOTH.duration * FPS) == 120
    assert probe(out).num_frames == len(frames) == report.num_frames == 120
    assert report.duration == pytest.approx(EDL_BOTH.duration)


def test_title_opens_and_end_card_closes_the_film(film_both):
    _, _, frames = film_both
    assert _shows_card(frames[12])  # the middle of the title card
    assert _shows_card(frames[102])  # the middle of the end card
    # the end card's text fades up from black and back down: the film ends on black
    assert frames[84].max() < 60 and frames[-1].max() < 60
    assert all(_shows_card(frames[k]) for k in range(92, 112))


def test_frames_before_the_end_card_are_the_last_clip_fading_out(film_both):
    _, _, frames = film_both
    # blue plays untouched, exact source frames, up to its fade out
    for k in range(48, 72):
        assert _near(frames[k], "blue") and read_index(frames[k]) == 6 + (k - 48)
    # then fades to black, reaching it on the frame before the card
    means = [body_colour(frames[k]).mean() for k in range(71, 84)]
    assert all(a > b for a, b in pairwise(means))
    assert frames[83].max() < 30
    # red is cut to blue, with the title before it
    assert _near(frames[47], "red") and read_index(frames[47]) == 23


def test_chinese_end_card_shows_the_glyphs_drawn_in_the_cjk_font(film_both):
    _, _, frames = film_both
    drawn = draw_title_card(EDL_BOTH.end_card, 320, 192, CJK_FONT).astype(float)
    shown = frames[102].astype(float)
    assert drawn.max() > 200  # the font has the glyphs
    assert np.abs(shown - drawn).mean() < np.abs(shown).mean() / 3
    # it is the end card, not the title card, on screen
    title = draw_title_card(EDL_BOTH.title_card, 320, 192, CJK_FONT).astype(float)
    assert np.abs(shown - drawn).mean() < np.abs(shown - title).mean() / 3


@pytest.mark.parametrize(("frames", "clip_frames", "card_frames"), [
    (24.4, 25, 24),  # the two roundings fall short of the film's: the clip gains a frame
    (24.6, 24, 25),  # they overshoot it: the clip gives one up
])
def test_end_card_takes_exactly_its_rounded_frames_and_the_clip_the_rest(
        clips, tmp_path, frames, clip_frames, card_frames):
    edl = _rounding_edl(frames)
    out = tmp_path / "film.mp4"
    report = assemble(edl, clips, out, width=160, height=96, fps=FPS, font_path=None)
    shown = read_frames(out)
    assert len(shown) == report.num_frames == round(edl.duration * FPS) == clip_frames + card_frames
    assert card_frames == round(edl.end_card.duration * FPS)
    for k in range(clip_frames):  # the clip plays to the card, no black frame between them
        assert _near(shown[k], "green") and read_index(shown[k]) == k
    assert shown[clip_frames].max() < 60  # the card's text fades in from black
    assert _shows_card(shown[clip_frames + card_frames // 2])


def test_edl_checks_count_the_end_card_in_the_film(clips):
    seconds = {name: 2.0 for name in COLOURS}
    assert check_against_clips(EDL_BOTH, seconds) == []
    # the fade out still belongs to the last clip, not the card
    too_long = EDL_BOTH.model_copy(update={"fade_out": 1.6})
    assert any("fade out" in p for p in check_against_clips(too_long, seconds))
    # a subtitle may run into the end card (keeping it clear is the editor agent's call) ...
    into_card = EditDecisionList.model_validate(
        {**EDL_BOTH.model_dump(), "subtitles": [{"start": 3.5, "end": 4.5, "text": "最后一句。"}]})
    assert check_against_clips(into_card, seconds) == []
    # ... but not past the end of the film, which includes the card
    past_end = EditDecisionList.model_validate(
        {**EDL_BOTH.model_dump(), "subtitles": [{"start": 4.5, "end": 5.5, "text": "太晚了。"}]})
    assert check_against_clips(past_end, seconds) == [
        "subtitle 1 ends at 5.50s, after the film ends (5.00s)"]
    assert "00:00:02,600 --> 00:00:03,400" in format_srt(EDL_BOTH.subtitles)
