"""Turn an edit decision list into frames: which picture, at what strength, on every film frame.

All timing is quantised to whole frames. A piece (a card or a clip) covers the film frames
``[start, end)`` with ``start = round(t_start * fps)`` and ``end = round(t_end * fps)``, where the
times are those of ``EditDecisionList.clip_starts()``; the film has ``N = round(edl.duration * fps)``
frames. Fades and crossfades are sampled at frame centres: over an ``n``-frame ramp the strength of
frame ``j`` is ``(j + 0.5) / n``, so no frame is wasted fully on one side of a transition.

Cards are rounded alike at both ends of the film: a card of ``d`` seconds covers exactly
``round(d * fps)`` frames, the title card the first ones, the end card the last ones
(``[N - round(d * fps), N)``). Nothing plays under the end card: every clip ends by its first
frame, and the last clip ends exactly there (one frame shorter or longer than ``round(t_end * fps)``
when the two roundings disagree; a clip short of source holds its last frame). The film's fade out
ends where the end card starts. A card's text fades up from black and back down to black over
``min(round(0.5 * fps), n // 4)`` of its ``n`` frames; the title's text fades out only before a cut
(a crossfade or a fade through black out of the title is the clip's transition), the end card's
always, as the film ends on it.

Frames are composited in piece order, later pieces over earlier ones, on black:
``out = out * (1 - alpha) + picture * gain * alpha``, then the film's fade out multiplies the
result. ``tools.editor.composite`` has MoviePy do this, to within its 8-bit rounding: a
``CompositeVideoClip`` of the pieces, ``vfx.CrossFadeIn`` for ``alpha``, and ``vfx.FadeIn`` /
``vfx.FadeOut`` for ``gain`` and the film's fade out. A frame whose only layer is an untouched
clip frame is *plain*: ffmpeg re-encodes it straight from the clip with no Python per frame.
Everything else is *composite*.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from tools.timeline import EditDecisionList

TITLE_KEY = "<title>"
END_KEY = "<end>"
_CARD_TEXT_FADE = 0.5  # seconds a card's text fades in and out, at most a quarter of the card


@dataclass(frozen=True)
class Piece:
    """A card or one clip, placed on the film's frame grid.

    Attributes:
        key: The shot id, or ``TITLE_KEY`` / ``END_KEY`` for the title / end card.
        start: First film frame it covers.
        end: Film frame after the last one it covers.
        source_start: First frame of the source clip it shows (0 for a card).
        source_frames: Frames available in the source clip; later frames hold the last one.
        crossfade_in: Frames it overlaps the piece before (it crossfades in over them).
        fade_in: Frames it fades up from black at its head.
        fade_out: Frames it fades to black at its tail.
    """

    key: str
    start: int
    end: int
    source_start: int = 0
    source_frames: int = 0
    crossfade_in: int = 0
    fade_in: int = 0
    fade_out: int = 0

    @property
    def frames(self) -> int:
        """Film frames it covers."""
        return self.end - self.start

    @property
    def is_title(self) -> bool:
        """True for the title card."""
        return self.key == TITLE_KEY

    @property
    def is_end(self) -> bool:
        """True for the end card."""
        return self.key == END_KEY

    @property
    def is_card(self) -> bool:
        """True for the title card and the end card (drawn pictures, not clips)."""
        return self.key in (TITLE_KEY, END_KEY)

    def source_frame(self, local: int) -> int:
        """Source clip frame shown at ``local`` frames after the piece's start."""
        return min(self.source_start + local, max(self.source_frames - 1, 0))


@dataclass(frozen=True)
class Layer:
    """One piece's contribution to one film frame."""

    piece: int
    local: int
    gain: float
    alpha: float


@dataclass(frozen=True)
class Segment:
    """A run of film frames rendered as one unit.

    Attributes:
        start: First film frame.
        end: Film frame after the last.
        piece: Index of the clip it passes through, or None when it is composited.
    """

    start: int
    end: int
    piece: int | None

    @property
    def frames(self) -> int:
        """Film frames in the segment."""
        return self.end - self.start


def _ramp(j: int, n: int) -> float:
    return (j + 0.5) / n


