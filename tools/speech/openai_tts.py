"""The ``openai`` engine: ``audio.speech`` of any OpenAI-compatible server, answered as a WAV file.

It asks for ``response_format="wav"``. Some compatible servers answer another format whatever was
asked (mp3, raw PCM); those answers are converted to WAV with the bundled ffmpeg. A streamed WAV
whose header sizes are left at ``0xFFFFFFFF`` is rewritten with its real sizes.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tools.errors import EditError, SpeechError
from tools.ffmpeg import run_ffmpeg
from tools.speech.voices import OPENAI_VOICES
from tools.speech.wav import Pcm16, parse_pcm16, write_wav

DEFAULT_MODEL = "gpt-4o-mini-tts"
RAW_PCM_RATE = 24000
"""OpenAI's ``pcm`` format: 24 kHz 16-bit little-endian mono, no header."""


class OpenAISpeechEngine:
    """Speech from an OpenAI-compatible server (``POST /v1/audio/speech``).

    Args:
        client: An ``openai.OpenAI`` client (its base URL, key, timeout and retries are used as set).
        model: The speech model.
    """

    name = "openai"

    def __init__(self, client: Any, model: str | None = None) -> None:
        self.client = client
        self.model = model or DEFAULT_MODEL
        self.host = urlsplit(str(client.base_url)).netloc or str(client.base_url)

    def identity(self) -> str:
        """``openai <model> at <host>``: the same text and voice sound the same on the same server and model."""
        return f"openai {self.model} at {self.host}"

    def voices(self, language: str) -> list[str]:
        """OpenAI's built-in voices; every one speaks every language the model knows."""
        return list(OPENAI_VOICES)

    def synthesize(self, text: str, voice: str, language: str, out_path: Path) -> None:
        """Ask the server to speak ``text`` in ``voice`` and write its answer to ``out_path`` as a WAV file.

        Raises:
            SpeechError: The server failed (its message is included) or answered something that is not audio.
        """
        import openai

        try:
            response = self.client.audio.speech.create(
                model=self.model, voice=voice, input=text, response_format="wav"
            )
        except openai.APIError as exc:
            raise SpeechError(self._problem(exc)) from exc
        content_type = response.response.headers.get("content-type", "")
        write_wav(out_path, self._decode(response.content, content_type))

    def _where(self) -> str:
        return f"the speech server at {self.host} (model {self.model!r})"

    def _problem(self, exc: Any) -> str:
        import openai

        if isinstance(exc, openai.APIConnectionError):
            cause = str(exc.__cause__ or exc).rstrip(".")
            return (
                f"{self._where()} could not be reached ({cause}); check the base URL and that the server runs"
            )
        body = getattr(exc, "body", None)
        detail = body.get("message") if isinstance(body, dict) and body.get("message") else exc.message
        status = getattr(exc, "status_code", None)
        hint = {
            401: "set a valid API key",
            404: "check the speech model name and that the server offers /v1/audio/speech",
            429: "wait, then run again",
        }.get(status, "check the model, the voice and the server")
        return f"{self._where()} failed with HTTP {status}: {detail}; {hint}"

    def _decode(self, data: bytes, content_type: str) -> Pcm16:
        pcm = parse_pcm16(data)
        if pcm is not None:
            return pcm
        kind = content_type.lower()
        if "pcm" in kind or "l16" in kind:
            frames = data[: len(data) // 2 * 2]
            return Pcm16(frames, RAW_PCM_RATE, 1)
        if kind.startswith(("application/json", "text/")):
            raise SpeechError(
                f"{self._where()} answered {content_type} instead of audio: {data[:200].decode('utf-8', 'replace')}"
            )
        return self._convert(data, content_type)

    def _convert(self, data: bytes, content_type: str) -> Pcm16:
        with tempfile.TemporaryDirectory(prefix="filmcrew-speech-") as folder:
            source, target = Path(folder) / "answer", Path(folder) / "answer.wav"
            source.write_bytes(data)
            try:
                run_ffmpeg(["-y", "-i", str(source), "-vn", "-c:a", "pcm_s16le", str(target)])
            except EditError as exc:
                raise SpeechError(
                    f"{self._where()} answered {len(data)} bytes of {content_type or 'unknown type'} "
                    f"that are not audio ffmpeg can read: {exc}"
                ) from exc
            pcm = parse_pcm16(target.read_bytes())
        if pcm is None or not pcm.frames:
            raise SpeechError(
                f"{self._where()} answered {content_type or 'unknown type'} audio with no sound"
            )
        return pcm
