"""write_clip and save_png: exact frame counts, atomic files, clear errors."""

from __future__ import annotations

import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image

from render.video import save_png, write_clip


def ramp(n: int, h: int = 48, w: int = 64) -> list[np.ndarray]:
    """n distinct frames: a grey level that rises frame by frame."""
    return [np.full((h, w, 3), 20 + 9 * i, np.uint8) for i in range(n)]


@pytest.mark.parametrize("n", [1, 2, 25])
def test_clip_decodes_to_exactly_the_frames_written(tmp_path, n):
    clip = tmp_path / "out" / "clip.mp4"
    written = write_clip(iter(ramp(n)), clip, width=64, height=48, fps=25)
    assert written == n
    assert imageio_ffmpeg.count_frames_and_secs(str(clip))[0] == n
    reader = imageio_ffmpeg.read_frames(str(clip))
    meta = next(reader)
    assert tuple(meta["size"]) == (64, 48)
    assert meta["fps"] == pytest.approx(25)
    levels = [np.frombuffer(raw, np.uint8).mean() for raw in reader]
    assert levels == pytest.approx([20 + 9 * i for i in range(n)], abs=3)


def test_a_frame_of_the_wrong_shape_stops_the_clip_and_leaves_nothing(tmp_path):
    frames = ramp(3) + [np.zeros((48, 62, 3), np.uint8)]
    with pytest.raises(ValueError, match=r"frame 3 has shape \(48, 62, 3\)"):
        write_clip(iter(frames), tmp_path / "clip.mp4", width=64, height=48, fps=24)
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_render_never_leaves_a_half_clip(tmp_path):
    clip = tmp_path / "clip.mp4"
    write_clip(iter(ramp(2)), clip, width=64, height=48, fps=24)
    before = clip.read_bytes()

    def failing():
        yield from ramp(5)
        raise RuntimeError("renderer crashed")

    with pytest.raises(RuntimeError, match="crashed"):
        write_clip(failing(), clip, width=64, height=48, fps=24)
    assert clip.read_bytes() == before  # the old clip is untouched
    assert [p.name for p in tmp_path.iterdir()] == ["clip.mp4"]


@pytest.mark.parametrize("kwargs,message", [
    (dict(width=63, height=48, fps=24), "width must be a positive even"),
    (dict(width=64, height=0, fps=24), "height must be a positive even"),
    (dict(width=64, height=48, fps=0), "fps must be positive"),
    (dict(width=64, height=48, fps=24, crf=60), "crf must be between 0 and 51"),
    (dict(width=64, height=48, fps=24, preset="warp"), "preset must be one of"),
])
def test_bad_arguments_are_named(tmp_path, kwargs, message):
    with pytest.raises(ValueError, match=message):
        write_clip(iter(ramp(1)), tmp_path / "clip.mp4", **kwargs)


def test_no_frames_is_an_error(tmp_path):
    with pytest.raises(ValueError, match="frames was empty"):
        write_clip(iter([]), tmp_path / "clip.mp4", width=64, height=48, fps=24)
    assert list(tmp_path.iterdir()) == []


def test_save_png_round_trips(tmp_path):
    frame = np.zeros((30, 40, 3), np.uint8)
    frame[:, :20] = (250, 10, 10)
    save_png(frame, tmp_path / "stills" / "key.png")
    back = np.asarray(Image.open(tmp_path / "stills" / "key.png").convert("RGB"))
    assert np.array_equal(back, frame)
    with pytest.raises(ValueError, match="H x W x 3 uint8"):
        save_png(np.zeros((30, 40), np.uint8), tmp_path / "bad.png")


def test_clips_are_tagged_bt709_with_a_timescale_of_fps_times_1000(tmp_path):
    import subprocess

    clip = tmp_path / "clip.mp4"
    write_clip(iter(ramp(3)), clip, width=64, height=48, fps=25)
    info = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-i", str(clip)],
                          capture_output=True, text=True, check=False).stderr
    video = next(line for line in info.splitlines() if "Video:" in line)
    assert "(High)" in video and "tv, bt709" in video and "25k tbn" in video
