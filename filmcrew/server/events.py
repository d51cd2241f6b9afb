"""Each job's events: kept in memory for the SSE streams, appended to ``events.jsonl`` for restarts."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

Listener = Callable[[dict[str, Any] | None], None]


class EventLog:
    """The events of every job, and who listens to them (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._events: dict[str, list[dict[str, Any]]] = {}
        self._listeners: dict[str, list[Listener]] = {}

    def load(self, job_id: str, path: Path) -> None:
        """Read a job's past events from its ``events.jsonl`` (none when the file is missing)."""
        lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
        with self._lock:
            self._events[job_id] = [json.loads(line) for line in lines if line.strip()]

    def history(self, job_id: str) -> list[dict[str, Any]]:
        """The job's events so far."""
        with self._lock:
            return list(self._events.get(job_id, []))

    def publish(self, job_id: str, event: dict[str, Any], path: Path) -> None:
        """Stamp ``event``, keep it, append it to ``path`` and hand it to the job's listeners."""
        event = {**event, "time": round(time.time(), 3)}
        with self._lock:
            self._events.setdefault(job_id, []).append(event)
            listeners = list(self._listeners.get(job_id, []))
            with open(path, "a", encoding="utf-8") as log:
                log.write(json.dumps(event, ensure_ascii=False) + "\n")
        for listener in listeners:
            listener(event)

    def ended(self, job_id: str) -> None:
        """Tell the job's listeners that its run stopped (they get None)."""
        with self._lock:
            listeners = list(self._listeners.get(job_id, []))
        for listener in listeners:
            listener(None)

    def listen(self, job_id: str, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with each new event of the job; returns the call that stops it."""
        with self._lock:
            self._listeners.setdefault(job_id, []).append(listener)

        def stop() -> None:
            with self._lock:
                if listener in self._listeners.get(job_id, []):
                    self._listeners[job_id].remove(listener)
        return stop
