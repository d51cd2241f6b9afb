"""The ``espeak`` engine: espeak-ng, offline, through ``ctypes`` on the ``espeakng-loader`` wheel's library.

The library keeps global state and is not thread-safe, so one process-wide lock guards every call.
It is started once, in synchronous retrieval mode: ``espeak_Synth`` returns when the text is spoken,
having handed the 16-bit samples to our callback. Voices are ``<language voice>+<variant>``
(``cmn+f2``, ``en-us+m3``); variants change pitch and formants, so each character sounds different.

Measured on a 2-core machine: a 4.5 s sentence (English or Mandarin) takes about 4-6 ms with the WAV
written, about 1000 s of speech per second of synthesis.
"""

from __future__ import annotations

import ctypes
import threading
from functools import lru_cache
from pathlib import Path

from tools.errors import SpeechError
from tools.speech.voices import ESPEAK_VARIANTS
from tools.speech.wav import Pcm16, write_wav

_SYNCHRONOUS = 2  # AUDIO_OUTPUT_SYNCHRONOUS: espeak_Synth returns when done, samples go to the callback
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_RATE = 1  # espeakRATE, words per minute
_EE_OK = 0
_LANGUAGE_VOICES = {"en": "en-us", "zh": "cmn", "zh-hk": "yue", "zh-mo": "yue", "zh-yue": "yue"}
"""Where espeak-ng's own choice for a language code is not the one a film wants."""

_LOCK = threading.Lock()
_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)


class _Library:
    """espeak-ng, loaded and initialised; use only while holding `_LOCK`."""

    def __init__(self) -> None:
        try:
            import espeakng_loader

            lib = ctypes.CDLL(espeakng_loader.get_library_path())
            data_path = espeakng_loader.get_data_path()
        except (ImportError, OSError, RuntimeError) as exc:
            raise SpeechError(
                f"espeak-ng could not be loaded ({exc}); run `pip install espeakng-loader` "
                "(or reinstall filmcrew), or choose another speech engine"
            ) from exc
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_Synth.argtypes = [
            ctypes.c_void_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.c_void_p,
            ctypes.c_void_p,
        ]
        lib.espeak_Info.argtypes = [ctypes.c_void_p]
        lib.espeak_Info.restype = ctypes.c_char_p
        self.sample_rate = lib.espeak_Initialize(_SYNCHRONOUS, 0, data_path.encode(), 0)
        if self.sample_rate <= 0:
            raise SpeechError(
                f"espeak-ng did not start (its data at {data_path} may be damaged); "
                "run `pip install --force-reinstall espeakng-loader`"
            )
        self.version = lib.espeak_Info(None).decode()
        self.data_path = Path(data_path)
        self.lib = lib
        self._samples: list[bytes] = []
        self._callback = _CALLBACK(self._collect)  # kept referenced: the library holds the pointer
        lib.espeak_SetSynthCallback(self._callback)

    def _collect(self, wav, count: int, events) -> int:
        if wav and count > 0:
            self._samples.append(ctypes.string_at(wav, count * 2))
        return 0  # go on

    def speak(self, text: str, voice: str, rate: int) -> bytes:
        """16-bit mono samples of ``text`` spoken in ``voice`` (``cmn+f2``) at ``rate`` words per minute."""
        if self.lib.espeak_SetVoiceByName(voice.encode()) != _EE_OK:
            raise SpeechError(f"espeak-ng has no voice {voice!r}")
        self.lib.espeak_SetParameter(_RATE, rate, 0)
        self._samples = []
        data = text.encode("utf-8") + b"\0"
        status = self.lib.espeak_Synth(data, len(data), 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None)
        self.lib.espeak_Synchronize()
        if status != _EE_OK:
            raise SpeechError(f"espeak-ng failed to speak (error {status})")
        return b"".join(self._samples)


_library: _Library | None = None


def _loaded() -> _Library:
    global _library
    with _LOCK:
        if _library is None:
            _library = _Library()
        return _library


