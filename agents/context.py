"""The run's context: what every node needs that is not state (providers, folders, callbacks).

It reaches nodes through LangGraph's runtime context (``runtime.context``), never through globals.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agents.planner import Planner
from render.types import RenderBackend

ProgressFn = Callable[[dict[str, Any]], None]


def _quiet(_event: dict[str, Any]) -> None:
    return None


@dataclass
class RunContext:
    """Run-scoped dependencies of the film graph.

    Attributes:
        planner: Provider of the writer's, director's and editor's decisions.
        backend: The render backend, loaded once for the whole run.
        run_dir: Folder the film and its sidecars are written to.
        cache_dir: Content-addressed cache of rendered shots, shared between runs.
        font_path: Font for cards, subtitles and the storyboard (CJK-capable when available).
        render_slots: How many shots render at once.
        critic_rounds: How many times a critic may send an answer back to its agent (0: never).
        progress: Called with progress events (``{"stage": ..., ...}``); must be thread-safe.
        fallback: Draws a shot the backend runs out of memory on (the animatic); None: the shot fails.
        use_references: Render reference pictures and start shots from them (backends that can).
        references_dir: Folder of reference pictures; None: the film's ``references/``.
        speech: The speech engine that voices the lines (`tools.speech`); None: no voices.
        music: Music file laid under the film, ducked under dialogue; None: no music.
        loudness: Integrated loudness target of the sound track in LUFS; None: left as mixed.
        burn_subtitles: Draw the subtitles into the picture (they are always written as files too).
        ai_label: Show a small "AI-generated" label on the picture.
        gates: Stop for the user's approval after the script and after the shot list (chat sessions).
    """

    planner: Planner
    backend: RenderBackend
    run_dir: Path
    cache_dir: Path
    font_path: str | None = None
    render_slots: int = 2
    critic_rounds: int = 2
    progress: ProgressFn = _quiet
    fallback: RenderBackend | None = None
    use_references: bool = True
    references_dir: Path | None = None
    speech: Any = None
    music: Path | None = None
    loudness: float | None = -14.0
    burn_subtitles: bool = True
    ai_label: bool = True
    gates: bool = False
    slots: threading.Semaphore = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.slots = threading.BoundedSemaphore(max(1, self.render_slots))
