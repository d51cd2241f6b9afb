"""Assemble the film: validate the EDL, render segments in parallel, join, add sound, faststart."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from functools import partial as partial_call
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict

from tools.editor.audio import AudioReport, build_audio
from tools.editor.composite import render_composite
from tools.editor.encode import VideoFormat, encode_plain, join_segments
from tools.editor.overlay import Overlay, make_overlays
from tools.editor.plan import Plan, Segment, build_plan
from tools.editor.reuse import Store, segment_key, sound_key
from tools.editor.streamcopy import can_copy
from tools.editor.titlecard import draw_cards
from tools.errors import EditError, MediaError, ToolError
from tools.mp4 import read_tracks
from tools.probe import MediaInfo, probe_many
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
        segments_copied: Segments that are a whole clip joined as it is (stream copy, no re-encode).
        segments_reused: Segments taken from the cache, encoded by an earlier cut (``cache_dir``).
        frames_composited: Frames that went through the compositor.
        seconds: Wall-clock seconds the assembly took.
        sound: The sound track as built (loudness measured on it); its ``path`` is the film,
            which carries it.
    """

    model_config = ConfigDict(extra="forbid")

    path: Path
    duration: float
    num_frames: int
    segments_composited: int
    segments_passed_through: int
    segments_copied: int
    segments_reused: int = 0
    frames_composited: int
    seconds: float
    sound: AudioReport


def _check_format(edl: EditDecisionList, width: int, height: int, fps: int, workers: int) -> None:
    if width <= 0 or height <= 0 or width % 2 or height % 2:
        raise EditError(f"width and height must be even and above 0 for H.264, got {width}x{height}")
    if not 1 <= fps <= 120:
        raise EditError(f"fps must be between 1 and 120, got {fps}")
    if workers < 1:
        raise EditError(f"workers must be at least 1, got {workers}")
    if round(edl.duration * fps) < 1:
        raise EditError(f"the film lasts {edl.duration:.4f}s, less than one frame at {fps} fps")


