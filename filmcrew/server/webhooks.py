"""Signed webhooks, sent only to addresses outside the server's own network.

A webhook is a ``POST`` of compact UTF-8 JSON with two headers: ``X-Filmcrew-Event`` (what happened)
and ``X-Filmcrew-Signature: sha256=<hex HMAC-SHA256 of the raw body, keyed with the team's webhook
secret>``. A receiver checks it with :func:`verify_signature` (or the same three lines of ``hmac``).

The address guard: a URL whose host resolves to a loopback, private, link-local, multicast, reserved
or unspecified address (or an IPv6 form that wraps one: IPv4-mapped, 6to4, Teredo, NAT64) is refused,
so a team cannot make the server call into its own network (cloud metadata at 169.254.169.254, an admin
port on 127.0.0.1...). ``FILMCREW_WEBHOOK_ALLOW`` (a comma list of host names, addresses and CIDR
ranges, parsed by :func:`parse_allow`) lets chosen ones through. Each attempt resolves the host again,
checks every address, and connects to a checked address itself, so DNS that changes its answer
(rebinding) cannot slip an inside address in between the check and the connection. Redirects are
never followed, and proxy environment variables are not used.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import ipaddress
import json
import socket
import time
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

SIGNATURE_HEADER = "X-Filmcrew-Signature"
EVENT_HEADER = "X-Filmcrew-Event"
ALLOW_SETTING = "FILMCREW_WEBHOOK_ALLOW"
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class WebhookRefused(ValueError):
    """A webhook URL the server will not call; the message says why and how to allow it."""


@dataclass
class Delivery:
    """How sending a webhook went.

    Attributes:
        ok: The receiver answered 2xx.
        status: The last HTTP status received, or None if no attempt got an answer.
        attempts: Attempts made.
        error: Why it failed (None when ``ok``).
    """

    ok: bool
    status: int | None
    attempts: int
    error: str | None


def parse_allow(value: str | None) -> tuple[str, ...]:
    """Split the ``FILMCREW_WEBHOOK_ALLOW`` setting (``"localhost, 10.0.0.0/8"``) into its entries.

    Raises:
        ValueError: An entry with a ``/`` is not a valid CIDR range (the message names it).
    """
    entries = tuple(e.strip() for e in (value or "").split(",") if e.strip())
    for entry in entries:
        if "/" in entry:
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(f"{ALLOW_SETTING} entry {entry!r} is not a valid CIDR range such as "
                                 "10.0.0.0/8 or fd00::/8") from None
    return entries


def _forms(address: _Address) -> list[_Address]:
    """Any IPv4 address an IPv6 form carries inside it (IPv4-mapped, 6to4, Teredo, NAT64), then the
    address itself."""
    found: list[_Address] = []
    if isinstance(address, ipaddress.IPv6Address):
        found += [a for a in (address.ipv4_mapped, address.sixtofour) if a is not None]
        if address.teredo:
            found += list(address.teredo)
        if address in _NAT64:
            found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return found + [address]


def _why_inside(address: _Address) -> str | None:
    """What makes ``address`` one of the server's own network's, or None for a public address."""
    for kind in ("loopback", "link_local", "multicast", "unspecified", "private", "reserved"):
        if getattr(address, f"is_{kind}"):
            return kind.replace("_", "-")
    return None if address.is_global else "non-public"


def _parse(url: str):
    """Split ``url``, refusing what is not a plain http(s) URL with a host and no credentials."""
    if any(c <= " " or c == "\x7f" for c in url):
        raise WebhookRefused(f"webhook URL {url!r} must not hold spaces or control characters")
    try:
        parts = urlsplit(url)
        parts.port, parts.hostname  # noqa: B018 - both parse lazily and raise ValueError when bad
    except ValueError:
        raise WebhookRefused(f"webhook URL {url!r} is malformed (its host or port)") from None
    if parts.scheme not in ("http", "https"):
        raise WebhookRefused(f"webhook URL {url!r} must start with http:// or https://")
    if parts.username is not None or parts.password is not None:
        raise WebhookRefused("webhook URL must not carry a user name or password; authenticate the "
                             f"webhook by its {SIGNATURE_HEADER} header instead")
    if not (parts.hostname or "").rstrip("."):
        raise WebhookRefused(f"webhook URL {url!r} has no host")
    return parts


def _check(url: str, allow: Sequence[str]) -> tuple[str, int, list[tuple[int, tuple]]]:
    """Check ``url`` and return its host, port and the checked addresses to connect to.

    Raises:
        WebhookRefused: the URL or one of its addresses is refused.
        OSError: the host does not resolve (``socket.gaierror``).
    """
    how = f"; to allow it, add the host or its address range to {ALLOW_SETTING} (a comma list)"
    parts = _parse(url)
    host = parts.hostname.rstrip(".")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    names = {e.lower().rstrip(".") for e in allow if "/" not in e and not _is_ip(e)}
    networks = [ipaddress.ip_network(e, strict=False) for e in allow if "/" in e or _is_ip(e)]
    answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    checked = [(family, sockaddr) for family, _, _, _, sockaddr in answers]
    if host.lower() in names:
        return host, port, checked
    for _, sockaddr in checked:
        address = ipaddress.ip_address(sockaddr[0].split("%")[0])
        forms = _forms(address)
        if any(f.version == n.version and f in n for f in forms for n in networks):
            continue
        for form in forms:
            why = _why_inside(form)
            if why:
                wraps = "" if form == address else f" wraps {form},"
                if _is_ip(host):
                    where = f"{host}{wraps}" if wraps else f"{host} is"
                else:
                    where = f"{host} resolves to {address}," + (f" which{wraps}" if wraps else "")
                article = "an" if why[0] in "aeiou" else "a"
                raise WebhookRefused(f"webhook URL {url!r} is refused: {where} {article} {why} address inside "
                                     f"the server's network{how}")
    return host, port, checked


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def check_webhook_url(url: str, allow: Sequence[str] = ()) -> None:
    """Refuse a webhook URL the server must not call.

    Args:
        url: An ``http://`` or ``https://`` URL with a host and no user name or password.
        allow: Host names (``localhost``), addresses (``127.0.0.1``) and CIDR ranges (``10.0.0.0/8``)
            let through although inside the network; usually ``parse_allow(FILMCREW_WEBHOOK_ALLOW)``.

    Raises:
        WebhookRefused: The URL is malformed, its host does not resolve, or any of its addresses is
            loopback, private, link-local, multicast, reserved, unspecified or wraps one of those, and
            ``allow`` does not let it through.
    """
    try:
        _check(url, allow)
    except OSError as exc:
        raise WebhookRefused(f"webhook URL {url!r} is refused: its host does not resolve ({exc})") from None
    except UnicodeError:  # the idna codec: an empty label, or one longer than 63 characters
        raise WebhookRefused(f"webhook URL {url!r} has a host name that is not valid (a part between dots is "
                             "empty or longer than 63 characters)") from None


def sign(body: bytes, secret: str) -> str:
    """The ``X-Filmcrew-Signature`` value of ``body``: ``sha256=`` and the hex HMAC-SHA256."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify_signature(body: bytes, secret: str, header: str) -> bool:
    """Whether ``header`` (the ``X-Filmcrew-Signature`` a receiver got) signs ``body`` with ``secret``.

    Args:
        body: The raw request body, exactly as received (before any JSON parsing).
        secret: The team's webhook secret.
        header: The header's value, ``sha256=<hex>``.
    """
    if not isinstance(header, str):
        return False
    return hmac.compare_digest(sign(body, secret).encode(), header.strip().lower().encode())


