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


# Title 0.5s (frames 0-11) | red 0-1.0 (plain 12-23) | crossfade 0.5 -> green 0-1.0 (crossfade 24-35,
# plain 36-47); a subtitle on frames 18-29 (across the plain/composite boundary), another on 38-45.
EDL_SUBTITLED = EditDecisionList.model_validate({
    "title_card": {"text": "标题", "duration": 0.5},
    "clips": [
        {"shot_id": "red", "source_out": 1.0},
        {"shot_id": "green", "source_out": 1.0, "transition": {"kind": "crossfade", "duration": 0.5}},
    ],
    "subtitles": [{"start": 0.75, "end": 1.25, "text": "你好，世界"},
                  {"start": 1.6, "end": 1.9, "text": "Bye now"}],
})
LABEL = "AI生成"


SUB_W, SUB_H = 320, 192  # the 160x96 clips scaled up 2x: lettering big enough to compare


@pytest.fixture(scope="module")
def subtitled(clips, tmp_path_factory):
    from tools.editor.encode import VideoFormat, decode_window

    out = tmp_path_factory.mktemp("subtitled") / "film.mp4"
    assemble(EDL_SUBTITLED, clips, out, width=SUB_W, height=SUB_H, fps=FPS, font_path=CJK_FONT, label=LABEL)
    fmt = VideoFormat(SUB_W, SUB_H, FPS)  # the clips as the film shows them, without overlays
    return read_frames(out), decode_window(clips["red"], 0, 24, fmt), decode_window(clips["green"], 0, 24, fmt)


def _box(picture: np.ndarray, x: int, y: int, margin: int = 0) -> tuple[slice, slice]:
    h, w = picture.shape[:2]
    return slice(max(y - margin, 0), y + h + margin), slice(max(x - margin, 0), x + w + margin)


def _changed(frame: np.ndarray, source: np.ndarray) -> np.ndarray:
    return np.abs(frame.astype(int) - source).max(axis=2)


def test_subtitles_are_burned_into_their_frames_and_nowhere_else(subtitled):
    from tools.editor.lettering import draw_label, draw_subtitle

    frames, red, _ = subtitled
    sub = _box(*draw_subtitle("你好，世界", SUB_W, SUB_H, CJK_FONT), margin=2)
    label = _box(*draw_label(LABEL, SUB_W, SUB_H, CJK_FONT), margin=2)
    for k in (17, 18, 23):  # red plays untouched from film frame 12 on; the cue starts on frame 18
        changed = _changed(frames[k], red[k - 12])
        assert (np.count_nonzero(changed[sub] > 80) > 50) == (k >= 18), f"frame {k}"
        changed[sub] = 0
        changed[label] = 0
        assert changed.max() < 24, f"frame {k} changed outside the subtitle and the label"


def test_a_subtitle_looks_the_same_on_plain_and_composited_frames(subtitled):
    from tools.editor.lettering import draw_subtitle

    frames, _, _ = subtitled
    picture, x, y = draw_subtitle("你好，世界", SUB_W, SUB_H, CJK_FONT)
    box = _box(picture, x, y)
    # The last plain frame (23) and the first frame of the crossfade (24, composited) differ only
    # slightly under the subtitle (1/24 of green), and the subtitle looks the same on both.
    before, after = frames[23][box].astype(int), frames[24][box]
    assert np.abs(before - after).mean() < 6
    assert (_changed(frames[24], frames[30])[box] > 80).sum() > 50  # and it is gone on frame 30


def test_the_label_is_on_every_kind_of_frame(subtitled):
    from tools.editor.lettering import draw_label

    frames, red, green = subtitled
    box = _box(*draw_label(LABEL, SUB_W, SUB_H, CJK_FONT))
    assert frames[6][box].max() > 100  # over the title card's black
    assert _changed(frames[15], red[3])[box].max() > 60  # over a plain red frame
    assert _changed(frames[40], green[16])[box].max() > 60  # over a plain green frame
    assert frames[30][box].std() > 20  # over the crossfade


def test_no_label_and_no_subtitles_leave_the_clip_untouched(clips, film):
    from tools.editor.lettering import draw_label

    _, _, frames, _ = film  # made with label=None from an EDL without subtitles
    red = read_frames(clips["red"])
    start = _frame(EDL.clip_starts()[0])
    box = _box(*draw_label(LABEL, 160, 96, CJK_FONT), margin=2)
    assert _changed(frames[start + 2], red[_frame(0.3) + 2])[box].max() < 24


def test_a_missing_music_file_fails_the_assembly_and_leaves_nothing(clips, tmp_path):
    edl = EditDecisionList.model_validate({"clips": [{"shot_id": "red", "source_out": 1.0},
                                                     {"shot_id": "blue", "source_out": 1.0}]})
    out = tmp_path / "film.mp4"
    with pytest.raises(EditError, match="nope.mp3"):
        assemble(edl, clips, out, width=160, height=96, fps=FPS, font_path=None, music=tmp_path / "nope.mp3")
    assert list(tmp_path.iterdir()) == []
