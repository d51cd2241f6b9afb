"""Benchmark: our editor tool against a naive MoviePy edit, against the stream-copy floor, and its memory.

Three measurements, each in one process (the clips are made first and are not timed):

1. **Full edit** — the same 60 s (62.5 s), 20-shot, 1280x720 24 fps edit (0.5 s crossfades at the 4 scene
   changes, burned-in subtitles on 12 lines, their dialogue audio, a music bed, the AI label) made
   twice: naively, as peers do (every clip a ``VideoFileClip`` in one ``CompositeVideoClip`` with
   ``CrossFadeIn``, subtitles and label as ``TextClip`` layers, a ``CompositeAudioClip`` of the lines
   and the music, one ``write_videofile``), and with ``tools.editor.assemble`` (which also ducks the
   music and normalises loudness to -14 LUFS, work the naive edit skips). Same x264 preset and CRF.
   Prints both wall times and the ratio (target: ours at least 4x faster).
2. **Cuts only** — the 20 clips joined by cuts with no overlays (no subtitles, no label, no sound),
   with ``assemble`` against ``ffmpeg -f concat -c copy`` of the same files (the floor). Target:
   within 3x of the floor. Also printed: the same cuts with the label on (every frame re-encoded).
3. **Long film** (``--long``) — a 10-minute, 200-shot film (crossfades, subtitles, label, 200 lines of
   dialogue, music) assembled while a sampler sums the resident memory of this process and all its
   children every 50 ms. Target: peak under 1.5 GB.

    .venv/bin/python bench/assemble.py [--long] [--skip-naive] [--size 1280x720] [--work DIR]
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import sys
import tempfile
import threading
import time
import wave
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FPS = 24
SAMPLE_RATE = 24000


def make_clip(path: Path, index: int, seconds: float, width: int, height: int) -> None:
    """A clip with real motion (a moving gradient and a bouncing square) so the encoder does real work."""
    from render.video import write_clip

    n = round(seconds * FPS)
    yy, xx = np.mgrid[0:height, 0:width]
    base = ((xx * 255 // max(width - 1, 1)) ^ (yy * 255 // max(height - 1, 1))).astype(np.uint8)
    hue = np.array([(index * 53) % 256, (index * 97) % 256, (index * 151) % 256], dtype=np.uint16)

    def frames():
        frame = np.empty((height, width, 3), dtype=np.uint8)
        for k in range(n):
            shifted = np.roll(base, k * 3, axis=1).astype(np.uint16)
            frame[:] = ((shifted[..., None] + hue) // 2).astype(np.uint8)
            size = height // 5
            x = int((width - size) * (0.5 + 0.45 * math.sin(k / 9 + index)))
            y = int((height - size) * (0.5 + 0.45 * math.cos(k / 7 + index)))
            frame[y:y + size, x:x + size] = 255
            yield frame

    write_clip(frames(), path, width=width, height=height, fps=FPS)


def make_line(path: Path, seconds: float, seed: int) -> None:
    """A speech-like sound: noise shaped into syllables (about 4 per second)."""
    rng = np.random.default_rng(seed)
    n = int(seconds * SAMPLE_RATE)
    t = np.arange(n) / SAMPLE_RATE
    envelope = np.clip(np.sin(2 * np.pi * 4 * t + seed), 0, None) ** 2
    voice = np.sin(2 * np.pi * (140 + 40 * np.sin(2 * np.pi * 0.7 * t)) * t) + 0.3 * rng.standard_normal(n)
    _write_wav(path, 0.4 * envelope * voice / np.max(np.abs(voice)))


def make_music(path: Path, seconds: float) -> None:
    """A music-like bed: a slow chord progression."""
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    chords = [(220.0, 277.2, 329.6), (196.0, 246.9, 293.7), (174.6, 220.0, 261.6), (196.0, 246.9, 311.1)]
    out = np.zeros_like(t)
    for i, chord in enumerate(chords):
        part = (t >= i * seconds / 4) & (t < (i + 1) * seconds / 4)
        for f in chord:
            out[part] += np.sin(2 * np.pi * f * t[part])
    _write_wav(path, 0.2 * out / np.max(np.abs(out)))


def _write_wav(path: Path, samples: np.ndarray) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())


LINES = ["I told you the tide would turn before midnight.", "Then why are you still standing on the pier?",
         "灯塔的光今晚没有亮。", "Someone has to wait for the last boat.", "我们没有时间了，快走吧！",
         "The letter was addressed to my grandmother."]


def build_edit(folder: Path, shots: int, shot_seconds: float, per_scene: int, width: int, height: int,
               subtitles: bool = True, crossfades: bool = True):
    """Clips, lines and music for an edit; returns ``(edl, clips, audio entries, music)``."""
    from tools.timeline import ClipDecision, EditDecisionList, SubtitleEvent, Transition

    folder.mkdir(parents=True, exist_ok=True)
    clips = {}
    for i in range(shots):
        path = folder / f"clip{i:03d}-{width}x{height}.mp4"
        if not path.exists():
            make_clip(path, i, shot_seconds, width, height)
        clips[f"S{i // per_scene + 1:02d}-{i % per_scene + 1:02d}"] = path
    decisions = []
    for i, shot_id in enumerate(clips):
        change = crossfades and i > 0 and i % per_scene == 0
        transition = Transition(kind="crossfade", duration=0.5) if change else Transition()
        decisions.append(ClipDecision(shot_id=shot_id, source_out=shot_seconds, transition=transition))
    edl = EditDecisionList(clips=decisions)
    entries, events = [], []
    if subtitles:
        for i, (shot_id, start) in enumerate(zip(clips, edl.clip_starts(), strict=True)):
            if i % 5 in (2, 4):
                continue
            line = folder / f"line{i:03d}.wav"
            seconds = min(2.2, shot_seconds - 0.8)
            if not line.exists():
                make_line(line, seconds, i)
            entries.append((start + 0.3, line))
            events.append(SubtitleEvent(start=round(start + 0.3, 3), end=round(start + 0.3 + seconds, 3),
                                        text=LINES[i % len(LINES)], speaker="A"))
        edl = edl.model_copy(update={"subtitles": events})
    music = folder / "music.wav"
    if not music.exists():
        make_music(music, 30.0)
    return edl, clips, entries, music


def naive(edl, clips, entries, music, out: Path, width: int, height: int, font: str | None,
          label: str | None) -> None:
    """The peers' way: everything in one CompositeVideoClip, one write_videofile."""
    from moviepy import (
        AudioFileClip,
        CompositeAudioClip,
        CompositeVideoClip,
        TextClip,
        VideoFileClip,
        afx,
        vfx,
    )

    layers, sources = [], []
    for clip, start in zip(edl.clips, edl.clip_starts(), strict=True):
        source = VideoFileClip(str(clips[clip.shot_id]))
        sources.append(source)
        layer = source.subclipped(clip.source_in, clip.source_out).with_start(start)
        if clip.transition.kind == "crossfade":
            layer = layer.with_effects([vfx.CrossFadeIn(clip.transition.duration)])
        layers.append(layer)
    size = round(min(width, height) * 0.055)
    for sub in edl.subtitles:
        text = TextClip(font=font, text=sub.text, font_size=size, color="white", stroke_color="black",
                        stroke_width=max(2, size // 12), method="caption", size=(int(width * 0.84), None),
                        margin=(8, 8), text_align="center")
        layers.append(text.with_start(sub.start).with_duration(sub.end - sub.start)
                      .with_position(("center", int(height * 0.92) - text.h)))
    duration = edl.duration
    if label:
        tag = TextClip(font=font, text=label, font_size=max(12, size // 2), color="white",
                       stroke_color="black", stroke_width=1, margin=(4, 4))
        layers.append(tag.with_duration(duration).with_position((int(width * 0.04), int(height * 0.04))))
    video = CompositeVideoClip(layers, size=(width, height)).with_duration(duration)
    sounds = [AudioFileClip(str(path)).with_start(start) for start, path in entries]
    bed = AudioFileClip(str(music)).with_effects(
        [afx.AudioLoop(duration=duration), afx.MultiplyVolume(0.3), afx.AudioFadeIn(2.0), afx.AudioFadeOut(2.0)])
    video = video.with_audio(CompositeAudioClip([bed, *sounds]).with_duration(duration))
    video.write_videofile(str(out), fps=FPS, codec="libx264", audio_codec="aac", preset="veryfast",
                          threads=os.cpu_count() or 2, ffmpeg_params=["-crf", "20", "-pix_fmt", "yuv420p"],
                          logger=None)
    for source in sources:
        source.close()


def concat_copy(clips: list[Path], out: Path) -> None:
    """The floor: ffmpeg's concat demuxer with stream copy."""
    from tools.ffmpeg import run_ffmpeg

    listing = out.with_suffix(".txt")
    listing.write_text("".join(f"file '{p.resolve()}'\n" for p in clips))
    run_ffmpeg(["-y", "-f", "concat", "-safe", "0", "-i", str(listing), "-c", "copy", str(out)])


class MemorySampler:
    """Peak resident memory of this process plus all its descendants, sampled from /proc."""

    def __init__(self, interval: float = 0.05):
        self.interval, self.peak, self._stop = interval, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemorySampler:  # noqa: PYI034
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(_rss(pid) for pid in _tree(os.getpid())))
            self._stop.wait(self.interval)


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in Path(f"/proc/{p}/task").glob("*/children"):
                todo += [int(c) for c in task.read_text().split()]
        except OSError:  # the process ended while we looked
            pass
    return out


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def timed(fn, *args, **kwargs) -> float:
    started = time.perf_counter()
    fn(*args, **kwargs)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--work", type=Path, help="folder for the clips (kept between runs); default a temp dir")
    parser.add_argument("--skip-naive", action="store_true", help="skip the naive MoviePy edit (slow)")
    parser.add_argument("--long", action="store_true", help="also the 10-minute 200-shot memory run")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.lower().split("x"))
    from render.fonts import find_font
    from tools.editor import assemble
    from tools.probe import probe

    font = str(find_font(cjk=True) or "") or None
    work = args.work or Path(tempfile.mkdtemp(prefix="fc-bench-assemble-"))
    out = work / "out"
    out.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores · {width}x{height} {FPS} fps · work {work}")

    edl, clips, entries, music = build_edit(work / "clips", 20, 3.125, 4, width, height)
    print(f"full edit: {len(edl.clips)} clips, {edl.duration:.1f}s, {len(edl.subtitles)} subtitles and lines, "
          "0.5 s crossfades at 4 scene changes, music, label")
    ours = {}
    t_ours = timed(lambda: ours.setdefault("r", assemble(
        edl, clips, out / "ours.mp4", width=width, height=height, fps=FPS, font_path=font, audio=entries,
        music=music, loudness=-14.0, burn_subtitles=True, label="AI-generated")))
    report = ours["r"]
    print(f"  ours : {t_ours:6.2f}s  ({report.num_frames} frames, {report.frames_composited} composited, "
          f"{report.segments_copied} segments copied, {report.sound.integrated_lufs} LUFS)")
    if not args.skip_naive:
        t_naive = timed(naive, edl, clips, entries, music, out / "naive.mp4", width, height, font, "AI-generated")
        frames = probe(out / "naive.mp4").num_frames
        print(f"  naive: {t_naive:6.2f}s  ({frames} frames)")
        print(f"  ratio naive/ours: {t_naive / t_ours:.2f}x  (target >= 4x)")

    cuts, cut_clips, _, _ = build_edit(work / "clips", 20, 3.125, 4, width, height, subtitles=False,
                                   crossfades=False)
    files = [cut_clips[c.shot_id] for c in cuts.clips]
    t_floor = min(timed(concat_copy, files, out / f"floor{i}.mp4") for i in range(3))
    t_cuts = min(timed(assemble, cuts, cut_clips, out / f"cuts{i}.mp4", width=width, height=height, fps=FPS,
                       font_path=font, label=None) for i in range(3))
    t_label = timed(assemble, cuts, cut_clips, out / "cuts-label.mp4", width=width, height=height, fps=FPS,
                    font_path=font, label="AI-generated")
    print(f"cuts only ({cuts.duration:.1f}s, best of 3):")
    print(f"  ffmpeg concat copy (floor): {t_floor:6.3f}s")
    print(f"  ours, no overlays         : {t_cuts:6.3f}s  ratio {t_cuts / t_floor:.2f}x of the floor (target <= 3x)")
    print(f"  ours, with the AI label   : {t_label:6.3f}s  (every frame re-encoded under the label)")

    if args.long:
        long_edl, long_clips, long_entries, _ = build_edit(work / "long", 200, 3.125, 5, width, height)
        with MemorySampler() as sampler:
            t_long = timed(assemble, long_edl, long_clips, out / "long.mp4", width=width, height=height, fps=FPS,
                           font_path=font, audio=long_entries, music=music, label="AI-generated")
        print(f"long film: {len(long_edl.clips)} shots, {long_edl.duration / 60:.1f} min, "
              f"{len(long_entries)} lines: {t_long:.1f}s, peak memory (process + children) "
              f"{sampler.peak / 2**30:.2f} GiB (target < 1.5 GB)")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
