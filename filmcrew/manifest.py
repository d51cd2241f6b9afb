"""The manifest: what made the film — brief, providers, prompts, seeds, timings, tokens, cost."""

from __future__ import annotations

import datetime as dt
from typing import Any

import filmcrew
from agents.accounting import PriceTable
from agents.planner import Planner
from render import RenderBackend

STAGES = ("writer", "director", "voices", "references", "render", "editor", "assemble")
AGENTS = ("writer", "director", "editor")
OFFLINE = "offline planner"
SPEECH_NOTES = {"espeak": "offline espeak-ng voices (synthetic, for timing and drafts)",
                "none": "no voices: subtitles are timed by reading speed"}


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
    prices: PriceTable | None = None,
    budget: dict[str, Any] | None = None,
    critic_rounds: int | None = None,
    speech: Any = None,
) -> dict[str, Any]:
    """Describe a finished run as a JSON-able dict (written as ``manifest.json``).

    Args:
        state: The graph's final state.
        planner: Who planned (its provider and model per agent).
        backend: The render backend.
        base_url: The model endpoint, None for OpenAI's.
        wall_seconds: Wall time of the whole run.
        thread_id: The checkpoint thread.
        resumed: True when an interrupted run was continued.
        files: The files the run wrote.
        prices: Prices the tokens are costed with (default: the built-in table).
        budget: ``{"usd", "spent_usd", "stopped", "stops"}``: the budget, what the ledger counted, and
            the budget stops this run went through before it finished.
        critic_rounds: Revision rounds the critics were allowed.
        speech: The speech engine that voiced the lines, None for none.
    """
    clock = state.get("clock", {})
    usage = state.get("usage", {})
    totals = {"calls": 0, "input_tokens": 0, "output_tokens": 0}
    for counts in usage.values():
        for key in totals:
            totals[key] += counts.get(key, 0)
    renders = state.get("renders", {})
    shots = state.get("shots", [])
    offline = planner.provider == OFFLINE
    return {
        "filmcrew": filmcrew.__version__,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "run": {"thread_id": thread_id, "resumed": resumed},
        "brief": state["brief"],
        "title": state["script"]["title"],
        "llm": {
            "provider": planner.provider,
            "models": dict(planner.models),
            "base_url": None if offline else (base_url or "https://api.openai.com/v1"),
            "note": "embedded offline planner, no language model was used" if offline else None,
        },
        "render": {
            "backend": backend.name, "label": backend.label, "identity": backend.identity(),
            "references": state.get("references", {}),
            "fallbacks": {sid: r["warning"] for sid, r in renders.items() if r.get("warning")},
        },
        "voices": {
            "engine": speech.name if speech is not None else "none",
            "identity": speech.identity() if speech is not None else None,
            "note": SPEECH_NOTES.get(speech.name if speech is not None else "none"),
            "casting": state.get("casting", {}),
            "lines": state.get("voices", {}),
        },
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
                    "backend": renders[s["id"]]["backend"],
                    **({"details": renders[s["id"]]["details"]} if renders[s["id"]].get("details") else {}),
                }
                for s in shots if s["id"] in renders
            },
        },
        "tokens": {"per_agent": usage, "total": totals},
        "cost": cost_summary(usage, planner, prices or PriceTable()),
        "budget": {"usd": None, "spent_usd": 0.0, "stopped": False, "stops": [], **(budget or {})},
        "critics": {"rounds": critic_rounds, "problems": list(state.get("problems") or [])},
        "film": state.get("film", {}),
        "files": files,
        "notes": state.get("notes", []),
    }


def cost_summary(usage: dict[str, dict[str, int]], planner: Planner, prices: PriceTable) -> dict[str, Any]:
    """What the model calls cost: dollars per stage and in total, the prices used, unpriced models.

    Args:
        usage: Calls and tokens per agent, from the graph state.
        planner: Gives the model of each agent.
        prices: The price table (USD per million tokens).

    Returns:
        ``{"currency", "per_stage", "total_usd", "usd_per_1m_tokens", "unpriced", "notes"}``:
        ``usd_per_1m_tokens`` gives ``[input, output]`` for each priced model the agents used;
        ``unpriced`` maps a model with no known price to the agents that used it (counted as $0).
    """
    models = dict(planner.models)
    per_stage = prices.stage_costs({a: usage.get(a, {}) for a in AGENTS}, models)
    used = {a: models[a] for a in AGENTS if a in models}
    priced = {m: list(prices.prices[m]) for m in sorted(set(used.values())) if prices.known(m)}
    unpriced: dict[str, list[str]] = {}
    notes = []
    if planner.provider != OFFLINE:
        for agent, model in used.items():
            if not prices.known(model):
                unpriced.setdefault(model, []).append(agent)
        notes = [
            f"no price known for model {model!r} ({', '.join(agents)}): its tokens are counted as $0; "
            "give its price in a --prices file"
            for model, agents in unpriced.items()
        ]
    return {
        "currency": "USD",
        "per_stage": {a: round(usd, 6) for a, usd in per_stage.items()},
        "total_usd": round(sum(per_stage.values()), 6),
        "usd_per_1m_tokens": priced,
        "unpriced": unpriced,
        "notes": notes,
    }
