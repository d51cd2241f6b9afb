"""Assembly: the editor tool cuts ``film.mp4`` with its voices, music and subtitles; the exports follow.

Beside the film: ``film.srt`` and ``film.vtt``, ``timeline.otio`` and ``timeline.edl`` for editing
tools, ``script.fountain``, a Jianying/CapCut draft under ``jianying/``, ``storyboard.png``, and the
shot clips the exports use under ``clips/``.
"""

from __future__ import annotations

import time
from pathlib import Path

from langgraph.runtime import Runtime

from agents.context import RunContext
from agents.schemas import Script, Shot
from agents.state import FilmState, cut_inputs, stage_clock
from agents.voicing import speech_spans
from tools.editor import assemble
from tools.exports import AudioPlacement, ExportInputs, Screenplay, write_exports
from tools.files import link_or_copy
from tools.probe import probe
from tools.storyboard import StoryboardPanel, make_storyboard
from tools.timeline import EditDecisionList

FILM = "film.mp4"
STORYBOARD = "storyboard.png"
CLIPS = "clips"
AI_LABEL = {"zh": "AI 生成", "en": "AI-generated"}


def ai_label(language: str) -> str:
    """The on-screen AI label in the film's language (English unless it is Chinese)."""
    return AI_LABEL["zh" if language.lower().startswith("zh") else "en"]


def screenplay(script: Script, shots: list[Shot]) -> Screenplay:
    """The script as a screenplay: each scene's heading, its summary, then its shots' action and lines.

    Lines the director gave to no shot follow the shots, so every line of the script is kept.
    """
    scenes = []
    for scene in script.scenes:
        elements = [{"kind": "action", "text": scene.summary}]
        carried = []
        for shot in (s for s in shots if s.scene == scene.number):
            elements.append({"kind": "action", "text": shot.action})
            if shot.dialogue is not None:
                carried.append(shot.dialogue)
                elements.append({"kind": "dialogue", "text": shot.dialogue.text,
                                 "character": shot.dialogue.speaker})
        for line in scene.dialogue:
            if line in carried:
                carried.remove(line)
            else:
                elements.append({"kind": "dialogue", "text": line.text, "character": line.speaker})
        scenes.append({"heading": scene.heading, "elements": elements})
    return Screenplay(title=script.title, credit="Written by", author="filmcrew", logline=script.logline,
                      language=script.language, scenes=scenes)


def assemble_film(state: FilmState, runtime: Runtime[RunContext]) -> dict:
    """Cut ``film.mp4`` from the edit decisions with the spoken lines and music, then write the exports."""
    ctx = runtime.context
    started = time.time()
    brief, script, shots, renders = cut_inputs(state)
    edl = EditDecisionList.model_validate(state["edit"])
    voices = state.get("voices") or {}

    def on_progress(step: str, done: int, total: int) -> None:
        ctx.progress({"stage": "assemble", "event": "step", "step": step, "done": done, "total": total})

    panels = [
        StoryboardPanel(
            keyframe=Path(renders[s.id].keyframe_path),
            label=f"{n}. {s.id}",
            detail=f"{s.size} · {s.move} · {s.duration:.1f}s",
            action=s.action,
        )
        for n, s in enumerate(shots, start=1)
    ]
    make_storyboard(panels, ctx.run_dir / STORYBOARD, font_path=ctx.font_path, title=script.title)
    clips = {k: Path(r.clip_path) for k, r in renders.items()}
    spans = speech_spans(edl, voices, ctx.run_dir)
    film_path = ctx.run_dir / FILM
    report = assemble(edl, clips, film_path, width=brief.width, height=brief.height, fps=brief.fps,
                      font_path=ctx.font_path, on_progress=on_progress,
                      audio=[(s.start, s.path) for s in spans], music=ctx.music, loudness=ctx.loudness,
                      burn_subtitles=ctx.burn_subtitles,
                      label=ai_label(script.language) if ctx.ai_label else None, cache_dir=ctx.cache_dir / "edit")
    info = probe(film_path)
    dialogue = [AudioPlacement(name=f"{s.shot_id} {voices[s.shot_id]['speaker']}", path=s.path, start=s.start,
                               duration=s.duration, kind="dialogue") for s in spans]
    music = None
    if ctx.music is not None:
        music = AudioPlacement(name=Path(ctx.music).stem, path=Path(ctx.music), start=0.0,
                               duration=info.duration, kind="music")
    # The exports point at the clips in the film's own folder (hard links into the shot cache), so
    # the folder is complete on its own: move it, and an editing tool finds everything beside it.
    media = {c.shot_id: link_or_copy(clips[c.shot_id], ctx.run_dir / CLIPS / f"{c.shot_id}.mp4") for c in edl.clips}
    inputs = ExportInputs(edl=edl, clips=media,
                          clip_seconds={k: r.duration for k, r in renders.items()}, fps=brief.fps,
                          width=brief.width, height=brief.height, title=script.title, dialogue=dialogue,
                          music=music, film=film_path)
    skipped: list[str] = []
    exports = write_exports(inputs, screenplay(script, shots), ctx.run_dir, problems=skipped)
    for problem in skipped:
        ctx.progress({"stage": "assemble", "event": "warning", "detail": problem})
    sound = report.sound
    loud = f", {sound.integrated_lufs:.1f} LUFS" if sound.integrated_lufs is not None else ""
    ctx.progress({"stage": "assemble", "event": "done",
                  "detail": f"{FILM} {info.duration:.1f}s{loud} · {report.seconds:.1f}s to cut"})
    film = {
        "path": FILM,
        "subtitles": "film.srt",
        "storyboard": STORYBOARD,
        "exports": {kind: str(Path(path).relative_to(ctx.run_dir)) for kind, path in exports.items()},
        "duration": info.duration,
        "edit_duration": edl.duration,
        "width": info.width,
        "height": info.height,
        "fps": info.fps,
        "num_frames": info.num_frames,
        "video_codec": info.video_codec,
        "audio_codec": info.audio_codec,
        "sound": {"dialogue_lines": len(spans), "music": str(ctx.music) if ctx.music else None,
                  "integrated_lufs": sound.integrated_lufs, "true_peak_db": sound.true_peak_db,
                  "loudness_target": ctx.loudness, "normalized": sound.normalized},
        "picture": {"burned_subtitles": ctx.burn_subtitles and bool(edl.subtitles),
                    "ai_label": ai_label(script.language) if ctx.ai_label else None},
        "assembly": {"seconds": round(report.seconds, 3), "segments_composited": report.segments_composited,
                     "segments_passed_through": report.segments_passed_through,
                     "segments_copied": report.segments_copied, "frames_composited": report.frames_composited},
    }
    return {"film": film, "notes": skipped, "clock": stage_clock("assemble", started, time.time())}
