"""The animatic backend: a CPU previsualisation of every shot, fast enough to judge pacing for free.

Each shot shows its location and light (sky or room by time of day, set pieces from location
keywords, in English or Chinese), its characters as stylised figures framed by the shot size,
the camera move performed for real, the characters' names, the action as a caption, and a slate
with the shot id and a running timecode. Frames stream straight into the H.264 encoder.

Importing this module registers the backend as ``animatic``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from render.registry import BackendInfo, register_backend
from render.types import RenderRequest

VERSION = 1  # bump whenever the drawing changes: cached shots of older versions are re-rendered
PRESET = "ultrafast"  # x264 preset: previews the edit re-encodes, and encoding is the bottleneck
CRF = 18  # visually lossless even at ultrafast


class AnimaticBackend:
    """Draws shots as animatics on the CPU with numpy and Pillow.

    Args:
        font_path: Font file for on-screen text; None finds an installed CJK font (else a Latin
            one, else Pillow's built-in font). Chinese text needs a CJK-capable font.
    """

    name = "animatic"
    label = "animatic (previs)"

    def __init__(self, font_path: str | None = None):
        from render.fonts import find_font

        if font_path is None:
            found = find_font(cjk=True) or find_font(cjk=False)
            font_path = str(found) if found else None
        elif not Path(font_path).is_file():
            raise ValueError(f"font_path: no font file at {font_path!r}; pass a .ttf/.otf/.ttc file or None")
        self.font_path = font_path

    def identity(self) -> dict[str, Any]:
        """What changes this backend's pixels: renderer version and font file."""
        font = Path(self.font_path).name if self.font_path else "pillow-default"
        return {"renderer": "animatic", "version": VERSION, "font": font}

    def render(self, request: RenderRequest, clip_path: Path, keyframe_path: Path) -> None:
        """Render the shot: an H.264 clip of exactly ``request.num_frames`` frames, its middle frame as PNG.

        Raises:
            ValueError: for an odd width or height (H.264 needs even sizes).
            RenderError: when the encoder fails.
        """
        from render.animatic.shot import shot_frames
        from render.video import save_png, write_clip

        for name, value in (("width", request.width), ("height", request.height)):
            if value % 2:
                raise ValueError(f"{name} must be even for H.264, got {value}; pick an even frame size")
        middle = request.num_frames // 2
        kept: list[Any] = []

        def frames():
            for index, frame in enumerate(shot_frames(request, self.font_path)):
                if index == middle:
                    kept.append(frame.copy())
                yield frame

        write_clip(frames(), Path(clip_path), width=request.width, height=request.height, fps=request.fps,
                   crf=CRF, preset=PRESET)
        save_png(kept[0], Path(keyframe_path))

    def close(self) -> None:
        """Nothing to free: the animatic holds no models or devices."""


register_backend(BackendInfo(
    name="animatic",
    summary="CPU previs: set, light, framed figures, real camera moves, caption, slate and timecode",
    factory=AnimaticBackend,
    needs="nothing (CPU, numpy + Pillow)",
    check=lambda **_: [],
))
