"""The film's sound track: dialogue at its film times, a ducked and faded music bed, R128 loudness."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from tools.editor import build_audio
from tools.errors import EditError
from tools.ffmpeg import read_ffmpeg

RATE = 48000


def write_wav(path: Path, samples: np.ndarray, rate: int) -> Path:
    """Write float samples (``(n,)`` mono or ``(n, 2)`` stereo, -1..1) as a 16-bit WAV."""
    samples = np.asarray(samples, dtype=np.float64)
    channels = 1 if samples.ndim == 1 else samples.shape[1]
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return path


def tone(freq: float, seconds: float, rate: int, level: float, ramp: float = 0.005) -> np.ndarray:
    """A sine with short ramps at both ends (no clicks)."""
    t = np.arange(round(seconds * rate)) / rate
    edge = np.clip(np.minimum(t, t[-1] - t) / ramp, 0, 1) if ramp else 1
    return level * np.sin(2 * np.pi * freq * t) * edge


def speech(seconds: float, rate: int, seed: int) -> np.ndarray:
    """Speech-like sound: a gliding harmonic voice in 4 Hz syllables with a breath of noise."""
    t = np.arange(round(seconds * rate)) / rate
    phase = 2 * np.pi * np.cumsum(140 + 20 * np.sin(2 * np.pi * 0.7 * t)) / rate
    voice = sum(np.sin(k * phase) / k for k in range(1, 12)) / 2
    syllables = np.clip(np.sin(2 * np.pi * 4 * t), 0, None) ** 0.5
    noise = np.random.default_rng(seed).standard_normal(len(t)) * 0.03
    return 0.3 * (voice + noise) * syllables


def chord(seconds: float, rate: int) -> np.ndarray:
    """Music-like stereo sound: a slowly swelling A minor chord."""
    t = np.arange(round(seconds * rate)) / rate
    notes = sum(np.sin(2 * np.pi * f * t) for f in (220.0, 261.6, 329.6)) / 3
    mono = 0.4 * notes * (0.8 + 0.2 * np.sin(2 * np.pi * 0.5 * t))
    return np.stack([mono, 0.9 * mono], axis=1)


def decode(path: Path) -> np.ndarray:
    """The track as float samples, ``(n, 2)``, at 48 kHz."""
    data, err, code = read_ffmpeg(["-i", str(path), "-f", "f32le", "-ac", "2", "-ar", str(RATE), "-"])
    assert code == 0, err
    return np.frombuffer(data, dtype="<f4").reshape(-1, 2)


def rms_db(samples: np.ndarray) -> float:
    return 20 * np.log10(np.sqrt(np.mean(np.square(samples))) + 1e-12)


def band_db(samples: np.ndarray, freq: float) -> float:
    """Amplitude (dB) of the ``freq`` sine in a mono stretch, from a Hann-windowed FFT."""
    window = np.hanning(len(samples))
    spectrum = np.abs(np.fft.rfft(samples * window)) * 2 / window.sum()
    bins = np.fft.rfftfreq(len(samples), 1 / RATE)
    return 20 * np.log10(spectrum[np.abs(bins - freq) < 15].max() + 1e-12)


def streams(path: Path) -> list[str]:
    _, err, _ = read_ffmpeg(["-i", str(path)], loglevel="info")
    return re.findall(r"Stream #\d+:\d+.*", err)


def test_silent_track_is_exactly_the_film_long_and_not_normalised(tmp_path):
    report = build_audio([], 2.5, tmp_path / "a.m4a")
    samples = decode(report.path)
    assert len(samples) == 2.5 * RATE
    assert np.abs(samples).max() == 0
    assert report.integrated_lufs is None and report.true_peak_db is None
    assert not report.normalized and not report.music
    [stream] = streams(report.path)
    assert "Audio: aac" in stream and "48000 Hz" in stream and "stereo" in stream


def test_dialogue_starts_at_its_film_time(tmp_path):
    burst = write_wav(tmp_path / "burst.wav", tone(1000, 0.5, 22050, 0.5), 22050)
    report = build_audio([(1.25, burst), (3.0, burst)], 3.3, tmp_path / "a.m4a")  # the second is cut short
    level = np.abs(decode(report.path)[:, 0])
    loud = level > 0.1 * level.max()
    onsets = np.flatnonzero(loud[1:] & ~loud[:-1]) + 1
    # the sine crosses zero, so "onsets" within a burst are a period apart: keep the first of each burst
    firsts = [onsets[0]] + [o for a, o in itertools.pairwise(onsets) if o - a > 0.1 * RATE]
    assert len(firsts) == 2
    for onset, start in zip(firsts, (1.25, 3.0)):
        assert abs(onset / RATE - start) < 1 / 24
    assert len(level) == round(3.3 * RATE)
    assert level[-RATE // 20:].max() > 0.1 * level.max()  # sounding up to the film's last moment
    assert report.dialogue_entries == 2 and not report.music


@pytest.mark.parametrize("target", [-14.0, -23.0])
def test_dialogue_over_music_meets_the_loudness_target(tmp_path, target):
    import pyloudnorm

    first = write_wav(tmp_path / "one.wav", speech(2.5, 22050, seed=1), 22050)
    second = write_wav(tmp_path / "two.wav", np.stack([speech(3.0, 24000, seed=2)] * 2, axis=1), 24000)
    music = write_wav(tmp_path / "bed.wav", chord(4.0, 44100), 44100)
    report = build_audio([(1.0, first), (5.0, second)], 10.0, tmp_path / "a.m4a", music=music, loudness=target)
    samples = decode(report.path)
    measured = pyloudnorm.Meter(RATE).integrated_loudness(samples.astype(np.float64))
    assert measured == pytest.approx(target, abs=1.0)
    assert report.integrated_lufs == pytest.approx(measured, abs=0.5)
    assert report.true_peak_db is not None and report.true_peak_db <= -1.0
    assert report.normalized and report.music and report.dialogue_entries == 2
    assert len(samples) == 10 * RATE


def test_a_peaky_line_is_limited_to_the_ceiling_and_still_meets_the_target(tmp_path):
    import pyloudnorm

    line = speech(3.0, 22050, seed=3) * 0.2
    line[::2205] = 0.95  # clicks far above the voice: reaching -14 LUFS needs a limiter
    sound = write_wav(tmp_path / "peaky.wav", line, 22050)
    report = build_audio([(0.5, sound)], 4.0, tmp_path / "a.m4a")
    samples = decode(report.path)
    assert pyloudnorm.Meter(RATE).integrated_loudness(samples.astype(np.float64)) == pytest.approx(-14, abs=1)
    assert report.true_peak_db <= -1.0
    assert np.abs(samples).max() < 10 ** (-1 / 20)


@pytest.mark.parametrize("duck_db", [12.0, 6.0])
def test_music_dips_by_duck_db_while_dialogue_plays(tmp_path, duck_db):
    line = write_wav(tmp_path / "line.wav", tone(1000, 2.0, RATE, 0.3), RATE)
    music = write_wav(tmp_path / "bed.wav", tone(220, 3.0, RATE, 0.3, ramp=0), RATE)
    report = build_audio([(2.0, line)], 8.0, tmp_path / "a.m4a", music=music, duck_db=duck_db,
                         music_fade=0.5, loudness=None)
    mono = decode(report.path).mean(axis=1)

    def stretch(a: float, b: float) -> np.ndarray:
        return mono[round(a * RATE):round(b * RATE)]

    before = band_db(stretch(0.6, 1.7), 220)  # faded in, not yet ducking (the dip starts at 1.8 s)
    inside = band_db(stretch(2.1, 3.9), 220)
    after = band_db(stretch(4.6, 7.4), 220)  # back up after hold and release, before the fade out
    assert before - inside == pytest.approx(duck_db, abs=2)
    assert after - inside == pytest.approx(duck_db, abs=2)
    assert after == pytest.approx(before, abs=0.5)
    assert band_db(stretch(2.1, 3.9), 1000) > inside + 20  # the voice stays on top


def test_music_fades_in_and_out_and_loops_to_the_films_length(tmp_path):
    music = write_wav(tmp_path / "bed.wav", chord(1.3, 44100), 44100)  # shorter than the film: it loops
    report = build_audio([], 6.0, tmp_path / "a.m4a", music=music, music_fade=1.0)
    samples = decode(report.path)
    assert len(samples) == 6 * RATE
    middle = rms_db(samples[2 * RATE:4 * RATE])
    assert rms_db(samples[:RATE // 10]) < middle - 15
    assert rms_db(samples[-RATE // 10:]) < middle - 15
    windows = samples[RATE:5 * RATE].reshape(-1, RATE // 20, 2)  # no gap where the loop comes round
    assert min(rms_db(w) for w in windows) > middle - 6
    assert report.music and report.normalized and report.dialogue_entries == 0
    assert report.integrated_lufs == pytest.approx(-14, abs=1)


def test_no_target_leaves_the_mix_as_it_is(tmp_path):
    line = write_wav(tmp_path / "line.wav", tone(1000, 1.0, RATE, 0.25), RATE)
    report = build_audio([(0.5, line)], 2.0, tmp_path / "a.m4a", loudness=None)
    samples = decode(report.path)
    assert np.abs(samples).max() == pytest.approx(0.25, rel=0.05)
    assert not report.normalized and report.integrated_lufs is not None


def test_a_track_too_short_to_measure_is_reported_unmeasured_not_guessed(tmp_path):
    blip = write_wav(tmp_path / "blip.wav", tone(1000, 0.2, RATE, 0.25), RATE)
    report = build_audio([(0.05, blip)], 0.3, tmp_path / "a.m4a")  # under one 0.4 s R128 block
    samples = decode(report.path)
    assert np.abs(samples).max() == pytest.approx(0.25, rel=0.05)
    assert report.integrated_lufs is None and not report.normalized
    assert report.true_peak_db is not None


_BOUNDED = """
import json, resource, sys
from pathlib import Path
from tools.editor.audio import build_audio
folder = Path(sys.argv[1])
lines = [(i * 0.3, folder / f"line{i % 10}.wav") for i in range(200)]
report = build_audio(lines, 60.0, folder / "a.m4a", music=folder / "bed.wav")
# this process's peak from its own memory map (ru_maxrss keeps the peak of the pytest that started it);
# the children's ru_maxrss is the largest ffmpeg's peak, or this process's size when they started
hwm = [line for line in open("/proc/self/status") if line.startswith("VmHWM")][0].split()[1]
print(json.dumps({"report": report.model_dump(mode="json"), "self_mb": int(hwm) / 1024,
                  "children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def test_two_hundred_lines_mix_in_bounded_memory(tmp_path):
    for k in range(10):
        write_wav(tmp_path / f"line{k}.wav", tone(300 + 70 * k, 0.25, 22050, 0.3), 22050)
    write_wav(tmp_path / "bed.wav", chord(5.0, 44100), 44100)
    proc = subprocess.run([sys.executable, "-c", _BOUNDED, str(tmp_path)], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[2], check=False)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["report"]["dialogue_entries"] == 200
    assert result["report"]["integrated_lufs"] == pytest.approx(-14, abs=1)
    # one ffmpeg fed the 200 inputs at once peaks near 130 MB on this minute (and grows with the film);
    # here the largest child is no bigger than the Python process that started it (about 60 MB)
    assert result["self_mb"] < 100 and result["children_mb"] < 100
    samples = decode(tmp_path / "a.m4a")
    assert len(samples) == 60 * RATE
    last = samples[round(199 * 0.3 * RATE):round((199 * 0.3 + 0.25) * RATE)]
    assert band_db(last.mean(axis=1), 300 + 70 * 9) > band_db(last.mean(axis=1), 300) + 20


def test_bad_inputs_are_rejected_with_what_to_fix(tmp_path):
    line = write_wav(tmp_path / "line.wav", tone(440, 0.2, RATE, 0.3), RATE)
    not_audio = tmp_path / "notes.mp3"
    not_audio.write_text("not a song")
    with pytest.raises(EditError, match="outside the film"):
        build_audio([(3.0, line)], 2.0, tmp_path / "a.m4a")
    with pytest.raises(EditError, match="does not exist"):
        build_audio([(0.0, tmp_path / "nope.wav")], 2.0, tmp_path / "a.m4a")
    with pytest.raises(EditError, match="duration above 0"):
        build_audio([], 0.0, tmp_path / "a.m4a")
    with pytest.raises(EditError, match="music file .*nope.mp3 does not exist"):
        build_audio([(0.0, line)], 2.0, tmp_path / "a.m4a", music=tmp_path / "nope.mp3")
    with pytest.raises(EditError, match="music file .*notes.mp3 could not be read as audio"):
        build_audio([(0.0, line)], 2.0, tmp_path / "a.m4a", music=not_audio)
    empty = write_wav(tmp_path / "empty.wav", np.zeros(0), RATE)
    with pytest.raises(EditError, match="music file .*empty.wav holds no sound"):
        build_audio([(0.0, line)], 2.0, tmp_path / "a.m4a", music=empty)
    with pytest.raises(EditError, match="sound file .*notes.mp3 could not be read as audio"):
        build_audio([(0.0, line), (1.0, not_audio)], 2.0, tmp_path / "a.m4a")
    assert not list(tmp_path.glob(".a-mix-*"))  # no work files left behind
