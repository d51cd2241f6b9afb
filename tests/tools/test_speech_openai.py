"""The ``openai`` speech engine through the real ``openai`` client against a loopback server."""

from __future__ import annotations

import struct
import wave

import numpy as np
import openai
import pytest

from tests.support.openai_server import (
    SPEECH_RATE,
    Reply,
    ScriptedOpenAIServer,
    speech_seconds,
    speech_wav,
    voice_frequency,
)
from tools.errors import SpeechError
from tools.ffmpeg import run_ffmpeg
from tools.speech import SpeechLine, cast_voices, make_engine, speak_lines

TEXT = "Two strangers share an umbrella."


@pytest.fixture
def server():
    with ScriptedOpenAIServer() as running:
        yield running


def client_for(server) -> openai.OpenAI:
    return openai.OpenAI(base_url=server.base_url, api_key="test", max_retries=0)


def line(key: str = "s01", text: str = TEXT, voice: str = "nova", speaker: str = "Mei") -> SpeechLine:
    return SpeechLine(key=key, text=text, speaker=speaker, language="en", voice=voice)


def wav_facts(path) -> tuple[np.ndarray, int]:
    with wave.open(str(path)) as wav:
        data = np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16).astype(np.float64)
        return data, wav.getframerate()


def main_frequency(path) -> float:
    data, rate = wav_facts(path)
    spectrum = np.abs(np.fft.rfft(data))
    return float(np.fft.rfftfreq(len(data), 1 / rate)[np.argmax(spectrum)])


def test_the_line_reaches_the_server_and_its_wav_comes_back(tmp_path, server):
    engine = make_engine("openai", client=client_for(server), model="tts-test")
    [spoken] = speak_lines([line()], engine, tmp_path)
    [request] = server.speech_requests
    assert (request["model"], request["voice"], request["input"]) == ("tts-test", "nova", TEXT)
    assert request["response_format"] == "wav"
    data, rate = wav_facts(spoken.path)
    assert rate == SPEECH_RATE
    assert spoken.duration == len(data) / rate == pytest.approx(speech_seconds(TEXT), abs=1 / rate)
    assert (spoken.engine, spoken.voice) == ("openai", "nova")


def test_the_default_model_is_gpt_4o_mini_tts(tmp_path, server):
    speak_lines([line()], make_engine("openai", client=client_for(server)), tmp_path)
    assert server.speech_requests[0]["model"] == "gpt-4o-mini-tts"


def test_cast_characters_get_their_own_voices(tmp_path, server):
    engine = make_engine("openai", client=client_for(server))
    cast = cast_voices([("Mei", "a young woman"), ("Li", "an old man"), ("Robot", "a robot")], engine, "zh")
    assert cast == cast_voices(
        [("Mei", "a young woman"), ("Li", "an old man"), ("Robot", "a robot")], engine, "zh"
    )
    assert cast["Mei"] in {"coral", "nova", "sage", "shimmer"}
    assert cast["Li"] in {"ash", "ballad", "echo", "fable", "onyx", "verse"}
    assert cast["Robot"] == "alloy"  # the neutral voice
    lines = [line(name, TEXT, voice, name) for name, voice in cast.items()]
    tones = [main_frequency(spoken.path) for spoken in speak_lines(lines, engine, tmp_path)]
    expected = [voice_frequency(voice) for voice in cast.values()]
    assert tones == pytest.approx(expected, abs=2)


