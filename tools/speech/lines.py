"""Speak a film's lines: one WAV per line, several at once, cached by what decides the sound.

The cache lives under ``<cache_dir>/speech/`` and is keyed by the engine's identity, the voice, the
language and the text, so a re-run, or another film with the same line, reuses the audio instead of
asking the engine again. Every file appears whole or not at all (a temporary file and a rename).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from pathlib import Path

from tools.errors import SpeechError, ToolError
from tools.speech.types import SpeechEngine, SpeechLine, SpokenLine
from tools.speech.wav import wav_seconds


def cache_key(engine: SpeechEngine, line: SpeechLine) -> str:
    """The content address of a line's audio: a hash of engine identity, voice, language and text."""
    facts = [engine.identity(), line.voice, line.language, line.text]
    return hashlib.sha256(json.dumps(facts, ensure_ascii=False).encode("utf-8")).hexdigest()


def _copy_atomic(source: Path, target: Path) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(fd)
    try:
        shutil.copyfile(source, tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _check(lines: list[SpeechLine], workers: int) -> None:
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    seen: set[str] = set()
    for line in lines:
        if not line.key or line.key != Path(line.key).name or line.key.startswith("."):
            raise SpeechError(f"line key {line.key!r} cannot name a file; use a plain id such as a shot id")
        if line.key in seen:
            raise SpeechError(f"two lines share the key {line.key!r}; give each line its own key")
        seen.add(line.key)
        if not line.text.strip():
            raise SpeechError(
                f"line {line.key} ({line.speaker}) has no words to speak; give it text or drop it"
            )


def _speak_one(line: SpeechLine, engine: SpeechEngine, folder: Path, cache: Path | None) -> SpokenLine:
    target = folder / f"{line.key}.wav"
    cached = cache / f"{cache_key(engine, line)}.wav" if cache is not None else None
    try:
        if cached is None or not cached.is_file():
            _synthesize(line, engine, cached if cached is not None else target)
        if cached is not None:
            _copy_atomic(cached, target)
        duration = wav_seconds(target)
    except (ToolError, OSError) as exc:
        raise SpeechError(f"line {line.key} ({line.speaker}) could not be spoken: {exc}") from exc
    return SpokenLine(key=line.key, path=target, duration=duration, engine=engine.name, voice=line.voice)


def _synthesize(line: SpeechLine, engine: SpeechEngine, path: Path) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".wav", dir=path.parent)
    os.close(fd)
    try:
        engine.synthesize(line.text, line.voice, line.language, Path(tmp))
        if wav_seconds(Path(tmp)) <= 0:
            raise SpeechError(f"the {engine.name} engine answered a sound with no samples")
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def speak_lines(
    lines: list[SpeechLine],
    engine: SpeechEngine,
    folder: Path,
    *,
    cache_dir: Path | None = None,
    workers: int = 2,
    on_progress: Callable[[int, int], None] | None = None,
) -> list[SpokenLine]:
    """Speak every line into ``folder/<key>.wav``, reusing cached audio.

    Args:
        lines: The lines, each with a unique key.
        engine: The speech engine (from `make_engine`).
        folder: Where the line files go; created when missing.
        cache_dir: The shared cache folder (audio goes under ``speech/``); None to cache nothing.
        workers: How many lines are spoken at once (espeak speaks one at a time whatever this is).
        on_progress: Called with ``(lines done, lines in all)`` as lines finish.

    Returns:
        The spoken lines, in the order given, with their exact durations.

    Raises:
        ValueError: ``workers`` is below 1.
        SpeechError: A line has no words, a key is repeated or cannot name a file, or a line could not
            be spoken (the message names its key and speaker; lines already spoken stay on disk and in
            the cache, so running again only speaks the rest).
    """
    _check(lines, workers)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    cache = Path(cache_dir) / "speech" if cache_dir is not None else None
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
    total = len(lines)
    if not lines:
        return []
    with ThreadPoolExecutor(max_workers=min(workers, total), thread_name_prefix="speech") as pool:
        futures = [pool.submit(_speak_one, line, engine, folder, cache) for line in lines]
        pending = set(futures)
        done_count = 0
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                if future.exception() is not None:
                    for other in pending:
                        other.cancel()
                    raise future.exception()
            done_count += len(done)
            if on_progress is not None:
                on_progress(done_count, total)
    return [future.result() for future in futures]
