"""Assemble the film: validate the EDL, render segments in parallel, join, add sound, faststart."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict

from tools.editor.audio import build_audio
from tools.editor.composite import render_composite
from tools.editor.encode import VideoFormat, encode_plain, join_segments
from tools.editor.plan import Plan, Segment, build_plan
from tools.editor.titlecard import draw_cards
from tools.errors import EditError, MediaError, ToolError
from tools.probe import MediaInfo, probe
from tools.timeline import EditDecisionList, check_against_clips

ProgressCallback = Callable[[str, int, int], None]
_MAX_COMPOSITE_FRAMES = 24  # composite runs are cut into chunks this long (bounds memory)


class AssemblyReport(BaseModel):
    """What ``assemble`` made.

    Attributes:
        path: The film.
        duration: Film length in seconds (``num_frames / fps``).
        num_frames: Frames in the film.
        segments_composited: Segments whose frames were composited in Python (cards, transitions).
        segments_passed_through: Segments ffmpeg re-encoded straight from a clip.
        frames_composited: Frames that went through the compositor.
        seconds: Wall-clock seconds the assembly took.
    """

    model_config = ConfigDict(extra="forbid")

    path: Path
    duration: float
    num_frames: int
    segments_composited: int
    segments_passed_through: int
    frames_composited: int
    seconds: float


def _probe_or_error(path: Path) -> MediaInfo | MediaError:
    try:
        return probe(path)
    except MediaError as exc:
        return exc


def _check_inputs(edl: EditDecisionList, clips: dict[str, Path], width: int, height: int, fps: int,
                  workers: int) -> dict[str, int]:
    """Probe the clips the EDL uses and check everything; returns frames per clip at the film's rate."""
    if width <= 0 or height <= 0 or width % 2 or height % 2:
        raise EditError(f"width and height must be even and above 0 for H.264, got {width}x{height}")
    if not 1 <= fps <= 120:
        raise EditError(f"fps must be between 1 and 120, got {fps}")
    if workers < 1:
        raise EditError(f"workers must be at least 1, got {workers}")
    if round(edl.duration * fps) < 1:
        raise EditError(f"the film lasts {edl.duration:.4f}s, less than one frame at {fps} fps")
    problems: list[str] = []
    seconds: dict[str, float] = {}
    frames: dict[str, int] = {}
    shot_ids = [s for s in dict.fromkeys(c.shot_id for c in edl.clips) if s in clips]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        infos = list(pool.map(_probe_or_error, [clips[s] for s in shot_ids]))
    for shot_id, info in zip(shot_ids, infos, strict=True):
        if isinstance(info, MediaError):
            problems.append(f"shot {shot_id!r}: {info}")
            continue
        seconds[shot_id] = info.num_frames / info.fps
        frames[shot_id] = round(info.num_frames * fps / info.fps)
    problems += check_against_clips(edl, seconds)
    if problems:
        raise EditError(
            "the edit decision list does not fit the rendered clips:\n- " + "\n- ".join(problems)
            + "\nFix the EDL (source_in/source_out, transition lengths) or re-render the clips."
        )
    return frames


def _chunks(segments: list[Segment]) -> list[Segment]:
    out = []
    for seg in segments:
        if seg.piece is not None:
            out.append(seg)
            continue
        for start in range(seg.start, seg.end, _MAX_COMPOSITE_FRAMES):
            out.append(Segment(start, min(start + _MAX_COMPOSITE_FRAMES, seg.end), None))
    return out


def _render_segment(plan: Plan, seg: Segment, fmt: VideoFormat, cards: dict[str, np.ndarray],
                    out: Path) -> None:
    if seg.piece is None:
        render_composite(plan, seg, fmt, cards, out)
        return
    piece = plan.pieces[seg.piece]
    local = seg.start - piece.start
    encode_plain(plan.clip_paths[piece.key], piece.source_frame(local), seg.frames, fmt, out)


