"""probe / read_frame: facts and pictures read back from real files."""

from __future__ import annotations

import numpy as np
import pytest

from tests.tools.clipmaker import body_colour, make_clip, read_index
from tools.errors import MediaError
from tools.ffmpeg import run_ffmpeg
from tools.probe import is_faststart, probe, probe_many, read_frame


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


def test_read_tracks_finds_the_h264_headers_and_timescales(tmp_path):
    from tools.mp4 import read_tracks

    out = tmp_path / "av.mp4"
    run_ffmpeg([
        "-y", "-f", "lavfi", "-i", "testsrc=s=160x96:r=24:d=1", "-f", "lavfi",
        "-i", "sine=frequency=440:sample_rate=44100:duration=1", "-c:v", "libx264", "-profile:v", "high",
        "-pix_fmt", "yuv420p", "-video_track_timescale", "24000", "-c:a", "aac", "-movflags", "+faststart",
        str(out),
    ])
    video, audio = read_tracks(out)
    assert (video.handler, video.codec, video.timescale, video.samples) == ("vide", "avc1", 24000, 24)
    assert video.sample_ticks == 1000  # 24 fps, every frame 1000 ticks of 1/24000 s
    assert video.avc_config[:2] == bytes([1, 100])  # avcC version 1, High profile
    assert (audio.handler, audio.codec, audio.timescale, audio.avc_config) == ("soun", "mp4a", 44100, None)
    not_mp4 = tmp_path / "notes.txt"
    not_mp4.write_text("hello")
    with pytest.raises(MediaError, match="moov"):
        read_tracks(not_mp4)


def test_probe_many_reads_each_file_or_says_what_is_wrong_with_it(tmp_path):
    a = make_clip(tmp_path / "a.mp4", (200, 50, 50), 37, width=320, height=180, fps=25)
    b = make_clip(tmp_path / "b.mp4", (40, 60, 220), 12)
    sound = tmp_path / "tone.m4a"
    run_ffmpeg(["-y", "-f", "lavfi", "-i", "sine=duration=0.5", "-c:a", "aac", str(sound)])
    results = probe_many([a, tmp_path / "nope.mp4", b, sound, a])
    assert [r.num_frames if not isinstance(r, MediaError) else None for r in results] == [37, None, 12, None, 37]
    assert (results[2].width, results[2].height, results[2].fps) == (160, 96, 24.0)
    assert "no such media file" in str(results[1]) and "no video stream" in str(results[3])
    assert results[0] == probe(a)
