"""Edits the export tests share, tiny real clips and sounds for them, and what the EDL says in frames.

``expected(inputs)`` works out from the EDL's seconds alone (not from the exporters' code) where each
piece plays on the frame grid: ``round(seconds * fps)`` for every start and end, the end card on the
film's last frames.
"""

from __future__ import annotations

import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from tests.tools.clipmaker import COLOURS, make_clip
from tools.exports import AudioPlacement, ExportInputs
from tools.timeline import (
    ClipDecision,
    EditDecisionList,
    SubtitleEvent,
    TitleCard,
    Transition,
    check_against_clips,
)

CLIP_FRAMES = 48  # every test clip: 2 s at 24 fps


def write_wav(path: Path, seconds: float, rate: int = 16000) -> Path:
    """A mono 16-bit WAV of a quiet tone lasting ``seconds``."""
    t = np.arange(int(rate * seconds)) / rate
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes((np.sin(2 * np.pi * 440 * t) * 3000).astype(np.int16).tobytes())
    return path


@pytest.fixture(scope="module")
def media(tmp_path_factory) -> dict[str, Path]:
    """Three 2 s 64x36 clips (``s01``..``s03``), two spoken lines and a 3 s music file."""
    folder = tmp_path_factory.mktemp("media")
    files = {f"s0{n}": make_clip(folder / f"s0{n}.mp4", rgb, CLIP_FRAMES, width=64, height=36)
             for n, rgb in enumerate(list(COLOURS.values())[:3], start=1)}
    files["line1"] = write_wav(folder / "line1.wav", 0.9)
    files["line2"] = write_wav(folder / "line2.wav", 1.2)
    files["music"] = write_wav(folder / "music.wav", 3.0)
    return files


def rich_edl() -> EditDecisionList:
    """Title card, crossfades (from the title and between shots), a fade through black, fade out, end card."""
    return EditDecisionList(
        title_card=TitleCard(text="雨夜 Rain Night", subtitle="一个故事", duration=2.0),
        clips=[
            ClipDecision(shot_id="s01", source_in=0.25, source_out=1.75,
                         transition=Transition(kind="crossfade", duration=0.5)),
            ClipDecision(shot_id="s02", source_in=0.0, source_out=2.0,
                         transition=Transition(kind="crossfade", duration=0.5)),
            ClipDecision(shot_id="s03", source_in=0.5, source_out=2.0,
                         transition=Transition(kind="fade_black", duration=1.0)),
            ClipDecision(shot_id="s01", source_in=0.0, source_out=1.0),
        ],
        subtitles=[
            SubtitleEvent(start=2.1, end=3.0, text="你好，世界。", speaker="林"),
            SubtitleEvent(start=3.2, end=4.4, text="Hello <there> & welcome", speaker="Lin"),
        ],
        fade_out=0.5,
        end_card=TitleCard(text="The End", duration=1.0),
    )


def cuts_edl() -> EditDecisionList:
    """Cuts only, no cards."""
    return EditDecisionList(clips=[
        ClipDecision(shot_id="s01", source_in=0.0, source_out=1.5),
        ClipDecision(shot_id="s02", source_in=0.5, source_out=2.0),
        ClipDecision(shot_id="s03", source_in=0.0, source_out=1.0),
    ])


def odd_edl() -> EditDecisionList:
    """A fade up from black first, an odd-frame crossfade, times off the frame grid, a short fade."""
    return EditDecisionList(clips=[
        ClipDecision(shot_id="s01", source_in=0.0, source_out=1.6,
                     transition=Transition(kind="fade_black", duration=0.5)),
        ClipDecision(shot_id="s02", source_in=0.1, source_out=1.93,
                     transition=Transition(kind="crossfade", duration=0.375)),
        ClipDecision(shot_id="s03", source_in=0.3, source_out=1.7,
                     transition=Transition(kind="fade_black", duration=0.25)),
    ], subtitles=[SubtitleEvent(start=0.5, end=1.25, text="one"), SubtitleEvent(start=1.0, end=2.0, text="two")])


CASES = {"rich": (rich_edl, 24), "cuts": (cuts_edl, 24), "odd": (odd_edl, 24), "rich25": (rich_edl, 25),
         "cuts12": (cuts_edl, 12)}


def make_inputs(edl: EditDecisionList, fps: int, media: dict[str, Path], *, sound: bool = True) -> ExportInputs:
    """Export inputs over the test media: the clips are 2 s long whatever ``fps`` says."""
    dialogue, music = [], None
    if sound:
        dialogue = [AudioPlacement(name="s01 林", path=media["line1"], start=2.1, duration=0.9, kind="dialogue"),
                    AudioPlacement(name="s02 Lin", path=media["line2"], start=2.6, duration=1.2, kind="dialogue")]
        music = AudioPlacement(name="theme", path=media["music"], start=0.0, duration=edl.duration, kind="music")
    return ExportInputs(edl=edl, clips={k: media[k] for k in ("s01", "s02", "s03")},
                        clip_seconds={k: 2.0 for k in ("s01", "s02", "s03")}, fps=fps, width=64, height=36,
                        title="雨夜", dialogue=dialogue, music=music)


@dataclass
class Expected:
    """One clip of the EDL in film frames."""

    shot_id: str
    start: int         # first film frame the EDL plays it on (overlap included)
    end: int           # film frame after its last
    source_in: int     # its first source frame
    crossfade: int     # frames it overlaps what comes before (0 unless a crossfade)
    fade_in: int       # frames it fades up from black (fade_black)
    fade_out_before: int  # frames what comes before fades to black (fade_black)


def expected(edl: EditDecisionList, fps: int) -> tuple[list[Expected], int]:
    """Every clip in frames, and the film's frame count, straight from the EDL's seconds."""
    total = round(edl.duration * fps)
    end_card = round(edl.end_card.duration * fps) if edl.end_card else 0
    prev_end = round(edl.title_card.duration * fps) if edl.title_card else None
    out = []
    for i, (clip, t) in enumerate(zip(edl.clips, edl.clip_starts(), strict=True)):
        start = round(t * fps)
        end = total - end_card if i == len(edl.clips) - 1 else round((t + clip.length) * fps)
        tr = clip.transition
        half = round(tr.duration * fps / 2) if tr.kind == "fade_black" else 0
        out.append(Expected(
            shot_id=clip.shot_id, start=start, end=end, source_in=round(clip.source_in * fps),
            crossfade=prev_end - start if tr.kind == "crossfade" else 0,
            fade_in=half, fade_out_before=half if prev_end is not None else 0))
        prev_end = end
    return out, total


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_case_is_a_usable_edit_of_the_test_clips(case):
    make, fps = CASES[case]
    edl = make()
    assert check_against_clips(edl, {"s01": 2.0, "s02": 2.0, "s03": 2.0}) == []
    clips, total = expected(edl, fps)
    assert total == round(edl.duration * fps) and clips[0].start >= 0
