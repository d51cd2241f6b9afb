"""The picture track every timeline export shares: the EDL placed on whole frames, as items and dissolves.

Frames follow the assembler's grid (``tools.editor.plan``): a piece covers film frames
``[round(t_start * fps), round(t_end * fps))`` with the times of ``EditDecisionList.clip_starts()``,
the end card covers the film's last ``round(d * fps)`` frames and the last clip ends where it starts.

A timeline track cannot hold two pictures at once, so the EDL's joins become items and dissolves:

- ``crossfade`` of ``X`` frames from A to B: the cut sits ``X // 2`` frames into the overlap; A is
  seen up to the cut and B from it, and a dissolve with ``in_offset = X // 2`` (before the cut) and
  ``out_offset = X - X // 2`` (after it) blends them. The dissolve plays A's frames past the cut and
  B's frames before it: handles that exist in the source clips, since those frames are exactly the
  ones the EDL's overlap uses. Record times are untouched.
- ``fade_black``: A dissolves to a zero-length ``Black`` over its own last ``out`` frames, then the
  black dissolves to B over B's first ``in`` frames. Nothing moves on the timeline.
- the film's ``fade_out``: the last clip dissolves to a zero-length ``Black`` over its last frames.

When a clip is too short to hold both of the dissolves at its ends (a long crossfade in and a long
fade out, which the film layers but one track cannot), the dissolves are shortened to fit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from tools.errors import ExportError
from tools.exports.types import ExportInputs


@dataclass(frozen=True)
class Shot:
    """A clip on the picture track, as seen (without its handles).

    Attributes:
        shot_id: The shot whose rendered clip plays.
        index: Its position in ``edl.clips``.
        path: The rendered clip.
        record_start: First film frame where it is seen.
        record_end: Film frame after the last one where it is seen.
        source_start: Frame of the clip shown at ``record_start``.
        source_frames: Frames in the clip file.
    """

    shot_id: str
    index: int
    path: Path
    record_start: int
    record_end: int
    source_start: int
    source_frames: int

    @property
    def frames(self) -> int:
        """Frames it is seen for."""
        return self.record_end - self.record_start


@dataclass(frozen=True)
class Card:
    """The title or end card: text on black.

    Attributes:
        role: ``title`` or ``end``.
        text: The card's main line.
        subtitle: Its second line, or None.
        record_start: First film frame where it is seen.
        record_end: Film frame after the last one where it is seen.
    """

    role: Literal["title", "end"]
    text: str
    subtitle: str | None
    record_start: int
    record_end: int

    @property
    def frames(self) -> int:
        """Frames it is seen for."""
        return self.record_end - self.record_start


@dataclass(frozen=True)
class Black:
    """Zero frames of black that a fade goes to or comes from.

    Attributes:
        record_start: The film frame where it sits.
    """

    record_start: int

    @property
    def record_end(self) -> int:
        """The same frame: black takes no time."""
        return self.record_start

    @property
    def frames(self) -> int:
        """Always 0."""
        return 0


@dataclass(frozen=True)
class Dissolve:
    """A dissolve across the cut between the items either side of it.

    Attributes:
        kind: ``crossfade`` (picture to picture), ``fade_out`` (to black) or ``fade_in`` (from black).
        in_offset: Frames of the dissolve before the cut.
        out_offset: Frames of it after the cut.
    """

    kind: Literal["crossfade", "fade_in", "fade_out"]
    in_offset: int
    out_offset: int

    @property
    def frames(self) -> int:
        """The dissolve's length."""
        return self.in_offset + self.out_offset


Item = Shot | Card | Black
Element = Shot | Card | Black | Dissolve


@dataclass(frozen=True)
class CutList:
    """The picture track in order.

    Attributes:
        fps: Frames per second.
        num_frames: Frames in the film (``round(edl.duration * fps)``).
        elements: Items and the dissolves between them; the items' frames add up to ``num_frames``.
    """

    fps: int
    num_frames: int
    elements: tuple[Element, ...]

    @property
    def items(self) -> list[Item]:
        """The items alone, in order."""
        return [e for e in self.elements if not isinstance(e, Dissolve)]


def check_inputs(inputs: ExportInputs) -> None:
    """Raise ``ExportError`` unless every shot of the EDL has a clip and a length."""
    for n, clip in enumerate(inputs.edl.clips, start=1):
        if clip.shot_id not in inputs.clips:
            raise ExportError(f"clip {n} uses shot {clip.shot_id!r}, which is not in ExportInputs.clips; "
                              "pass the rendered clip of every shot the EDL uses")
        if clip.shot_id not in inputs.clip_seconds:
            raise ExportError(f"clip {n} uses shot {clip.shot_id!r}, which is not in ExportInputs.clip_seconds; "
                              "pass the real length of every rendered clip")


