"""Settings, read once from the environment (and overridden by CLI options), then passed down.

| variable | meaning | default |
|---|---|---|
| ``OPENAI_BASE_URL`` | OpenAI-compatible endpoint (vLLM, Ollama, LM Studio...) | OpenAI's |
| ``OPENAI_API_KEY`` | key for that endpoint | none |
| ``FILMCREW_PLANNER`` | ``auto`` (a model when an endpoint or key is set), ``offline`` or ``llm`` | ``auto`` |
| ``FILMCREW_MODEL`` | model for all three agents | ``gpt-4.1-mini`` |
| ``FILMCREW_WRITER_MODEL`` / ``_DIRECTOR_`` / ``_EDITOR_`` | model per agent | ``FILMCREW_MODEL`` |
| ``FILMCREW_LLM_TIMEOUT`` | seconds per model request | 120 |
| ``FILMCREW_LLM_RETRIES`` | retries of a failed request | 2 |
| ``FILMCREW_BACKEND`` | render backend | ``animatic`` |
| ``FILMCREW_CACHE_DIR`` | shot cache shared by all runs | ``~/.cache/filmcrew`` |
| ``FILMCREW_FONT`` | font file for text (must draw Chinese for Chinese films) | found on the system |
| ``FILMCREW_RENDER_SLOTS`` | shots rendered at once | CPU count |
| ``FILMCREW_BUDGET_USD`` | most the run may spend on model calls, in US dollars | no limit |
| ``FILMCREW_PRICES`` | JSON price file ``{"model": [usd_per_1M_in, usd_per_1M_out]}`` over the built-in prices | none |
| ``FILMCREW_CRITIC_ROUNDS`` | revision rounds after each critic's check, 0 to 5 | 2 |
| ``FILMCREW_MAX_CONCURRENCY`` | graph branches (model calls, renders) run at once | no limit |
| ``FILMCREW_RENDER_MODEL`` | text-to-video checkpoint (hub id or folder) of a diffusers backend | the family's |
| ``FILMCREW_I2V_MODEL`` | image-to-video checkpoint of a diffusers backend | the family's |
| ``FILMCREW_RENDER_REVISION`` | hub revision of those checkpoints | latest |
| ``FILMCREW_DEVICE`` | ``auto``, ``cuda``, ``cuda:N`` or ``cpu`` | ``auto`` (CUDA when present) |
| ``FILMCREW_DTYPE`` | ``auto``, ``bfloat16``, ``float16`` or ``float32`` | bf16 on GPU, fp32 on CPU |
| ``FILMCREW_GPUS`` | GPU indices, one render worker each, e.g. ``0,1`` | one device |
| ``FILMCREW_MEMORY`` | first memory level: ``none``, ``vae``, ``offload``, ``group`` | ``none`` |
| ``FILMCREW_STEPS`` / ``FILMCREW_GUIDANCE`` | denoising steps / guidance scale | the family's |
| ``FILMCREW_REFERENCES`` | ``on``: reference pictures keep characters consistent; ``off``: text-to-video only | ``on`` |
| ``FILMCREW_REFERENCES_DIR`` | folder of reference pictures, shared by films that reuse it | the film's ``references/`` |
| ``FILMCREW_KEYFRAME_STRENGTH`` | how far a shot's first frame may move from its references, 0 to 1 | 0.7 |
| ``FILMCREW_VOICE`` | speech engine of the dialogue: ``auto``, ``openai``, ``espeak`` or ``none`` | ``auto`` (``openai`` with an OpenAI key and no other endpoint, else ``espeak``) |
| ``FILMCREW_TTS_MODEL`` | model of the ``openai`` speech engine | ``gpt-4o-mini-tts`` |
| ``FILMCREW_TTS_BASE_URL`` | OpenAI-compatible endpoint serving ``/audio/speech``, if not the LLM's | ``OPENAI_BASE_URL`` |
| ``FILMCREW_MUSIC`` | music file laid under every film, ducked under dialogue | none |
| ``FILMCREW_LOUDNESS`` | integrated loudness of the sound track, LUFS (EBU R128), or ``off`` | -14 |
| ``FILMCREW_BURN_SUBTITLES`` | ``on``: subtitles drawn into the picture; ``off``: only as files | ``on`` |
| ``FILMCREW_HOME`` | data folder of `filmcrew serve` (keys, jobs, films, cache) | ``~/.filmcrew`` |
| ``FILMCREW_WEBHOOK_ALLOW`` | hosts or networks webhooks may reach although private, e.g. ``127.0.0.1,10.0.0.0/8`` | none |
| ``FILMCREW_AI_LABEL`` | ``on``: a small "AI-generated" label on the picture; ``off``: none | ``on`` |
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from filmcrew.errors import UsageError

if TYPE_CHECKING:
    from agents.accounting import PriceTable

ENV = {
    "planner": "FILMCREW_PLANNER", "base_url": "OPENAI_BASE_URL", "api_key": "OPENAI_API_KEY",
    "model": "FILMCREW_MODEL", "writer_model": "FILMCREW_WRITER_MODEL",
    "director_model": "FILMCREW_DIRECTOR_MODEL", "editor_model": "FILMCREW_EDITOR_MODEL",
    "llm_timeout": "FILMCREW_LLM_TIMEOUT", "llm_retries": "FILMCREW_LLM_RETRIES",
    "backend": "FILMCREW_BACKEND", "cache_dir": "FILMCREW_CACHE_DIR", "font": "FILMCREW_FONT",
    "render_slots": "FILMCREW_RENDER_SLOTS", "budget_usd": "FILMCREW_BUDGET_USD",
    "prices_file": "FILMCREW_PRICES", "critic_rounds": "FILMCREW_CRITIC_ROUNDS",
    "max_concurrency": "FILMCREW_MAX_CONCURRENCY", "render_model": "FILMCREW_RENDER_MODEL",
    "i2v_model": "FILMCREW_I2V_MODEL", "render_revision": "FILMCREW_RENDER_REVISION", "device": "FILMCREW_DEVICE",
    "dtype": "FILMCREW_DTYPE", "gpus": "FILMCREW_GPUS", "memory": "FILMCREW_MEMORY", "steps": "FILMCREW_STEPS",
    "guidance": "FILMCREW_GUIDANCE", "references": "FILMCREW_REFERENCES",
    "references_dir": "FILMCREW_REFERENCES_DIR", "keyframe_strength": "FILMCREW_KEYFRAME_STRENGTH",
    "voice": "FILMCREW_VOICE", "tts_model": "FILMCREW_TTS_MODEL", "tts_base_url": "FILMCREW_TTS_BASE_URL",
    "music": "FILMCREW_MUSIC", "loudness": "FILMCREW_LOUDNESS", "burn_subtitles": "FILMCREW_BURN_SUBTITLES",
    "ai_label": "FILMCREW_AI_LABEL", "home": "FILMCREW_HOME", "webhook_allow": "FILMCREW_WEBHOOK_ALLOW",
}
"""The environment variable of each setting."""

OPTIONS = {
    "planner": "--planner", "base_url": "--base-url", "model": "--model", "writer_model": "--writer-model",
    "director_model": "--director-model", "editor_model": "--editor-model", "backend": "--backend",
    "cache_dir": "--cache-dir", "budget_usd": "--budget-usd", "prices_file": "--prices",
    "critic_rounds": "--critic-rounds", "render_model": "--render-model", "i2v_model": "--i2v-model",
    "device": "--device", "dtype": "--dtype", "gpus": "--gpus", "memory": "--memory", "steps": "--steps",
    "guidance": "--guidance", "references": "--no-references", "references_dir": "--references-dir",
    "voice": "--voice", "tts_model": "--tts-model", "music": "--music", "loudness": "--loudness",
    "burn_subtitles": "--no-burn-subtitles", "ai_label": "--no-ai-label",
}
"""The ``filmcrew make`` option of each setting that has one."""


class Settings(BaseModel):
    """Everything a run is configured with, apart from the brief itself."""

    model_config = ConfigDict(extra="forbid")

    planner: Literal["auto", "offline", "llm"] = "auto"
    base_url: str | None = None
    api_key: str | None = None
    model: str = "gpt-4.1-mini"
    writer_model: str | None = None
    director_model: str | None = None
    editor_model: str | None = None
    llm_timeout: float = Field(default=120.0, gt=0)
    llm_retries: int = Field(default=2, ge=0)
    backend: str = "animatic"
    cache_dir: Path = Path("~/.cache/filmcrew").expanduser()
    font: str | None = None
    render_slots: int = Field(default_factory=lambda: os.cpu_count() or 2, ge=1)
    budget_usd: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    prices_file: Path | None = None
    critic_rounds: int = Field(default=2, ge=0, le=5)
    max_concurrency: int | None = Field(default=None, ge=1)
    render_model: str | None = None
    i2v_model: str | None = None
    render_revision: str | None = None
    device: str = "auto"
    dtype: Literal["auto", "bfloat16", "float16", "float32"] = "auto"
    gpus: tuple[int, ...] = ()
    memory: Literal["none", "vae", "offload", "group"] = "none"
    steps: int | None = Field(default=None, ge=1, le=1000)
    guidance: float | None = Field(default=None, ge=0, le=50)
    references: Literal["on", "off"] = "on"
    references_dir: Path | None = None
    keyframe_strength: float = Field(default=0.7, gt=0, le=1)
    voice: Literal["auto", "openai", "espeak", "none"] = "auto"
    tts_model: str = "gpt-4o-mini-tts"
    tts_base_url: str | None = None
    music: Path | None = None
    loudness: float | None = Field(default=-14.0, ge=-40, le=-5)
    burn_subtitles: Literal["on", "off"] = "on"
    ai_label: Literal["on", "off"] = "on"
    home: Path = Path("~/.filmcrew").expanduser()
    webhook_allow: tuple[str, ...] = ()

    @field_validator("webhook_allow", mode="before")
    @classmethod
    def _allow_list(cls, value: object) -> object:
        if isinstance(value, str):
            from filmcrew.server.webhooks import parse_allow

            return parse_allow(value)
        return value

    @field_validator("music")
    @classmethod
    def _music_is_a_file(cls, value: Path | None) -> Path | None:
        if value is not None:
            value = Path(value).expanduser()
            if not value.is_file():
                raise ValueError(f"no music file at {value}")
        return value

    @field_validator("loudness", mode="before")
    @classmethod
    def _loudness_off(cls, value: object) -> object:
        if isinstance(value, str) and value.strip().lower() in ("off", "none"):
            return None
        return value

    @property
    def speech_engine(self) -> str:
        """The speech engine ``voice`` resolves to: ``auto`` speaks with OpenAI's voices only when the
        run talks to OpenAI itself (a key and no other endpoint) or a speech endpoint is set
        (``tts_base_url``), and with espeak-ng otherwise."""
        if self.voice != "auto":
            return self.voice
        return "openai" if self.tts_base_url or (self.api_key and not self.base_url) else "espeak"

    @field_validator("device")
    @classmethod
    def _known_device(cls, value: str) -> str:
        import re

        if not re.fullmatch(r"auto|cpu|cuda(:\d+)?", value):
            raise ValueError("expected auto, cpu, cuda or cuda:N")
        return value

    @field_validator("gpus", mode="before")
    @classmethod
    def _gpu_list(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            if not all(p.isdigit() for p in parts):
                raise ValueError("expected GPU indices separated by commas, such as 0,1")
            value = tuple(int(p) for p in parts)
        if isinstance(value, tuple | list) and len(set(value)) != len(value):
            raise ValueError("a GPU is listed twice")
        return value

    @field_validator("prices_file")
    @classmethod
    def _price_file_is_readable(cls, value: Path | None) -> Path | None:
        if value is not None:
            from agents.accounting import load_prices

            value = Path(value).expanduser()
            load_prices(value)  # raises ValueError saying what is wrong with the file
        return value

    @property
    def uses_llm(self) -> bool:
        """True when the crew talks to a model rather than the offline planner."""
        if self.planner == "auto":
            return bool(self.base_url or self.api_key)
        return self.planner == "llm"

    def render_options(self) -> dict[str, object]:
        """Options of a diffusers backend (all but the device), from these settings."""
        return {"model": self.render_model, "i2v_model": self.i2v_model, "revision": self.render_revision,
                "dtype": None if self.dtype == "auto" else self.dtype, "steps": self.steps,
                "guidance": self.guidance, "memory": self.memory, "keyframe_strength": self.keyframe_strength}

    def models(self) -> dict[str, str]:
        """Model name per agent."""
        return {
            "writer": self.writer_model or self.model,
            "director": self.director_model or self.model,
            "editor": self.editor_model or self.model,
        }

    def price_table(self) -> PriceTable:
        """The built-in prices with the price file's (`prices_file`) merged over them."""
        from agents.accounting import PriceTable, load_prices

        return PriceTable.with_overrides(load_prices(self.prices_file) if self.prices_file else {})

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Read settings from ``environ`` (default ``os.environ``); non-None ``overrides`` win.

        Raises:
            UsageError: when a variable or option has an invalid value; the message names it.
        """
        env = os.environ if environ is None else environ
        values: dict[str, object] = {k: env[v] for k, v in ENV.items() if env.get(v)}
        given = {k: v for k, v in overrides.items() if v is not None}
        values.update(given)
        for key in ("cache_dir", "references_dir", "home"):
            if values.get(key) is not None:
                values[key] = Path(str(values[key])).expanduser()
        if values.get("home") is not None and values.get("cache_dir") is None:
            values["cache_dir"] = values["home"] / "cache"  # one folder for everything: FILMCREW_HOME
        for key in ("render_model", "i2v_model"):
            if str(values.get(key) or "").startswith("~"):
                values[key] = str(Path(str(values[key])).expanduser())
        try:
            return cls(**values)
        except ValidationError as exc:
            err = exc.errors()[0]
            field = str(err["loc"][0]) if err["loc"] else "settings"
            source = OPTIONS.get(field, field) if field in given else ENV.get(field, field)
            message = err["msg"].removeprefix("Value error, ")
            shown = "" if field in ("prices_file", "music") else f" (got {err.get('input')!r})"
            raise UsageError(f"{source}: {message}{shown}") from None
