"""The screen-space layer of a shot: caption band, slate with a running timecode, label, name tags.

Everything is rendered once per shot; per frame only the patches are blended in and the
timecode's glyphs pasted, so text costs almost nothing while the camera moves.
"""

from __future__ import annotations

from PIL import Image

from render.animatic.style import RGB, mix
from render.animatic.text import Patch, Timecode, caption, ellipsize, font_at, tag, text_box

Box = tuple[int, int, int, int]  # left, top, right, bottom


class Overlay:
    """Text drawn over a shot.

    A frame too small to hold a piece of text whole (a label in a thumbnail) goes without it:
    text is left out rather than clipped.

    Args:
        width: Frame width.
        height: Frame height.
        font_path: Font file (None for Pillow's built-in Latin font).
        shot_id: Printed on the slate.
        framing: Second slate line (shot size and move).
        action: Caption text; empty for none.
        fps: Frames per second of the timecode.
        names: ``(name, colour)`` of each character, in screen order.
    """

    def __init__(self, width: int, height: int, font_path: str | None, shot_id: str, framing: str,
                 action: str, fps: int, names: list[tuple[str, RGB]]):
        self.width, self.height = width, height
        base = min(width, height)
        self.margin = max(3, round(base * 0.022))
        mg = self.margin
        self.caption = caption(action, font_path, width, height)

        slate_font = font_at(font_path, round(base * 0.03))
        pad = max(2, round(slate_font.size * 0.4)) if hasattr(slate_font, "size") else 3
        self.timecode = Timecode(slate_font, fps)
        room = max(self.timecode.width, width * 0.45 - 2 * pad)
        lines = [ellipsize(shot_id, slate_font, room), ellipsize(framing, slate_font, room)]
        image, baselines = text_box(lines, slate_font, ink=(255, 255, 255), fill=(0, 0, 0, 165), pad=pad,
                                    width=self.timecode.width + 2 * pad, reserve=1)
        self.slate = Patch(image, mg, mg)
        self.tc_x, self.tc_baseline = mg + pad, mg + baselines[-1]

        label = tag("ANIMATIC", font_at(font_path, round(base * 0.024)), (186, 32, 36), width - 2 * mg)
        self.label = Patch(label, width - mg - label.width, mg)
        if _overlaps(_box(self.label), _box(self.slate)):
            self.label.y = self.slate.y + self.slate.height + mg

        name_font = font_at(font_path, round(base * 0.032))
        self.tags: list[Image.Image | None] = [
            tag(name, name_font, mix(colour, (0, 0, 0), 0.45), width - 2 * mg) for name, colour in names
        ]
        self.caption = self._fitting(self.caption)
        self.slate = self._fitting(self.slate)
        self.label = self._fitting(self.label)
        self.tags = [t if t is not None and t.width <= width and t.height <= height else None
                     for t in self.tags]
        self.floor = (self.caption.y if self.caption else height) - mg
        self.keepout = [_box(p) for p in (self.slate, self.label) if p is not None]

    def paint_fixed(self, frame: Image.Image) -> None:
        """Blend the caption band, slate box and label onto ``frame``."""
        for patch in (self.caption, self.slate, self.label):
            if patch is not None:
                patch.paste(frame)

    def paint_tags(self, frame: Image.Image, anchors: list[tuple[float, float]]) -> None:
        """Blend the name tags, each centred above its anchor (screen pixels), kept inside the frame.

        Tags never leave the frame, stay above the caption band, step around the slate and the
        label, and are stacked when two would overlap.
        """
        placed: list[Box] = []
        mg = self.margin
        for image, (ax, ay) in zip(self.tags, anchors):
            if image is None:
                continue
            x = max(0, round(min(max(ax - image.width / 2, mg), self.width - mg - image.width)))
            y = max(0, round(min(max(ay - image.height - mg / 2, mg), self.floor - image.height)))
            for _ in range(len(placed) + len(self.keepout) + 1):
                box = (x, y, x + image.width, y + image.height)
                hit = next((b for b in self.keepout + placed if _overlaps(box, b)), None)
                if hit is None or hit[3] + 2 + image.height > self.floor:
                    break
                y = hit[3] + 2
            frame.paste(image, (x, y), image)
            placed.append((x, y, x + image.width, y + image.height))

    def paint_timecode(self, frame: Image.Image, index: int) -> None:
        """Draw frame ``index``'s timecode on the slate."""
        if self.slate is not None:
            self.timecode.draw(frame, self.tc_x, self.tc_baseline, index)

    def _fitting(self, patch: Patch | None) -> Patch | None:
        if patch is None or patch.x < 0 or patch.y < 0:
            return None
        if patch.x + patch.width > self.width or patch.y + patch.height > self.height:
            return None
        return patch


def _box(patch: Patch) -> Box:
    return patch.x, patch.y, patch.x + patch.width, patch.y + patch.height


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
