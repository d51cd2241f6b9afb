"""The progress display: stage, shot k of N and elapsed time, on stderr."""

from __future__ import annotations

import sys
import threading
import time
from typing import Any, TextIO


class ProgressPrinter:
    """Prints graph progress events as they arrive; safe to call from parallel branches.

    On a terminal, per-shot and per-step lines overwrite each other; elsewhere (logs, CI) every
    event gets its own line.
    """

    def __init__(self, stream: TextIO | None = None, quiet: bool = False):
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.started = time.monotonic()
        self.rendered = 0
        self.cached = 0
        self._lock = threading.Lock()
        self._live = False
        self._tty = bool(getattr(self.stream, "isatty", lambda: False)())

    def __call__(self, event: dict[str, Any]) -> None:
        with self._lock:
            text, transient = self._describe(event)
            if self.quiet or text is None:
                return
            stamp = f"[{time.monotonic() - self.started:6.1f}s] {event.get('stage', ''):<9} "
            if self._tty and transient:
                self.stream.write("\r\033[K" + stamp + text)
                self._live = True
            else:
                if self._live:
                    self.stream.write("\r\033[K")
                    self._live = False
                self.stream.write(stamp + text + "\n")
            self.stream.flush()

    def _describe(self, event: dict[str, Any]) -> tuple[str | None, bool]:
        kind = event.get("event")
        if kind == "shot":
            self.rendered += 1
            self.cached += bool(event.get("cached"))
            how = "reused from cache" if event.get("cached") else f"rendered in {event.get('seconds', 0):.1f}s"
            return f"shot {self.rendered}/{event['total']}  {event['shot']}  {how}", True
        if kind == "reference":
            how = {"kept": "kept (file exists)", "cache": "reused from cache", "rendered": "rendered"}
            return (f"reference {event['done']}/{event['total']}  {event['kind']} {event['name']}  "
                    f"{how.get(event.get('source'), event.get('source'))}"), True
        if kind == "scene":
            return f"scene {event['scene']}/{event['total']}  {event.get('detail', '')}", True
        if kind == "step":
            return f"{event['step']} {event['done']}/{event['total']}", True
        if kind == "start":
            return "…", True
        if kind in ("done", "info", "warning"):
            prefix = "warning: " if kind == "warning" else ""
            return prefix + str(event.get("detail", "done")), False
        return None, False