def _connection(scheme: str, host: str, port: int, addresses: list[tuple[int, tuple]],
                timeout: float) -> http.client.HTTPConnection:
    """An HTTP(S) connection to ``host`` (Host header, TLS name) that connects to ``addresses`` only."""
    def connect(_address, timeout_, _source=None):
        error: OSError = OSError(f"no address for {host}")
        for family, sockaddr in addresses:
            sock = socket.socket(family, socket.SOCK_STREAM)
            try:
                sock.settimeout(timeout_)
                sock.connect(sockaddr)
                return sock
            except OSError as exc:
                sock.close()
                error = exc
        raise error

    if scheme == "https":
        import ssl

        conn = http.client.HTTPSConnection(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
    conn._create_connection = connect  # http.client's hook for opening the socket
    return conn


def deliver(url: str, event: str, payload: dict, secret: str, *, allow: Sequence[str] = (),
            timeout: float = 10, attempts: int = 3, backoff: float = 0.5) -> Delivery:
    """POST a signed webhook, retrying connection errors and 5xx answers.

    Args:
        url: The receiver; checked again right before each attempt.
        event: The ``X-Filmcrew-Event`` value, e.g. ``film.done``.
        payload: The JSON body.
        secret: The team's webhook secret.
        allow: As in :func:`check_webhook_url`.
        timeout: Seconds to connect and for each read.
        attempts: Most attempts; 4xx and 3xx answers end the delivery at once (redirects are not followed).
        backoff: Seconds before the second attempt, doubled before each further one.

    Returns:
        How it went; network errors never raise.

    Raises:
        WebhookRefused: The URL or an address it resolves to is refused.
    """
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    parts = _parse(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "filmcrew-webhook",
               EVENT_HEADER: event, SIGNATURE_HEADER: sign(body, secret)}
    status: int | None = None
    error = "no attempt made"
    for attempt in range(1, max(1, attempts) + 1):
        if attempt > 1 and backoff > 0:
            time.sleep(backoff * 2 ** (attempt - 2))
        try:
            host, port, addresses = _check(url, allow)  # WebhookRefused goes up
        except OSError as exc:
            error = f"cannot resolve the webhook host: {exc}"
            continue
        conn = _connection(parts.scheme, host, port, addresses, timeout)
        try:
            conn.request("POST", target, body=body, headers=headers)
            response = conn.getresponse()
            response.read(65536)
            status = response.status
        except (OSError, http.client.HTTPException) as exc:
            error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            continue
        finally:
            conn.close()
        if 200 <= status < 300:
            return Delivery(True, status, attempt, None)
        if 300 <= status < 400:
            return Delivery(False, status, attempt, f"HTTP {status}: redirects are not followed; give the "
                                                    "final URL")
        error = f"HTTP {status}"
        if status < 500:
            return Delivery(False, status, attempt, error)
    return Delivery(False, status, max(1, attempts), error)