@dataclass(frozen=True)
class Plan:
    """The whole film on the frame grid.

    Attributes:
        fps: Film frame rate.
        num_frames: Frames in the film.
        pieces: Title card (if any), clips, end card (if any), in order; starts and ends never
            decrease.
        fade_out: Frames of the fade to black that ends the pictures (before any end card).
        clip_paths: Source file of every clip, by shot id.
        end_card_start: First frame of the end card; ``num_frames`` when there is none. The fade
            out ends here.
    """

    fps: int
    num_frames: int
    pieces: tuple[Piece, ...]
    fade_out: int
    clip_paths: dict[str, Path]
    end_card_start: int

    @cached_property
    def _starts(self) -> list[int]:
        return [p.start for p in self.pieces]

    @cached_property
    def _ends(self) -> list[int]:
        return [p.end for p in self.pieces]

    def layers(self, k: int) -> list[Layer]:
        """The pieces visible on film frame ``k``, bottom first."""
        lo = bisect_right(self._ends, k)
        hi = bisect_right(self._starts, k)
        out = []
        for i in range(lo, hi):
            p = self.pieces[i]
            j = k - p.start
            gain = 1.0
            if j < p.fade_in:
                gain *= _ramp(j, p.fade_in)
            tail = p.end - 1 - k
            if tail < p.fade_out:
                gain *= _ramp(tail, p.fade_out)
            alpha = _ramp(j, p.crossfade_in) if j < p.crossfade_in else 1.0
            out.append(Layer(i, j, gain, alpha))
        return out

    def film_gain(self, k: int) -> float:
        """The film's fade-out factor on frame ``k`` (1 on the end card, which the fade precedes)."""
        tail = self.end_card_start - 1 - k
        return _ramp(tail, self.fade_out) if 0 <= tail < self.fade_out else 1.0

    def plain_piece(self, k: int) -> int | None:
        """Index of the clip frame ``k`` shows untouched, or None when it needs compositing."""
        layers = self.layers(k)
        if len(layers) != 1 or self.film_gain(k) != 1.0:
            return None
        (layer,) = layers
        if self.pieces[layer.piece].is_card or layer.gain != 1.0 or layer.alpha != 1.0:
            return None
        return layer.piece

    def segments(self) -> list[Segment]:
        """Maximal runs of plain frames of one clip, and of composite frames, in film order."""
        runs: list[Segment] = []
        start, current = 0, self.plain_piece(0)
        for k in range(1, self.num_frames + 1):
            kind = self.plain_piece(k) if k < self.num_frames else -1
            if kind != current:
                runs.append(Segment(start, k, current))
                start, current = k, kind
        return runs


def _card_text_fade(frames: int, fps: int) -> int:
    return min(round(_CARD_TEXT_FADE * fps), frames // 4)


def build_plan(edl: EditDecisionList, clip_paths: dict[str, Path], clip_frames: dict[str, int],
               fps: int) -> Plan:
    """Place the EDL's cards and clips on the frame grid.

    Args:
        edl: The edit decisions (already checked against the clips).
        clip_paths: Source file of every shot the EDL uses.
        clip_frames: Frames available in every source clip, counted at the film's ``fps``.
        fps: Film frame rate.
    """
    total = round(edl.duration * fps)
    end_frames = round(edl.end_card.duration * fps) if edl.end_card else 0
    card_start = total - end_frames
    pieces: list[dict] = []
    if edl.title_card is not None:
        n = round(edl.title_card.duration * fps)
        text_fade = _card_text_fade(n, fps)
        pieces.append({"key": TITLE_KEY, "start": 0, "end": n, "fade_in": text_fade,
                       "fade_out": text_fade if edl.clips[0].transition.kind == "cut" else 0})
    last = len(edl.clips) - 1
    for i, (clip, t) in enumerate(zip(edl.clips, edl.clip_starts(), strict=True)):
        start = min(round(t * fps), card_start)
        end = card_start if i == last else min(round((t + clip.length) * fps), card_start)
        n = end - start
        available = clip_frames[clip.shot_id]
        source_start = max(0, min(round(clip.source_in * fps), available - n))
        piece = {"key": clip.shot_id, "start": start, "end": end, "source_start": source_start,
                 "source_frames": available}
        tr = clip.transition
        if tr.kind == "crossfade" and pieces:
            piece["crossfade_in"] = max(0, min(pieces[-1]["end"] - start, n))
        elif tr.kind == "fade_black":
            half = round(tr.duration * fps / 2)
            piece["fade_in"] = min(half, n)
            if pieces:
                prev = pieces[-1]
                prev["fade_out"] = min(half, prev["end"] - prev["start"])
        pieces.append(piece)
    if edl.end_card is not None:
        text_fade = _card_text_fade(end_frames, fps)
        pieces.append({"key": END_KEY, "start": card_start, "end": total, "fade_in": text_fade,
                       "fade_out": text_fade})
    return Plan(
        fps=fps,
        num_frames=total,
        pieces=tuple(Piece(**p) for p in pieces),
        fade_out=min(round(edl.fade_out * fps), card_start),
        clip_paths=dict(clip_paths),
        end_card_start=card_start,
    )
