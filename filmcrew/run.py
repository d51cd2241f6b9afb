"""One film run: build the providers, run the graph with a checkpointer, write the manifest.

A run keeps ``.filmcrew/run.json`` next to its checkpoints: the run's key, its checkpoint thread, its
status, the dollars spent per stage and the budget stops so far, so a resumed run's budget covers
the whole run, the calls made before the stop included.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agents.accounting import BudgetExceededError, Ledger, PriceTable
from agents.context import ProgressFn
from agents.errors import AgentError
from agents.graph import build_graph
from agents.schemas import Brief
from filmcrew.crew import build_crew
from filmcrew.errors import BudgetError, FilmcrewError, UsageError
from filmcrew.settings import Settings
from render import RenderError
from tools.errors import ToolError
from tools.files import write_text_atomic

STATE_DIR = ".filmcrew"
OUTPUTS = ("film.mp4", "film.srt", "film.vtt", "timeline.otio", "timeline.edl", "script.fountain", "storyboard.png",
           "script.json", "shots.json", "edit.json", "manifest.json")


@dataclass
class RunOutcome:
    """A finished run.

    Attributes:
        run_dir: Folder holding the film and its sidecars.
        manifest: The manifest as written to ``manifest.json``.
        resumed: True when an interrupted run was continued.
    """

    run_dir: Path
    manifest: dict[str, Any]
    resumed: bool

    @property
    def film(self) -> Path:
        """Path of ``film.mp4``."""
        return self.run_dir / "film.mp4"


def slugify(text: str, limit: int = 48) -> str:
    """A folder name from an idea: letters and digits of any script, joined by dashes."""
    text = unicodedata.normalize("NFKC", text).lower()
    out, dash = [], False
    for ch in text:
        if ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    slug = "".join(out).strip("-")[:limit].strip("-")
    return slug or "film-" + hashlib.sha256(text.encode()).hexdigest()[:8]


def prepare_run_dir(out_root: Path, slug: str) -> Path:
    """Create ``out_root/slug`` and check it is writable.

    Raises:
        UsageError: naming ``--out`` when the folder can't be created or written.
    """
    run_dir = Path(out_root).expanduser() / slug
    try:
        run_dir.mkdir(parents=True, exist_ok=True)
        probe = run_dir / ".write-test"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        raise UsageError(f"--out: cannot write to {run_dir} ({exc.strerror or exc}); choose a writable folder") from None
    return run_dir


def make_film(brief: Brief, out_root: Path, settings: Settings, progress: ProgressFn) -> RunOutcome:
    """Make a film from ``brief`` in ``out_root/<slug>/``, resuming an interrupted run of the same brief.

    Raises:
        UsageError: for a bad output folder or backend.
        BudgetError: before a model call that could take the run over ``settings.budget_usd``; the
            same call with a higher budget resumes.
        FilmcrewError: when a stage fails; finished stages are kept and a re-run resumes.
    """
    started = time.monotonic()
    crew = build_crew(settings, progress)
    backend, ledger, planner = crew.backend, crew.ledger, crew.planner
    run_dir = prepare_run_dir(out_root, slugify(brief.idea))
    run_key = crew.run_key(brief)
    state_dir = run_dir / STATE_DIR
    state_dir.mkdir(exist_ok=True)
    record_path = state_dir / "run.json"
    record = _read_record(record_path)
    resumed = record.get("key") == run_key and record.get("status") == "running"
    thread_id = record["thread_id"] if resumed else f"{run_key[:12]}-{int(time.time() * 1000)}"
    if not resumed:
        for name in OUTPUTS:
            (run_dir / name).unlink(missing_ok=True)
    before = record if resumed else {}
    record = {"key": run_key, "thread_id": thread_id, "status": "running",
              "spent_usd": before.get("spent_usd", {}), "budget_stops": before.get("budget_stops", [])}
    write_text_atomic(record_path, json.dumps(record))

    conn = sqlite3.connect(state_dir / "checkpoints.sqlite", check_same_thread=False)
    try:
        from langgraph.checkpoint.sqlite import SqliteSaver

        graph = build_graph(SqliteSaver(conn))
        config: dict[str, Any] = {"configurable": {"thread_id": thread_id}}
        if settings.max_concurrency:
            config["max_concurrency"] = settings.max_concurrency
        if resumed and not graph.get_state(config).next:
            resumed = False
            record.update(spent_usd={}, budget_stops=[])
        if resumed:
            ledger.seed(_spent_before(graph, config, ledger.prices, planner.models, record["spent_usd"]))
        progress({"stage": "setup", "event": "info", "detail": (
            f"{'resuming' if resumed else 'starting'} · planner: {planner.provider} · "
            f"renderer: {backend.label} · {brief.width}x{brief.height} {brief.fps} fps · {run_dir}")})
        context = crew.context(run_dir, progress)
        try:
            state = graph.invoke(None if resumed else {"brief": brief.model_dump()}, config, context=context)
        except BudgetExceededError as exc:
            stop = {"budget_usd": settings.budget_usd, "spent_usd": round(ledger.spent, 6)}
            record["budget_stops"].append(stop)
            raise BudgetError(_budget_message(exc, ledger)) from exc
        except (AgentError, RenderError, ToolError, OSError) as exc:
            raise FilmcrewError(f"{exc} — finished stages are saved; run the same command again to resume") from exc
    finally:
        conn.close()
        backend.close()
        record["spent_usd"] = {stage: round(usd, 6) for stage, usd in ledger.by_stage().items()}
        write_text_atomic(record_path, json.dumps(record))

    files = [name for name in OUTPUTS if name == "manifest.json" or (run_dir / name).exists()]
    stops = record["budget_stops"]
    budget = {"usd": settings.budget_usd, "spent_usd": round(ledger.spent, 6), "stopped": bool(stops),
              "stops": stops}
    manifest = crew.manifest(state, wall_seconds=time.monotonic() - started, thread_id=thread_id,
                             resumed=resumed, files=files, budget=budget)
    write_text_atomic(run_dir / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    write_text_atomic(record_path, json.dumps({**record, "status": "done"}))
    return RunOutcome(run_dir=run_dir, manifest=manifest, resumed=resumed)


def _budget_message(exc: BudgetExceededError, ledger: Ledger) -> str:
    budget = ledger.budget_usd or exc.budget
    call = str(exc)
    if exc.stage:
        call = f"the next {exc.stage} call ({exc.model}) could cost up to ${exc.estimate:.4f}"
    return (f"budget reached: ${ledger.spent:.4f} spent of the ${budget:.4f} budget, and {call}; nothing done "
            "so far is lost — run the same command with a higher --budget-usd to resume")


def _spent_before(graph: Any, config: dict[str, Any], prices: PriceTable, models: dict[str, str],
                  recorded: dict[str, float]) -> dict[str, float]:
    """Dollars per stage already spent on the run being resumed.

    The checkpointed ``usage`` (``get_state`` includes the branches that finished in the step that
    stopped), priced per agent's model; where the run's record says more was spent (the calls of a
    branch that failed count too), the record wins.
    """
    usage = graph.get_state(config).values.get("usage", {})
    costs = prices.stage_costs(usage, models)
    return {stage: max(costs.get(stage, 0.0), float(recorded.get(stage, 0.0))) for stage in {*costs, *recorded}}


def _read_record(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
