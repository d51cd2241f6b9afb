"""API keys: made, verified, revoked and listed; stored hashed in a private file that a second process
(another KeyStore) can change under a running server; bad team names and a damaged file."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from filmcrew.errors import FilmcrewError
from filmcrew.server.keys import KeyStore, main_create
from filmcrew.server.webhooks import SIGNATURE_HEADER


def test_a_new_key_verifies_as_its_team(tmp_path: Path):
    store = KeyStore(tmp_path)
    issued = store.create("news")

    record = store.verify(issued.key)

    assert record is not None
    assert (record.team, record.key_id, record.webhook_secret) == ("news", issued.key_id, issued.webhook_secret)
    assert issued.key.startswith(f"fck_{issued.key_id}_")
    assert store.get(issued.key_id) == record


def test_wrong_and_malformed_keys_verify_as_nobody(tmp_path: Path):
    store = KeyStore(tmp_path)
    issued = store.create("news")
    secret = issued.key.split("_", 2)[2]
    flipped = secret[:-1] + ("A" if secret[-1] != "A" else "B")

    assert store.verify(f"fck_{issued.key_id}_{flipped}") is None  # the right id, a wrong secret
    assert store.verify(f"fck_{'0' * 16}_{secret}") is None  # an unknown id
    for bad in ("", "fck_", issued.key_id, f"Bearer {issued.key}", issued.key + "x", issued.key.upper(),
                issued.key[4:], f"{issued.key}\n", None):
        assert store.verify(bad) is None, bad


def test_another_teams_key_id_with_a_wrong_secret_is_nobody(tmp_path: Path):
    store = KeyStore(tmp_path)
    news, sport = store.create("news"), store.create("sport")
    sport_secret = sport.key.split("_", 2)[2]

    assert store.verify(f"fck_{news.key_id}_{sport_secret}") is None
    assert store.verify(sport.key).team == "sport"
    assert store.verify(news.key).team == "news"


def test_a_revoked_key_stops_working_and_leaves_the_list(tmp_path: Path):
    store = KeyStore(tmp_path)
    old, new = store.create("news"), store.create("news")

    assert store.revoke(old.key_id) is True

    assert store.verify(old.key) is None
    assert store.verify(new.key).key_id == new.key_id
    assert [r.key_id for r in store.list()] == [new.key_id]
    assert store.revoke(old.key_id) is False
    assert store.revoke("0123456789abcdef") is False


def test_the_list_holds_every_live_key_oldest_first(tmp_path: Path):
    store = KeyStore(tmp_path)
    assert store.list() == []
    made = [store.create(team) for team in ("news", "sport", "news")]

    listed = store.list()

    assert [(r.team, r.key_id) for r in listed] == [(k.team, k.key_id) for k in made]
    assert all(r.created > 0 for r in listed)


def test_the_file_holds_no_key_and_only_its_owner_can_read_it(tmp_path: Path):
    store = KeyStore(tmp_path)
    issued = store.create("news")
    path = tmp_path / "keys.json"

    text = path.read_text()
    assert issued.key not in text
    assert issued.key.split("_", 2)[2] not in text
    assert issued.webhook_secret in text  # the server must sign with it
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    store.revoke(issued.key_id)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".keys.json")] == []  # no temp files left


def test_a_running_store_sees_keys_made_and_revoked_by_another(tmp_path: Path):
    server, cli = KeyStore(tmp_path), KeyStore(tmp_path)
    assert server.list() == []  # the server has read the (missing) file already

    issued = cli.create("news")
    assert server.verify(issued.key).team == "news"

    second = cli.create("sport")
    assert server.verify(second.key).team == "sport"

    cli.revoke(issued.key_id)
    assert server.verify(issued.key) is None
    assert [r.key_id for r in server.list()] == [second.key_id]


def test_two_stores_writing_keep_each_others_keys(tmp_path: Path):
    one, two = KeyStore(tmp_path), KeyStore(tmp_path)
    one.list()
    two.list()

    a, b, c = one.create("news"), two.create("sport"), one.create("docs")

    fresh = KeyStore(tmp_path)
    assert {r.key_id for r in fresh.list()} == {a.key_id, b.key_id, c.key_id}


@pytest.mark.parametrize("team", ["", "News", "-news", "_news", "news team", "news/../x", "ü", "a" * 41,
                                  "news\n"])
def test_a_bad_team_name_is_refused_with_the_rule(tmp_path: Path, team: str):
    with pytest.raises(ValueError, match="lowercase letters, digits"):
        KeyStore(tmp_path).create(team)
    assert not (tmp_path / "keys.json").exists()


@pytest.mark.parametrize("team", ["news", "0", "a" * 40, "tv-2_east"])
def test_good_team_names_are_taken(tmp_path: Path, team: str):
    assert KeyStore(tmp_path).create(team).team == team


@pytest.mark.parametrize("damage", ["{not json", '{"keys": [{"team": "news"}]}', "[]",
                                    '{"keys": [], "passwords": []}'])
def test_a_damaged_file_is_named_in_the_error(tmp_path: Path, damage: str):
    store = KeyStore(tmp_path)
    issued = store.create("news")
    (tmp_path / "keys.json").write_text(damage)

    for call in (lambda: store.verify(issued.key), lambda: store.list(), lambda: store.create("sport"),
                 lambda: KeyStore(tmp_path).verify(issued.key)):
        with pytest.raises(FilmcrewError, match="keys.json is damaged"):
            call()


def test_the_cli_text_shows_the_key_the_secret_and_how_to_use_them(tmp_path: Path):
    text = main_create(tmp_path, "news")

    [record] = KeyStore(tmp_path).list()
    key = next(word for word in text.split() if word.startswith("fck_"))
    assert KeyStore(tmp_path).verify(key) == record
    assert f"Authorization: Bearer {key}" in text
    assert record.webhook_secret in text
    assert SIGNATURE_HEADER in text and record.key_id in text
    stored = json.loads((tmp_path / "keys.json").read_text())
    assert [k["team"] for k in stored["keys"]] == ["news"]
