"""The HTTP API end to end over real HTTP on loopback: a real uvicorn server in a thread, httpx as the client."""

from __future__ import annotations

import json
import threading
import time

import httpx
import pytest

from filmcrew.server.jobs import Limits
from filmcrew.server.keys import KeyStore
from tests.support.server import auth, serving, wait

FILM = {"idea": "A lighthouse keeper finds a message in a bottle", "duration": 8, "resolution": "192x108",
        "fps": 12, "voice": "none"}


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    keys = KeyStore(home)
    alpha, beta = keys.create("alpha").key, keys.create("beta").key
    limits = Limits(running=2, queued=3, max_duration=120, max_body=4096)
    with serving(home, limits=limits) as url, httpx.Client(base_url=url, timeout=30) as client:
        yield client, alpha, beta, home


@pytest.fixture(scope="module")
def finished(api):
    client, alpha, _, _ = api
    made = client.post("/v1/films", json=FILM, headers=auth(alpha))
    assert made.status_code == 202, made.text
    job = made.json()
    events = []
    with client.stream("GET", f"/v1/films/{job['id']}/events", headers=auth(alpha)) as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        for line in stream.iter_lines():
            if line.startswith("data: "):
                events.append(json.loads(line[6:]))
                if events[-1].get("event") == "end":
                    break
    return job, wait(client, job["id"], alpha), events


def test_every_v1_request_needs_a_valid_key(api):
    client, _, _, _ = api
    assert client.get("/v1/films").status_code == 401
    assert client.get("/v1/films", headers=auth("fck_nope_nope")).status_code == 401
    answer = client.post("/v1/films", json=FILM, headers={"Authorization": "Basic abc"})
    assert answer.status_code == 401 and "Bearer" in answer.json()["detail"]
    assert client.get("/openapi.json").status_code == 200


def test_a_film_job_runs_in_the_background_and_streams_its_progress(finished):
    job, done, events = finished
    assert job["status"] in ("queued", "running") and job["id"].startswith("job_")
    assert done["status"] == "done", done["message"]
    assert done["shots_total"] and done["shots_done"] == done["shots_total"]
    assert [v["n"] for v in done["versions"]] == [1]
    stages = {e.get("stage") for e in events}
    assert {"writer", "director", "render", "assemble"} <= stages
    assert events[-1] == {**events[-1], "event": "end", "status": "done"}


def test_the_film_is_served_with_range_requests(api, finished):
    client, alpha, _, _ = api
    job, _, _ = finished
    whole = client.get(f"/v1/films/{job['id']}/files/film.mp4", headers=auth(alpha))
    assert whole.status_code == 200 and whole.headers["accept-ranges"] == "bytes"
    part = client.get(f"/v1/films/{job['id']}/files/film.mp4", headers={**auth(alpha), "Range": "bytes=100-199"})
    assert part.status_code == 206 and part.content == whole.content[100:200]
    assert part.headers["content-range"] == f"bytes 100-199/{len(whole.content)}"
    srt = client.get(f"/v1/films/{job['id']}/files/film.srt", headers=auth(alpha))
    assert srt.status_code == 200
    assert client.get(f"/v1/films/{job['id']}/files/..%2Fjob.json", headers=auth(alpha)).status_code == 404
    assert client.get(f"/v1/films/{job['id']}/versions/1/files/manifest.json", headers=auth(alpha)).status_code == 200


def test_another_team_sees_nothing_of_it(api, finished):
    client, _, beta, _ = api
    job, _, _ = finished
    for method, path in (("GET", ""), ("GET", "/events"), ("GET", "/files/film.mp4"), ("POST", "/cancel"),
                         ("POST", "/approve")):
        assert client.request(method, f"/v1/films/{job['id']}{path}", headers=auth(beta)).status_code == 404
    answer = client.post(f"/v1/films/{job['id']}/messages", json={"message": "/shot 1 size=CU"}, headers=auth(beta))
    assert answer.status_code == 404
    assert client.get("/v1/films", headers=auth(beta)).json()["items"] == []


