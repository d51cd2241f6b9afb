"""The render request and result: the contract between the render tool and every backend."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

ShotSize = Literal["ECU", "CU", "MCU", "MS", "WS", "EWS"]
CameraMove = Literal["static", "pan", "tilt", "zoom", "dolly", "handheld"]


class Reference(BaseModel):
    """A reference picture of a character or a location, rendered once and reused by every shot.

    Attributes:
        kind: ``"character"`` or ``"location"``.
        name: The character's or location's name in the script.
        path: The PNG file; the shot cache keys on its bytes, so replacing it re-renders its shots.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["character", "location"]
    name: str = Field(min_length=1)
    path: str = Field(min_length=1)


class RenderRequest(BaseModel):
    """Everything that determines a shot's pixels. Two equal requests render equal frames.

    Attributes:
        shot_id: Stable id of the shot (e.g. ``"S02-03"``), printed on the animatic slate.
        prompt: Self-contained visual prompt (characters' looks, location, style).
        negative_prompt: What the picture must not show.
        width: Frame width in pixels (even).
        height: Frame height in pixels (even).
        fps: Frames per second of the clip.
        num_frames: Number of frames to render.
        seed: Seed for every random choice of the renderer.
        size: Shot size, used by the animatic to frame the subject.
        angle: Camera angle in words (``"eye level"``, ``"low angle"``...).
        move: Camera move; the animatic performs it for real.
        characters: Names of the characters in frame, in screen order.
        action: One line saying what happens; the animatic prints it as a caption.
        location: Location name.
        look: Location look (palette, light) in words.
        time_of_day: ``DAY``, ``NIGHT``, ``DAWN``, ``DUSK`` or similar, from the scene heading.
        interior: True for an INT. scene heading.
        num_inference_steps: Denoising steps (diffusion backends only).
        guidance_scale: Classifier-free guidance (diffusion backends only).
        references: Reference pictures that condition the shot (its characters' and location's);
            a backend that supports them starts the shot from a keyframe made from them.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    shot_id: str = Field(min_length=1)
    prompt: str
    negative_prompt: str = ""
    width: int = Field(gt=0)
    height: int = Field(gt=0)
    fps: int = Field(gt=0, le=120)
    num_frames: int = Field(gt=0)
    seed: int = Field(ge=0)
    size: ShotSize = "MS"
    angle: str = "eye level"
    move: CameraMove = "static"
    characters: tuple[str, ...] = ()
    action: str = ""
    location: str = ""
    look: str = ""
    time_of_day: str = "DAY"
    interior: bool = False
    num_inference_steps: int | None = None
    guidance_scale: float | None = None
    references: tuple[Reference, ...] = ()

    @property
    def duration(self) -> float:
        """Clip length in seconds."""
        return self.num_frames / self.fps


class RenderResult(BaseModel):
    """A rendered shot on disk.

    Attributes:
        shot_id: The request's shot id.
        clip_path: H.264 MP4 of exactly ``num_frames`` frames.
        keyframe_path: PNG of the most representative frame.
        num_frames: Frames in the clip.
        fps: Frames per second of the clip.
        width: Frame width.
        height: Frame height.
        backend: Name of the backend that drew it.
        seconds: Wall time spent rendering (0 when it came from the cache).
        cached: True when the clip was reused instead of rendered.
        cache_key: Content address of the request and backend identity.
        details: What the backend reports about the render (render size, segments, memory level...).
        warning: Set when the shot is not what was asked for (e.g. drawn by a fallback backend).
    """

    model_config = ConfigDict(extra="forbid")

    shot_id: str
    clip_path: str
    keyframe_path: str
    num_frames: int
    fps: int
    width: int
    height: int
    backend: str
    seconds: float = 0.0
    cached: bool = False
    cache_key: str = ""
    details: dict[str, Any] = Field(default_factory=dict)
    warning: str = ""

    @property
    def duration(self) -> float:
        """Clip length in seconds."""
        return self.num_frames / self.fps


class RenderBackend(Protocol):
    """What every backend provides. Backends are built by `render.create_backend`."""

    name: str
    label: str

    def identity(self) -> dict[str, Any]:
        """Everything about the backend itself that changes pixels (model id, revision, font...)."""
        ...

    def render(self, request: RenderRequest, clip_path: Path, keyframe_path: Path) -> dict[str, Any] | None:
        """Render the shot: write an H.264 clip and a keyframe PNG at the given paths.

        Returns:
            Optional details for the manifest (render size, segments...), or None.
        """
        ...

    def close(self) -> None:
        """Free what the backend holds (loaded pipelines, GPU memory)."""
        ...
