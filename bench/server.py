"""Benchmark: what the HTTP API (``filmcrew serve``) costs, on this machine.

The server is a real ``filmcrew serve`` child process (offline planner, animatic backend, no voice)
with its data in a fresh ``FILMCREW_HOME``; the clients are raw asyncio HTTP/1.1 connections in this
process, light enough not to steal the server's CPU.

1. **Job status.** Requests per second (and latency) of ``GET /v1/films/{id}`` for a finished job,
   with N concurrent keep-alive clients.
2. **SSE fan-out.** 100 subscribers to one running job's ``/events``: for each event published after
   all of them are connected, the time from its publication (the event's ``time``, stamped by the
   server) to the moment the last of the 100 has it (median, p95), and the deliveries per second.
3. **Server overhead.** The same small film made by ``python -m filmcrew chat IDEA --yes`` and by
   ``POST /v1/films`` + the event stream to its end, each with its own empty shot cache so both
   render: the first job of a fresh server (which pays the lazy imports, like the CLI does) and a
   second one (warm; another seed, so it renders again).

    .venv/bin/python bench/server.py [--duration 12] [--size 320x180] [--clients 1,8,32,64]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

IDEA = "A lighthouse keeper finds a message in a bottle"
HOST = "127.0.0.1"


def _env(**extra: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("FILMCREW_", "OPENAI_"))}
    return {**clean, "FILMCREW_PLANNER": "offline", "FILMCREW_VOICE": "none", **extra}


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# ---- a minimal HTTP/1.1 client ------------------------------------------------------------------
async def _head(reader: asyncio.StreamReader) -> tuple[int, dict[str, str]]:
    status = int((await reader.readline()).split()[1])
    headers = {}
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers


def _request(method: str, path: str, key: str, port: int) -> bytes:
    return (f"{method} {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nAuthorization: Bearer {key}\r\n"
            "Content-Length: 0\r\n\r\n").encode()


async def _poll(port: int, key: str, path: str, until: float, latencies: list[float]) -> None:
    reader, writer = await asyncio.open_connection(HOST, port)
    request = _request("GET", path, key, port)
    try:
        while time.perf_counter() < until:
            sent = time.perf_counter()
            writer.write(request)
            status, headers = await _head(reader)
            await reader.readexactly(int(headers["content-length"]))
            latencies.append(time.perf_counter() - sent)
            assert status == 200, status
    finally:
        writer.close()


async def _status_rps(port: int, key: str, job_id: str, clients: int, seconds: float):
    """Requests per second and the latencies of ``clients`` connections polling the job for ``seconds``."""
    latencies: list[float] = []
    until = time.perf_counter() + seconds
    started = time.perf_counter()
    await asyncio.gather(*(_poll(port, key, f"/v1/films/{job_id}", until, latencies) for _ in range(clients)))
    return len(latencies) / (time.perf_counter() - started), latencies


async def _subscribe(port: int, key: str, job_id: str, connected: asyncio.Event, ready: list[int],
                     got: dict[str, list[float]]) -> None:
    """Follow the job's events (chunked SSE) to the end, noting when each event's data line arrived."""
    reader, writer = await asyncio.open_connection(HOST, port)
    writer.write(_request("GET", f"/v1/films/{job_id}/events", key, port))
    status, headers = await _head(reader)
    assert status == 200 and headers.get("transfer-encoding") == "chunked", (status, headers)
    ready.append(1)
    await connected.wait()
    buffer = b""
    try:
        while True:
            size = int((await reader.readline()).strip(), 16)
            if size == 0:
                return
            chunk = await reader.readexactly(size + 2)
            now = time.time()
            buffer += chunk[:-2]
            while b"\n\n" in buffer:
                block, buffer = buffer.split(b"\n\n", 1)
                for line in block.split(b"\n"):
                    if line.startswith(b"data: "):
                        got.setdefault(line[6:].decode(), []).append(now)
    finally:
        writer.close()


async def _fan_out(port: int, key: str, job_id: str, subscribers: int):
    """When all ``subscribers`` were connected, and the arrival times of each event (by its data line)."""
    connected, ready, got = asyncio.Event(), [], {}
    tasks = [asyncio.create_task(_subscribe(port, key, job_id, connected, ready, got))
             for _ in range(subscribers)]
    while len(ready) < subscribers:
        await asyncio.sleep(0.005)
    since = time.time()
    connected.set()
    await asyncio.gather(*tasks)
    return since, got


# ---- the server and the films ---------------------------------------------------------------------
IN_PROCESS = """
import argparse, sys, time
t0 = time.perf_counter()
from pathlib import Path
from filmcrew.cli import brief_from_args
from filmcrew.session import Session
from filmcrew.settings import Settings
t1 = time.perf_counter()
root = Path(sys.argv[1])
brief = brief_from_args(argparse.Namespace(idea=sys.argv[2], duration=float(sys.argv[3]), aspect="16:9",
                        resolution=sys.argv[4], fps=24, lang="auto", seed=int(sys.argv[5]), style=None))
