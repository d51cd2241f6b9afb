"""The film's sound track: dialogue on the timeline, a music bed ducked under it, loudness normalised.

How the mix is made, in bounded memory whatever the film's length:

1. Dialogue stem. The lines are decoded to mono float PCM at the film's rate, `_BATCH` at a time by
   one ffmpeg (each to its own file, no filter graph), and added a few seconds at a time into a raw
   two-channel float file at their film times: channel 0 holds the dialogue (mono, placed in the
   centre; ffmpeg's power-preserving downmix folds a stereo line), channel 1 how deep the music is
   ducked. The file is sparse, so the silence between lines costs no disk.
2. Ducking. The dialogue's intervals are known exactly (a line's start plus its decoded length), so the
   music's gain is a deterministic envelope, not a sidechain compressor: it ramps down by
   ``duck_db`` over `ATTACK` seconds *before* a line starts (the music is already down when the
   voice comes in), holds for `HOLD` seconds after the line ends, and comes back over `RELEASE`
   seconds; ramps are linear in dB, and lines closer than those ramps share one dip.
3. Music. The file is looped to the film's length, its own integrated loudness is measured and it is
   set to `MUSIC_REFERENCE_LUFS` (where streaming masters sit) plus ``music_db``, so a loud pop master
   and a quiet piano piece sit alike; it fades in and out over ``music_fade`` seconds.
4. Loudness (EBU R128), two passes: the mix is measured, then encoded with the gain that brings it to
   the target; when that gain would push the true peak above `TRUE_PEAK_CEILING`, a look-ahead
   limiter catches the peaks. The encoded track is measured again; while limiting leaves it more than
   half a LU off the target it is encoded again with the difference made up (at most twice).

Usage:
    report = build_audio([(1.0, Path("line1.wav"))], 12.0, Path("audio.m4a"), music=Path("bed.mp3"))
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict

from tools.editor.loudness import EBUR128, measure_graph, measure_loudness
from tools.errors import EditError
from tools.ffmpeg import read_ffmpeg, run_ffmpeg

SAMPLE_RATE = 48000
ATTACK = 0.2
"""Seconds the music takes to duck, ending where a line starts."""
HOLD = 0.15
"""Seconds the music stays ducked after a line ends."""
RELEASE = 0.3
"""Seconds the music takes to come back up."""
MUSIC_REFERENCE_LUFS = -14.0
"""The music is normalised to this loudness before ``music_db`` is applied."""
TRUE_PEAK_CEILING = -1.0
"""Normalisation never pushes the true peak above this (dBTP); a limiter takes the excess."""
MAX_GAIN_DB = 30.0
"""The most any normalisation raises a sound: beyond it there is more noise than programme."""
_LIMIT_DBFS = -1.5  # the limiter works on samples: leave room for inter-sample and AAC peaks
_TOLERANCE_LU = 0.5
_MAKE_UP_PASSES = 2  # encodes after the first when limiting left the track off the target
_CHUNK = 1 << 18  # frames handled at a time (5.5 s at 48 kHz, 2 MiB of stem)
_FRAME_BYTES = 8  # a stem frame: dialogue and duck depth, float32 each
_BATCH = 16  # lines one ffmpeg decodes (each to its own file: no graph holds them together)


class AudioReport(BaseModel):
    """What ``build_audio`` made.

    Attributes:
        path: The ``.m4a`` sound track (stereo AAC).
        duration: Its length in seconds (the film's).
        integrated_lufs: Integrated loudness measured on the final track; None when it is silent.
        true_peak_db: True peak of the final track in dBTP; None when it is silent.
        normalized: True when loudness normalisation was applied.
        music: A music bed is in the mix.
        dialogue_entries: Dialogue sounds placed on the timeline.
    """

    model_config = ConfigDict(extra="forbid")

    path: Path
    duration: float
    integrated_lufs: float | None
    true_peak_db: float | None
    normalized: bool
    music: bool
    dialogue_entries: int


def _check(entries: list[tuple[float, Path]], duration: float, music: Path | None) -> None:
    if duration <= 0:
        raise EditError(f"the audio track needs a duration above 0 seconds, got {duration}")
    for start, path in entries:
        if not Path(path).is_file():
            raise EditError(f"sound file {path} does not exist; render the speech or music first")
        if not 0 <= start < duration:
            raise EditError(
                f"sound {Path(path).name} starts at {start:.3f}s, outside the film (0 to {duration:.3f}s)"
            )
    if music is not None and not Path(music).is_file():
        raise EditError(f"music file {music} does not exist; give the path of a music file (MP3, WAV, M4A...)")


def _decode_lines(batch: list[tuple[Path, int]], folder: Path, sample_rate: int) -> list[Path]:
    """Decode ``(sound, frames at most)`` pairs with one ffmpeg, each to a raw mono float file."""
    args = ["-y"]
    for sound, _ in batch:
        args += ["-i", str(sound)]
    outs = [folder / f"line{k}.f32" for k in range(len(batch))]
    for k, ((_, room), out) in enumerate(zip(batch, outs)):
        args += ["-map", f"{k}:a:0", "-t", f"{room / sample_rate + 0.1:.6f}", "-ac", "1",
                 "-ar", str(sample_rate), "-f", "f32le", str(out)]
    try:
        run_ffmpeg(args)
    except EditError as exc:
        if len(batch) == 1:
            raise EditError(f"sound file {batch[0][0]} could not be read as audio: {exc}") from None
        for item in batch:  # find the sound at fault
            _decode_lines([item], folder, sample_rate)
        raise
    return outs


def _add_line(stem, raw: Path, offset: int, room: int) -> int:
    """Add a decoded line into the stem's dialogue channel from frame ``offset``; frames added."""
    added = 0
    with open(raw, "rb") as line:
        while added < room and len(data := np.fromfile(line, "<f4", min(_CHUNK, room - added))):
            stem.seek((offset + added) * _FRAME_BYTES)
            block = np.frombuffer(stem.read(len(data) * _FRAME_BYTES), "<f4").reshape(-1, 2).copy()
            block[:, 0] += data
            stem.seek((offset + added) * _FRAME_BYTES)
            stem.write(block.tobytes())
            added += len(data)
    return added


def _duck_spans(lines: list[tuple[int, int]], sample_rate: int) -> list[tuple[int, int]]:
    """Dialogue intervals (frames) merged where the ducks' ramps would meet."""
    reach = round((ATTACK + HOLD + RELEASE) * sample_rate)
    spans: list[list[int]] = []
    for start, end in sorted(lines):
        if spans and start - spans[-1][1] <= reach:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    return [(a, b) for a, b in spans]


def _write_ducking(stem, spans: list[tuple[int, int]], frames: int, sample_rate: int, duck_db: float) -> None:
    """Fill the stem's duck channel with ``1 - music gain`` around each span."""
    attack, release = ATTACK * sample_rate, RELEASE * sample_rate
    for a, b in spans:
        top = b + HOLD * sample_rate + release
        first, last = max(0, int(a - attack)), min(frames, int(np.ceil(top)))
        for lo in range(first, last, _CHUNK):
            i = np.arange(lo, min(last, lo + _CHUNK), dtype=np.float64)
            depth = np.minimum(np.clip((i - (a - attack)) / attack, 0, 1), np.clip((top - i) / release, 0, 1))
            stem.seek(lo * _FRAME_BYTES)
            block = np.frombuffer(stem.read(len(i) * _FRAME_BYTES), "<f4").reshape(-1, 2).copy()
            block[:, 1] = 1 - 10 ** (-duck_db * depth / 20)
            stem.seek(lo * _FRAME_BYTES)
            stem.write(block.tobytes())


def _write_stem(path: Path, entries: list[tuple[float, Path]], frames: int, sample_rate: int,
                duck_db: float | None) -> None:
    """The dialogue stem (see the module docstring); ``duck_db`` None leaves the duck channel empty."""
    placed = sorted((min(round(start * sample_rate), frames - 1), Path(sound)) for start, sound in entries)
    lines = []
    with open(path, "w+b") as stem:
        stem.truncate(frames * _FRAME_BYTES)
        for first in range(0, len(placed), _BATCH):
            batch = placed[first:first + _BATCH]
            raws = _decode_lines([(sound, frames - offset) for offset, sound in batch], path.parent, sample_rate)
            for (offset, _), raw in zip(batch, raws):
                added = _add_line(stem, raw, offset, frames - offset)
                raw.unlink()
                if added:
                    lines.append((offset, offset + added))
        if duck_db is not None:
            _write_ducking(stem, _duck_spans(lines, sample_rate), frames, sample_rate, duck_db)


def _music_gain(music: Path, duration: float, music_db: float) -> float:
    """Gain (dB) that puts the music at `MUSIC_REFERENCE_LUFS` + ``music_db``."""
    try:
        lufs, _ = measure_graph(["-t", f"{duration:.6f}", "-i", str(music), "-map", "0:a:0",
                                 "-af", EBUR128, "-f", "null", "-"], f"music file {Path(music).name}")
    except EditError as exc:
        raise EditError(f"music file {music} could not be read as audio ({exc}); "
                        "give an MP3, WAV, M4A or FLAC file") from None
    first, _, _ = read_ffmpeg(["-i", str(music), "-map", "0:a:0", "-frames:a", "1", "-f", "f32le", "-"])
    if not first:  # looping nothing would never end
        raise EditError(f"music file {music} holds no sound; give a music file that plays")
    if lufs is None:
        return music_db
    return min(MUSIC_REFERENCE_LUFS - lufs, MAX_GAIN_DB) + music_db


def _mix(stem: Path, music: Path | None, frames: int, sample_rate: int, fade: float,
         music_gain: float) -> tuple[list[str], str]:
    """ffmpeg inputs and the filter chain (output unlabelled) that mix the stem with the music."""
    inputs = ["-f", "f32le", "-ar", str(sample_rate), "-ac", "2", "-i", str(stem)]
    if music is None:
        return inputs, "[0:a]pan=stereo|c0=c0|c1=c0"
    inputs += ["-stream_loop", "-1", "-i", str(music)]
    seconds = frames / sample_rate
    fades = f"afade=t=in:d={fade:.6f},afade=t=out:st={seconds - fade:.6f}:d={fade:.6f}," if fade > 0 else ""
    return inputs, (
        f"[1:a:0]aresample={sample_rate},aformat=sample_fmts=flt:channel_layouts=stereo,asetpts=N/SR/TB,"
        f"atrim=end_sample={frames},{fades}volume={music_gain:.4f}dB[music];"
        "[music][0:a]amerge=inputs=2,"
        "aeval='val(0)*(1-val(3))+val(2)|val(1)*(1-val(3))+val(2)':channel_layout=stereo"
    )


def _encode(inputs: list[str], chain: str, gain_db: float, limit: bool, seconds: float, out_path: Path,
            sample_rate: int, bitrate: str) -> None:
    chain += f",volume={gain_db:.4f}dB"
    if limit:
        chain += f",alimiter=limit={10 ** (_LIMIT_DBFS / 20):.5f}:level=0:latency=1"
    run_ffmpeg(["-y", *inputs, "-filter_complex", chain, "-t", f"{seconds:.6f}", "-c:a", "aac", "-b:a", bitrate,
                "-ar", str(sample_rate), "-ac", "2", "-f", "ipod", str(out_path)])


def build_audio(entries: list[tuple[float, Path]] | None, duration: float, out_path: Path, *,
                music: Path | None = None, music_db: float = -20.0, duck_db: float = 12.0,
                music_fade: float = 2.0, loudness: float | None = -14.0,
                sample_rate: int = SAMPLE_RATE, bitrate: str = "160k") -> AudioReport:
    """Write the film's stereo AAC track: dialogue at its film times over a ducked music bed, normalised.

    With no entries and no music the track is pure silence (every film has the audio stream players
    expect) and nothing is normalised. Memory stays bounded for any number of lines and any length.

    Args:
        entries: ``(start seconds, sound file)`` dialogue (WAV or anything ffmpeg reads); sounds may
            overlap (they are summed) and are cut at the film's end.
        duration: Film length in seconds; the track is exactly this long.
        out_path: The ``.m4a`` file to write.
        music: A music file laid under the whole film, looped or cut to its length; None: no music.
        music_db: Music level in dB relative to `MUSIC_REFERENCE_LUFS` (the music's own loudness is
            measured and normalised first), before ducking and before the final normalisation.
        duck_db: How far the music dips while dialogue plays (dB).
        music_fade: Seconds the music fades in at the start and out at the end (at most half the film).
        loudness: Integrated loudness target in LUFS (EBU R128); None leaves the mix as it is.
        sample_rate: Output sample rate in Hz.
        bitrate: AAC bit rate.

    Returns:
        An `AudioReport` with the loudness measured on the written track.

    Raises:
        EditError: A sound or the music is missing or unreadable, a sound starts outside the film, or
            ffmpeg failed.
    """
    # 1. Check the inputs.
    entries = list(entries or [])
    out_path = Path(out_path)
    _check(entries, duration, music)
    frames = round(duration * sample_rate)
    seconds = frames / sample_rate
    if not entries and music is None:
        run_ffmpeg(["-y", "-f", "lavfi", "-i", f"anullsrc=r={sample_rate}:cl=stereo", "-t", f"{seconds:.6f}",
                    "-c:a", "aac", "-b:a", bitrate, "-ar", str(sample_rate), "-ac", "2", "-f", "ipod",
                    str(out_path)])
        # Digital silence by construction: nothing to measure (R128 gates it out anyway).
        return AudioReport(path=out_path, duration=seconds, integrated_lufs=None, true_peak_db=None,
                           normalized=False, music=False, dialogue_entries=0)
    music_gain = _music_gain(Path(music), seconds, music_db) if music is not None else 0.0
    out_path.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out_path.stem}-mix-", dir=out_path.parent))
    try:
        # 2. The dialogue stem with the ducking envelope.
        stem = work / "stem.f32"
        _write_stem(stem, entries, frames, sample_rate, duck_db if music is not None else None)
        inputs, chain = _mix(stem, Path(music) if music else None, frames, sample_rate,
                             max(0.0, min(music_fade, seconds / 2)), music_gain)
        # 3. Measure the mix, then encode it at the gain that meets the target.
        gain, limit, normalized, mixed_peak = 0.0, False, False, None
        if loudness is not None:
            mixed, mixed_peak = measure_graph([*inputs, "-filter_complex", f"{chain},{EBUR128}", "-f", "null", "-"],
                                              "the mix")
            if mixed is not None:
                gain, normalized = min(loudness - mixed, MAX_GAIN_DB), True
                limit = mixed_peak is not None and mixed_peak + gain > TRUE_PEAK_CEILING
        _encode(inputs, chain, gain, limit, seconds, out_path, sample_rate, bitrate)
        lufs, peak = measure_loudness(out_path)
        # 4. Make up what the limiter took.
        for _ in range(_MAKE_UP_PASSES):
            if not normalized or lufs is None or abs(loudness - lufs) <= _TOLERANCE_LU or gain >= MAX_GAIN_DB:
                break
            gain = min(gain + loudness - lufs, MAX_GAIN_DB)
            limit = mixed_peak is not None and mixed_peak + gain > TRUE_PEAK_CEILING
            _encode(inputs, chain, gain, limit, seconds, out_path, sample_rate, bitrate)
            lufs, peak = measure_loudness(out_path)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return AudioReport(path=out_path, duration=seconds, integrated_lufs=lufs, true_peak_db=peak,
                       normalized=normalized, music=music is not None, dialogue_entries=len(entries))
