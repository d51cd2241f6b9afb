"""Composite the frames that need it (title and end cards, crossfades, fades) with MoviePy.

For one composite segment, every piece it shows becomes a MoviePy clip placed on the film's
timeline with ``with_start``: a card is an ``ImageClip`` of the drawn card, a shot is a
``VideoClip`` over the source frames the segment needs (decoded by ffmpeg through the same conform
chain as plain segments, so both kinds of segment look alike). Transitions are MoviePy effects:
``vfx.CrossFadeIn`` on the incoming clip of a crossfade (it fades the clip's mask in),
``vfx.FadeIn`` / ``vfx.FadeOut`` for fades through black and the cards' text, and ``vfx.FadeOut``
on the composite of the pictures for the film's fade out. MoviePy's ``CompositeVideoClip`` stacks
the clips over a black ``ColorClip``, later pieces on top, and the frames it gives are encoded with
the same settings as the plain segments. Nothing plays under the end card: a frame before it comes
from the composite of the pictures (which the film's fade out dims), a frame on it from a composite
of the card alone over black.

Timing: film frame ``k`` is taken at its centre, ``t = (k + 0.5) / fps``, and every clip starts and
ends on a frame boundary, so each time MoviePy compares is half a frame away from any edge: no
frame falls on the wrong side of a cut, a clip shows frame ``floor(t * fps)`` of its own time, and
MoviePy's linear ramps (``t / duration``) give strength ``(j + 0.5) / n`` on frame ``j`` of an
``n``-frame fade, as ``tools.editor.plan`` specifies.

Burned-in subtitles and the label are laid over the composited frames last (``tools.editor.overlay``),
at full strength through fades, the same pictures ffmpeg lays over the plain segments.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np

from tools.editor.encode import VideoFormat, decode_window, encode_frames
from tools.editor.overlay import Overlay, burn
from tools.editor.plan import Plan, Segment


def _shown(plan: Plan, seg: Segment) -> list[tuple[int, int, int]]:
    """``(piece, first local frame, last local frame)`` of each piece on screen in ``seg``, bottom first."""
    shown = []
    for index, piece in enumerate(plan.pieces):
        first, last = max(seg.start, piece.start), min(seg.end, piece.end) - 1
        if first <= last:
            shown.append((index, first - piece.start, last - piece.start))
    return shown


def _piece_clip(plan: Plan, index: int, lo: int, hi: int, fmt: VideoFormat,
                cards: Mapping[str, np.ndarray]):
    """The piece as a MoviePy clip on the film's timeline, with its fades as MoviePy effects.

    Only its local frames ``lo..hi`` are decoded; the clip spans the whole piece so that MoviePy
    times its fades from the piece's real start and end.
    """
    from moviepy import ImageClip, VideoClip, vfx

    piece = plan.pieces[index]
    fps = plan.fps
    if piece.is_card:
        if piece.key not in cards:
            raise ValueError(f"the plan has a {piece.key} card but no picture of it was drawn")
        clip = ImageClip(cards[piece.key], duration=piece.frames / fps)
    else:
        first = piece.source_frame(lo)
        window = decode_window(plan.clip_paths[piece.key], first, piece.source_frame(hi) - first + 1, fmt)

        def frame_at(t: float) -> np.ndarray:
            # Clamped because MoviePy also reads the frame at t=0 to learn the clip's size.
            local = min(max(int(t * fps), lo), hi)
            return window[piece.source_frame(local) - first]

        clip = VideoClip(frame_function=frame_at, duration=piece.frames / fps)
    # Only the ramps that reach frames lo..hi are applied: the others would change none of them.
    # Black is given as the scalar 0, which MoviePy broadcasts far faster than (0, 0, 0).
    effects = []
    if lo < piece.crossfade_in:
        effects.append(vfx.CrossFadeIn(piece.crossfade_in / fps))
    if lo < piece.fade_in:
        effects.append(vfx.FadeIn(piece.fade_in / fps, initial_color=0))
    if hi >= piece.frames - piece.fade_out:
        effects.append(vfx.FadeOut(piece.fade_out / fps, final_color=0))
    return clip.with_effects(effects).with_start(piece.start / fps)


def composite_frames(plan: Plan, seg: Segment, fmt: VideoFormat,
                     cards: Mapping[str, np.ndarray]) -> Iterator[np.ndarray]:
    """The segment's frames as MoviePy composites them, in order.

    Args:
        plan: The film on the frame grid.
        seg: A segment of it (any run of frames; composite segments are the ones that need this).
        fmt: The film's format.
        cards: The drawn cards the plan shows, by piece key (``TITLE_KEY``, ``END_KEY``); see
            ``tools.editor.titlecard.draw_cards``.

    Yields:
        RGB ``uint8`` frames of shape ``(height, width, 3)``.
    """
    from moviepy import ColorClip, CompositeVideoClip, vfx

    fps, card_start = plan.fps, plan.end_card_start
    shown = _shown(plan, seg)
    pictures = closing = None
    if seg.start < card_start:
        black = ColorClip((fmt.width, fmt.height), color=np.zeros(3, dtype=np.uint8),
                          duration=card_start / fps)
        layers = [_piece_clip(plan, i, lo, hi, fmt, cards) for i, lo, hi in shown
                  if not plan.pieces[i].is_end]
        pictures = CompositeVideoClip([black, *layers], use_bgclip=True).with_duration(card_start / fps)
        if plan.fade_out and seg.end > card_start - plan.fade_out:
            pictures = pictures.with_effects([vfx.FadeOut(plan.fade_out / fps, final_color=0)])
    if seg.end > card_start:
        duration = plan.num_frames / fps
        black = ColorClip((fmt.width, fmt.height), color=np.zeros(3, dtype=np.uint8), duration=duration)
        card = [_piece_clip(plan, i, lo, hi, fmt, cards) for i, lo, hi in shown if plan.pieces[i].is_end]
        closing = CompositeVideoClip([black, *card], use_bgclip=True).with_duration(duration)
    for k in range(seg.start, seg.end):
        frame = (pictures if k < card_start else closing).get_frame((k + 0.5) / fps)
        yield frame if frame.dtype == np.uint8 else np.rint(frame, out=frame).astype(np.uint8)


def render_composite(plan: Plan, seg: Segment, fmt: VideoFormat, cards: Mapping[str, np.ndarray],
                     out: Path, overlays: Sequence[Overlay] = ()) -> int:
    """Composite one segment with MoviePy, lay the overlays over it, encode it; returns the frames written.

    Args:
        plan: The film on the frame grid.
        seg: A composite segment of it.
        fmt: The film's format (the same encoder settings as the plain segments).
        cards: The drawn cards the plan shows, by piece key.
        out: Segment file to write.
        overlays: Pictures laid over the frames, their frame ranges counted from ``seg.start``
            (``Overlay.within``), later ones on top.
    """
    frames = composite_frames(plan, seg, fmt, cards)
    return encode_frames(burn(frames, overlays) if overlays else frames, fmt, out)
