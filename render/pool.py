"""Several devices on one machine: one worker process per device, each holding its own loaded backend.

`WorkerPool` is itself a render backend. Shots wait in one queue and each free worker takes the
largest waiting shot (frames x pixels), so the long shots start first and the short ones fill the gaps.
Every shot's noise comes from its own seed on a CPU generator, so a shot renders the same on any
worker: a pool's film equals a single device's. A worker that dies (a driver fault, the OOM killer)
is restarted and its shot tried once more; shots already finished are files in the shot cache and
are never lost.
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
import queue
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from render.errors import OutOfMemoryRenderError, RenderError
from render.types import RenderBackend, RenderRequest

Factory = Callable[..., RenderBackend]
"""Builds a backend; called as ``factory(device=...)``. Must pickle (a module-level function or a
`functools.partial` of one), since workers are spawned processes."""


class WorkerPool:
    """A render backend that deals shots out to one worker process per device.

    Args:
        factory: Builds each worker's backend, called with ``device=`` (see `Factory`).
        devices: One device per worker, e.g. ``["cuda:0", "cuda:1"]`` (``["cpu", "cpu"]`` in tests).

    Raises:
        ValueError: for an empty device list.
    """

    def __init__(self, factory: Factory, devices: Sequence[str]):
        if not devices:
            raise ValueError("devices must name at least one device, e.g. ['cuda:0', 'cuda:1']")
        self._factory = factory
        self.devices = list(devices)
        local = factory(device=self.devices[0])  # never renders: names the backend and its identity
        self.name = local.name
        self.label = f"{local.label} · {len(self.devices)} workers on {', '.join(self.devices)}"
        self._identity = local.identity()
        self._jobs: queue.PriorityQueue = queue.PriorityQueue()
        self._order = itertools.count()
        self._context = mp.get_context("spawn")
        self._workers = [_Worker(self._context, factory, device) for device in self.devices]
        self._threads = [threading.Thread(target=self._serve, args=(w,), daemon=True, name=f"pool-{w.device}")
                         for w in self._workers]
        for thread in self._threads:
            thread.start()

    def identity(self) -> dict[str, Any]:
        """The workers' backend identity: a pool's shots share the cache with a single device's."""
        return self._identity

    def render(self, request: RenderRequest, clip_path: Path, keyframe_path: Path) -> dict[str, Any] | None:
        """Queue the shot, wait for a worker to render it, and return the worker's details.

        Raises:
            OutOfMemoryRenderError: when the worker ran out of memory at every level.
            RenderError: when the worker failed, or died twice on this shot.
        """
        size = request.num_frames * request.width * request.height
        return self._submit(size, ("render", request.model_dump_json(), str(clip_path), str(keyframe_path)))

    def render_still(self, request: RenderRequest, image_path: Path) -> None:
        """Queue a still (a reference picture) and wait for it."""
        self._submit(request.width * request.height, ("still", request.model_dump_json(), str(image_path)))

    def close(self) -> None:
        """Stop the workers (after the shots they are rendering)."""
        for _ in self._threads:
            self._jobs.put((float("inf"), next(self._order), None))
        for thread in self._threads:
            thread.join(timeout=60)
        for worker in self._workers:
            worker.stop()

    def _submit(self, size: int, message: tuple) -> Any:
        job = _Job(message)
        self._jobs.put((-size, next(self._order), job))
        job.done.wait()
        if job.error is not None:
            raise job.error
        return job.value

    def _serve(self, worker: _Worker) -> None:
        while True:
            _, _, job = self._jobs.get()
            if job is None:
                return
            for attempt in (1, 2):
                try:
                    job.value = worker.run(job.message)
                    break
                except _WorkerDied as died:
                    worker.restart()
                    if attempt == 2:
                        job.error = RenderError(f"{died}; it died again on a retry, so this shot was not "
                                                "rendered (finished shots are kept)")
                except RenderError as exc:
                    job.error = exc
                    break
            job.done.set()


class _Job:
    def __init__(self, message: tuple):
        self.message = message
        self.value: Any = None
        self.error: BaseException | None = None
        self.done = threading.Event()


class _WorkerDied(Exception):
    pass


class _Worker:
    """One worker process and the pipe to it."""

    def __init__(self, context: Any, factory: Factory, device: str):
        self.context, self.factory, self.device = context, factory, device
        self.process: Any = None
        self.conn: Any = None
        self.start()

    def start(self) -> None:
        parent, child = self.context.Pipe()
        self.process = self.context.Process(target=_work, args=(self.factory, self.device, child),
                                            daemon=True, name=f"filmcrew-render-{self.device}")
        self.process.start()
        child.close()
        self.conn = parent

    def restart(self) -> None:
        self.stop()
        self.start()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.process.join(timeout=30)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()

    def run(self, message: tuple) -> Any:
        try:
            self.conn.send(message)
            status, value = self.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self.process.join(timeout=5)
            raise _WorkerDied(f"the render worker on {self.device} died (exit code {self.process.exitcode})") from None
        if status == "ok":
            return value
        kind, text = value
        raise (OutOfMemoryRenderError if kind == "oom" else RenderError)(f"[{self.device}] {text}")


def _work(factory: Factory, device: str, conn: Any) -> None:
    """A worker process: build the backend once, then render what the pipe sends until it sends None."""
    backend = None
    try:
        while True:
            try:
                message = conn.recv()
            except EOFError:
                return
            if message is None:
                return
            try:
                if backend is None:
                    backend = factory(device=device)
                kind, payload, *paths = message
                request = RenderRequest.model_validate_json(payload)
                if kind == "render":
                    details = backend.render(request, Path(paths[0]), Path(paths[1])) or {}
                    conn.send(("ok", {**details, "worker": device}))
                else:
                    backend.render_still(request, Path(paths[0]))  # type: ignore[attr-defined]
                    conn.send(("ok", None))
            except OutOfMemoryRenderError as exc:
                conn.send(("error", ("oom", str(exc))))
            except Exception as exc:  # noqa: BLE001  (reported to the parent, which raises it)
                conn.send(("error", ("error", f"{type(exc).__name__}: {exc}")))
    finally:
        if backend is not None:
            backend.close()
        conn.close()
