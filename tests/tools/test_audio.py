"""The film's sound track: silence by default, sounds placed at their film times."""

from __future__ import annotations

import numpy as np
import pytest

from tools.editor import build_audio
from tools.errors import EditError
from tools.ffmpeg import read_ffmpeg, run_ffmpeg


def _samples(path) -> np.ndarray:
    data, err, code = read_ffmpeg(["-i", str(path), "-f", "s16le", "-ac", "1", "-ar", "48000", "-"])
    assert code == 0, err
    return np.frombuffer(data, dtype=np.int16).astype(np.float32)


def test_silent_track_has_the_film_duration(tmp_path):
    out = build_audio([], 2.5, tmp_path / "a.m4a")
    samples = _samples(out)
    assert len(samples) == pytest.approx(2.5 * 48000, abs=1100)
    assert np.abs(samples).max() == 0


def test_sound_starts_at_its_film_time(tmp_path):
    tone = tmp_path / "tone.wav"
    run_ffmpeg(["-y", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=22050:duration=0.5", str(tone)])
    out = build_audio([(1.0, tone)], 2.0, tmp_path / "a.m4a")
    samples = _samples(out)
    rms = [np.sqrt(np.mean(samples[i * 4800:(i + 1) * 4800] ** 2)) for i in range(len(samples) // 4800)]
    assert max(rms[:9]) < 50  # silent before 0.9s
    assert min(rms[11:14]) > 1000  # the tone from 1.1s to 1.4s
    assert max(rms[17:]) < 50  # silent again after 1.7s


def test_sound_outside_the_film_is_rejected(tmp_path):
    tone = tmp_path / "tone.wav"
    run_ffmpeg(["-y", "-f", "lavfi", "-i", "sine=duration=0.2", str(tone)])
    with pytest.raises(EditError, match="outside the film"):
        build_audio([(3.0, tone)], 2.0, tmp_path / "a.m4a")
    with pytest.raises(EditError, match="does not exist"):
        build_audio([(0.0, tmp_path / "nope.wav")], 2.0, tmp_path / "a.m4a")
