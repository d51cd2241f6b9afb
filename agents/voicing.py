"""Voices: every shot's line spoken in its character's voice before the shots render.

A shot that carries a line is made at least as long as the line's speech plus a lead and a tail,
so the picture never cuts a line short. After the edit, the speech fixes the timing: each line's
clip keeps the whole line, its subtitle shows exactly while it is spoken, and the sound track
plays it there (`speech_spans` is the one place that timing is computed).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from pathlib import Path

from langgraph.runtime import Runtime

from agents.context import RunContext
from agents.schemas import Brief, Script, Shot, ShotList
from agents.state import FilmState, stage_clock
from tools.files import write_model
from tools.speech import SpeechLine, cast_voices, speak_lines
from tools.timeline import EditDecisionList, SubtitleEvent

LEAD_SECONDS = 0.3
"""Picture before a line starts: the shot settles, then the character speaks."""
TAIL_SECONDS = 0.4
"""Picture after a line ends, so the cut does not clip its last sound."""
VOICES_DIR = "voices"


def voice_lines(state: FilmState, runtime: Runtime[RunContext]) -> dict:
    """Speak every shot's line, cast one voice per character, and lengthen shots that are too short.

    With no speech engine (``--voice none``) nothing is spoken: subtitles keep the editor's
    reading-time estimates and the film is silent apart from any music.
    """
    ctx = runtime.context
    started = time.time()
    brief = Brief.model_validate(state["brief"])
    script = Script.model_validate(state["script"])
    shots = [Shot.model_validate(s) for s in state["shots"]]
    carriers = [s for s in shots if s.dialogue is not None]
    if ctx.speech is None or not carriers:
        return {"voices": {}, "clock": stage_clock("voices", started, time.time())}
    speakers = list(dict.fromkeys(s.dialogue.speaker for s in carriers))
    described = {c.name: c.voice or c.description for c in script.characters}
    casting = cast_voices([(name, described.get(name, "")) for name in speakers], ctx.speech, script.language)
    lines = [SpeechLine(key=s.id, text=s.dialogue.text, speaker=s.dialogue.speaker,
                        language=script.language, voice=casting[s.dialogue.speaker]) for s in carriers]
    ctx.progress({"stage": "voices", "event": "start", "total": len(lines),
                  "detail": f"{len(lines)} lines, {len(speakers)} voices ({ctx.speech.name})"})

    def on_progress(done: int, total: int) -> None:
        ctx.progress({"stage": "voices", "event": "step", "step": "line", "done": done, "total": total})

    folder = ctx.run_dir / VOICES_DIR
    spoken = {s.key: s for s in speak_lines(lines, ctx.speech, folder, cache_dir=ctx.cache_dir,
                                            on_progress=on_progress)}
    voices: dict[str, dict] = {}
    fitted: list[Shot] = []
    longer: list[str] = []
    for shot in shots:
        line = spoken.get(shot.id)
        if line is not None:
            need = _frames_up(LEAD_SECONDS + line.duration + TAIL_SECONDS, brief.fps)
            if shot.duration < need:
                longer.append(f"{shot.id} {shot.duration:.1f}→{need:.2f}s")
                shot = shot.model_copy(update={"duration": need})
            voices[shot.id] = {"path": str(Path(line.path).relative_to(ctx.run_dir)) if _inside(line.path, ctx.run_dir)
                               else str(line.path), "duration": line.duration, "offset": LEAD_SECONDS,
                               "speaker": shot.dialogue.speaker, "voice": line.voice, "engine": line.engine}
        fitted.append(shot)
    if longer:
        write_model(ctx.run_dir / "shots.json", ShotList(shots=fitted))
    ctx.progress({"stage": "voices", "event": "done",
                  "detail": f"{sum(v['duration'] for v in voices.values()):.1f}s of speech"
                            + (f", {len(longer)} shots lengthened to fit their lines" if longer else "")})
    update: dict = {"shots": [s.model_dump() for s in fitted], "voices": voices, "casting": casting,
                    "clock": stage_clock("voices", started, time.time())}
    if longer:
        update["notes"] = ["voices: shots lengthened to hold their spoken lines: " + ", ".join(longer)]
    return update


def _frames_up(seconds: float, fps: int) -> float:
    return round(math.ceil(seconds * fps - 1e-6) / fps, 6)


def _inside(path: Path | str, folder: Path) -> bool:
    try:
        Path(path).resolve().relative_to(Path(folder).resolve())
        return True
    except ValueError:
        return False


@dataclass(frozen=True)
class SpeechSpan:
    """Where a spoken line plays in the film.

    Attributes:
        clip: Index of the EDL clip that carries it.
        shot_id: The shot whose line it is.
        start: Film seconds the speech starts.
        duration: Seconds of speech.
        path: The speech file.
    """

    clip: int
    shot_id: str
    start: float
    duration: float
    path: Path


def speech_spans(edl: EditDecisionList, voices: dict[str, dict], run_dir: Path) -> list[SpeechSpan]:
    """The film time of every spoken line, once per shot (its first clip), in film order.

    Args:
        edl: The edit (after `fit_edit_to_speech`).
        voices: The ``voices`` state: per shot id, the speech's ``path``, ``duration`` and ``offset``
            (seconds into the shot's clip where the line starts).
        run_dir: Folder relative speech paths are under.
    """
    spans = []
    seen: set[str] = set()
    for index, (clip, start) in enumerate(zip(edl.clips, edl.clip_starts(), strict=True)):
        voice = voices.get(clip.shot_id)
        if voice is None or clip.shot_id in seen:
            continue
        seen.add(clip.shot_id)
        at = start + voice["offset"] - clip.source_in
        path = Path(voice["path"])
        spans.append(SpeechSpan(index, clip.shot_id, round(max(at, 0.0), 6), float(voice["duration"]),
                                path if path.is_absolute() else run_dir / path))
    return spans


def fit_edit_to_speech(edl: EditDecisionList, voices: dict[str, dict], clip_seconds: dict[str, float],
                       texts: dict[str, tuple[str, str]], fps: int) -> tuple[EditDecisionList, list[str]]:
    """Make every spoken line's clip hold the whole line, and time its subtitle to the speech.

    Args:
        edl: The editor's decisions.
        voices: The ``voices`` state (see `speech_spans`).
        clip_seconds: Real length of every rendered clip.
        texts: ``(text, speaker)`` of each voiced shot's line, by shot id.
        fps: Film frame rate (clip ends are kept on whole frames).

    Returns:
        The fitted EDL and a note per clip that had to be lengthened.
    """
    if not voices:
        return edl, []
    clips, notes = [], []
    for clip in edl.clips:
        voice = voices.get(clip.shot_id)
        if voice is not None:
            start, end = voice["offset"], voice["offset"] + voice["duration"]
            real = clip_seconds.get(clip.shot_id, clip.source_out)
            source_in = min(clip.source_in, start)
            source_out = min(real, max(clip.source_out, _frames_up(end + TAIL_SECONDS / 2, fps)))
            if (source_in, source_out) != (clip.source_in, clip.source_out):
                notes.append(f"{clip.shot_id} {clip.source_in:.2f}-{clip.source_out:.2f}s → "
                             f"{source_in:.2f}-{source_out:.2f}s")
                clip = clip.model_copy(update={"source_in": source_in, "source_out": source_out})
        clips.append(clip)
    fitted = edl.model_copy(update={"clips": clips})
    timed = {}
    for span in speech_spans(fitted, voices, Path(".")):
        text, speaker = texts[span.shot_id]
        timed[span.shot_id] = SubtitleEvent(start=round(span.start, 3), end=round(span.start + span.duration, 3),
                                            text=text, speaker=speaker)
    keep = [sub for sub in edl.subtitles if sub.text not in {t for t, _ in (texts[k] for k in timed)}]
    subtitles = sorted([*keep, *timed.values()], key=lambda s: s.start)
    total = fitted.duration
    subtitles = [s.model_copy(update={"end": min(s.end, round(total, 3))}) for s in subtitles if s.start < total]
    return fitted.model_copy(update={"subtitles": subtitles}), notes
