"""The HTTP API under a property-based fuzz of its own OpenAPI document (schemathesis), over real HTTP.

Every operation in ``/openapi.json`` gets schema-valid and schema-breaking requests carrying a real
team key, against a real uvicorn server on loopback: no answer may be a 5xx, every answer must be one
the document describes, and no invalid request may be accepted. The job-scoped operations are fuzzed
twice: with made-up job ids, and with the id of a finished job (so the file, events, revise and cancel
paths really run). Hostile inputs a fuzzer seldom reaches (path traversal in file names, lone
surrogates, huge numbers, bodies that are not JSON) are tried by hand.

The fuzz is small and derandomized (a fixed number of examples per operation), so CI runs the same
requests every time. Films it submits are cancelled at once; the server never reaches DNS (names do
not resolve; IP literals still go through the webhook address guard).
"""

from __future__ import annotations

import socket
import time
from collections import Counter

import httpx
import pytest

from filmcrew.server.app import FILES
from filmcrew.server.jobs import Limits
from filmcrew.server.keys import KeyStore
from tests.support.server import auth, serving, wait

schemathesis = pytest.importorskip("schemathesis")
pytestmark = pytest.mark.filterwarnings("ignore:Do not use the `random` module inside strategies")  # schemathesis'

EXAMPLES = 20
TINY = {"idea": "A paper boat crosses a puddle", "duration": 4, "resolution": "128x72", "fps": 8,
        "voice": "none"}
CONFORMANCE = ("status_code_conformance", "content_type_conformance", "response_headers_conformance",
               "response_schema_conformance")


def _numeric_only(real):
    """``socket.getaddrinfo`` that answers IP literals and refuses names without asking DNS (the idna
    encoding of the name still happens, as in the real call)."""
    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        return real(host, port, family, type, proto, flags | socket.AI_NUMERICHOST)
    return getaddrinfo


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    key = KeyStore(home).create("fuzz").key
    limits = Limits(running=1, queued=2, max_duration=30, max_body=16 * 1024)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket, "getaddrinfo", _numeric_only(socket.getaddrinfo))
        with serving(home, workers=1, limits=limits) as url, httpx.Client(base_url=url, timeout=60) as client:
            yield client, key, home


@pytest.fixture(scope="module")
def finished(server):
    client, key, _ = server
    made = client.post("/v1/films", json=TINY, headers=auth(key))
    assert made.status_code == 202, made.text
    done = wait(client, made.json()["id"], key)
    assert done["status"] == "done", done["message"]
    return done


