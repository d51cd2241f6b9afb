"""The manifest: what made the film — brief, providers, prompts, seeds, timings, tokens."""

from __future__ import annotations

import datetime as dt
from typing import Any

import filmcrew
from agents.planner import Planner
from render import RenderBackend

STAGES = ("writer", "director", "render", "editor", "assemble")


def build_manifest(
    state: dict[str, Any],
    *,
    planner: Planner,
    backend: RenderBackend,
    base_url: str | None,
    wall_seconds: float,
    thread_id: str,
    resumed: bool,
    files: list[str],
) -> dict[str, Any]:
    """Describe a finished run as a JSON-able dict (written as ``manifest.json``)."""
    clock = state.get("clock", {})
    usage = state.get("usage", {})
    totals = {"calls": 0, "input_tokens": 0, "output_tokens": 0}
    for counts in usage.values():
        for key in totals:
            totals[key] += counts.get(key, 0)
    renders = state.get("renders", {})
    shots = state.get("shots", [])
    offline = planner.provider == "offline planner"
    return {
        "filmcrew": filmcrew.__version__,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "run": {"thread_id": thread_id, "resumed": resumed},
        "brief": state["brief"],
        "title": state["script"]["title"],
        "llm": {
            "provider": planner.provider,
            "models": dict(planner.models),
            "base_url": None if offline else (base_url or "https://api.openai.com/v1"),
            "note": "embedded offline planner, no language model was used" if offline else None,
        },
        "render": {"backend": backend.name, "label": backend.label, "identity": backend.identity()},
        "prompts": state.get("prompts", {}),
        "seeds": {"base": state["brief"]["seed"], "shots": {s["id"]: s["seed"] for s in shots}},
        "timings": {
            "total_seconds": round(wall_seconds, 3),
            "stages": {s: round(clock[s][1] - clock[s][0], 3) for s in STAGES if s in clock},
            "shots": {
                s["id"]: {
                    "seconds": renders[s["id"]]["seconds"],
                    "cached": renders[s["id"]]["cached"],
                    "cache_key": renders[s["id"]]["cache_key"],
                }
                for s in shots if s["id"] in renders
            },
        },
        "tokens": {"per_agent": usage, "total": totals},
        "film": state.get("film", {}),
        "files": files,
        "notes": state.get("notes", []),
    }
