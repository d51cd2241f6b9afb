"""Pictures laid over the film (burned-in subtitles, the AI label), and where and when they show.

Each overlay is an RGBA picture drawn by ``tools.editor.lettering``, written as a PNG in the work
folder (hundreds of subtitles never sit in memory), with the film frames ``[start, end)`` it shows
on. Plain segments hand the PNGs to ffmpeg's ``overlay`` filter (``tools.editor.encode``); composite
segments blend the same pictures into their frames with ``burn``. Both compute
``out = frame * (1 - alpha) + picture * alpha``, in YUV and in RGB respectively; the pictures are
grey levels only, so the two differ by rounding and chroma subsampling at the glyphs' edges.

The label shows on every frame of the film, the title and end cards included: the film is disclosed
as AI-generated wherever it is watched from. Overlays are laid over everything else, fades included.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from PIL import Image

from tools.editor.lettering import draw_label, draw_subtitle
from tools.timeline import SubtitleEvent


@dataclass(frozen=True)
class Overlay:
    """An RGBA picture shown over the film frames ``[start, end)`` at ``(x, y)``.

    Attributes:
        path: The picture, an RGBA PNG of ``width x height`` pixels (straight alpha).
        x: Left edge in the frame (even).
        y: Top edge in the frame (even).
        width: Picture width (even).
        height: Picture height (even).
        start: First frame it shows on.
        end: Frame after the last one it shows on.
    """

    path: Path
    x: int
    y: int
    width: int
    height: int
    start: int
    end: int

    def within(self, start: int, end: int) -> Overlay | None:
        """The overlay on the frames ``[start, end)`` only, counted from ``start``; None if not on them."""
        first, last = max(self.start, start), min(self.end, end)
        if first >= last:
            return None
        return replace(self, start=first - start, end=last - start)


def _save(picture: np.ndarray, path: Path) -> Path:
    Image.fromarray(picture).save(path, format="PNG", compress_level=1)
    return path


def make_overlays(subtitles: Sequence[SubtitleEvent], label: str | None, *, width: int, height: int,
                  fps: int, num_frames: int, font_path: str | None, folder: Path) -> list[Overlay]:
    """Draw the subtitles and the label into ``folder`` and place them on the film's frames.

    A subtitle shows on the frames ``[round(start * fps), round(end * fps))`` (cut to the film); one
    that covers no whole frame is left out. The label shows on every frame.

    Args:
        subtitles: The events to burn in, on the film's timeline.
        label: The label text, or None for no label.
        width: Frame width.
        height: Frame height.
        fps: Film frame rate.
        num_frames: Frames in the film.
        font_path: CJK-capable font; None uses Pillow's built-in font.
        folder: Where the PNGs are written.

    Returns:
        The overlays, subtitles in the order given, then the label (drawn last, on top).
    """
    out: list[Overlay] = []
    for n, event in enumerate(subtitles):
        start, end = round(event.start * fps), min(round(event.end * fps), num_frames)
        if end <= start:
            continue
        picture, x, y = draw_subtitle(event.text, width, height, font_path)
        path = _save(picture, folder / f"sub{n:05d}.png")
        out.append(Overlay(path, x, y, picture.shape[1], picture.shape[0], start, end))
    if label:
        picture, x, y = draw_label(label, width, height, font_path)
        path = _save(picture, folder / "label.png")
        out.append(Overlay(path, x, y, picture.shape[1], picture.shape[0], 0, num_frames))
    return out


def load_overlay(overlay: Overlay) -> np.ndarray:
    """The overlay's RGBA picture as a ``uint8`` array."""
    with Image.open(overlay.path) as image:
        return np.asarray(image.convert("RGBA"))


def blend(frame: np.ndarray, picture: np.ndarray, x: int, y: int) -> None:
    """Lay the RGBA ``picture`` over ``frame`` at ``(x, y)``, in place (parts outside the frame are cut)."""
    h, w = picture.shape[:2]
    x0, y0, x1, y1 = max(x, 0), max(y, 0), min(x + w, frame.shape[1]), min(y + h, frame.shape[0])
    if x0 >= x1 or y0 >= y1:
        return
    part = picture[y0 - y:y1 - y, x0 - x:x1 - x].astype(np.float32)
    alpha = part[..., 3:] / 255
    region = frame[y0:y1, x0:x1].astype(np.float32)
    frame[y0:y1, x0:x1] = np.rint(region * (1 - alpha) + part[..., :3] * alpha).astype(np.uint8)


def burn(frames: Iterable[np.ndarray], overlays: Sequence[Overlay]) -> Iterator[np.ndarray]:
    """Lay the overlays over a run of frames (overlay frame ranges counted from the run's first frame).

    Pictures are read from their files once, when first needed, and kept only for this run. A frame
    that gets an overlay is copied first, so the frames given are never changed.
    """
    pictures: dict[Path, np.ndarray] = {}
    for k, frame in enumerate(frames):
        shown = [o for o in overlays if o.start <= k < o.end]
        if shown:
            frame = np.array(frame, dtype=np.uint8, copy=True)
        for overlay in shown:
            if overlay.path not in pictures:
                pictures[overlay.path] = load_overlay(overlay)
            blend(frame, pictures[overlay.path], overlay.x, overlay.y)
        yield frame
