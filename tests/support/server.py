"""A real filmcrew server for tests: uvicorn on a free loopback port, in a thread, with httpx helpers."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

from filmcrew.server.app import create_app
from filmcrew.settings import Settings


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(home: Path, **options):
    """Serve the app over ``home`` (offline planner, no voices, its cache under ``home``); yields its URL.

    Args:
        home: The data folder (``FILMCREW_HOME``).
        **options: `create_app` options (``workers``, ``limits``, ``webhook_allow``).
    """
    import uvicorn

    settings = Settings.from_env({}, planner="offline", voice="none", cache_dir=home / "cache", home=home)
    app = create_app(home, settings, **options)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=60)


def auth(key: str) -> dict[str, str]:
    """The Authorization header of an API key."""
    return {"Authorization": f"Bearer {key}"}


def wait(client: httpx.Client, job_id: str, key: str, until=("done", "failed", "waiting", "cancelled"),
         timeout: float = 120) -> dict:
    """Poll a job until its status is one of ``until``; returns it."""
    deadline = time.time() + timeout
    job = {}
    while time.time() < deadline:
        job = client.get(f"/v1/films/{job_id}", headers=auth(key)).json()
        if job["status"] in until:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} still {job.get('status')}")
