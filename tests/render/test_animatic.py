"""The animatic backend, end to end: request in, H.264 clip and keyframe out, checked by decoding."""

from __future__ import annotations

from pathlib import Path

import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image

from render import RenderRequest, UnknownBackendError, available_backends, create_backend


def make_request(**changes) -> RenderRequest:
    base = dict(shot_id="S01-02", prompt="a harbour at dusk", width=160, height=96, fps=24, num_frames=12,
                seed=3, size="MS", move="static", characters=("Lin", "Mara"),
                action="Lin hands Mara the key.", location="harbour pier", time_of_day="DUSK")
    base.update(changes)
    return RenderRequest(**base)


def render(tmp_path: Path, request: RenderRequest, name: str = "shot") -> tuple[Path, Path]:
    backend = create_backend("animatic")
    clip, key = tmp_path / f"{name}.mp4", tmp_path / f"{name}.png"
    backend.render(request, clip, key)
    backend.close()
    return clip, key


def decode(clip: Path) -> np.ndarray:
    """All frames of a clip as a (n, h, w, 3) uint8 array, decoded by ffmpeg."""
    reader = imageio_ffmpeg.read_frames(str(clip))
    meta = reader.__next__()
    w, h = meta["size"]
    frames = [np.frombuffer(raw, np.uint8).reshape(h, w, 3) for raw in reader]
    return np.stack(frames)


def middle_band(frame: np.ndarray) -> np.ndarray:
    """Rows 35%..65% of a frame: picture only (no slate, label or caption)."""
    h = frame.shape[0]
    return frame[int(h * 0.35): int(h * 0.65)].astype(np.int16)


def test_clip_has_exactly_the_requested_frames_size_and_keyframe(tmp_path):
    request = make_request(num_frames=17)
    clip, key = render(tmp_path, request)
    frames, seconds = imageio_ffmpeg.count_frames_and_secs(str(clip))
    assert frames == 17
    assert seconds == pytest.approx(17 / 24, abs=0.05)
    decoded = decode(clip)
    assert decoded.shape == (17, 96, 160, 3)
    assert Image.open(key).size == (160, 96)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shot.mp4", "shot.png"]  # no temp files left


@pytest.mark.parametrize("width,height", [(96, 160), (160, 90), (128, 128)])
def test_vertical_wide_and_square_frames(tmp_path, width, height):
    clip, key = render(tmp_path, make_request(width=width, height=height, move="pan", size="WS"))
    assert decode(clip).shape == (12, height, width, 3)
    assert Image.open(key).size == (width, height)


def test_same_request_gives_identical_pixels_and_seed_or_move_changes_them(tmp_path):
    first = decode(render(tmp_path, make_request(), "a")[0])
    again = decode(render(tmp_path, make_request(), "b")[0])
    other_seed = decode(render(tmp_path, make_request(seed=4), "c")[0])
    other_move = decode(render(tmp_path, make_request(move="zoom"), "d")[0])
    assert np.array_equal(first, again)
    assert not np.array_equal(first, other_seed)
    assert not np.array_equal(first, other_move)


def test_keyframe_is_the_middle_frame(tmp_path):
    clip, key = render(tmp_path, make_request(move="pan", num_frames=13))
    frames = decode(clip).astype(np.int16)
    still = np.asarray(Image.open(key).convert("RGB")).astype(np.int16)
    errors = [np.abs(frame - still).mean() for frame in frames]
    assert int(np.argmin(errors)) == 6


@pytest.mark.parametrize("move", ["pan", "tilt", "zoom", "dolly", "handheld"])
def test_camera_moves_change_the_picture_and_static_holds_it(tmp_path, move):
    shot = dict(num_frames=24, size="WS", seed=5, width=320, height=180)
    frames = decode(render(tmp_path, make_request(move=move, **shot))[0])
    travel = np.abs(middle_band(frames[0]) - middle_band(frames[-1])).mean()
    held = decode(render(tmp_path, make_request(move="static", **shot), "still")[0])
    stillness = np.abs(middle_band(held[0]) - middle_band(held[-1])).mean()
    assert stillness < 1.0
    assert travel > 3 * max(stillness, 0.5)


def test_timecode_runs_on_a_static_shot(tmp_path):
    frames = decode(render(tmp_path, make_request(num_frames=12, width=320, height=180))[0]).astype(np.int16)
    slate = (slice(0, 60), slice(0, 110))  # top-left corner
    assert np.abs(frames[0][slate] - frames[5][slate]).max() > 60


def test_chinese_caption_is_drawn_with_real_glyphs(tmp_path):
    def band(action: str, name: str) -> np.ndarray:
        request = make_request(width=480, height=270, action=action)
        return decode(render(tmp_path, request, name)[0])[0][200:].astype(np.int16)

    empty = band("", "empty")
    sea = band("阿明望着远处的灯塔海风吹乱了他的头发", "sea")
    hill = band("山里下着雨小林撑着伞慢慢走回家去了啊", "hill")  # same length: a font without Chinese
    # would draw both as the same row of missing-glyph boxes
    assert np.abs(sea - empty).mean() > 5  # a caption band appeared
    assert (sea.min(axis=-1) > 200).sum() > 50  # white text on it
    assert np.abs(sea - hill).mean() > 2  # different characters draw differently: no missing-glyph boxes


def test_night_is_darker_than_day(tmp_path):
    def brightness(time_of_day: str) -> float:
        request = make_request(time_of_day=time_of_day, characters=(), size="WS", action="")
        return float(middle_band(decode(render(tmp_path, request, time_of_day)[0])[0]).mean())

    assert brightness("NIGHT") < brightness("DAY") - 40


def test_locations_draw_different_sets(tmp_path):
    def picture(location: str, interior: bool) -> np.ndarray:
        request = make_request(location=location, interior=interior, characters=(), size="WS", action="",
                               time_of_day="DAY")
        return middle_band(decode(render(tmp_path, request, f"{interior}{len(location)}")[0])[0])

    sea, city, room = picture("海边灯塔", False), picture("city street", False), picture("kitchen", True)
    assert np.abs(sea - city).mean() > 10
    assert np.abs(sea - room).mean() > 10


def test_backend_identity_and_registry():
    backend = create_backend("animatic")
    identity = backend.identity()
    assert identity["renderer"] == "animatic"
    assert isinstance(identity["version"], int)
    assert identity["font"]
    assert backend.name == "animatic" and "animatic" in backend.label
    assert "animatic" in [info.name for info in available_backends()]


def test_unknown_backend_lists_animatic():
    with pytest.raises(UnknownBackendError, match="animatic"):
        create_backend("nope")


def test_missing_font_file_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="font_path"):
        create_backend("animatic", font_path=str(tmp_path / "missing.ttf"))


def test_odd_frame_size_is_refused_and_writes_nothing(tmp_path):
    with pytest.raises(ValueError, match="width must be even"):
        render(tmp_path, make_request(width=161))
    assert list(tmp_path.iterdir()) == []