@lru_cache(maxsize=4)
def _language_table(data_path: Path) -> dict[str, tuple[int, str]]:
    """Language code (lower case) → (priority, voice file name) from espeak-ng's ``lang/`` files."""
    table: dict[str, tuple[int, str]] = {}
    for path in sorted((data_path / "lang").rglob("*")):
        if not path.is_file():
            continue
        for line in path.read_text("utf-8", "replace").splitlines():
            parts = line.split()
            if len(parts) >= 2 and parts[0] == "language":
                priority = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 5
                entry = (priority, path.name.lower())
                table[parts[1].lower()] = min(table.get(parts[1].lower(), entry), entry)
    return table


class EspeakEngine:
    """espeak-ng: robotic but offline, instant, and speaking Mandarin, Cantonese, English and 100 more.

    Args:
        rate: Speaking rate in words per minute (espeak-ng's default is 175).

    Raises:
        SpeechError: espeak-ng cannot be loaded (install ``espeakng-loader``).
    """

    name = "espeak"

    def __init__(self, rate: int = 165) -> None:
        self.rate = rate
        self._lib = _loaded()

    def identity(self) -> str:
        """``espeak-ng <version> rate <wpm>``."""
        return f"espeak-ng {self._lib.version} rate {self.rate}"

    def language_voice(self, language: str) -> str:
        """espeak-ng's voice for a language code: ``zh``/``zh-CN`` → ``cmn``, ``en-US`` → ``en-us``.

        Raises:
            SpeechError: espeak-ng has no voice for the language.
        """
        table = _language_table(self._lib.data_path)
        code = language.strip().lower().replace("_", "-")
        parts = code.split("-")
        for size in range(len(parts), 0, -1):
            prefix = "-".join(parts[:size])
            if prefix in _LANGUAGE_VOICES:
                return _LANGUAGE_VOICES[prefix]
            if prefix in table:
                return table[prefix][1]
        raise SpeechError(
            f"espeak-ng cannot speak language {language!r}; use a BCP 47 code it knows (en, en-GB, zh, yue, "
            "fr, de, ja...) or another speech engine"
        )

    def voices(self, language: str) -> list[str]:
        """``<language voice>+<variant>`` for each variant, in casting order (``cmn+m1``, ``cmn+f1``...)."""
        base = self.language_voice(language)
        return [f"{base}+{variant}" for variant in ESPEAK_VARIANTS]

    def synthesize(self, text: str, voice: str, language: str, out_path: Path) -> None:
        """Speak ``text`` and write a 16-bit mono WAV at espeak-ng's rate (22050 Hz).

        Args:
            text: The words.
            voice: ``<voice>+<variant>`` (``cmn+f2``), a bare variant (``f2``, spoken in ``language``'s
                voice), or a voice without variant (``en-us``).
            language: The language of the words; gives the voice when ``voice`` is a bare variant.
            out_path: The WAV file to write.

        Raises:
            SpeechError: The voice is unknown, or espeak-ng made no sound of the text.
        """
        name = self._voice_name(voice, language)
        with _LOCK:
            samples = self._lib.speak(text, name, self.rate)
        if not samples.strip(b"\0"):
            raise SpeechError(
                f"espeak-ng made no sound of {text[:60]!r} in voice {name}; give the line words"
            )
        write_wav(out_path, Pcm16(samples, self._lib.sample_rate, 1))

    def _voice_name(self, voice: str, language: str) -> str:
        base, plus, variant = voice.partition("+")
        if not plus and base in ESPEAK_VARIANTS:
            base, variant = "", base
        if variant and not (self._lib.data_path / "voices" / "!v" / variant).is_file():
            raise SpeechError(
                f"espeak-ng has no voice variant {variant!r} (in {voice!r}); use one of "
                f"{', '.join(ESPEAK_VARIANTS)}"
            )
        base = base or self.language_voice(language)
        known = {name for _, name in _language_table(self._lib.data_path).values()}
        if base.lower() not in known:
            raise SpeechError(f"espeak-ng has no voice {base!r}; use one of engine.voices(language)")
        return f"{base}+{variant}" if variant else base
