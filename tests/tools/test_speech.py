"""The speech tool with espeak-ng (offline): lines spoken to WAV files, voices cast, audio cached."""

from __future__ import annotations

import wave

import numpy as np
import pytest

from tools.errors import SpeechError
from tools.speech import SpeechLine, cast_voices, make_engine, speak_lines, wav_seconds

EN = "The rain had not stopped for three days."
ZH = "雨已经下了三天，夜市里还是挤满了人。"


@pytest.fixture(scope="module")
def espeak():
    return make_engine("espeak")


def line(key: str, text: str, voice: str, language: str = "en", speaker: str = "Mei") -> SpeechLine:
    return SpeechLine(key=key, text=text, speaker=speaker, language=language, voice=voice)


def samples(path) -> tuple[np.ndarray, int]:
    with wave.open(str(path)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2)
        data = np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16).astype(np.float64)
        return data, wav.getframerate()


def pitch(path) -> float:
    """Median fundamental frequency (Hz) over the loud 40 ms frames, by autocorrelation."""
    data, rate = samples(path)
    size, found = int(0.04 * rate), []
    for start in range(0, len(data) - size, size):
        frame = data[start : start + size]
        if np.sqrt(np.mean(frame**2)) < 1000:
            continue
        frame = frame - frame.mean()
        corr = np.correlate(frame, frame, "full")[size - 1 :]
        low, high = rate // 400, rate // 60
        found.append(rate / (low + np.argmax(corr[low:high])))
    return float(np.median(found))


@pytest.mark.parametrize(("text", "language", "voice"), [(EN, "en", "en-us+m1"), (ZH, "zh", "cmn+f2")])
def test_espeak_speaks_english_and_mandarin(tmp_path, espeak, text, language, voice):
    [spoken] = speak_lines([line("s01", text, voice, language)], espeak, tmp_path)
    data, rate = samples(tmp_path / "s01.wav")
    assert spoken.path == tmp_path / "s01.wav"
    assert rate == 22050
    assert spoken.duration == len(data) / rate
    assert spoken.duration > 1.0
    assert np.sqrt(np.mean(data**2)) > 500  # speech, not silence
    assert (spoken.engine, spoken.voice) == ("espeak", voice)


def test_longer_text_gives_longer_speech(tmp_path, espeak):
    short, long = speak_lines(
        [line("a", "Hello.", "en-us+m1"), line("b", "Hello. " + EN + " " + EN, "en-us+m1")], espeak, tmp_path
    )
    assert 0.3 < short.duration < long.duration - 2.0


def test_the_variants_cast_for_a_woman_and_a_man_sound_different(tmp_path, espeak):
    cast = cast_voices([("Mei", "一个三十多岁的女人"), ("Li", "四十多岁的男人")], espeak, "zh")
    her, him = speak_lines(
        [line("her", ZH, cast["Mei"], "zh"), line("him", ZH, cast["Li"], "zh", "Li")], espeak, tmp_path
    )
    assert pitch(her.path) > 1.4 * pitch(him.path)


def test_language_codes_pick_espeak_voices(espeak):
    assert espeak.voices("zh-CN")[0].startswith("cmn+")
    assert espeak.voices("en-US")[0].startswith("en-us+")
    assert espeak.voices("yue")[0].startswith("yue+")
    assert espeak.voices("fr-FR")[0].startswith("fr+")


def test_an_unknown_language_is_refused(espeak):
    with pytest.raises(SpeechError, match="cannot speak language 'xx-YY'"):
        espeak.voices("xx-YY")


def test_an_unknown_voice_variant_fails_the_line_by_key_and_speaker(tmp_path, espeak):
    lines = [line("s01", EN, "en-us+m1"), line("s02", EN, "en-us+nobody", speaker="Li")]
    with pytest.raises(SpeechError, match=r"line s02 \(Li\).*no voice variant 'nobody'"):
        speak_lines(lines, espeak, tmp_path, workers=1)
    assert wav_seconds(tmp_path / "s01.wav") > 1.0  # the line spoken before the failure stays
    assert not (tmp_path / "s02.wav").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["s01.wav"]  # no temporary files left behind