def test_a_revision_makes_a_new_version(api, finished):
    client, alpha, _, _ = api
    job, _, _ = finished
    sent = client.post(f"/v1/films/{job['id']}/messages", json={"message": "/shot 1 size=ECU"}, headers=auth(alpha))
    assert sent.status_code == 202, sent.text
    done = wait(client, job["id"], alpha)
    assert done["status"] == "done" and [v["n"] for v in done["versions"]] == [1, 2]
    assert "re-rendered 1 of" in done["message"]
    listing = client.get("/v1/films", headers=auth(alpha), params={"limit": 1}).json()
    assert listing["items"][0]["id"] == job["id"]


def test_inputs_are_validated_and_limits_answer_429(api):
    client, alpha, _, _ = api
    assert client.post("/v1/films", json={**FILM, "colour": "red"}, headers=auth(alpha)).status_code == 422
    assert client.post("/v1/films", json={**FILM, "resolution": "100x100"}, headers=auth(alpha)).status_code == 422
    too_long = client.post("/v1/films", json={**FILM, "duration": 500}, headers=auth(alpha))
    assert too_long.status_code == 429 and "120" in too_long.json()["detail"]
    body = json.dumps({**FILM, "idea": "y" * 3999}) + " " * 2000
    answer = client.post("/v1/films", content=body, headers={**auth(alpha), "Content-Type": "application/json"})
    assert answer.status_code == 429 and "limit" in answer.json()["detail"]
    refused = client.post("/v1/films", json={**FILM, "webhook_url": "http://127.0.0.1:9/hook"}, headers=auth(alpha))
    assert refused.status_code == 422 and "127.0.0.1" in refused.json()["detail"]


def test_gates_wait_for_approval_and_a_restart_keeps_the_job(tmp_path):
    key = KeyStore(tmp_path).create("gamma").key
    with serving(tmp_path) as url, httpx.Client(base_url=url, timeout=30) as client:
        job = client.post("/v1/films", json={**FILM, "gates": True}, headers=auth(key)).json()
        waiting = wait(client, job["id"], key)
        assert waiting["status"] == "waiting" and waiting["gate"] == "script"
    with serving(tmp_path) as url, httpx.Client(base_url=url, timeout=30) as client:
        again = client.get(f"/v1/films/{job['id']}", headers=auth(key)).json()
        assert again["status"] == "waiting" and again["gate"] == "script"
        assert client.post(f"/v1/films/{job['id']}/approve", headers=auth(key)).status_code == 202
        shots = wait(client, job["id"], key, until=("waiting", "failed"))
        assert shots["gate"] == "shots", shots["message"]
        client.post(f"/v1/films/{job['id']}/approve", headers=auth(key))
        done = wait(client, job["id"], key, until=("done", "failed"))
        assert done["status"] == "done", done["message"]


