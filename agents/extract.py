"""Tolerant JSON extraction: the JSON object inside whatever a chat model actually sends back.

Models asked for "JSON only" still wrap it in Markdown fences, put a sentence before or after it, or
think aloud first (``<think>...</think>``), and servers that ignore ``response_format`` do so more
often. `extract_json` finds the object without changing a byte of it: what it returns is exactly
what the model wrote between the braces, so validation still sees every mistake.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from typing import Any

_THINKING = re.compile(r"<(think|thinking|reasoning)>.*?</\1>", re.DOTALL | re.IGNORECASE)
_FENCE = re.compile(r"```[ \t]*([A-Za-z0-9_-]*)[ \t]*\r?\n(.*?)```", re.DOTALL)
_MAX_CANDIDATES = 64


class NotJSONError(ValueError):
    """The text holds no JSON object. The message says what was found instead."""


def extract_json(text: str, keys: Collection[str] = ()) -> dict[str, Any]:
    """The JSON object a model's answer carries.

    Tries, in order: the whole text; each fenced code block (`````json ... `````, the ``json``
    blocks first); every ``{`` in the text, decoding one whole object from there. When several
    objects are found, the one with the most of ``keys`` at its top level wins (the first on a tie).

    Args:
        text: The assistant's content.
        keys: Top-level keys the wanted object has (the schema's properties), to skip examples
            or fragments the model quoted before the answer.

    Returns:
        The decoded object.

    Raises:
        NotJSONError: No JSON object in the text; the message quotes the decoder's complaint and
            the start of the text, prefixed ``Invalid JSON``.
    """
    body = _THINKING.sub("", text).strip().lstrip("\ufeff")
    if not body:
        raise NotJSONError("Invalid JSON: the answer is empty; send the JSON object")
    try:
        whole = json.loads(body)
    except ValueError as exc:
        whole, complaint = None, str(exc)
    else:
        if isinstance(whole, dict):
            return whole
        complaint = f"the answer is a JSON {type(whole).__name__}, not an object"
    candidates = [obj for block in _fenced(body) for obj in _objects(block)]
    candidates += _objects(body)
    if not candidates:
        start = body[:60] + ("..." if len(body) > 60 else "")
        raise NotJSONError(f"Invalid JSON: {complaint}; the answer starts {start!r}; send one JSON object")
    wanted = set(keys)
    return max(candidates, key=lambda obj: len(wanted & obj.keys()))


def _fenced(text: str) -> list[str]:
    """The bodies of the fenced code blocks, ``json``-tagged ones first."""
    blocks = [(tag.lower(), body) for tag, body in _FENCE.findall(text)]
    return [body for tag, body in blocks if tag == "json"] + [body for tag, body in blocks if tag != "json"]


def _objects(text: str) -> list[dict[str, Any]]:
    """Every JSON object that starts at a ``{`` of ``text``, outermost first, none inside another."""
    decoder = json.JSONDecoder()
    found: list[dict[str, Any]] = []
    position = text.find("{")
    tries = 0
    while position != -1 and tries < _MAX_CANDIDATES:
        tries += 1
        try:
            obj, end = decoder.raw_decode(text, position)
        except ValueError:
            position = text.find("{", position + 1)
            continue
        if isinstance(obj, dict):
            found.append(obj)
        position = text.find("{", end)
    return found
