"""The speech tool: dialogue lines spoken to WAV files, one voice per character.

Engines (`make_engine`): ``openai`` (``audio.speech`` of any OpenAI-compatible server), ``espeak``
(espeak-ng, offline, Mandarin, Cantonese, English and many more) and ``none`` (no speech).

Typical use::

    engine = make_engine("espeak")
    voices = cast_voices([("Mei", "a woman in her 30s"), ("Li", "a man in his 40s")], engine, "zh")
    spoken = speak_lines([SpeechLine(key="s01", text="下雨了。", speaker="Mei", language="zh",
                                     voice=voices["Mei"])], engine, film / "speech", cache_dir=cache)
"""

from tools.speech.engines import ENGINES, make_engine
from tools.speech.lines import speak_lines
from tools.speech.types import SpeechEngine, SpeechLine, SpokenLine
from tools.speech.voices import cast_voices
from tools.speech.wav import wav_seconds

__all__ = [
    "ENGINES",
    "SpeechEngine",
    "SpeechLine",
    "SpokenLine",
    "cast_voices",
    "make_engine",
    "speak_lines",
    "wav_seconds",
]