def test_an_mp3_answer_is_converted_to_wav(tmp_path, server):
    mp3 = tmp_path / "answer.mp3"
    run_ffmpeg(["-y", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=24000:duration=1", str(mp3)])
    server.add_speech(Reply(body=mp3.read_bytes(), headers={"content-type": "audio/mpeg"}))
    [spoken] = speak_lines([line()], make_engine("openai", client=client_for(server)), tmp_path / "out")
    assert spoken.path.read_bytes()[:4] == b"RIFF"
    assert spoken.duration == pytest.approx(1.0, abs=0.06)
    assert main_frequency(spoken.path) == pytest.approx(440, abs=3)


def test_a_raw_pcm_answer_is_read_at_24_khz(tmp_path, server):
    pcm = speech_wav(TEXT, "nova")[44:]
    server.add_speech(Reply(body=pcm, headers={"content-type": "audio/pcm"}))
    [spoken] = speak_lines([line()], make_engine("openai", client=client_for(server)), tmp_path)
    assert spoken.duration == pytest.approx(speech_seconds(TEXT), abs=1e-3)


def test_a_streamed_wav_with_unknown_sizes_gets_its_real_length(tmp_path, server):
    streamed = bytearray(speech_wav(TEXT, "nova"))
    struct.pack_into("<I", streamed, 4, 0xFFFFFFFF)
    struct.pack_into("<I", streamed, 40, 0xFFFFFFFF)
    server.add_speech(Reply(body=bytes(streamed), headers={"content-type": "audio/wav"}))
    [spoken] = speak_lines([line()], make_engine("openai", client=client_for(server)), tmp_path)
    assert wav_facts(spoken.path)[0].size == round(speech_seconds(TEXT) * SPEECH_RATE)


def test_a_server_error_names_the_line_and_the_message(tmp_path, server):
    server.add_speech(Reply.error(500, "the voice model is warming up"))
    engine = make_engine("openai", client=client_for(server), model="tts-test")
    with pytest.raises(
        SpeechError, match=r"line s07 \(Li\).*HTTP 500: the voice model is warming up"
    ) as caught:
        speak_lines([line("s07", speaker="Li")], engine, tmp_path)
    assert "tts-test" in str(caught.value) and "127.0.0.1" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_an_answer_that_is_not_audio_is_refused(tmp_path, server):
    server.add_speech(Reply(body={"status": "queued"}))
    with pytest.raises(SpeechError, match="application/json instead of audio"):
        speak_lines([line()], make_engine("openai", client=client_for(server)), tmp_path)


def test_garbage_bytes_are_refused(tmp_path, server):
    server.add_speech(Reply(body=b"\x00\x01 not audio" * 20, headers={"content-type": "audio/mpeg"}))
    with pytest.raises(SpeechError, match="not audio ffmpeg can read"):
        speak_lines([line()], make_engine("openai", client=client_for(server)), tmp_path)


def test_a_rerun_reuses_cached_audio_without_asking_the_server(tmp_path, server):
    engine = make_engine("openai", client=client_for(server))
    lines = [line("s01"), line("s02", "Thank you.", "onyx", "Li")]
    first = speak_lines(lines, engine, tmp_path / "one", cache_dir=tmp_path / "cache")
    again = speak_lines(lines, engine, tmp_path / "two", cache_dir=tmp_path / "cache")
    assert len(server.speech_requests) == 2
    assert [s.duration for s in again] == [s.duration for s in first]
    assert (tmp_path / "two" / "s02.wav").read_bytes() == first[1].path.read_bytes()
    changed = [line("s01", TEXT + " Again."), line("s02", "Thank you.", "onyx", "Li")]
    speak_lines(changed, engine, tmp_path / "three", cache_dir=tmp_path / "cache")
    assert len(server.speech_requests) == 3  # only the changed line is spoken
    other_model = make_engine("openai", client=client_for(server), model="tts-other")
    speak_lines(lines[:1], other_model, tmp_path / "four", cache_dir=tmp_path / "cache")
    assert len(server.speech_requests) == 4  # another model sounds different: no reuse


def test_chat_requests_are_not_mixed_with_speech(tmp_path, server):
    server.add("hello")
    speak_lines([line()], make_engine("openai", client=client_for(server)), tmp_path)
    answer = client_for(server).chat.completions.create(
        model="test-model", messages=[{"role": "user", "content": "hi"}]
    )
    assert answer.choices[0].message.content == "hello"
    assert len(server.requests) == 1 and len(server.speech_requests) == 1
