"""The editor tool: assemble clips into an MP4 and check the film a viewer would get."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.tools.clipmaker import CJK_FONT, COLOURS, body_colour, clips, make_clip, read_index  # noqa: F401
from tools.editor import assemble
from tools.errors import EditError
from tools.probe import probe, read_frames
from tools.timeline import EditDecisionList

FPS = 24

# Title 1.0s | red 0.3-1.5 | crossfade 0.5 -> green 0.1-1.9 | fade_black 0.5 -> blue 0-1.2 | cut ->
# yellow 0.55-2.0 | fade out 0.5
# (source frames 7 and 13 start at times whose 6-decimal rounding is above the frame time)
EDL = EditDecisionList.model_validate({
    "title_card": {"text": "月光下的小镇", "subtitle": "A night in town", "duration": 1.0},
    "clips": [
        {"shot_id": "red", "source_in": 0.3, "source_out": 1.5},
        {"shot_id": "green", "source_in": 0.1, "source_out": 1.9,
         "transition": {"kind": "crossfade", "duration": 0.5}},
        {"shot_id": "blue", "source_in": 0.0, "source_out": 1.2,
         "transition": {"kind": "fade_black", "duration": 0.5}},
        {"shot_id": "yellow", "source_in": 0.55, "source_out": 2.0},
    ],
    "fade_out": 0.5,
})


def _frame(seconds: float) -> int:
    return round(seconds * FPS)


def _near(frame: np.ndarray, name: str, tol: float = 14) -> bool:
    return bool(np.abs(body_colour(frame) - np.array(COLOURS[name])).max() < tol)


@pytest.fixture(scope="module")
def film(clips, tmp_path_factory):
    out = tmp_path_factory.mktemp("film") / "film.mp4"
    events = []
    report = assemble(EDL, clips, out, width=160, height=96, fps=FPS, font_path=CJK_FONT,
                      on_progress=lambda stage, done, total: events.append((stage, done, total)))
    return out, report, read_frames(out), events


def test_film_is_a_standard_mp4_with_the_edl_frame_count(film):
    out, report, frames, _ = film
    info = probe(out)
    assert (info.video_codec, info.pix_fmt, info.audio_codec) == ("h264", "yuv420p", "aac")
    assert info.audio_sample_rate == 48000
    assert (info.width, info.height, info.fps) == (160, 96, FPS)
    assert info.faststart
    assert info.num_frames == len(frames) == round(EDL.duration * FPS) == report.num_frames
    assert report.duration == pytest.approx(EDL.duration, abs=1 / FPS)
    assert report.segments_composited >= 3 and report.segments_passed_through >= 3


def test_no_temporary_files_are_left_next_to_the_film(film):
    out, *_ = film
    assert [p.name for p in out.parent.iterdir()] == ["film.mp4"]


def test_progress_reports_every_segment_then_the_mux(film):
    *_, events = film
    segment_events = [e for e in events if e[0] == "segments"]
    assert segment_events[-1][1] == segment_events[-1][2] == len(segment_events)
    assert events[-1] == ("mux", 1, 1)


def test_title_card_opens_the_film(film):
    _, _, frames, _ = film
    middle = frames[_frame(0.5)]
    assert middle.max() > 200  # the title's white text
    assert middle.mean() < 40  # on black
    assert frames[0].max() < 60  # fading in from black


def test_every_untouched_frame_shows_the_exact_source_frame(film):
    _, _, frames, _ = film
    starts = EDL.clip_starts()
    # yellow follows blue by a cut: check every frame of yellow before the fade out
    start = _frame(starts[3])
    for j in range(start, len(frames) - _frame(EDL.fade_out)):
        assert _near(frames[j], "yellow")
        assert read_index(frames[j]) == _frame(0.55) + (j - start)
    # red plays untouched from the end of the title to the start of the crossfade
    for j in range(_frame(starts[0]), _frame(starts[1])):
        assert _near(frames[j], "red")
        assert read_index(frames[j]) == _frame(0.3) + (j - _frame(starts[0]))


def test_cut_lands_on_the_right_frame(film):
    _, _, frames, _ = film
    cut = _frame(EDL.clip_starts()[3])
    assert _near(frames[cut - 1], "blue") and read_index(frames[cut - 1]) == _frame(1.2) - 1
    assert _near(frames[cut], "yellow") and read_index(frames[cut]) == _frame(0.55)


def test_crossfade_middle_is_a_blend_of_both_clips(film):
    _, _, frames, _ = film
    start = _frame(EDL.clip_starts()[1])
    middle = body_colour(frames[start + _frame(0.5) // 2])
    red, green = np.array(COLOURS["red"]), np.array(COLOURS["green"])
    assert np.abs(middle - (red + green) / 2).max() < 25
    assert _near(frames[start - 1], "red") and _near(frames[start + _frame(0.5)], "green")


def test_fade_black_dips_to_black_at_the_join(film):
    _, _, frames, _ = film
    join = _frame(EDL.clip_starts()[2])
    assert body_colour(frames[join - 1]).max() < 30
    assert body_colour(frames[join]).max() < 30
    assert _near(frames[join - _frame(0.25) - 1], "green")
    assert _near(frames[join + _frame(0.25)], "blue")


def test_fade_out_ends_on_black(film):
    _, _, frames, _ = film
    assert frames[-1].max() < 30
    assert _near(frames[-_frame(EDL.fade_out) - 1], "yellow")


def test_other_sizes_are_letterboxed_to_fit(clips, tmp_path):
    square = make_clip(tmp_path / "square.mp4", (40, 200, 60), 24, width=96, height=96)
    edl = EditDecisionList.model_validate({"clips": [
        {"shot_id": "square", "source_out": 1.0},
        {"shot_id": "red", "source_out": 1.0},
    ]})
    out = tmp_path / "vertical.mp4"
    assemble(edl, {"square": square, "red": clips["red"]}, out, width=96, height=160, fps=FPS,
             font_path=None)
    info = probe(out)
    assert (info.width, info.height) == (96, 160)
    frames = read_frames(out)
    # the wide red clip fills the width with black bars above and below
    red = frames[_frame(1.5)]
    assert red[:20].max() < 30 and red[-20:].max() < 30
    assert np.abs(red[90, 48] - np.array(COLOURS["red"])).max() < 20
    # the square clip fills the width too: rows 32 to 127, bars above and below
    square_frame = frames[5]
    assert np.abs(square_frame[100, 48] - np.array((40, 200, 60))).max() < 20
    assert square_frame[:28].max() < 30 and square_frame[-28:].max() < 30


def test_clip_too_short_is_rejected_before_any_work(clips, tmp_path):
    edl = EditDecisionList.model_validate({"clips": [
        {"shot_id": "red", "source_in": 1.0, "source_out": 3.5},
        {"shot_id": "missing", "source_out": 1.0},
    ]})
    out = tmp_path / "film.mp4"
    with pytest.raises(EditError) as caught:
        assemble(edl, clips, out, width=160, height=96, fps=FPS, font_path=None)
    message = str(caught.value)
    assert "red" in message and "3.500s" in message and "2.000s" in message
    assert "missing" in message
    assert list(tmp_path.iterdir()) == []


def test_encoder_failure_leaves_no_file(clips, tmp_path):
    edl = EditDecisionList.model_validate({"clips": [{"shot_id": "red", "source_out": 1.0}]})
    out = tmp_path / "film.mp4"
    with pytest.raises(EditError, match="ffmpeg"):
        assemble(edl, clips, out, width=160, height=96, fps=FPS, font_path=None, preset="no-such-preset")
    assert list(tmp_path.iterdir()) == []


def test_odd_frame_size_is_rejected(clips, tmp_path):
    edl = EditDecisionList.model_validate({"clips": [{"shot_id": "red", "source_out": 1.0}]})
    with pytest.raises(EditError, match="even"):
        assemble(edl, clips, tmp_path / "film.mp4", width=161, height=96, fps=FPS, font_path=None)


def test_first_clip_fades_up_from_black_without_a_title(clips, tmp_path):
    edl = EditDecisionList.model_validate({"clips": [
        {"shot_id": "blue", "source_out": 1.0, "transition": {"kind": "fade_black", "duration": 1.0}},
    ]})
    out = tmp_path / "film.mp4"
    report = assemble(edl, clips, out, width=160, height=96, fps=FPS, font_path=None, workers=1)
    frames = read_frames(Path(out))
    assert len(frames) == report.num_frames == FPS
    assert body_colour(frames[0]).max() < 30
    assert _near(frames[_frame(0.5)], "blue")


def test_crossfades_that_overlap_on_a_short_clip_blend_all_three(clips, tmp_path):
    edl = EditDecisionList.model_validate({"clips": [
        {"shot_id": "red", "source_out": 1.0},
        {"shot_id": "green", "source_out": 0.6, "transition": {"kind": "crossfade", "duration": 0.5}},
        {"shot_id": "blue", "source_out": 1.0, "transition": {"kind": "crossfade", "duration": 0.5}},
    ]})
    out = tmp_path / "film.mp4"
    assemble(edl, clips, out, width=160, height=96, fps=FPS, font_path=None)
    frames = read_frames(out)
    assert len(frames) == round(edl.duration * FPS)
    # green starts at 0.5s and blue at 0.6s: at 0.9s all three are on screen
    mixed = body_colour(frames[_frame(0.9)])
    assert all(np.abs(mixed - np.array(COLOURS[c])).max() > 40 for c in ("red", "green", "blue"))
    assert _near(frames[-1], "blue")


def test_sound_entries_land_on_the_film_timeline(clips, tmp_path):
    from tools.ffmpeg import read_ffmpeg, run_ffmpeg

    tone = tmp_path / "tone.wav"
    run_ffmpeg(["-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=0.3", str(tone)])
    edl = EditDecisionList.model_validate({"clips": [{"shot_id": "red", "source_out": 2.0}]})
    out = tmp_path / "out" / "film.mp4"
    assemble(edl, clips, out, width=160, height=96, fps=FPS, font_path=None, audio=[(1.0, tone)])
    data, err, code = read_ffmpeg(["-i", str(out), "-f", "s16le", "-ac", "1", "-ar", "8000", "-"])
    assert code == 0, err
    samples = np.abs(np.frombuffer(data, dtype=np.int16).astype(np.float32))
    assert samples[: 7200].max() < 50  # silence before 0.9s
    assert samples[8400:10400].mean() > 1000  # the tone from 1.05s to 1.3s
