"""Render seeds that keep a film consistent: one per character and one per location.

A shot's seed is its lead character's (the first of ``Shot.characters``), or its location's when
nobody is in frame, so the same person or place is drawn from the same noise in every shot. Both
planners use these, and the shot critic checks them.
"""

from __future__ import annotations

import hashlib

from agents.schemas import Brief, Scene, Shot


def stable_seed(base: int, *parts: object) -> int:
    """A seed derived from ``base`` and ``parts``, the same on every machine and in every run."""
    text = ":".join([str(base), *map(str, parts)])
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:4], "big") & 0x7FFFFFFF


def character_seed(base: int, name: str) -> int:
    """The seed of every shot led by the character ``name``.

    Args:
        base: ``Brief.seed``; a different base moves every seed.
        name: The character's name as the script spells it.
    """
    return stable_seed(base, "character", name)


def location_seed(base: int, location: str) -> int:
    """The seed of every shot with nobody in frame at ``location``.

    Args:
        base: ``Brief.seed``.
        location: The location's name as the script spells it.
    """
    return stable_seed(base, "location", location)


def expected_seed(brief: Brief, scene: Scene, shot: Shot) -> int:
    """The seed ``shot`` should have: its lead character's, else its scene location's."""
    if shot.characters:
        return character_seed(brief.seed, shot.characters[0])
    return location_seed(brief.seed, scene.location)