def assemble(edl: EditDecisionList, clips: dict[str, Path], out_path: Path, *, width: int, height: int,
             fps: int, font_path: str | None, crf: int = 20, preset: str = "veryfast", workers: int = 2,
             on_progress: ProgressCallback | None = None,
             audio: list[tuple[float, Path]] | None = None) -> AssemblyReport:
    """Cut the rendered clips into a film (H.264 + AAC MP4) following the edit decision list.

    Only the frames that need it (title and end cards, crossfades, fades) are composited with MoviePy;
    every untouched stretch of a clip is re-encoded by ffmpeg directly with the same settings,
    segments render in parallel and are joined without re-encoding. The film has exactly
    ``round(edl.duration * fps)`` frames and frame ``k`` shows what the EDL puts at ``k / fps``.
    Clips of another size are scaled to fit and letterboxed.

    Args:
        edl: The edit decisions (see ``tools.timeline`` for the timeline rules).
        clips: Rendered clip of every shot id the EDL uses.
        out_path: The MP4 to write; it appears only when the film is complete.
        width: Film width in pixels (even).
        height: Film height in pixels (even).
        fps: Film frame rate.
        font_path: CJK-capable font for the title and end cards; None uses Pillow's built-in font.
        crf: x264 quality (lower is better, bigger).
        preset: x264 speed preset.
        workers: Segments rendered at the same time.
        on_progress: Called as ``on_progress(stage, done, total)`` with stage ``"segments"``
            after each segment, then ``"mux"``.
        audio: ``(film seconds, sound file)`` entries for the sound track; None or empty for silence.

    Returns:
        An ``AssemblyReport``.

    Raises:
        EditError: The EDL does not fit the clips (every problem is listed), or encoding failed.
            No file is left at ``out_path`` on failure.
    """
    began = time.perf_counter()
    out_path = Path(out_path)
    clip_frames = _check_inputs(edl, clips, width, height, fps, workers)
    threads = max(1, (os.cpu_count() or 1) // workers)
    fmt = VideoFormat(width=width, height=height, fps=fps, crf=crf, preset=preset, threads=threads)
    used = {c.shot_id: Path(clips[c.shot_id]) for c in edl.clips}
    plan = build_plan(edl, used, clip_frames, fps)
    segments = _chunks(plan.segments())
    try:
        cards = draw_cards(edl, width, height, font_path)
    except ToolError as exc:
        raise EditError(f"cannot draw the title or end card: {exc}") from exc
    out_path.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out_path.stem}-edit-", dir=out_path.parent))
    partial = work / "film.mp4"
    try:
        sound = build_audio(audio, plan.num_frames / fps, work / "audio.m4a")
        files = [work / f"seg{i:05d}.mp4" for i in range(len(segments))]
        # Composited frames cost about three plain ones: start the dearest segments first.
        order = sorted(range(len(segments)),
                       key=lambda i: -segments[i].frames * (3 if segments[i].piece is None else 1))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(_render_segment, plan, segments[i], fmt, cards, files[i])
                       for i in order]
            try:
                for done, future in enumerate(as_completed(futures), start=1):
                    future.result()
                    if on_progress:
                        on_progress("segments", done, len(segments))
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise
        join_segments(files, sound, partial)
        made = probe(partial).num_frames
        if made != plan.num_frames:
            raise EditError(
                f"the joined film has {made} frames instead of {plan.num_frames}; this is a bug in the "
                "editor tool, please report it with the EDL"
            )
        os.replace(partial, out_path)
        if on_progress:
            on_progress("mux", 1, 1)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    composited = [s for s in segments if s.piece is None]
    return AssemblyReport(
        path=out_path,
        duration=plan.num_frames / fps,
        num_frames=plan.num_frames,
        segments_composited=len(composited),
        segments_passed_through=len(segments) - len(composited),
        frames_composited=sum(s.frames for s in composited),
        seconds=time.perf_counter() - began,
    )
