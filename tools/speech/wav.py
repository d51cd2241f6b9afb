"""WAV files for speech: read 16-bit PCM from whatever an engine answers, write clean files, measure them.

Servers that stream WAV often leave the RIFF and ``data`` sizes at ``0xFFFFFFFF`` (they do not know the
length when they start), so the readers here trust the bytes that are really there, not the header.
"""

from __future__ import annotations

import os
import struct
import tempfile
import wave
from pathlib import Path

from tools.errors import SpeechError

_PCM = 1
_EXTENSIBLE = 0xFFFE


class Pcm16:
    """Mono or multi-channel 16-bit little-endian samples and their rate.

    Attributes:
        frames: The interleaved samples' bytes, a whole number of frames.
        rate: Samples per second per channel.
        channels: Channel count.
    """

    def __init__(self, frames: bytes, rate: int, channels: int = 1) -> None:
        self.frames = frames
        self.rate = rate
        self.channels = channels

    @property
    def seconds(self) -> float:
        """Length in seconds."""
        return len(self.frames) / (2 * self.channels * self.rate)


def _chunks(data: bytes):
    """Yield ``(chunk id, offset of its body, declared size)`` for each chunk of a RIFF/WAVE file."""
    offset = 12
    while offset + 8 <= len(data):
        chunk_id, size = struct.unpack_from("<4sI", data, offset)
        yield chunk_id, offset + 8, size
        offset += 8 + size + (size & 1)


def parse_pcm16(data: bytes) -> Pcm16 | None:
    """The 16-bit PCM in a RIFF/WAVE file's bytes; None when the bytes are not such a file.

    A ``data`` chunk whose declared size runs past the end (a streamed answer) is read to the end.
    """
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return None
    fmt = None
    for chunk_id, body, size in _chunks(data):
        if chunk_id == b"fmt " and size >= 16:
            tag, channels, rate, _, _, bits = struct.unpack_from("<HHIIHH", data, body)
            if tag == _EXTENSIBLE and size >= 26:
                tag = struct.unpack_from("<H", data, body + 24)[0]
            fmt = (tag, channels, rate, bits)
        elif chunk_id == b"data":
            if fmt is None or fmt[0] != _PCM or fmt[3] != 16 or not fmt[1] or not fmt[2]:
                return None
            frame = 2 * fmt[1]
            payload = data[body : body + size]
            return Pcm16(payload[: len(payload) // frame * frame], fmt[2], fmt[1])
    return None


def write_wav(path: Path, pcm: Pcm16) -> Path:
    """Write ``pcm`` as a 16-bit WAV file at ``path``, atomically (a temporary file and a rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".wav", dir=path.parent)
    os.close(fd)
    try:
        with wave.open(tmp, "wb") as out:
            out.setnchannels(pcm.channels)
            out.setsampwidth(2)
            out.setframerate(pcm.rate)
            out.writeframes(pcm.frames)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read_pcm16(path: Path) -> Pcm16:
    """The samples of a 16-bit PCM WAV file.

    Raises:
        SpeechError: The file is missing or is not a 16-bit PCM WAV file.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SpeechError(f"cannot read the speech file {path}: {exc}") from exc
    pcm = parse_pcm16(data)
    if pcm is None:
        raise SpeechError(f"{path} is not a 16-bit PCM WAV file; speak the line again (delete the file)")
    return pcm


def wav_seconds(path: Path) -> float:
    """The exact length of a 16-bit PCM WAV file in seconds, from its sample count.

    Raises:
        SpeechError: The file is missing or is not a 16-bit PCM WAV file.
    """
    return read_pcm16(path).seconds