def _fuzz(operation, mode, client, key, seen, failures, *, job_id=None):
    """Run ``EXAMPLES`` generated requests against ``operation``; note statuses and failed checks."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st
    from hypothesis.errors import Unsatisfiable
    from schemathesis import GenerationMode, checks
    from schemathesis.core.failures import FailureGroup

    names = ["not_a_server_error", *CONFORMANCE] + (["negative_data_rejection"] if mode == "negative" else [])
    params = {p.name for p in operation.path_parameters}
    if job_id is None:
        strategy = operation.as_strategy(generation_mode=GenerationMode(mode))
    elif "name" in params:  # the job's real files, and a few names that are not
        strategy = st.sampled_from([*FILES, "job.json", "../job.json", "film.mp4.bak"]).flatmap(
            lambda name: operation.as_strategy(path_parameters={"job_id": job_id, "name": name}))
    else:
        strategy = operation.as_strategy(path_parameters={"job_id": job_id})

    @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck), phases=(Phase.explicit, Phase.generate))
    @given(case=strategy)
    def run(case):
        response = case.call(base_url=str(client.base_url), headers=auth(key), timeout=60)
        seen[(operation.label, job_id is not None, response.status_code)] += 1
        if operation.label == "POST /v1/films" and response.status_code == 202:
            client.post(f"/v1/films/{response.json()['id']}/cancel", headers=auth(key))  # keep the fuzz cheap
        for name in names:
            if name == "negative_data_rejection" and response.status_code >= 400:
                continue  # refused: any 4xx will do (schemathesis' own list lacks 413)
            try:
                case.validate_response(response, checks=[getattr(checks, name)])
            except FailureGroup as exc:  # its text ends with a curl command that replays the request
                titles = sorted({getattr(e, "title", None) or type(e).__name__ for e in exc.exceptions})
                failures.append((name, f"{mode} {operation.label}: {', '.join(titles)}", str(exc)))

    try:
        run()
    except Unsatisfiable:  # nothing in this operation can be made invalid (all strings, nothing required)
        if mode != "negative":
            raise


@pytest.fixture(scope="module")
def fuzzed(server, finished):
    """Fuzz every operation; returns the (operation, real job?, status) counts and the failed checks."""
    client, key, _ = server
    schema = schemathesis.openapi.from_url(f"{str(client.base_url).rstrip('/')}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    seen: Counter = Counter()
    failures: list[tuple[str, str, str]] = []
    for operation in operations:
        for mode in ("positive", "negative"):
            _fuzz(operation, mode, client, key, seen, failures)
        if "{job_id}" in operation.path:
            _fuzz(operation, "positive", client, key, seen, failures, job_id=finished["id"])
    deadline = time.time() + 60
    while time.time() < deadline:
        jobs = client.get("/v1/films", headers=auth(key), params={"limit": 100}).json()["items"]
        if all(job["status"] not in ("queued", "running") for job in jobs):
            break
        time.sleep(0.2)
    return operations, seen, failures, jobs


def _report(failures, which) -> str:
    """Each kind of failure once (with a request that shows it), and how often it happened."""
    kinds = Counter(kind for name, kind, _ in failures if name in which)
    first = {}
    for name, kind, text in failures:
        first.setdefault(kind, text)
    return "\n\n".join(f"{count} x {kind}\n{first[kind][:2000]}" for kind, count in kinds.items())


def test_no_fuzzed_request_gets_a_server_error(fuzzed):
    _, seen, failures, _ = fuzzed
    errors = [f for f in failures if f[0] == "not_a_server_error"]
    assert not errors and not [s for s in seen if s[2] >= 500], _report(failures, ("not_a_server_error",))


def test_every_answer_is_one_the_openapi_document_describes(fuzzed):
    _, _, failures, _ = fuzzed
    assert not [f for f in failures if f[0] in CONFORMANCE], _report(failures, CONFORMANCE)


def test_no_invalid_request_is_accepted(fuzzed):
    _, _, failures, _ = fuzzed
    accepted = [f for f in failures if f[0] == "negative_data_rejection"]
    assert not accepted, _report(failures, ("negative_data_rejection",))


def test_the_fuzz_reached_every_operation_and_its_answers(fuzzed, finished):
    operations, seen, _, _ = fuzzed
    labels = {label for label, _, _ in seen}
    assert labels == {op.label for op in operations} and len(labels) >= 9
    films = {status for (label, real, status) in seen if label == "POST /v1/films"}
    assert {202, 422} <= films
    files = {status for (label, real, status) in seen if real and label.endswith("/files/{name}")}
    assert {200, 404} <= files


def test_the_films_the_fuzz_started_all_come_to_rest(fuzzed):
    _, _, _, jobs = fuzzed
    assert len(jobs) > 1
    assert {job["status"] for job in jobs} <= {"done", "cancelled", "waiting", "failed"}, jobs


TRAVERSALS = ["..%2F..%2Fkeys.json", "..%2Fjob.json", "%2e%2e%2fjob.json", "..%5Cjob.json",
              "%2F..%2F..%2Fkeys.json", "film.mp4%00", "film.mp4%2500", "%00",
              "film.mp4%2F..%2F..%2Fjob.json", "....%2F%2Fjob.json", "%C0%AE%C0%AE%2Fjob.json", "film.mp4%20",
              "FILM.MP4", "events.jsonl", "session.json"]


def test_file_names_and_ids_cannot_reach_outside_the_job_folder(server, finished):
    client, key, home = server
    secret = (home / "keys.json").read_bytes()
    job = finished["id"]
    urls = [f"/v1/films/{job}/files/{name}" for name in TRAVERSALS]
    versions = ("%2e%2e", "-1", "0", "1%2F..%2F..", "1e3", "99999999999999999999999999", "%00")
    urls += [f"/v1/films/{job}/versions/{n}/files/film.srt" for n in versions]
    urls += [f"/v1/films/{job}/versions/1/files/{name}" for name in TRAVERSALS[:6]]
    ids = ("%2e%2e%2f", "..%2F..%2Fteams", "%2e%2e", f"{job}%00", f"..%2F{job}", "%2F..%2Fkeys.json")
    urls += [f"/v1/films/{path}/files/film.mp4" for path in ids]
    for url in urls:
        answer = client.get(url, headers=auth(key))
        assert answer.status_code in (404, 422), (url, answer.status_code, answer.text)
        assert secret not in answer.content and b"sha256" not in answer.content, url
    real = client.get(f"/v1/films/{job}/files/manifest.json", headers=auth(key))
    assert real.status_code == 200 and real.json()  # the same client does get the job's own files


BODIES = [  # (what, body bytes, content type)
    ("not JSON", b"a film about a cat", "application/json"),
    ("no body", b"", "application/json"),
    ("JSON null", b"null", "application/json"),
    ("a JSON list", b"[]", "application/json"),
    ("form data", b"idea=cat&duration=4", "application/x-www-form-urlencoded"),
    ("JSON sent as text", b'{"idea": "cat", "duration": 4}', "text/plain"),
    ("bad UTF-8", b'{"idea": "\xff\xfe"}', "application/json"),
    ("a lone surrogate in the idea", b'{"idea": "\\ud800", "duration": 4}', "application/json"),
    ("a lone surrogate as a field name", b'{"idea": "cat", "\\udfff": 1}', "application/json"),
    ("a lone surrogate in the webhook URL", b'{"idea": "cat", "webhook_url": "http://\\ud800/"}',
     "application/json"),
    ("NaN", b'{"idea": "cat", "duration": NaN}', "application/json"),
    ("Infinity", b'{"idea": "cat", "budget_usd": Infinity}', "application/json"),
    ("an overflowing float", b'{"idea": "cat", "duration": 1e400}', "application/json"),
    ("a 5000-digit seed", b'{"idea": "cat", "seed": 1' + b"0" * 5000 + b"}", "application/json"),
    ("a giant negative seed", b'{"idea": "cat", "seed": -' + b"9" * 300 + b"}", "application/json"),
    ("deep nesting", b'{"idea": ' + b"[" * 3000 + b"]" * 3000 + b"}", "application/json"),
    ("a 300-letter webhook host", b'{"idea": "cat", "webhook_url": "http://' + b"a" * 300 + b'.com/"}',
     "application/json"),
    ("an empty webhook host label", b'{"idea": "cat", "webhook_url": "http://a..b/"}', "application/json"),
    ("a webhook to metadata", b'{"idea": "cat", "webhook_url": "http://169.254.169.254/latest"}',
     "application/json"),
    ("a webhook to loopback in hex", b'{"idea": "cat", "webhook_url": "http://0x7f000001/"}',
     "application/json"),
    ("a webhook to loopback as a number", b'{"idea": "cat", "webhook_url": "http://2130706433:80/"}',
     "application/json"),
    ("a webhook in IPv4-mapped IPv6", b'{"idea": "cat", "webhook_url": "http://[::ffff:127.0.0.1]/"}',
     "application/json"),
]


@pytest.mark.parametrize("what,body,content_type", BODIES, ids=[b[0] for b in BODIES])
def test_hostile_bodies_get_a_clear_4xx(server, what, body, content_type):
    client, key, _ = server
    for path in ("/v1/films", "/v1/films/job_0000000000000000/messages"):
        answer = httpx.post(f"{client.base_url}{path}", content=body,  # a connection of its own each time
                            headers={**auth(key), "Content-Type": content_type})
        assert 400 <= answer.status_code < 500, (what, path, answer.status_code, answer.text)
        assert answer.headers["content-type"] == "application/json"
        assert isinstance(answer.json()["detail"], str) and answer.json()["detail"], (what, answer.text)


def test_hostile_queries_and_headers_get_a_4xx(server):
    client, key, _ = server
    for params in ({"limit": "99999999999999999999999"}, {"limit": "1e3"}, {"limit": "-0"}, {"limit": "NaN"},
                   {"cursor": "\x00"}, {"cursor": "c" * 65}, {"cursor": "..%2F..%2Fkeys.json"}):
        answer = client.get("/v1/films", params=params, headers=auth(key))
        assert answer.status_code in (200, 422), (params, answer.text)
    for header in ("Bearer " + "a" * 8000, "Bearer fck_" + "0" * 16 + "_" + "x" * 43, "bearer x",
                   "Bearer fck_\u00ff"):
        answer = client.get("/v1/films", headers={"Authorization": header.encode("latin-1")})
        assert answer.status_code == 401, (header[:30], answer.status_code)


def test_a_chunked_body_over_the_limit_is_refused(server):
    client, key, _ = server
    big = b'{"idea": "a cat", "duration": 4, "resolution": "128x72", "fps": 8' + b" " * 20_000 + b"}"

    def chunks():
        yield from (big[i:i + 1024] for i in range(0, len(big), 1024))

    answer = client.post("/v1/films", content=chunks(),  # no Content-Length: Transfer-Encoding: chunked
                         headers={**auth(key), "Content-Type": "application/json"})
    if answer.status_code == 202:
        client.post(f"/v1/films/{answer.json()['id']}/cancel", headers=auth(key))
    assert answer.status_code in (413, 429), (answer.status_code, answer.text[:200])