def _check_clips(edl: EditDecisionList, clips: dict[str, Path], workers: int) -> dict[str, MediaInfo]:
    """Probe the clips the EDL uses and check the EDL against them; returns what was read of each clip."""
    problems: list[str] = []
    seconds: dict[str, float] = {}
    found: dict[str, MediaInfo] = {}
    shot_ids = [s for s in dict.fromkeys(c.shot_id for c in edl.clips) if s in clips]
    # One ffmpeg pass reads a few dozen clips in about the time it takes to start: split only long lists.
    parts = max(1, min(workers, len(shot_ids) // 24))
    groups = [shot_ids[i::parts] for i in range(parts) if shot_ids[i::parts]]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        read = pool.map(lambda group: probe_many([clips[s] for s in group]), groups)
        infos = dict(zip([s for g in groups for s in g], [i for r in read for i in r], strict=True))
    for shot_id in shot_ids:
        info = infos[shot_id]
        if isinstance(info, MediaError):
            problems.append(f"shot {shot_id!r}: {info}")
            continue
        seconds[shot_id] = info.num_frames / info.fps
        found[shot_id] = info
    problems += check_against_clips(edl, seconds)
    if problems:
        raise EditError(
            "the edit decision list does not fit the rendered clips:\n- " + "\n- ".join(problems)
            + "\nFix the EDL (source_in/source_out, transition lengths) or re-render the clips."
        )
    return found


def _chunks(segments: list[Segment]) -> list[Segment]:
    out = []
    for seg in segments:
        if seg.piece is not None:
            out.append(seg)
            continue
        for start in range(seg.start, seg.end, _MAX_COMPOSITE_FRAMES):
            out.append(Segment(start, min(start + _MAX_COMPOSITE_FRAMES, seg.end), None))
    return out


def _copy_source(plan: Plan, seg: Segment, infos: dict[str, MediaInfo], fmt: VideoFormat,
                 overlays: list[Overlay], verdicts: dict[str, bool]) -> Path | None:
    """The clip itself when ``seg`` shows all of it, untouched and unlaid, and it can be stream-copied."""
    if seg.piece is None or overlays:
        return None
    piece = plan.pieces[seg.piece]
    if piece.source_start + seg.start - piece.start != 0 or seg.frames != piece.source_frames:
        return None
    path = plan.clip_paths[piece.key]
    if piece.key not in verdicts:
        verdicts[piece.key] = can_copy(path, infos[piece.key], fmt)
    return path if verdicts[piece.key] else None


def _render_segment(plan: Plan, seg: Segment, fmt: VideoFormat, cards: dict[str, np.ndarray],
                    overlays: list[Overlay], out: Path) -> None:
    if seg.piece is None:
        render_composite(plan, seg, fmt, cards, out, overlays)
        return
    piece = plan.pieces[seg.piece]
    local = seg.start - piece.start
    encode_plain(plan.clip_paths[piece.key], piece.source_frame(local), seg.frames, fmt, out, overlays)


def _draw(edl: EditDecisionList, fmt: VideoFormat, num_frames: int, font_path: str | None,
          burn_subtitles: bool, label: str | None, folder: Path) -> tuple[dict[str, np.ndarray], list[Overlay]]:
    """The cards as pictures, and the subtitles and label as overlay files in ``folder``."""
    try:
        cards = draw_cards(edl, fmt.width, fmt.height, font_path)
    except ToolError as exc:
        raise EditError(f"cannot draw the title or end card: {exc}") from exc
    folder.mkdir()
    try:
        overlays = make_overlays(edl.subtitles if burn_subtitles else [], label, width=fmt.width,
                                 height=fmt.height, fps=fmt.fps, num_frames=num_frames,
                                 font_path=font_path, folder=folder)
    except EditError:
        raise
    except ToolError as exc:
        raise EditError(f"cannot draw the subtitles or the label: {exc}") from exc
    return cards, overlays


def _sound(cache_dir: Path | None, entries: list[tuple[float, Path]], duration: float, out: Path,
           **mix: object) -> AudioReport:
    """The sound track, from the cache when an earlier cut made the same one."""
    if cache_dir is None:
        return build_audio(entries, duration, out, **mix)
    store = Store(Path(cache_dir) / "sound", ".m4a")
    try:
        key = sound_key(entries, duration, mix.get("music"), mix)
    except OSError:  # a missing file: build_audio says which
        return build_audio(entries, duration, out, **mix)
    kept, note = store.get(key), store.path(key).with_suffix(".json")
    if kept is not None and note.is_file():
        try:
            return AudioReport.model_validate_json(note.read_text(encoding="utf-8")).model_copy(update={"path": kept})
        except ValueError:
            pass
    report = build_audio(entries, duration, out, **mix)
    store.put(key, report.path)
    note.write_text(report.model_dump_json(), encoding="utf-8")
    return report


def _render_all(plan: Plan, segments: list[Segment], fmt: VideoFormat, cards: dict[str, np.ndarray],
                laid: list[list[Overlay]], files: list[Path], todo: list[int], workers: int,
                tick: Callable[[], None]) -> None:
    """Render the segments ``todo`` in a pool, the dearest first (composited frames cost about three plain
    ones); ``tick`` after each."""
    order = sorted(todo, key=lambda i: -segments[i].frames * (3 if segments[i].piece is None else 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_render_segment, plan, segments[i], fmt, cards, laid[i], files[i]) for i in order]
        try:
            for future in as_completed(futures):
                future.result()
                tick()
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def assemble(edl: EditDecisionList, clips: dict[str, Path], out_path: Path, *, width: int, height: int,
             fps: int, font_path: str | None, crf: int = 20, preset: str = "veryfast", workers: int = 2,
             on_progress: ProgressCallback | None = None, audio: list[tuple[float, Path]] | None = None,
             music: Path | None = None, loudness: float | None = -14.0, burn_subtitles: bool = True,
             label: str | None = None, cache_dir: Path | None = None) -> AssemblyReport:
    """Cut the rendered clips into a film (H.264 + AAC MP4) following the edit decision list.

    Only the frames that need it (title and end cards, crossfades, fades) are composited with MoviePy;
    every untouched stretch of a clip is re-encoded by ffmpeg directly with the same settings
    (subtitles and the label laid over by ffmpeg), and a clip shown whole with nothing over it is
    joined as it is when its stream matches the film's (see ``tools.editor.streamcopy``). Segments
    render in parallel with the sound track and are joined without re-encoding. The film has exactly
    ``round(edl.duration * fps)`` frames and frame ``k`` shows what the EDL puts at ``k / fps``.
    Clips of another size are scaled to fit and letterboxed.

    Args:
        edl: The edit decisions (see ``tools.timeline`` for the timeline rules).
        clips: Rendered clip of every shot id the EDL uses.
        out_path: The MP4 to write; it appears only when the film is complete.
        width: Film width in pixels (even).
        height: Film height in pixels (even).
        fps: Film frame rate.
        font_path: CJK-capable font for the cards, subtitles and label; None uses Pillow's
            built-in font (no CJK glyphs).
        crf: x264 quality (lower is better, bigger).
        preset: x264 speed preset; clips rendered with the same one can be stream-copied.
        workers: Segments rendered at the same time.
        on_progress: Called as ``on_progress(stage, done, total)`` with stage ``"segments"``
            after each segment, then ``"mux"``.
        audio: ``(film seconds, sound file)`` dialogue for the sound track; None or empty for none.
        music: A music file laid under the whole film, ducked under the dialogue; None for none.
        loudness: Integrated loudness target of the sound track in LUFS; None leaves it as mixed.
        burn_subtitles: Burn ``edl.subtitles`` into the picture (safe-area aware, outlined, wrapped).
        label: Text of the small on-screen label shown on every frame (e.g. ``"AI-generated"``);
            None for no label.
        cache_dir: Where encoded segments and sound tracks are kept for later cuts (see
            ``tools.editor.reuse``): a revision re-encodes only the segments it changes. None: no reuse.

    Returns:
        An ``AssemblyReport``.

    Raises:
        EditError: The EDL does not fit the clips (every problem is listed), a subtitle does not fit
            the frame, or encoding failed. No file is left at ``out_path`` on failure.
    """
    # 1. Check the arguments.
    began = time.perf_counter()
    out_path = Path(out_path)
    _check_format(edl, width, height, fps, workers)
    threads = max(1, (os.cpu_count() or 1) // workers)
    fmt = VideoFormat(width=width, height=height, fps=fps, crf=crf, preset=preset, threads=threads)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out_path.stem}-edit-", dir=out_path.parent))
    partial = work / "film.mp4"
    done = [0]
    try:
        with ThreadPoolExecutor(max_workers=1) as side:
            # 2. The sound needs only the film's length and is made while the picture is. A silent
            #    track costs little and starts at once; a mix waits for the clips to be checked, so
            #    that a bad EDL fails fast.
            make_sound = partial_call(_sound, cache_dir, audio or [], round(edl.duration * fps) / fps,
                                      work / "audio.m4a", music=music, loudness=loudness)
            sound_job = side.submit(make_sound) if not audio and music is None else None
            # 3. Check the clips and place everything on the frame grid.
            infos = _check_clips(edl, clips, workers)
            sound_job = sound_job or side.submit(make_sound)
            used = {c.shot_id: Path(clips[c.shot_id]) for c in edl.clips}
            clip_frames = {k: round(info.num_frames * fps / info.fps) for k, info in infos.items()}
            plan = build_plan(edl, used, clip_frames, fps)
            segments = _chunks(plan.segments())

            def tick() -> None:
                if sound_job.done() and sound_job.exception() is not None:
                    raise sound_job.exception()  # a sound that cannot be made stops the picture too
                done[0] += 1
                if on_progress:
                    on_progress("segments", done[0], len(segments))

            # 4. Draw the cards and the overlays; whole clips with nothing over them that match the
            #    film's stream join it as they are, the other segments are rendered.
            cards, overlays = _draw(edl, fmt, plan.num_frames, font_path, burn_subtitles, label,
                                    work / "overlays")
            laid = [[o for o in (ov.within(seg.start, seg.end) for ov in overlays) if o is not None]
                    for seg in segments]
            verdicts: dict[str, bool] = {}
            copies = [_copy_source(plan, seg, infos, fmt, laid[i], verdicts) for i, seg in enumerate(segments)]
            files = [copies[i] or work / f"seg{i:05d}.mp4" for i in range(len(segments))]
            for _ in range(sum(c is not None for c in copies)):
                tick()
            todo = [i for i, c in enumerate(copies) if c is None]
            keys: dict[int, str] = {}
            if cache_dir is not None:
                store = Store(Path(cache_dir) / "segments", ".mp4")
                keys = {i: segment_key(plan, segments[i], fmt, cards, laid[i]) for i in todo}
                kept = {i: store.get(keys[i]) for i in todo}
                reused = [i for i in todo if kept[i] is not None]
                for i in reused:
                    files[i] = kept[i]
                    tick()
                todo = [i for i in todo if kept[i] is None]
            _render_all(plan, segments, fmt, cards, laid, files, todo, workers, tick)
            for i in todo if cache_dir is not None else ():
                store.put(keys[i], files[i])
            sound = sound_job.result()
        # 5. Join the segments and the sound, and check the result.
        join_segments(files, sound.path, partial)
        made = next((t.samples for t in read_tracks(partial) if t.handler == "vide"), 0)
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
    reused_count = len(keys) - len(todo) if keys else 0
    copied = len(segments) - len(todo) - reused_count
    return AssemblyReport(
        path=out_path,
        duration=plan.num_frames / fps,
        num_frames=plan.num_frames,
        segments_composited=len(composited),
        segments_passed_through=len(segments) - len(composited) - copied,
        segments_copied=copied,
        segments_reused=reused_count,
        frames_composited=sum(s.frames for s in composited),
        seconds=time.perf_counter() - began,
        sound=sound.model_copy(update={"path": out_path}),
    )
