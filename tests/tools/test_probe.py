"""probe / read_frame: facts and pictures read back from real files."""

from __future__ import annotations

import numpy as np
import pytest

from tests.tools.clipmaker import body_colour, make_clip, read_index
from tools.errors import MediaError
from tools.ffmpeg import run_ffmpeg
from tools.probe import is_faststart, probe, read_frame


def test_probe_reads_streams_size_rate_and_exact_frame_count(tmp_path):
    clip = make_clip(tmp_path / "clip.mp4", (200, 50, 50), 37, width=320, height=180, fps=25)
    info = probe(clip)
    assert (info.video_codec, info.pix_fmt) == ("h264", "yuv420p")
    assert (info.width, info.height, info.fps) == (320, 180, 25.0)
    assert info.num_frames == 37
    assert info.duration == pytest.approx(37 / 25, abs=0.011)
    assert info.audio_codec is None and info.audio_sample_rate is None
    assert info.faststart is False  # ffmpeg writes the index at the end unless asked


def test_probe_sees_audio_and_faststart(tmp_path):
    out = tmp_path / "av.mp4"
    run_ffmpeg([
        "-y", "-f", "lavfi", "-i", "testsrc=s=160x96:r=24:d=1", "-f", "lavfi",
        "-i", "sine=frequency=440:sample_rate=44100:duration=1", "-c:v", "libx264",
        "-pix_fmt", "yuv420p", "-c:a", "aac", "-movflags", "+faststart", str(out),
    ])
    info = probe(out)
    assert (info.audio_codec, info.audio_sample_rate) == ("aac", 44100)
    assert info.faststart and is_faststart(out)
    assert info.num_frames == 24


def test_read_frame_by_index_and_by_time(tmp_path):
    clip = make_clip(tmp_path / "clip.mp4", (40, 60, 220), 30)
    frame = read_frame(clip, 17)
    assert frame.shape == (96, 160, 3) and frame.dtype == np.uint8
    assert read_index(frame) == 17
    assert np.abs(body_colour(frame) - (40, 60, 220)).max() < 12
    assert read_index(read_frame(clip, 0.5)) == 12


def test_missing_file_and_missing_frame_are_clear_errors(tmp_path):
    with pytest.raises(MediaError, match="no such media file"):
        probe(tmp_path / "nope.mp4")
    clip = make_clip(tmp_path / "clip.mp4", (40, 60, 220), 10)
    with pytest.raises(MediaError, match="10 frames"):
        read_frame(clip, 10)
    not_video = tmp_path / "notes.txt"
    not_video.write_text("hello")
    with pytest.raises(MediaError):
        probe(not_video)
