"""EBU R128 loudness and true peak as ffmpeg measures them, checked against an independent meter."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from tools.editor.loudness import measure_loudness, read_summary
from tools.errors import EditError

RATE = 48000


def write_wav(path: Path, samples: np.ndarray) -> Path:
    """Write float samples ``(n, channels)`` in -1..1 as a 16-bit 48 kHz WAV."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(samples.shape[1])
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return path


def programme(seconds: float, level: float) -> np.ndarray:
    """Stereo sound that varies like a programme: syllables of a harmonic voice over a quiet chord."""
    t = np.arange(round(seconds * RATE)) / RATE
    voice = sum(np.sin(2 * np.pi * 150 * k * t) / k for k in range(1, 10)) * np.clip(np.sin(2 * np.pi * 3 * t), 0, 1)
    bed = 0.2 * sum(np.sin(2 * np.pi * f * t) for f in (220.0, 330.0))
    mono = level * (voice + bed) / 3
    return np.stack([mono, 0.7 * mono], axis=1)


@pytest.mark.parametrize("level", [0.5, 0.05])
def test_loudness_and_peak_agree_with_an_independent_meter(tmp_path, level):
    import pyloudnorm

    samples = programme(5.0, level)
    path = write_wav(tmp_path / "p.wav", samples)
    stored = np.round(np.clip(samples, -1, 1) * 32767) / 32767
    lufs, peak = measure_loudness(path)
    assert lufs == pytest.approx(pyloudnorm.Meter(RATE).integrated_loudness(stored), abs=0.3)
    sample_peak = 20 * np.log10(np.abs(stored).max())
    assert sample_peak - 0.1 <= peak <= sample_peak + 0.6  # true peak: at least the sample peak


def test_silence_measures_none(tmp_path):
    path = write_wav(tmp_path / "quiet.wav", np.zeros((RATE * 2, 2)))
    assert measure_loudness(path) == (None, None)


def test_sound_shorter_than_one_block_has_a_peak_but_no_loudness(tmp_path):
    t = np.arange(round(0.3 * RATE)) / RATE
    path = write_wav(tmp_path / "blip.wav", np.stack([0.5 * np.sin(2 * np.pi * 500 * t)] * 2, axis=1))
    lufs, peak = measure_loudness(path)
    assert lufs is None
    assert peak == pytest.approx(20 * np.log10(0.5), abs=0.3)


def test_missing_or_unreadable_files_are_errors(tmp_path):
    with pytest.raises(EditError, match="does not exist"):
        measure_loudness(tmp_path / "nope.wav")
    text = tmp_path / "notes.wav"
    text.write_text("not audio")
    with pytest.raises(EditError, match="could not measure the loudness of sound file notes.wav"):
        measure_loudness(text)
    with pytest.raises(EditError, match="no EBU R128 summary"):
        read_summary("ffmpeg version n9\nsize=N/A time=00:00:01.00")