def test_a_line_without_words_is_refused(tmp_path, espeak):
    with pytest.raises(SpeechError, match=r"line s02 \(Li\) has no words"):
        speak_lines(
            [line("s01", EN, "en-us+m1"), line("s02", "  ", "en-us+m3", speaker="Li")], espeak, tmp_path
        )


@pytest.mark.parametrize("key", ["../up", "a/b", ""])
def test_a_key_that_cannot_name_a_file_is_refused(tmp_path, espeak, key):
    with pytest.raises(SpeechError, match="cannot name a file"):
        speak_lines([line(key, EN, "en-us+m1")], espeak, tmp_path)


def test_repeated_keys_are_refused(tmp_path, espeak):
    with pytest.raises(SpeechError, match="share the key 's01'"):
        speak_lines([line("s01", EN, "en-us+m1"), line("s01", "Again.", "en-us+m1")], espeak, tmp_path)


def test_the_cache_gives_the_same_audio_to_another_film(tmp_path, espeak):
    # espeak-ng's output varies a little from run to run, so equal bytes mean the cache was used.
    lines = [line("s01", EN, "en-us+m1"), line("s02", ZH, "cmn+f2", "zh")]
    cache = tmp_path / "cache"
    first = speak_lines(lines, espeak, tmp_path / "one", cache_dir=cache)
    again = speak_lines(list(reversed(lines)), espeak, tmp_path / "two", cache_dir=cache)
    assert [s.key for s in again] == ["s02", "s01"]
    for spoken in first:
        assert (tmp_path / "two" / spoken.path.name).read_bytes() == spoken.path.read_bytes()
    assert len(list((cache / "speech").glob("*.wav"))) == 2


def test_progress_counts_up_to_all_lines(tmp_path, espeak):
    seen = []
    lines = [line(f"s{i}", f"Line number {i}.", "en-us+f1") for i in range(4)]
    spoken = speak_lines(
        lines, espeak, tmp_path, workers=2, on_progress=lambda done, total: seen.append((done, total))
    )
    assert [s.key for s in spoken] == ["s0", "s1", "s2", "s3"]
    assert seen[-1] == (4, 4)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_workers_below_one_are_refused(tmp_path, espeak):
    with pytest.raises(ValueError, match="workers"):
        speak_lines([line("s01", EN, "en-us+m1")], espeak, tmp_path, workers=0)


def test_make_engine_names_the_choices():
    assert make_engine("none") is None
    with pytest.raises(SpeechError, match="choose one of openai, espeak, none"):
        make_engine("festival")
    with pytest.raises(SpeechError, match="needs an OpenAI client"):
        make_engine("openai")


def test_casting_fits_gender_and_age_and_is_deterministic(espeak):
    characters = [
        ("Mei", "a woman in her 30s, short black bob"),
        ("Li", "a man in his 40s, grey stubble"),
        ("Grandma Wu", "an old woman, 75 years old"),
        ("Xiao", "小女孩，八岁"),
        ("Boss", "他是老板"),
    ]
    cast = cast_voices(characters, espeak, "zh")
    assert list(cast) == ["Mei", "Li", "Grandma Wu", "Xiao", "Boss"]
    assert len(set(cast.values())) == 5
    assert all(voice.startswith("cmn+") for voice in cast.values())
    assert cast["Mei"].endswith("+f1") and cast["Li"].endswith("+m1")  # the engine's first voices
    assert cast["Grandma Wu"] == "cmn+grandma"
    assert cast["Xiao"].endswith("+f5")  # the young female variant
    assert cast["Boss"].split("+")[1].startswith("m")
    assert cast_voices(characters, espeak, "zh") == cast


def test_casting_reuses_voices_once_every_fitting_one_is_taken(espeak):
    women = [(f"W{i}", "a woman") for i in range(8)]
    cast = cast_voices(women, espeak, "en")
    female = {v for v in espeak.voices("en") if "+f" in v or v.endswith("grandma")}
    assert set(cast.values()) == female  # every female voice used before any is given twice
    assert len(cast) == 8