settings = Settings.from_env(cache_dir=root / "cache")
times = []
for seed in (brief.seed, brief.seed + 100):  # the second film finds everything imported, like a warm server
    started = time.perf_counter()
    again = brief.model_copy(update={"seed": seed})
    with Session.create(again, root / "films", settings, lambda e: None) as session:
        session.start(gates=False)
    times.append(time.perf_counter() - started)
print(t1 - t0, *times)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _start_server(home: Path, port: int) -> subprocess.Popen:
    import httpx

    proc = subprocess.Popen([sys.executable, "-m", "filmcrew", "serve", "--host", HOST, "--port", str(port),
                             "--workers", "2"], env=_env(FILMCREW_HOME=str(home)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            if httpx.get(f"http://{HOST}:{port}/openapi.json", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("filmcrew serve did not start")


def _server_film(client, key: str, brief: dict) -> tuple[float, dict]:
    """POST a brief and follow its events to the end; returns the wall time and the finished job."""
    auth = {"Authorization": f"Bearer {key}"}
    started = time.perf_counter()
    job = client.post("/v1/films", json=brief, headers=auth)
    assert job.status_code == 202, job.text
    job_id = job.json()["id"]
    with client.stream("GET", f"/v1/films/{job_id}/events", headers=auth) as events:
        for line in events.iter_lines():
            if line.startswith("data: ") and json.loads(line[6:]).get("event") == "end":
                break
    took = time.perf_counter() - started
    done = client.get(f"/v1/films/{job_id}", headers=auth).json()
    assert done["status"] == "done", done["message"]
    return took, done


def _cli_film(root: Path, duration: float, size: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "filmcrew", "chat", IDEA, "--yes", "-q", "--duration",
                    f"{duration:g}", "--resolution", size, "--out", str(root / "films")],
                   env=_env(FILMCREW_CACHE_DIR=str(root / "cache")), check=True, capture_output=True)
    return time.perf_counter() - started


def _session_film(root: Path, duration: float, size: str, seed: int) -> tuple[float, float, float]:
    """The film made twice with the Session API in a child process: seconds of the imports, then of each."""
    argv = [sys.executable, "-c", IN_PROCESS, str(root), IDEA, f"{duration:g}", size, str(seed)]
    done = subprocess.run(argv, env=_env(), check=True, capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parent.parent)
    imports, cold, warm = done.stdout.split()[-3:]
    return float(imports), float(cold), float(warm)


def overhead(client, key: str, root: Path, duration: float, size: str, repeats: int) -> dict:
    """Part 3; returns the server's first job (finished), for part 1."""
    brief = {"idea": IDEA, "duration": duration, "resolution": size, "voice": "none"}
    t_cold, first = _server_film(client, key, brief)
    warm = [_server_film(client, key, {**brief, "seed": 10 + i}) for i in range(repeats)]
    cli = [_cli_film(root / f"cli{i}", duration, size) for i in range(repeats)]
    api = [_session_film(root / f"session{i}", duration, size, 20 + i) for i in range(repeats)]
    t_warm, t_cli = statistics.median(t for t, _ in warm), statistics.median(cli)
    t_imports, t_api_cold, t_api = (statistics.median(run[i] for run in api) for i in range(3))
    print(f"\n3. server overhead: {duration:g} s film at {size}, {first['shots_total']} shots, every run "
          f"renders all of them (fresh cache or new seed); medians of {repeats}")
    print(f"  CLI `filmcrew chat --yes`, process start to exit    : {t_cli:6.2f}s")
    print(f"  Session API in a fresh process: imports {t_imports:.2f}s + film : {t_api_cold:6.2f}s")
    print(f"  Session API, a second film in that process (warm)   : {t_api:6.2f}s")
    print(f"  server, first job of a fresh server (POST to `end`) : {t_cold:6.2f}s  "
          f"(vs CLI {t_cold - t_cli:+.2f}s, x{t_cold / t_cli:.2f})")
    print(f"  server, warm job (POST to `end`)                    : {t_warm:6.2f}s  "
          f"(vs CLI {t_warm - t_cli:+.2f}s, x{t_warm / t_cli:.2f}; "
          f"vs the warm Session API {t_warm - t_api:+.2f}s, x{t_warm / t_api:.2f})")
    print(f"  server job says: {warm[-1][1]['message'].split(' → ')[0]}")
    return first


def status_rate(port: int, key: str, job_id: str, clients: list[int], seconds: float) -> None:
    """Part 1."""
    print(f"\n1. GET /v1/films/{{id}} of a finished job, {seconds:g} s per run, keep-alive connections")
    for n in clients:
        rps, lat = asyncio.run(_status_rps(port, key, job_id, n, seconds))
        print(f"  {n:3d} clients: {rps:7.0f} req/s   latency median {statistics.median(lat) * 1e3:6.2f} ms   "
              f"p95 {_pct(lat, 0.95) * 1e3:6.2f} ms   ({len(lat)} requests)")


def fan_out(client, port: int, key: str, subscribers: int) -> None:
    """Part 2."""
    brief = {"idea": IDEA, "duration": 120, "resolution": "128x72", "fps": 12, "voice": "none", "seed": 2}
    job = client.post("/v1/films", json=brief, headers={"Authorization": f"Bearer {key}"}).json()
    since, got = asyncio.run(_fan_out(port, key, job["id"], subscribers))
    events = {data: (json.loads(data), times) for data, times in got.items()}
    live = {d: (e, t) for d, (e, t) in events.items() if e.get("time", 0) > since and e.get("event") != "end"}
    complete = [(e["time"], t) for e, t in live.values() if len(t) == subscribers]
    to_all = [max(t) - published for published, t in complete]
    each = [x - published for published, t in complete for x in t]
    window = max(max(t) for _, t in complete) - min(published for published, _ in complete)
    print(f"\n2. SSE fan-out: {subscribers} subscribers to one running job (a 120 s film at 128x72)")
    print(f"  events published after all had connected: {len(live)}, "
          f"received by all {subscribers}: {len(complete)}")
    print(f"  publish -> the last subscriber has it: median {statistics.median(to_all) * 1e3:6.1f} ms   "
          f"p95 {_pct(to_all, 0.95) * 1e3:6.1f} ms   max {max(to_all) * 1e3:6.1f} ms")
    print(f"  publish -> a subscriber has it       : median {statistics.median(each) * 1e3:6.1f} ms   "
          f"p95 {_pct(each, 0.95) * 1e3:6.1f} ms   (the server stamps event times to the ms)")
    print(f"  delivered: {len(each)} events in {window:.2f} s = {len(each) / window:.0f} events/s "
          f"({len(complete) / window:.1f} job events/s to each of {subscribers})")


def main() -> None:
    import httpx

    from filmcrew.server.keys import KeyStore

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=12.0, help="overhead film, seconds (default 12)")
    parser.add_argument("--size", default="320x180", help="the overhead film's WxH (default 320x180)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each overhead film (default 3)")
    parser.add_argument("--clients", default="1,8,32,64", help="concurrent status clients (1,8,32,64)")
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds per status run (default 5)")
    parser.add_argument("--subscribers", type=int, default=100, help="SSE subscribers (default 100)")
    args = parser.parse_args()
    cores = f"{os.cpu_count()} cores ({len(os.sched_getaffinity(0))} usable)"
    print(f"machine: {cores}, Python {sys.version.split()[0]}")
    print("server: `filmcrew serve --workers 2`, a child process on loopback (offline planner, animatic, "
          "no voice); clients: raw asyncio HTTP/1.1 in this process")
    with tempfile.TemporaryDirectory(prefix="filmcrew-bench-") as tmp:
        root = Path(tmp)
        home, port = root / "home", _free_port()
        key = KeyStore(home).create("bench").key
        server = _start_server(home, port)
        try:
            with httpx.Client(base_url=f"http://{HOST}:{port}", timeout=600) as client:
                first = overhead(client, key, root, args.duration, args.size, args.repeats)
                status_rate(port, key, first["id"], [int(c) for c in args.clients.split(",")], args.seconds)
                fan_out(client, port, key, args.subscribers)
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    main()
