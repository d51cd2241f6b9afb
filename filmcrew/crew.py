"""The crew a run works with: planner, render backend, speech engine, ledger, font — built once from the
settings, and the graph's runtime context and manifest made from them (for `make` and for sessions)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agents.accounting import Ledger
from agents.context import ProgressFn, RunContext
from agents.errors import AgentError
from agents.planner import Planner
from agents.schemas import Brief
from filmcrew.backends import build_backend, fallback_backend
from filmcrew.errors import FilmcrewError, UsageError
from filmcrew.manifest import build_manifest
from filmcrew.settings import Settings
from render import RenderBackend


@dataclass
class Crew:
    """Everything a run needs besides its brief and folder.

    Attributes:
        settings: The run's settings.
        font: Font file for text on pictures (CJK-capable when one was found).
        backend: The render backend, loaded once.
        ledger: Spend and budget of the model calls.
        planner: The writer's, director's and editor's provider.
        speech: The speech engine, None for no voices.
    """

    settings: Settings
    font: str | None
    backend: RenderBackend
    ledger: Ledger
    planner: Planner
    speech: Any

    def context(self, run_dir: Path, progress: ProgressFn, *, gates: bool = False) -> RunContext:
        """The graph's runtime context for a run in ``run_dir``."""
        s = self.settings
        return RunContext(planner=self.planner, backend=self.backend, run_dir=run_dir, cache_dir=s.cache_dir,
                          font_path=self.font, render_slots=s.render_slots, progress=progress,
                          critic_rounds=s.critic_rounds, fallback=fallback_backend(self.backend, self.font),
                          use_references=s.references == "on", references_dir=s.references_dir,
                          speech=self.speech, music=s.music, loudness=s.loudness,
                          burn_subtitles=s.burn_subtitles == "on", ai_label=s.ai_label == "on", gates=gates)

    def run_key(self, brief: Brief) -> str:
        """A digest of everything that decides the film: brief, planner, renderer, sound settings."""
        return _run_key(brief, self.planner, self.backend, _sound_key(self.settings, self.speech))

    def manifest(self, state: dict[str, Any], **run: Any) -> dict[str, Any]:
        """The manifest of a finished run (see `filmcrew.manifest.build_manifest` for ``run``'s keys)."""
        return build_manifest(state, planner=self.planner, backend=self.backend, base_url=self.settings.base_url,
                              prices=self.ledger.prices, critic_rounds=self.settings.critic_rounds,
                              speech=self.speech, **run)

    def close(self) -> None:
        """Free the render backend (its pipelines, its worker processes)."""
        self.backend.close()


def build_crew(settings: Settings, progress: ProgressFn) -> Crew:
    """Build the crew from the settings.

    Raises:
        UsageError: a setting cannot be honoured here (the message names it).
        FilmcrewError: the model client cannot be made.
    """
    font = _pick_font(settings, progress)
    backend = build_backend(settings, font)
    ledger = build_ledger(settings)
    return Crew(settings=settings, font=font, backend=backend, ledger=ledger,
                planner=build_planner(settings, ledger), speech=build_speech(settings))


def build_ledger(settings: Settings) -> Ledger:
    """The run's ledger: the built-in prices with the price file over them, and the budget.

    Raises:
        UsageError: naming ``--prices`` when the price file can no longer be read.
    """
    try:
        return Ledger(settings.price_table(), settings.budget_usd)
    except ValueError as exc:
        raise UsageError(f"--prices: {exc}") from None


def build_planner(settings: Settings, ledger: Ledger | None = None) -> Planner:
    """The offline planner, or the OpenAI-compatible one when a model is configured.

    Args:
        settings: The run's settings.
        ledger: Where the model calls' spend is checked and counted (the OpenAI-compatible planner).
    """
    if not settings.uses_llm:
        from agents.offline import OfflinePlanner

        return OfflinePlanner()
    from agents.llm import OpenAIPlanner, make_client

    api_key = settings.api_key or ("not-needed" if settings.base_url else None)  # local servers take any key
    try:
        client = make_client(settings.base_url, api_key, settings.llm_timeout, settings.llm_retries)
    except AgentError as exc:
        raise FilmcrewError(str(exc)) from None
    return OpenAIPlanner(client, settings.models(), ledger=ledger or build_ledger(settings))


def build_speech(settings: Settings) -> Any:
    """The speech engine the settings ask for (`tools.speech`), or None for ``--voice none``.

    Raises:
        UsageError: the engine cannot be set up here (the message says how to fix it).
    """
    from tools.errors import SpeechError
    from tools.speech import make_engine

    name = settings.speech_engine
    client = None
    if name == "openai":
        from agents.llm import make_client

        base_url = settings.tts_base_url or settings.base_url
        api_key = settings.api_key or ("not-needed" if base_url else None)
        try:
            client = make_client(base_url, api_key, settings.llm_timeout, settings.llm_retries)
        except AgentError as exc:
            raise UsageError(f"--voice openai: {exc}") from None
    try:
        return make_engine(name, client=client, model=settings.tts_model)
    except SpeechError as exc:
        raise UsageError(f"--voice {name}: {exc}") from None


def _sound_key(settings: Settings, speech: Any) -> dict[str, Any]:
    """What of the sound and picture settings changes the film (part of the run key)."""
    music = None
    if settings.music is not None:
        music = hashlib.sha256(settings.music.read_bytes()).hexdigest()
    return {"speech": speech.identity() if speech is not None else None, "music": music,
            "loudness": settings.loudness, "burn": settings.burn_subtitles, "label": settings.ai_label}


def _pick_font(settings: Settings, progress: ProgressFn) -> str | None:
    from render.fonts import find_font

    if settings.font:
        if not Path(settings.font).expanduser().is_file():
            raise UsageError(f"FILMCREW_FONT: no font file at {settings.font}")
        return str(Path(settings.font).expanduser())
    found = find_font(cjk=True)
    if found is None:
        progress({"stage": "setup", "event": "warning",
                  "detail": "no CJK-capable font found, so Chinese text cannot be drawn: install fonts-noto-cjk "
                            "(or any CJK font) or set FILMCREW_FONT to a .ttf/.otf/.ttc file"})
        found = find_font(cjk=False)
    return str(found) if found else None


def _run_key(brief: Brief, planner: Planner, backend: RenderBackend, sound: dict[str, Any]) -> str:
    blob = json.dumps({"brief": brief.model_dump(), "planner": planner.provider, "models": planner.models,
                       "backend": backend.name, "identity": backend.identity(), "sound": sound},
                      sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