def test_a_finished_job_calls_its_webhook_signed_with_the_teams_secret(tmp_path):
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from filmcrew.server.webhooks import SIGNATURE_HEADER, verify_signature

    received = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((dict(self.headers), body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    hook = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    issued = KeyStore(tmp_path).create("delta")
    url = f"http://127.0.0.1:{hook.server_address[1]}/done"
    try:
        with serving(tmp_path, webhook_allow=("127.0.0.1",)) as base, httpx.Client(base_url=base, timeout=30) as client:
            job = client.post("/v1/films", json={**FILM, "webhook_url": url}, headers=auth(issued.key)).json()
            assert wait(client, job["id"], issued.key)["status"] == "done"
            for _ in range(100):
                if received:
                    break
                time.sleep(0.05)
    finally:
        hook.shutdown()
    (headers, body), = received
    assert verify_signature(body, issued.webhook_secret, headers[SIGNATURE_HEADER])
    assert json.loads(body)["id"] == job["id"] and json.loads(body)["status"] == "done"
    assert headers["X-Filmcrew-Event"] == "film.done"


def test_keys_are_created_from_the_command_line_under_filmcrew_home(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "FILMCREW_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "filmcrew", "keys", "create", "newsroom"], env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    key = next(w for w in done.stdout.split() if w.startswith("fck_"))
    assert KeyStore(tmp_path).verify(key).team == "newsroom"
    assert "Authorization: Bearer" in done.stdout
    bad = subprocess.run([sys.executable, "-m", "filmcrew", "keys", "create", "News Room"], env=env,
                         capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and "team" in bad.stderr


def test_a_team_runs_at_most_its_limit_and_a_queued_job_can_be_cancelled(tmp_path):
    key = KeyStore(tmp_path).create("epsilon").key
    with serving(tmp_path, workers=2, limits=Limits(running=1, queued=5)) as url, \
            httpx.Client(base_url=url, timeout=30) as client:
        first = client.post("/v1/films", json=FILM, headers=auth(key)).json()
        second = client.post("/v1/films", json={**FILM, "seed": 7}, headers=auth(key)).json()
        assert client.get(f"/v1/films/{second['id']}", headers=auth(key)).json()["status"] == "queued"
        cancelled = client.post(f"/v1/films/{second['id']}/cancel", headers=auth(key)).json()
        assert cancelled["status"] == "cancelled"
        assert wait(client, first["id"], key)["status"] == "done"
        time.sleep(0.3)
        assert client.get(f"/v1/films/{second['id']}", headers=auth(key)).json()["status"] == "cancelled"
        assert not list((tmp_path / "teams" / "epsilon" / "jobs" / second["id"]).glob("*/session.json"))


def test_job_messages_do_not_show_server_paths(api, finished):
    client, alpha, _, home = api
    job = finished[0]
    latest = client.get(f"/v1/films/{job['id']}", headers=auth(alpha)).json()
    assert str(home) not in latest["message"] and "film.mp4" in latest["message"]


def test_a_job_running_when_the_server_stops_resumes_when_it_starts_again(tmp_path):
    key = KeyStore(tmp_path).create("zeta").key
    film = {**FILM, "duration": 40, "resolution": "320x180"}  # 14 shots: far from done after the first
    with serving(tmp_path) as url, httpx.Client(base_url=url, timeout=30) as client:
        job = client.post("/v1/films", json=film, headers=auth(key)).json()
        deadline = time.time() + 60
        while time.time() < deadline:
            state = client.get(f"/v1/films/{job['id']}", headers=auth(key)).json()
            if state["shots_done"] >= 1 or state["status"] == "done":
                break
            time.sleep(0.02)
    stopped = json.loads((tmp_path / "teams" / "zeta" / "jobs" / job["id"] / "job.json").read_text())
    assert stopped["status"] == "queued" and "resumes" in stopped["message"]
    with serving(tmp_path) as url, httpx.Client(base_url=url, timeout=30) as client:
        done = wait(client, job["id"], key, until=("done", "failed"))
        assert done["status"] == "done", done["message"]
        assert [v["n"] for v in done["versions"]] == [1]


def test_music_comes_from_the_servers_library(tmp_path):
    import wave

    import numpy as np

    key = KeyStore(tmp_path).create("eta").key
    (tmp_path / "music").mkdir()
    with wave.open(str(tmp_path / "music" / "bed.wav"), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(22050)
        t = np.arange(22050 * 3) / 22050
        w.writeframes((0.3 * np.sin(2 * np.pi * 220 * t) * 32767).astype("<i2").tobytes())
    with serving(tmp_path) as url, httpx.Client(base_url=url, timeout=30) as client:
        missing = client.post("/v1/films", json={**FILM, "music": "nope.mp3"}, headers=auth(key))
        assert missing.status_code == 422 and "library" in missing.json()["detail"]
        sneaky = client.post("/v1/films", json={**FILM, "music": "../keys.json"}, headers=auth(key))
        assert sneaky.status_code == 422
        job = client.post("/v1/films", json={**FILM, "music": "bed.wav"}, headers=auth(key)).json()
        assert wait(client, job["id"], key)["status"] == "done"
        manifest = client.get(f"/v1/films/{job['id']}/files/manifest.json", headers=auth(key)).json()
    assert manifest["film"]["sound"]["music"].endswith("bed.wav")
