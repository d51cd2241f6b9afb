"""Shared fixtures: every test gets its own shot cache and never reads the user's settings."""

from __future__ import annotations

import pytest

_OURS = ("OPENAI_", "FILMCREW_")


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path_factory):
    """No endpoint, key or setting from the developer's shell leaks into a test."""
    import os

    for name in list(os.environ):
        if name.startswith(_OURS):
            monkeypatch.delenv(name)
    monkeypatch.setenv("FILMCREW_CACHE_DIR", str(tmp_path_factory.mktemp("shot-cache")))
