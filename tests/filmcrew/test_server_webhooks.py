"""Webhooks: a real receiver on loopback gets signed JSON; retries, 4xx and redirects; the address guard
(loopback, private, link-local, cloud metadata, IPv6 wrappings, credentials) and its allow-list."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from filmcrew.server.webhooks import (
    EVENT_HEADER,
    SIGNATURE_HEADER,
    WebhookRefused,
    check_webhook_url,
    deliver,
    parse_allow,
    sign,
    verify_signature,
)

SECRET = "s3cret-of-the-news-team"
LOOPBACK = ["127.0.0.1"]


class Receiver:
    """A webhook receiver on 127.0.0.1 that answers the statuses in ``answers`` in turn (then 200)."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.answers: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append({"path": self.path, "headers": dict(self.headers), "body": body})
                status = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("Location", f"{receiver.url}/elsewhere")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"


@pytest.fixture
def receiver():
    r = Receiver()
    thread = threading.Thread(target=r.server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    yield r
    r.server.shutdown()
    r.server.server_close()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_delivered_webhook_is_signed_json_with_the_event(receiver):
    payload = {"job": "j1", "status": "succeeded", "title": "灯塔"}

    delivery = deliver(f"{receiver.url}/hooks/filmcrew?x=1", "job.succeeded", payload, SECRET, allow=LOOPBACK)

    assert delivery.ok and delivery.status == 200 and delivery.attempts == 1 and delivery.error is None
    [got] = receiver.received
    assert got["path"] == "/hooks/filmcrew?x=1"
    assert json.loads(got["body"].decode("utf-8")) == payload
    assert "灯塔".encode() in got["body"] and b" " not in got["body"]  # compact UTF-8
    assert got["headers"]["Content-Type"].startswith("application/json")
    assert got["headers"][EVENT_HEADER] == "job.succeeded"
    header = got["headers"][SIGNATURE_HEADER]
    assert verify_signature(got["body"], SECRET, header)
    expected = hmac.new(SECRET.encode(), got["body"], hashlib.sha256).hexdigest()
    assert header == f"sha256={expected}"


def test_a_signature_fails_for_another_body_secret_or_a_malformed_header():
    body = b'{"job":"j1"}'
    header = sign(body, SECRET)
    assert verify_signature(body, SECRET, header)
    assert not verify_signature(b'{"job":"j2"}', SECRET, header)
    assert not verify_signature(body, "another-secret", header)
    assert not verify_signature(body, SECRET, header.removeprefix("sha256="))
    assert not verify_signature(body, SECRET, "")


def test_a_server_error_is_retried_until_the_receiver_takes_it(receiver):
    receiver.answers = [500, 503]

    delivery = deliver(receiver.url, "job.failed", {"job": "j2"}, SECRET, allow=LOOPBACK, backoff=0)

    assert delivery.ok and delivery.status == 200 and delivery.attempts == 3
    assert len(receiver.received) == 3
    assert len({r["body"] for r in receiver.received}) == 1


def test_retries_end_after_the_last_attempt(receiver):
    receiver.answers = [500, 500, 500, 500]

    delivery = deliver(receiver.url, "job.failed", {"job": "j2"}, SECRET, allow=LOOPBACK, attempts=2, backoff=0)

    assert not delivery.ok and delivery.status == 500 and delivery.attempts == 2
    assert "500" in delivery.error
    assert len(receiver.received) == 2


def test_a_client_error_is_not_retried(receiver):
    receiver.answers = [404]

    delivery = deliver(receiver.url, "job.succeeded", {"job": "j3"}, SECRET, allow=LOOPBACK, backoff=0)

    assert not delivery.ok and delivery.status == 404 and delivery.attempts == 1
    assert len(receiver.received) == 1


def test_a_redirect_is_not_followed(receiver):
    receiver.answers = [302]

    delivery = deliver(receiver.url, "job.succeeded", {"job": "j4"}, SECRET, allow=LOOPBACK, backoff=0)

    assert not delivery.ok and delivery.status == 302 and delivery.attempts == 1
    assert "redirect" in delivery.error
    assert [r["path"] for r in receiver.received] == ["/"]  # nothing reached /elsewhere


def test_a_receiver_that_is_down_gives_a_failed_delivery_not_an_exception():
    url = f"http://127.0.0.1:{closed_port()}/hook"

    delivery = deliver(url, "job.succeeded", {"job": "j5"}, SECRET, allow=LOOPBACK, attempts=2, backoff=0)

    assert not delivery.ok and delivery.status is None and delivery.attempts == 2
    assert "refused" in delivery.error.lower()


@pytest.mark.parametrize("url, reason", [
    ("http://127.0.0.1/", "loopback"),
    ("http://localhost:8000/hook", "loopback"),
    ("http://10.1.2.3/", "private"),
    ("http://192.168.1.20/", "private"),
    ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://100.100.100.200/", "non-public"),
    ("http://0.0.0.0/", "unspecified"),
    ("http://224.0.0.1/", "multicast"),
    ("http://[::1]/", "loopback"),
    ("http://[::ffff:127.0.0.1]/", "loopback"),
    ("http://[2002:7f00:1::]/", "loopback"),
    ("http://[fe80::1]/", "link-local"),
    ("http://[fd00::5]/", "private"),
    ("http://2130706433/", "loopback"),
])
def test_an_address_inside_the_network_is_refused_with_how_to_allow_it(url, reason):
    with pytest.raises(WebhookRefused, match=reason) as refused:
        check_webhook_url(url)
    assert "FILMCREW_WEBHOOK_ALLOW" in str(refused.value)


@pytest.mark.parametrize("url, reason", [
    ("ftp://example.com/hook", "http:// or https://"),
    ("file:///etc/passwd", "http:// or https://"),
    ("http://user:pw@example.com/", "user name or password"),
    ("http:///hook", "no host"),
    ("http://[::1/", "malformed"),
    ("http://example.com:99999/", "malformed"),
    ("http://example.com/a b", "spaces"),
])
def test_a_url_that_is_not_plain_http_is_refused(url, reason):
    with pytest.raises(WebhookRefused, match=reason):
        check_webhook_url(url)


def test_the_allow_list_lets_chosen_hosts_addresses_and_ranges_through():
    check_webhook_url("http://127.0.0.1:9000/", allow=["127.0.0.1"])
    check_webhook_url("http://127.0.0.9/", allow=["127.0.0.0/8"])
    check_webhook_url("http://10.1.2.3/", allow=["10.0.0.0/8"])
    check_webhook_url("http://localhost/", allow=["localhost"])
    check_webhook_url("http://[::ffff:127.0.0.1]/", allow=["127.0.0.1"])
    check_webhook_url("http://[::1]/", allow=["::1"])
    with pytest.raises(WebhookRefused):
        check_webhook_url("http://10.1.2.3/", allow=["10.9.0.0/16", "localhost"])
    with pytest.raises(WebhookRefused):
        check_webhook_url("http://169.254.169.254/", allow=["127.0.0.1"])


def test_the_setting_is_a_comma_list_and_a_bad_range_is_named():
    assert parse_allow(" localhost, 10.0.0.0/8 ,,127.0.0.1 ") == ("localhost", "10.0.0.0/8", "127.0.0.1")
    assert parse_allow(None) == ()
    with pytest.raises(ValueError, match="10.0.0.0/33"):
        parse_allow("10.0.0.0/33")


def test_a_refused_address_raises_from_deliver_and_sends_nothing(receiver):
    with pytest.raises(WebhookRefused, match="loopback"):
        deliver(receiver.url, "job.succeeded", {"job": "j6"}, SECRET)
    assert receiver.received == []


def test_each_attempt_resolves_again_and_connects_only_to_the_checked_address(receiver, monkeypatch):
    """DNS rebinding: the name first points at the (allowed) receiver, which fails; on the retry it points
    inside the network, and the delivery stops there instead of following it."""
    answers = iter(["127.0.0.1", "10.0.0.7"])
    real = socket.getaddrinfo

    def resolve(host, port, *args, **kwargs):
        if host == "hooks.example.test":
            return real(next(answers), port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    receiver.answers = [500]
    port = receiver.server.server_port

    with pytest.raises(WebhookRefused, match="10.0.0.7"):
        deliver(f"http://hooks.example.test:{port}/h", "job.succeeded", {"job": "j7"}, SECRET,
                allow=LOOPBACK, backoff=0)

    [got] = receiver.received  # the first attempt reached the checked address, under the URL's name
    assert got["headers"]["Host"] == f"hooks.example.test:{port}"