def _pieces(inputs: ExportInputs) -> tuple[list[dict], int, int]:
    """Cards and clips on the frame grid, as ``tools.editor.plan.build_plan`` places them."""
    edl, fps = inputs.edl, inputs.fps
    total = round(edl.duration * fps)
    card_start = total - (round(edl.end_card.duration * fps) if edl.end_card else 0)
    pieces: list[dict] = []
    if edl.title_card is not None:
        pieces.append({"item": "title", "start": 0, "end": round(edl.title_card.duration * fps)})
    last = len(edl.clips) - 1
    for i, (clip, t) in enumerate(zip(edl.clips, edl.clip_starts(), strict=True)):
        start = min(round(t * fps), card_start)
        end = card_start if i == last else min(round((t + clip.length) * fps), card_start)
        n = end - start
        available = round(inputs.clip_seconds[clip.shot_id] * fps)
        piece = {"item": "clip", "index": i, "start": start, "end": end, "available": available,
                 "source_start": max(0, min(round(clip.source_in * fps), available - n))}
        tr = clip.transition
        if tr.kind == "crossfade" and pieces:
            piece["crossfade"] = max(0, min(pieces[-1]["end"] - start, n))
        elif tr.kind == "fade_black":
            half = round(tr.duration * fps / 2)
            piece["fade_in"] = min(half, n)
            if pieces:
                pieces[-1]["fade_out"] = min(half, pieces[-1]["end"] - pieces[-1]["start"])
        pieces.append(piece)
    fade_out = min(round(edl.fade_out * fps), card_start)
    return pieces, total, fade_out


def _item(inputs: ExportInputs, piece: dict) -> Item:
    edl = inputs.edl
    if piece["item"] == "title":
        card = edl.title_card
        return Card("title", card.text, card.subtitle, piece["start"], piece["end"])
    clip = edl.clips[piece["index"]]
    return Shot(clip.shot_id, piece["index"], Path(inputs.clips[clip.shot_id]), piece["start"], piece["end"],
                piece["source_start"], piece["available"])


def _fit(elements: list[Element]) -> list[Element]:
    """Shorten dissolves that do not fit inside the items they touch; drop empty ones."""
    out = list(elements)
    for k, item in enumerate(out):
        if isinstance(item, Dissolve):
            continue
        head = out[k - 1].out_offset if k > 0 and isinstance(out[k - 1], Dissolve) else 0
        if head > item.frames:
            out[k - 1] = replace(out[k - 1], out_offset=item.frames)
            head = item.frames
        if k + 1 < len(out) and isinstance(out[k + 1], Dissolve):
            tail = out[k + 1]
            out[k + 1] = replace(tail, in_offset=min(tail.in_offset, item.frames - head))
    kept = [e for e in out if not (isinstance(e, Dissolve) and e.frames == 0)]
    return [e for k, e in enumerate(kept) if not isinstance(e, Black)
            or (k > 0 and isinstance(kept[k - 1], Dissolve))
            or (k + 1 < len(kept) and isinstance(kept[k + 1], Dissolve))]


def cut_list(inputs: ExportInputs) -> CutList:
    """Place the EDL on the frame grid as items and dissolves (see the module docstring).

    Raises:
        ExportError: A shot of the EDL has no clip or no length in ``inputs``.
    """
    check_inputs(inputs)
    edl = inputs.edl
    pieces, total, fade_out = _pieces(inputs)
    items: list[Item] = [_item(inputs, p) for p in pieces]
    before: list[list[Dissolve | Black]] = [[] for _ in pieces]
    for j, piece in enumerate(pieces):
        crossfade = piece.get("crossfade", 0)
        if crossfade > 0:
            in_off = crossfade // 2
            cut = items[j].record_start + in_off
            items[j - 1] = replace(items[j - 1], record_end=cut)
            items[j] = replace(items[j], record_start=cut, source_start=items[j].source_start + in_off)
            before[j] = [Dissolve("crossfade", in_off, crossfade - in_off)]
        elif piece["item"] == "clip" and edl.clips[piece["index"]].transition.kind == "fade_black":
            out_frames = pieces[j - 1].get("fade_out", 0) if j > 0 else 0
            before[j] = [Dissolve("fade_out", out_frames, 0), Black(items[j].record_start),
                         Dissolve("fade_in", 0, piece.get("fade_in", 0))]
    elements: list[Element] = []
    for j, item in enumerate(items):
        elements += before[j]
        elements.append(item)
    if fade_out > 0:
        elements += [Dissolve("fade_out", fade_out, 0), Black(items[-1].record_end)]
    if edl.end_card is not None:
        card = edl.end_card
        elements.append(Card("end", card.text, card.subtitle, total - round(card.duration * inputs.fps), total))
    return CutList(fps=inputs.fps, num_frames=total, elements=tuple(_fit(elements)))
