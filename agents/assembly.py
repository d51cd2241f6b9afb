"""Assembly: the MoviePy editor tool renders the edit into ``film.mp4`` and the sidecars are written."""

from __future__ import annotations

import time
from pathlib import Path

from langgraph.runtime import Runtime

from agents.context import RunContext
from agents.state import FilmState, cut_inputs, stage_clock
from tools.editor import assemble
from tools.probe import probe
from tools.storyboard import StoryboardPanel, make_storyboard
from tools.subtitles import write_srt
from tools.timeline import EditDecisionList

FILM = "film.mp4"
SUBTITLES = "film.srt"
STORYBOARD = "storyboard.png"


def assemble_film(state: FilmState, runtime: Runtime[RunContext]) -> dict:
    """Cut ``film.mp4`` from the edit decisions, then write ``film.srt`` and ``storyboard.png``."""
    ctx = runtime.context
    started = time.time()
    brief, script, shots, renders = cut_inputs(state)
    edl = EditDecisionList.model_validate(state["edit"])

    def on_progress(step: str, done: int, total: int) -> None:
        ctx.progress({"stage": "assemble", "event": "step", "step": step, "done": done, "total": total})

    write_srt(edl.subtitles, ctx.run_dir / SUBTITLES)
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
    film_path = ctx.run_dir / FILM
    assemble(edl, clips, film_path, width=brief.width, height=brief.height, fps=brief.fps,
             font_path=ctx.font_path, on_progress=on_progress)
    info = probe(film_path)
    ctx.progress({"stage": "assemble", "event": "done", "detail": f"{FILM} {info.duration:.1f}s"})
    film = {
        "path": FILM,
        "subtitles": SUBTITLES,
        "storyboard": STORYBOARD,
        "duration": info.duration,
        "edit_duration": edl.duration,
        "width": info.width,
        "height": info.height,
        "fps": info.fps,
        "num_frames": info.num_frames,
        "video_codec": info.video_codec,
        "audio_codec": info.audio_codec,
    }
    return {"film": film, "clock": stage_clock("assemble", started, time.time())}
