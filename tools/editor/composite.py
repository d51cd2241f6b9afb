"""Composite the frames that need it (title card, crossfades, fades) with MoviePy.

Only the source frames a composite segment shows are decoded (by ffmpeg, through the same conform
chain as plain segments). The segment is a MoviePy ``VideoClip`` whose frame function blends the
layers the plan gives for each film frame; the title card is a MoviePy ``ImageClip``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tools.editor.encode import VideoFormat, decode_window, encode_frames
from tools.editor.plan import Plan, Segment


def _source_pictures(plan: Plan, seg: Segment, fmt: VideoFormat, title_image: np.ndarray | None):
    """For every piece the segment shows, a function from local frame to RGB picture."""
    needed: dict[int, tuple[int, int]] = {}
    for k in range(seg.start, seg.end):
        for layer in plan.layers(k):
            lo, hi = needed.get(layer.piece, (layer.local, layer.local))
            needed[layer.piece] = (min(lo, layer.local), max(hi, layer.local))
    pictures = {}
    for index, (lo, hi) in needed.items():
        piece = plan.pieces[index]
        if piece.is_title:
            from moviepy import ImageClip

            if title_image is None:
                raise ValueError("the plan has a title card but no title image was drawn")
            card = ImageClip(title_image, duration=piece.frames / plan.fps)
            pictures[index] = lambda local, card=card: card.get_frame(local / plan.fps)
            continue
        first = piece.source_frame(lo)
        frames = decode_window(plan.clip_paths[piece.key], first, piece.source_frame(hi) - first + 1, fmt)
        pictures[index] = lambda local, p=piece, f=frames, first=first: f[p.source_frame(local) - first]
    return pictures


def blend_weights(plan: Plan, k: int) -> list[tuple[int, int, int]]:
    """``(piece, weight out of 256, local frame)`` for each layer of film frame ``k``.

    Layers stack bottom first (``out = out * (1 - alpha) + picture * gain * alpha``), then the
    film's fade out scales everything; the weights sum to at most 256.
    """
    layers = plan.layers(k)
    film_gain = plan.film_gain(k)
    weights, above = [], 1.0
    for layer in reversed(layers):
        weights.append(layer.gain * layer.alpha * above * film_gain)
        above *= 1.0 - layer.alpha
    weights.reverse()
    scaled = [int(w * 256 + 0.5) for w in weights]
    while sum(scaled) > 256:
        scaled[scaled.index(max(scaled))] -= 1
    return [(layer.piece, w, layer.local) for layer, w in zip(layers, scaled, strict=True)]


def render_composite(plan: Plan, seg: Segment, fmt: VideoFormat, title_image: np.ndarray | None,
                     out: Path) -> int:
    """Composite and encode one segment; returns the number of frames written.

    Args:
        plan: The film on the frame grid.
        seg: A composite segment of it.
        fmt: The film's format (the same encoder settings as the plain segments).
        title_image: The drawn title card, when the plan has one.
        out: Segment file to write.
    """
    from moviepy import VideoClip

    pictures = _source_pictures(plan, seg, fmt, title_image)

    def frame_at(t: float) -> np.ndarray:
        k = seg.start + int(round(t * plan.fps))
        weighted = blend_weights(plan, k)
        if len(weighted) == 1 and weighted[0][1] == 256:
            return np.asarray(pictures[weighted[0][0]](weighted[0][2]), dtype=np.uint8)
        acc = np.zeros((fmt.height, fmt.width, 3), dtype=np.uint16)
        for piece, weight, local in weighted:
            if weight:
                acc += np.multiply(pictures[piece](local), np.uint16(weight), dtype=np.uint16)
        acc += 128
        acc >>= 8
        return acc.astype(np.uint8)

    clip = VideoClip(frame_function=frame_at, duration=seg.frames / plan.fps)
    frames = (clip.get_frame(i / plan.fps) for i in range(seg.frames))
    written = encode_frames(frames, fmt, out)
    clip.close()
    return written
