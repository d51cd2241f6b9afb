"""The MoviePy compositor: transitions look as the plan says, on the right source frames.

The frames are checked before encoding, against the picture the plan specifies for each film frame
(each layer's source frame, blended linearly with its strength), so a wrong frame, a wrong ramp or a
wrong stacking order shows as a large difference, and MoviePy's rounding as at most a few levels.
"""

from __future__ import annotations

from functools import cache
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

from tests.tools.clipmaker import COLOURS, clips, make_clip, read_index  # noqa: F401
from tools.editor.composite import composite_frames
from tools.editor.encode import VideoFormat, decode_window
from tools.editor.plan import Plan, Segment, build_plan
from tools.editor.titlecard import draw_cards
from tools.probe import probe
from tools.timeline import EditDecisionList

WIDTH, HEIGHT = 160, 96
TOLERANCE = 3  # levels per channel: MoviePy rounds down its fades and 8-bit masks

# Title crossfading into red, a fade through black, a crossfade longer than one assembler chunk
# (24 frames) over a clip that is still fading up, and the film's fade out.
EDL_TRANSITIONS = EditDecisionList.model_validate({
    "title_card": {"text": "Night", "subtitle": "in town", "duration": 1.0},
    "clips": [
        {"shot_id": "red", "source_in": 0.2, "source_out": 1.4,
         "transition": {"kind": "crossfade", "duration": 0.5}},
        {"shot_id": "green", "source_in": 0.0, "source_out": 1.3,
         "transition": {"kind": "fade_black", "duration": 0.6}},
        {"shot_id": "blue", "source_in": 0.3, "source_out": 1.9,
         "transition": {"kind": "crossfade", "duration": 1.25}},
    ],
    "fade_out": 0.75,
})
# The title text fades out before a cut to a clip's last second, which the film fades out on.
EDL_TITLE_CUT = EditDecisionList.model_validate({
    "title_card": {"text": "Dawn", "duration": 0.8},
    "clips": [{"shot_id": "yellow", "source_in": 1.0, "source_out": 2.0}],
    "fade_out": 0.3,
})
# A crossfade into the last clip, which fades out before the end card (a card at each end).
EDL_END_CARD = EditDecisionList.model_validate({
    "title_card": {"text": "Dusk", "duration": 0.5},
    "clips": [
        {"shot_id": "green", "source_out": 1.0},
        {"shot_id": "red", "source_in": 0.5, "source_out": 1.5,
         "transition": {"kind": "crossfade", "duration": 0.4}},
    ],
    "fade_out": 0.5,
    "end_card": {"text": "The End", "subtitle": "made by filmcrew", "duration": 1.2},
})
# Three pictures on screen at once.
EDL_THREE_WAY = EditDecisionList.model_validate({"clips": [
    {"shot_id": "red", "source_out": 1.0},
    {"shot_id": "green", "source_out": 0.6, "transition": {"kind": "crossfade", "duration": 0.5}},
    {"shot_id": "blue", "source_out": 1.0, "transition": {"kind": "crossfade", "duration": 0.5}},
]})


@pytest.fixture(scope="module")
def clips_30(tmp_path_factory) -> dict:
    """The same clips rendered at 30 fps, for a 30 fps film."""
    folder = tmp_path_factory.mktemp("clips30")
    return {name: make_clip(folder / f"{name}.mp4", rgb, 60, fps=30) for name, rgb in COLOURS.items()}


def _plan(edl: EditDecisionList, clips: dict, fps: int) -> tuple[Plan, VideoFormat, dict[str, np.ndarray]]:
    fmt = VideoFormat(width=WIDTH, height=HEIGHT, fps=fps)
    used = {c.shot_id: clips[c.shot_id] for c in edl.clips}
    infos = {k: probe(p) for k, p in used.items()}
    frames = {k: round(info.num_frames * fps / info.fps) for k, info in infos.items()}
    return build_plan(edl, used, frames, fps), fmt, draw_cards(edl, WIDTH, HEIGHT, None)


