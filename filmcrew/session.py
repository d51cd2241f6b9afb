"""Chat sessions: a film talked into shape. One session is one LangGraph thread with a SQLite
checkpointer in its folder; every finished cut is a version (``versions/vN/``) kept on disk.

    with Session.create(brief, Path("films"), settings, progress) as session:
        turn = session.start(gates=True)      # stops at the script gate
        turn = session.approve()              # ... at the shot-list gate
        turn = session.approve()              # the first cut: v1
        turn = session.reply("/shot 3 size=CU")   # only shot 3 re-renders: v2

The same object serves the terminal chat (``filmcrew chat``) and, later, the HTTP server. A
session folder is locked while a session object holds it: a second client gets `SessionBusyError`.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Any, Self

from agents.accounting import BudgetExceededError
from agents.errors import AgentError
from agents.graph import build_graph
from agents.schemas import Brief, Script, ShotList
from filmcrew.crew import Crew, build_crew
from filmcrew.errors import BudgetError, FilmcrewError, UsageError
from filmcrew.run import OUTPUTS, slugify
from filmcrew.session_files import SessionLock, Turn, gate_text, read_record, snapshot_version
from filmcrew.settings import Settings
from render import RenderError
from tools.errors import ToolError
from tools.files import write_model, write_text_atomic
from tools.timeline import EditDecisionList

RECORD = "session.json"
CHECKPOINTS = "checkpoints.sqlite"


class Session:
    """A chat session over one film (see the module docstring). Use it as a context manager.

    Attributes:
        folder: The session's folder: the film, its sidecars, ``versions/``, the checkpoints.
        record: ``session.json``: id, brief, thread id, versions, the current version.

    The checkpointer is pluggable: pass any LangGraph ``BaseCheckpointSaver`` (a PostgreSQL one for a
    server) as ``checkpointer``; by default it is SQLite in the session's folder.
    """

    def __init__(self, folder: Path, record: dict[str, Any], settings: Settings, progress,
                 checkpointer: Any = None) -> None:
        self.folder, self.record, self.settings, self.progress = folder, record, settings, progress
        self._saver = checkpointer
        self._lock = SessionLock(folder)
        self._crew: Crew | None = None
        self._conn: sqlite3.Connection | None = None
        self._graph = None
        self._counts = {"rendered": 0, "reused": 0}

    # ---- opening and closing -------------------------------------------------------------------------

    @classmethod
    def create(cls, brief: Brief, root: Path, settings: Settings, progress) -> Session:
        """A new session for ``brief`` in ``root/<slug>-<n>/``."""
        root = Path(root).expanduser()
        base = slugify(brief.idea, 40)
        n = 1
        while (root / f"{base}-{n}").exists():
            n += 1
        folder = root / f"{base}-{n}"
        try:
            folder.mkdir(parents=True)
        except OSError as exc:
            raise UsageError(f"--out: cannot create {folder} ({exc.strerror or exc})") from None
        record = {"id": folder.name, "brief": brief.model_dump(), "thread_id": f"{folder.name}-{int(time.time())}",
                  "created": time.time(), "versions": [], "current": None}
        write_text_atomic(folder / RECORD, json.dumps(record, ensure_ascii=False, indent=2))
        return cls(folder, record, settings, progress)

    @classmethod
    def open(cls, ref: str | Path, root: Path, settings: Settings, progress) -> Session:
        """The session ``ref``: its folder, or its id under ``root``.

        Raises:
            UsageError: there is no such session, or its ``session.json`` is damaged.
        """
        folder = Path(ref).expanduser()
        if not (folder / RECORD).is_file():
            folder = Path(root).expanduser() / str(ref)
        return cls(folder, read_record(folder / RECORD), settings, progress)

    def __enter__(self) -> Self:
        self._lock.acquire()
        try:
            self._crew = build_crew(self.settings, self._count)
            saver = self._saver
            if saver is None:  # the default: SQLite in the session's folder
                from langgraph.checkpoint.sqlite import SqliteSaver

                self._conn = sqlite3.connect(self.folder / CHECKPOINTS, check_same_thread=False)
                saver = SqliteSaver(self._conn)
            self._graph = build_graph(saver)
            self._snapshot()
        except sqlite3.DatabaseError as exc:
            self.__exit__(None, None, None)
            raise UsageError(f"{self.folder / CHECKPOINTS} is damaged ({exc}); the cuts in "
                             f"{self.folder / 'versions'} are kept — start a new session with `filmcrew chat` "
                             "(finished shots come from the cache)") from None
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self._conn is not None:
            self._conn.close()
        if self._crew is not None:
            self._crew.close()
        self._lock.release()

    # ---- the conversation ----------------------------------------------------------------------------

    @property
    def uses_llm(self) -> bool:
        """True when a model plans (and so can read free words); False with the offline planner."""
        return self._crew is not None and self._crew.planner.provider != "offline planner"

    @property
    def planner(self):
        """The crew's planner."""
        return self._crew.planner

    @property
    def brief(self) -> Brief:
        """The session's brief."""
        return Brief.model_validate(self.record["brief"])

    def start(self, gates: bool = True) -> Turn:
        """Write the script (and, without gates, go all the way to the first cut)."""
        if self.record["versions"] or self._snapshot().values:
            raise UsageError(f"session {self.record['id']} has already started; use resume or reply")
        for name in OUTPUTS:
            (self.folder / name).unlink(missing_ok=True)
        self.record["gates"] = gates
        write_text_atomic(self.folder / RECORD, json.dumps(self.record, ensure_ascii=False, indent=2))
        return self._run({"brief": self.record["brief"]}, gates, "first cut")

    def approve(self) -> Turn:
        """Approve the gate the session waits at and go on."""
        from langgraph.types import Command

        if self.waiting_at() is None:
            raise UsageError("nothing waits for approval; type a change, or /help")
        return self._run(Command(resume="approved"), True, "first cut")

    def resume(self) -> Turn:
        """Go on after a killed run (from the last checkpoint), or show the gate it waits at."""
        gate = self.waiting_at()
        if gate is not None:
            return Turn(kind="gate", stage=gate, text=gate_text(gate, self._snapshot().values, self))
        if not self._snapshot().next:
            current = self.record.get("current")
            return Turn(kind="info", text=f"nothing to resume: the latest cut is v{current}" if current
                        else "nothing to resume: the session has not started")
        return self._run(None, bool(self.record.get("gates")) and not self.record["versions"], "resumed")

    def waiting_at(self) -> str | None:
        """``"script"`` or ``"shots"`` when the session waits at that approval gate, else None."""
        snapshot = self._snapshot()
        for task in snapshot.tasks:
            for intr in getattr(task, "interrupts", ()) or ():
                value = getattr(intr, "value", None)
                if isinstance(value, dict) and value.get("gate"):
                    return value["gate"]
        return None

    def set_burn_subtitles(self, burn: bool) -> None:
        """Burn the subtitles into the picture of the next cuts, or not (kept in ``session.json``)."""
        self.record["burn_subtitles"] = burn
        write_text_atomic(self.folder / RECORD, json.dumps(self.record, ensure_ascii=False, indent=2))

    def state(self) -> dict[str, Any]:
        """The graph's current state values."""
        return dict(self._snapshot().values)

    def revise(self, updates: dict[str, Any], as_node: str, what: str) -> Turn:
        """Write ``updates`` into the state as if ``as_node`` had made them and re-run from there."""
        gate = self.waiting_at()
        self._graph.update_state(self._config(), updates, as_node=as_node)
        return self._run(None, gate is not None, what)

    # ---- internals ----------------------------------------------------------------------------------

    def _config(self, checkpoint_id: str | None = None) -> dict[str, Any]:
        configurable = {"thread_id": self.record["thread_id"]}
        if checkpoint_id:
            configurable.update(checkpoint_id=checkpoint_id, checkpoint_ns="")
        config: dict[str, Any] = {"configurable": configurable}
        if self.settings.max_concurrency:
            config["max_concurrency"] = self.settings.max_concurrency
        return config

    def _snapshot(self, checkpoint_id: str | None = None):
        return self._graph.get_state(self._config(checkpoint_id))

    def _count(self, event: dict[str, Any]) -> None:
        if event.get("event") == "shot":
            self._counts["reused" if event.get("cached") else "rendered"] += 1
        self.progress(event)

    def _run(self, payload: Any, gates: bool, what: str) -> Turn:
        """Invoke the graph until it ends or stops at a gate; a finished cut becomes a new version."""
        started = time.monotonic()
        self._counts = {"rendered": 0, "reused": 0}
        context = self._crew.context(self.folder, self._count, gates=gates)
        if "burn_subtitles" in self.record:
            context.burn_subtitles = bool(self.record["burn_subtitles"])
        try:
            self._graph.invoke(payload, self._config(), context=context)
        except BudgetExceededError as exc:
            raise BudgetError(f"{exc}; nothing done is lost: resume with a higher --budget-usd") from exc
        except (AgentError, RenderError, ToolError, OSError) as exc:
            raise FilmcrewError(f"{exc} — finished work is saved; `filmcrew resume {self.record['id']}` goes on "
                                "from here") from exc
        snapshot = self._snapshot()
        gate = self.waiting_at()
        if gate is not None:
            return Turn(kind="gate", stage=gate, text=gate_text(gate, snapshot.values, self))
        return self._cut(snapshot, time.monotonic() - started, what)

    def _cut(self, snapshot, seconds: float, what: str) -> Turn:
        state = snapshot.values
        n = max([v["n"] for v in self.record["versions"]], default=0) + 1
        shots = len(state.get("shots", []))
        rendered, reused = self._counts["rendered"], shots - self._counts["rendered"]
        manifest = self._crew.manifest(state, wall_seconds=seconds, thread_id=self.record["thread_id"],
                                       resumed=what == "resumed", files=[o for o in OUTPUTS
                                                                         if (self.folder / o).exists()])
        write_text_atomic(self.folder / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
        # A revision re-runs from the middle of the graph: the plan files say what this cut is made of.
        write_model(self.folder / "script.json", Script.model_validate(state["script"]))
        write_model(self.folder / "shots.json", ShotList(shots=state["shots"]))
        write_model(self.folder / "edit.json", EditDecisionList.model_validate(state["edit"]))
        summary = f"re-rendered {rendered} of {shots} shots in {seconds:.1f} s; reused {reused}"
        version = {"n": n, "checkpoint_id": snapshot.config["configurable"]["checkpoint_id"], "what": what,
                   "created": time.time(), "seconds": round(seconds, 3), "rendered": rendered, "reused": reused,
                   "shots": shots, "summary": summary}
        snapshot_version(self.folder, n)
        self.record["versions"].append(version)
        self.record["current"] = n
        write_text_atomic(self.folder / RECORD, json.dumps(self.record, ensure_ascii=False, indent=2))
        return Turn(kind="cut", version=n, film=self.folder / "film.mp4",
                    text=f"v{n} ({what}): {summary} → {self.folder / 'film.mp4'}")

    def versions(self) -> list[dict[str, Any]]:
        """Every version, oldest first (``n``, what changed, shots re-rendered and reused, seconds)."""
        return list(self.record["versions"])

    def go_back(self, n: int) -> Turn:
        """Make version ``n`` the current one again: its checkpoint becomes the thread's head and its
        film and sidecars are put back; the next revision starts from it."""
        version = next((v for v in self.record["versions"] if v["n"] == n), None)
        if version is None:
            known = ", ".join(f"v{v['n']}" for v in self.record["versions"]) or "none yet"
            raise UsageError(f"there is no version v{n} (versions: {known})")
        self._graph.update_state(self._config(version["checkpoint_id"]), None, as_node="assemble_film")
        source = self.folder / "versions" / f"v{n}"
        for name in os.listdir(source):
            target = self.folder / name
            target.unlink(missing_ok=True)
            os.link(source / name, target)
        self.record["current"] = n
        write_text_atomic(self.folder / RECORD, json.dumps(self.record, ensure_ascii=False, indent=2))
        return Turn(kind="info", version=n, film=self.folder / "film.mp4", text=f"back to v{n}: {version['what']}")
