"""Film jobs: each one a chat session under ``FILMCREW_HOME/teams/<team>/jobs/<id>/``, run on a bounded pool.

A job's record (``job.json``) is rewritten at every change, its events are appended to
``events.jsonl``: a restarted server finds every job, and resumes the queued and running ones from
their checkpoints. One action runs per job at a time (the session's lock); the pool runs at most
``workers`` jobs at once and queues the rest.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from filmcrew.errors import FilmcrewError, UsageError
from filmcrew.server.events import EventLog
from filmcrew.server.models import FilmRequest
from filmcrew.server.policy import Busy, Cancelled, LimitError, Limits, NotFound, _jsonable, brief_of
from filmcrew.settings import Settings
from tools.files import write_text_atomic

ACTIVE = ("queued", "running")
"""Job states that hold a place in the queue or a worker."""


class JobManager:
    """Submits, runs, follows and persists the jobs of every team."""

    def __init__(self, home: Path, settings: Settings, *, workers: int = 2, limits: Limits | None = None,
                 on_finish: Callable[[dict[str, Any]], None] | None = None) -> None:
        self.home, self.settings, self.on_finish = Path(home), settings, on_finish
        self.limits = limits or Limits()
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="filmcrew-job")
        self._lock = threading.RLock()
        self._jobs: dict[str, dict[str, Any]] = {}
        self._log = EventLog()
        self._cancel: set[str] = set()
        self._busy: set[str] = set()
        self._pending: list[tuple[str, tuple[str, str | None]]] = []
        self._workers = workers
        self._stopping = False
        self._load()

    # ---- persistence -------------------------------------------------------------------------------
    def folder(self, job: dict[str, Any]) -> Path:
        """The job's folder."""
        return self.home / "teams" / job["team"] / "jobs" / job["id"]

    def _save(self, job: dict[str, Any]) -> None:
        job["updated"] = time.time()
        write_text_atomic(self.folder(job) / "job.json", json.dumps(job, ensure_ascii=False))

    def _load(self) -> None:
        for path in (self.home / "teams").glob("*/jobs/*/job.json"):
            try:
                job = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            self._jobs[job["id"]] = job
            self._log.load(job["id"], path.parent / "events.jsonl")

    def recover(self) -> list[str]:
        """Resume the jobs a stopped server left queued or running; returns their ids."""
        again = [j for j in self._jobs.values() if j["status"] in ACTIVE]
        for job in sorted(again, key=lambda j: j["created"]):
            self._set(job, status="queued", message="resuming after a server restart")
            self._submit(job, ("resume", None))
        return [j["id"] for j in again]

    # ---- the API's operations ------------------------------------------------------------------------
    def submit(self, team: str, key_id: str, request: FilmRequest) -> dict[str, Any]:
        """Queue a new film job for ``team``.

        Raises:
            LimitError: the team is over a limit.
            UsageError: the brief is not valid (a bad resolution for the aspect...).
        """
        if request.duration > self.limits.max_duration:
            raise LimitError(f"films may last at most {self.limits.max_duration:g} s for your team "
                             f"(asked: {request.duration:g} s)")
        brief = brief_of(request)
        if request.music is not None and not self.music_path(request.music).is_file():
            raise UsageError(f"music: no file {request.music!r} in the server's music library "
                             f"({self.home / 'music'})")
        with self._lock:
            mine = [j for j in self._jobs.values() if j["team"] == team]
            queued = sum(j["status"] == "queued" for j in mine)
            if queued >= self.limits.queued + self.limits.running:
                raise LimitError(f"your team has {queued} jobs waiting (limit {self.limits.queued} queued and "
                                 f"{self.limits.running} running); wait for some to finish")
            now = time.time()
            job = {"id": f"job_{secrets.token_hex(8)}", "team": team, "key_id": key_id,
                   "request": request.model_dump(), "brief": brief.model_dump(), "status": "queued",
                   "stage": None, "gate": None, "shots_done": 0, "shots_total": None, "cost_usd": 0.0,
                   "eta_seconds": None, "message": "queued", "versions": [], "session": None,
                   "created": now, "updated": now, "started": None}
            self.folder(job).mkdir(parents=True)
            self._jobs[job["id"]] = job
            self._save(job)
        self._submit(job, ("start", None))
        return job

    def music_path(self, name: str) -> Path:
        """The library file ``name`` (names cannot leave ``$FILMCREW_HOME/music``)."""
        return self.home / "music" / Path(name).name

    def get(self, team: str, job_id: str) -> dict[str, Any]:
        """The job, when it is ``team``'s.

        Raises:
            NotFound: there is no such job, or it is another team's.
        """
        job = self._jobs.get(job_id)
        if job is None or job["team"] != team:
            raise NotFound(f"no job {job_id!r}")
        return job

    def list(self, team: str, cursor: str | None, limit: int) -> tuple[list[dict[str, Any]], str | None]:
        """A page of the team's jobs, newest first, and the cursor of the next page."""
        mine = sorted((j for j in self._jobs.values() if j["team"] == team), key=lambda j: (-j["created"], j["id"]))
        if cursor:
            ids = [j["id"] for j in mine]
            mine = mine[ids.index(cursor):] if cursor in ids else []
        page, rest = mine[:limit], mine[limit:]
        return page, rest[0]["id"] if rest else None

    def message(self, team: str, job_id: str, text: str) -> dict[str, Any]:
        """Send a chat message to a job (a revision, ``/ok``, ``/back N``...).

        Raises:
            NotFound: not this team's job. Busy: the job is running or queued.
        """
        job = self.get(team, job_id)
        with self._lock:
            if job["id"] in self._busy or job["status"] in ACTIVE:
                raise Busy(f"job {job_id} is {job['status']}; send the message when it is done or waiting")
            if job["session"] is None:
                raise Busy(f"job {job_id} has no session yet")
            self._set(job, status="queued", message=f"queued: {text[:80]}")
        self._submit(job, ("reply", text))
        return job

    def cancel(self, team: str, job_id: str) -> dict[str, Any]:
        """Stop a job (at its next progress event); finished work is kept."""
        job = self.get(team, job_id)
        with self._lock:
            if job["status"] in ACTIVE:
                self._cancel.add(job["id"])
                if job["status"] == "queued" and job["id"] not in self._busy:
                    self._pending = [p for p in self._pending if p[0] != job["id"]]
                    self._set(job, status="cancelled", message="cancelled before it started")
            elif job["status"] == "waiting":
                self._set(job, status="cancelled", message="cancelled at the approval gate")
        return job

    def events(self, job_id: str) -> list[dict[str, Any]]:
        """The job's events so far."""
        return self._log.history(job_id)

    def listen(self, job_id: str, listener: Callable[[dict[str, Any] | None], None]) -> Callable[[], None]:
        """Call ``listener`` with each new event of the job (None when the job stops); returns an unsubscribe."""
        return self._log.listen(job_id, listener)

    def record_webhook(self, job_id: str, event: str, outcome: dict[str, Any]) -> None:
        """Note a webhook delivery (or its refusal) in the job's events."""
        self._publish(job_id, {"event": "webhook", "webhook": event, **outcome})

    def close(self) -> None:
        """Stop: running jobs stop at their next progress event and stay queued, like the jobs that
        never started, so that the next server resumes them from their checkpoints."""
        self._stopping = True
        self._pool.shutdown(wait=True, cancel_futures=True)

    # ---- running -------------------------------------------------------------------------------------
    def _submit(self, job: dict[str, Any], action: tuple[str, str | None]) -> None:
        with self._lock:
            self._pending.append((job["id"], action))
        self._dispatch()

    def _dispatch(self) -> None:
        """Start pending actions, oldest first, while a worker is free and their team is under its
        running limit; the rest wait for the next job to end."""
        with self._lock:
            if self._stopping:
                return
            running: dict[str, int] = {}
            for job_id in self._busy:
                team = self._jobs[job_id]["team"]
                running[team] = running.get(team, 0) + 1
            for item in list(self._pending):
                if len(self._busy) >= self._workers:
                    break
                job_id, _ = item
                team = self._jobs[job_id]["team"]
                if job_id in self._busy or running.get(team, 0) >= self.limits.running:
                    continue
                self._pending.remove(item)
                self._busy.add(job_id)
                running[team] = running.get(team, 0) + 1
                self._pool.submit(self._work, *item)

    def _set(self, job: dict[str, Any], **changes: Any) -> None:
        with self._lock:
            job.update(changes)
            self._save(job)
        self._publish(job["id"], {"event": "job", "status": job["status"], "message": job["message"],
                                  "gate": job["gate"]})

    def _publish(self, job_id: str, event: dict[str, Any]) -> None:
        self._log.publish(job_id, event, self.folder(self._jobs[job_id]) / "events.jsonl")

    def _progress(self, job: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
        def progress(event: dict[str, Any]) -> None:
            if job["id"] in self._cancel or self._stopping:
                raise Cancelled(f"job {job['id']} was cancelled")
            changes: dict[str, Any] = {"stage": event.get("stage") or job["stage"]}
            if event.get("event") == "shot":
                done = job["shots_done"] + 1
                total = event.get("total")
                elapsed = time.time() - (job["started"] or time.time())
                changes.update(shots_done=done, shots_total=total,
                               eta_seconds=round(elapsed / done * (total - done), 1) if total else None)
            with self._lock:
                job.update(changes)
            self._publish(job["id"], {k: v for k, v in event.items() if _jsonable(v)})
        return progress

    def _work(self, job_id: str, action: tuple[str, str | None]) -> None:
        from filmcrew.chat import reply
        from filmcrew.session import Session

        job = self._jobs[job_id]
        with self._lock:
            if job_id in self._cancel or job["status"] == "cancelled":
                self._cancel.discard(job_id)
                self._busy.discard(job_id)
                if job["status"] != "cancelled":
                    self._set(job, status="cancelled", message="cancelled")
                self._dispatch()
                return
        kind, text = action
        try:
            self._set(job, status="running", started=time.time(), shots_done=0, eta_seconds=None, message="running")
            settings = self._settings(job)
            progress = self._progress(job)
            if job["session"] is None:
                from agents.schemas import Brief

                session = Session.create(Brief.model_validate(job["brief"]), self.folder(job), settings, progress)
                with self._lock:
                    job["session"] = session.folder.name
                    self._save(job)
            else:
                from filmcrew.session_files import read_record

                folder = self.folder(job) / job["session"]
                session = Session(folder, read_record(folder / "session.json"), settings, progress)
            with session:
                if kind == "start" and not session.record["versions"] and session.waiting_at() is None \
                        and not session.state():
                    turn = session.start(gates=job["request"]["gates"])
                elif kind == "reply":
                    turn = reply(session, text or "")
                else:
                    turn = session.resume()
                self._finish(job, session, turn)
        except Cancelled:
            if self._stopping and job_id not in self._cancel:
                self._set(job, status="queued", message="stopped with the server; resumes when it starts again")
            else:
                self._set(job, status="cancelled", message="cancelled; finished work is kept")
        except (FilmcrewError, OSError, ValueError) as exc:
            self._set(job, status="failed", message=str(exc))
            self._notify(job)
        except Exception as exc:  # noqa: BLE001 -- a bug must not leave the job "running" for ever
            self._set(job, status="failed", message=f"internal error ({type(exc).__name__}: {exc}); please report it")
            self._notify(job)
        finally:
            with self._lock:
                self._busy.discard(job_id)
                self._cancel.discard(job_id)
            self._log.ended(job_id)
            self._dispatch()

    def _finish(self, job: dict[str, Any], session: Any, turn: Any) -> None:
        versions = [{"n": v["n"], "what": v["what"], "summary": v["summary"],
                     "film": f"versions/v{v['n']}/film.mp4"} for v in session.versions()]
        manifest = session.folder / "manifest.json"
        cost = job["cost_usd"]
        if manifest.is_file():
            try:
                cost = json.loads(manifest.read_text(encoding="utf-8"))["cost"]["total_usd"]
            except (OSError, ValueError, KeyError):
                pass
        status = "waiting" if turn.kind == "gate" else "done"
        text = turn.text.replace(f"{session.folder}/", "").replace(str(session.folder), ".")  # no server paths
        self._set(job, status=status, gate=turn.stage if turn.kind == "gate" else None, message=text,
                  versions=versions, cost_usd=cost, eta_seconds=0.0 if status == "done" else None)
        if status == "done":
            self._notify(job)

    def _notify(self, job: dict[str, Any]) -> None:
        if self.on_finish is not None and job["request"].get("webhook_url"):
            threading.Thread(target=self.on_finish, args=(dict(job),), daemon=True).start()

    def _settings(self, job: dict[str, Any]) -> Settings:
        request = job["request"]
        overrides = {"backend": request.get("backend"), "voice": request.get("voice"),
                     "budget_usd": request.get("budget_usd"), "cache_dir": self.home / "cache",
                     "music": self.music_path(request["music"]) if request.get("music") else None}
        return Settings.model_validate({**self.settings.model_dump(),
                                        **{k: v for k, v in overrides.items() if v is not None}})
