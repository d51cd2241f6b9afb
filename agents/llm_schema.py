"""The answer's JSON schema, in the two forms a chat server is given it.

Servers with structured outputs take it as a strict ``response_format`` (`schema_for` with
``strict=True``); servers without them read it in the prompt (`schema_in_prompt`).
"""

from __future__ import annotations

import json
from typing import Any

import pydantic

from prompts import load_prompt

_DROPPED_KEYWORDS = {
    "title",
    "default",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minItems",
    "maxItems",
    "format",
}


def schema_for(schema: type[pydantic.BaseModel], *, strict: bool) -> dict[str, Any]:
    """The JSON schema of ``schema`` in the form structured outputs take.

    Every object closes (``additionalProperties: false``) and lists all its properties as required;
    titles and defaults go. With ``strict``, value constraints (lengths, ranges, patterns) go too,
    since strict mode rejects some of them; pydantic checks them on the answer either way.
    """
    dropped = _DROPPED_KEYWORDS if strict else {"title", "default"}

    def clean(node: Any) -> Any:
        if isinstance(node, list):
            return [clean(item) for item in node]
        if not isinstance(node, dict):
            return node
        out = {}
        for key, value in node.items():
            if key in ("properties", "$defs"):
                out[key] = {name: clean(sub) for name, sub in value.items()}
            elif key not in dropped:
                out[key] = clean(value)
        if out.get("type") == "object" and "properties" in out:
            out["additionalProperties"] = False
            out["required"] = list(out["properties"])
        return out

    return clean(schema.model_json_schema())


def schema_in_prompt(
    messages: list[dict[str, str]], schema: type[pydantic.BaseModel]
) -> list[dict[str, str]]:
    """The conversation with the JSON schema written into its first message (for servers without it)."""
    text = load_prompt("schema").render(
        output=schema.__name__, schema=json.dumps(schema_for(schema, strict=False), ensure_ascii=False)
    )
    first = dict(messages[0])
    first["content"] = f"{first['content']}\n\n{text}"
    return [first, *messages[1:]]