@cache
def _source(path: Path, fmt: VideoFormat, frames: int) -> np.ndarray:
    return decode_window(path, 0, frames, fmt)


def _expected(plan: Plan, fmt: VideoFormat, cards: dict[str, np.ndarray], k: int) -> np.ndarray:
    """Film frame ``k`` as the plan specifies it, in floating point."""
    out = np.zeros((HEIGHT, WIDTH, 3))
    for layer in plan.layers(k):
        piece = plan.pieces[layer.piece]
        if piece.is_card:
            picture = cards[piece.key]
        else:
            source = _source(plan.clip_paths[piece.key], fmt, piece.source_frames)
            picture = source[piece.source_frame(layer.local)]
        out = out * (1 - layer.alpha) + picture * layer.gain * layer.alpha
    return out * plan.film_gain(k)


def _composite_segments(plan: Plan) -> list[Segment]:
    segments = [s for s in plan.segments() if s.piece is None]
    assert segments
    return segments


@pytest.mark.parametrize(("edl", "fps"), [
    (EDL_TRANSITIONS, 24), (EDL_TRANSITIONS, 30), (EDL_TITLE_CUT, 24), (EDL_THREE_WAY, 24),
    (EDL_END_CARD, 24), (EDL_END_CARD, 30),
])
def test_composited_frames_are_the_linear_blends_the_plan_specifies(clips, clips_30, edl, fps):
    plan, fmt, cards = _plan(edl, clips if fps == 24 else clips_30, fps)
    checked = 0
    for seg in _composite_segments(plan):
        frames = list(composite_frames(plan, seg, fmt, cards))
        assert len(frames) == seg.frames
        for k, frame in zip(range(seg.start, seg.end), frames, strict=True):
            assert frame.shape == (HEIGHT, WIDTH, 3) and frame.dtype == np.uint8
            worst = np.abs(frame - _expected(plan, fmt, cards, k)).max()
            assert worst <= TOLERANCE, f"film frame {k} is off by {worst:.1f} levels"
            checked += 1
    assert checked >= 10


def test_a_segment_cut_into_chunks_gives_the_same_frames(clips):
    plan, fmt, cards = _plan(EDL_TRANSITIONS, clips, 24)
    longest = max(_composite_segments(plan), key=lambda s: s.frames)
    assert longest.frames > 24  # the long crossfade
    whole = list(composite_frames(plan, longest, fmt, cards))
    cuts = [longest.start, longest.start + 5, longest.start + 24, longest.end]
    chunked = [frame for a, b in pairwise(cuts)
               for frame in composite_frames(plan, Segment(a, b, None), fmt, cards)]
    assert len(chunked) == len(whole)
    assert all(np.array_equal(a, b) for a, b in zip(whole, chunked, strict=True))


def test_chunks_meeting_at_the_end_card_give_the_same_frames(clips):
    plan, fmt, cards = _plan(EDL_END_CARD, clips, 24)
    last = _composite_segments(plan)[-1]  # the fade out, then the end card
    card = plan.end_card_start
    assert last.start < card - 1 and last.end == plan.num_frames
    whole = list(composite_frames(plan, last, fmt, cards))
    cuts = [last.start, card - 1, card, card + 1, last.end]
    chunked = [frame for a, b in pairwise(cuts)
               for frame in composite_frames(plan, Segment(a, b, None), fmt, cards)]
    assert len(chunked) == len(whole)
    assert all(np.array_equal(a, b) for a, b in zip(whole, chunked, strict=True))

def test_crossfade_shows_the_incoming_clips_exact_frames(clips):
    plan, fmt, cards = _plan(EDL_THREE_WAY, clips, 24)
    blue = plan.pieces[-1]
    first = blue.crossfade_in - 3  # blue is at least 79% strong on the last three frames
    seg = Segment(blue.start + first, blue.start + blue.crossfade_in, None)
    frames = list(composite_frames(plan, seg, fmt, cards))
    # the frame index written in the blue clip's band reads back through the blend
    for local, frame in zip(range(first, blue.crossfade_in), frames, strict=True):
        assert read_index(frame) == local
