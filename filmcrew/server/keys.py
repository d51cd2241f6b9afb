"""API keys of the content teams, stored hashed in ``FILMCREW_HOME/keys.json``.

A key reads ``fck_<key id>_<secret>``. The store keeps, per key, its team, id, creation time, a random
salt, ``sha256(salt + key)`` and the team's webhook secret (kept as is: the server signs with it). The
key itself is shown once, by :meth:`KeyStore.create`, and never written anywhere.

Why SHA-256 and not scrypt or PBKDF2: every request verifies a key, and a slow hash would cost
milliseconds each time. Slow hashes protect guessable passwords; these keys carry 256 random bits, so
even a stolen ``keys.json`` cannot be brute-forced however fast the hash is. The salt keeps equal keys
(there are none) and precomputed tables out of play.

The file is re-read when it changes on disk, so ``filmcrew keys create`` in another process takes
effect on a running server without a restart. Writers hold an ``fcntl`` lock on ``.keys.lock`` so two
processes never lose each other's keys; the file is replaced atomically and is never readable by
others (mode 0600).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from filmcrew.errors import FilmcrewError
from filmcrew.server.webhooks import SIGNATURE_HEADER
from tools.files import write_text_atomic

TEAM_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
"""A team name: 1 to 40 lowercase letters, digits, ``_`` and ``-``, starting with a letter or digit."""

FILE = "keys.json"
LOCK = ".keys.lock"
PREFIX = "fck_"
_KEY = re.compile(r"^fck_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$")
_DUMMY_SALT = bytes(16)


@dataclass(frozen=True)
class IssuedKey:
    """A new key, as handed to the team once.

    Attributes:
        team: The team the key belongs to.
        key_id: The key's public id (for listing and revoking).
        key: The bearer token; only its hash is stored.
        webhook_secret: Signs the webhooks sent to the team's services.
    """

    team: str
    key_id: str
    key: str
    webhook_secret: str


@dataclass(frozen=True)
class KeyRecord:
    """A stored, live key as the server sees it.

    Attributes:
        team: The team the key belongs to.
        key_id: The key's public id.
        created: When it was made (seconds since the epoch).
        webhook_secret: Signs the webhooks of the jobs made with this key.
    """

    team: str
    key_id: str
    created: float
    webhook_secret: str


class _Stored(BaseModel):
    """One key in ``keys.json``."""

    model_config = ConfigDict(extra="forbid")
    team: str
    key_id: str
    created: float
    salt: str
    sha256: str
    webhook_secret: str
    revoked: float | None = None

    def record(self) -> KeyRecord:
        return KeyRecord(self.team, self.key_id, self.created, self.webhook_secret)


class _File(BaseModel):
    """The whole of ``keys.json``."""

    model_config = ConfigDict(extra="forbid")
    version: int = 1
    keys: list[_Stored] = []


def check_team(team: str) -> str:
    """Return ``team`` when it is a valid team name.

    Raises:
        ValueError: It is not (the message gives the rule).
    """
    if not isinstance(team, str) or not TEAM_NAME.fullmatch(team):
        raise ValueError(f"team name {team!r} is not valid: use 1 to 40 lowercase letters, digits, '_' "
                         "or '-', starting with a letter or digit")
    return team


def _digest(salt: bytes, key: str) -> str:
    return hashlib.sha256(salt + key.encode("utf-8")).hexdigest()


class KeyStore:
    """The teams' API keys in ``home / "keys.json"``; safe to share between threads."""

    def __init__(self, home: Path) -> None:
        self.home = Path(home)
        self.path = self.home / FILE
        self._mutex = threading.Lock()
        self._seen: tuple[int, int, int] | None = None
        self._keys: dict[str, _Stored] = {}

    def create(self, team: str) -> IssuedKey:
        """Make a key for ``team`` (a team may hold several, to rotate them).

        Raises:
            ValueError: ``team`` is not a valid team name.
            FilmcrewError: ``keys.json`` is damaged.
        """
        check_team(team)
        with self._writing() as keys:
            key_id = secrets.token_hex(8)
            while key_id in keys:
                key_id = secrets.token_hex(8)
            key = f"{PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
            salt = secrets.token_bytes(16)
            stored = _Stored(team=team, key_id=key_id, created=time.time(), salt=salt.hex(),
                             sha256=_digest(salt, key), webhook_secret=secrets.token_urlsafe(32))
            keys[key_id] = stored
        return IssuedKey(team, key_id, key, stored.webhook_secret)

    def verify(self, key: str) -> KeyRecord | None:
        """The live key that ``key`` is, or None for an unknown, malformed or revoked key.

        Raises:
            FilmcrewError: ``keys.json`` is damaged.
        """
        match = _KEY.fullmatch(key) if isinstance(key, str) else None
        if match is None:
            return None
        with self._mutex:
            self._refresh()
            stored = self._keys.get(match.group(1))
        salt = bytes.fromhex(stored.salt) if stored else _DUMMY_SALT
        expected = stored.sha256 if stored else "0" * 64
        same = hmac.compare_digest(_digest(salt, key), expected)
        if not same or stored is None or stored.revoked is not None:
            return None
        return stored.record()

    def get(self, key_id: str) -> KeyRecord | None:
        """The live key with id ``key_id`` (to find the webhook secret of a job's key), or None."""
        with self._mutex:
            self._refresh()
            stored = self._keys.get(key_id)
        return stored.record() if stored and stored.revoked is None else None

    def revoke(self, key_id: str) -> bool:
        """Revoke a key at once, in this process and in every server reading the same file.

        Returns:
            True if the key was live; False if there is no such key or it was revoked already.
        """
        with self._writing() as keys:
            stored = keys.get(key_id)
            if stored is None or stored.revoked is not None:
                return False
            keys[key_id] = stored.model_copy(update={"revoked": time.time()})
        return True

    def list(self) -> list[KeyRecord]:
        """The live keys, oldest first."""
        with self._mutex:
            self._refresh()
            live = [s for s in self._keys.values() if s.revoked is None]
        return [s.record() for s in sorted(live, key=lambda s: s.created)]

    # -- the file ---------------------------------------------------------------------------------

    def _refresh(self) -> None:
        """Re-read the file when it is not the one read last (inode, mtime or size differ)."""
        try:
            st = self.path.stat()
        except FileNotFoundError:
            self._seen, self._keys = None, {}
            return
        seen = (st.st_ino, st.st_mtime_ns, st.st_size)
        if seen != self._seen:
            self._keys = self._read()
            self._seen = seen

    def _read(self) -> dict[str, _Stored]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError) as exc:
            raise FilmcrewError(f"cannot read the API keys in {self.path}: {exc}") from None
        try:
            data = _File.model_validate(json.loads(text))
        except (ValueError, ValidationError) as exc:
            reason = str(exc).splitlines()[0]
            raise FilmcrewError(f"the API keys file {self.path} is damaged ({reason}): restore it from a "
                                "backup, or move it away and create new keys with `filmcrew keys create "
                                "TEAM`") from None
        return {s.key_id: s for s in data.keys}

    @contextmanager
    def _writing(self) -> Iterator[dict[str, _Stored]]:
        """Read the file afresh under the lock, let the caller change the keys, write them back."""
        import fcntl

        self.home.mkdir(parents=True, exist_ok=True)
        with self._mutex, open(self.home / LOCK, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            keys = self._read()
            before = dict(keys)
            yield keys
            if keys != before:
                write_text_atomic(self.path, _File(keys=list(keys.values())).model_dump_json(indent=2) + "\n",
                                  mode=0o600, sync=True)
                st = self.path.stat()
                self._keys, self._seen = keys, (st.st_ino, st.st_mtime_ns, st.st_size)


def main_create(home: Path, team: str) -> str:
    """Make a key for ``team`` and return what ``filmcrew keys create TEAM`` prints.

    Raises:
        ValueError: ``team`` is not a valid team name.
        FilmcrewError: ``keys.json`` is damaged.
    """
    issued = KeyStore(home).create(team)
    return "\n".join([
        f"API key for team {issued.team} (key id {issued.key_id}). It is shown only now; keep it secret:",
        "",
        f"  {issued.key}",
        "",
        "Send it with every /v1 request:",
        "",
        f"  Authorization: Bearer {issued.key}",
        "",
        "Webhook secret (also shown only now):",
        "",
        f"  {issued.webhook_secret}",
        "",
        (f"Every webhook of this key's jobs carries {SIGNATURE_HEADER}: sha256=<hex HMAC-SHA256 of the raw "
         "request body, keyed with the webhook secret>. Compute it yourself and compare in constant time "
         "before trusting the webhook."),
        f"Use the key id {issued.key_id} to list or revoke the key.",
    ])
