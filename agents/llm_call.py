"""One chat request that survives real OpenAI-compatible servers, and says clearly when it cannot.

`Chat.complete` sends a conversation and returns the assistant's text once the server has given a
whole answer. On the way it:

1. asks for structured output in the best mode the server takes: a strict ``json_schema``
   ``response_format``; on HTTP 400/422, ``{"type": "json_object"}`` with the schema written into
   the prompt; then no ``response_format`` at all, schema in the prompt. The mode that worked is
   remembered per model for the planner's later calls;
2. retries once with a request for a shorter answer (and twice the output tokens, when a limit was
   set) when the answer was cut off (``finish_reason="length"``);
3. retries once when the server sends no choices;
4. raises `LLMError` naming the stage, the model and the server for everything else: HTTP errors
   once the client's own retries (``max_retries``, which honour ``retry-after``) are spent,
   timeouts, refused connections, refusals, the content filter.

Before every HTTP request it reserves the request's estimated cost on the `Ledger` (which refuses it
with `BudgetExceededError` when the budget would be passed) and records the real usage after it.
It never sleeps; only the ``openai`` client waits between its retries.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from typing import Any

import openai
import pydantic

from agents.accounting import Ledger
from agents.errors import LLMError
from agents.llm_schema import schema_for, schema_in_prompt
from agents.planner import Usage
from prompts import load_prompt

MODES = ("json_schema", "json_object", "text")
"""Structured-output modes, best first."""

OUTPUT_TOKENS = {"writer": 2000, "director": 3000, "editor": 3000}
"""Output tokens a stage's call is assumed to take, for the budget, when no limit is set."""

CLIENT_OPTIONS = ("timeout", "max_retries")
"""Planner options that configure the client (``client.with_options``), not the request."""

_CHARS_PER_TOKEN = 3


class Chat:
    """Sends chat requests for one planner, remembering which structured-output mode works.

    Args:
        client: The ``openai.OpenAI`` client.
        options: Request parameters for every call (``temperature``, ``max_completion_tokens``...);
            ``timeout`` and ``max_retries`` configure the client through ``client.with_options``.
        ledger: Where spend is reserved and recorded; None to keep no accounts.
    """

    def __init__(self, client: openai.OpenAI, options: Mapping[str, Any], ledger: Ledger | None) -> None:
        client_options = {k: options[k] for k in CLIENT_OPTIONS if k in options}
        self.client = client.with_options(**client_options) if client_options else client
        self.options = {k: v for k, v in options.items() if k not in CLIENT_OPTIONS}
        self.ledger = ledger
        self._modes: dict[str, str] = {}
        self._lock = threading.Lock()

    def mode(self, model: str) -> str:
        """The structured-output mode ``model`` is asked in (``json_schema`` until it fails)."""
        with self._lock:
            return self._modes.get(model, MODES[0])

    def complete(
        self, stage: str, model: str, messages: list[dict[str, str]], schema: type[pydantic.BaseModel]
    ) -> tuple[str, Usage]:
        """Send ``messages`` until the server gives a whole answer.

        Args:
            stage: ``writer``, ``director`` or ``editor``, for the ledger and the messages.
            model: The model to ask.
            messages: The conversation.
            schema: The answer's schema, for ``response_format`` or the prompt.

        Returns:
            The assistant's text (to be parsed) and the usage of every request sent.

        Raises:
            LLMError: No whole answer could be had; its ``usage`` holds what the attempts spent.
            BudgetExceededError: The next request could take the run over its budget.
        """
        where = f"the {stage} (model {model!r} at {self.client.base_url})"
        usage, options, messages = Usage(), dict(self.options), list(messages)
        mode, shortened, emptied = self.mode(model), False, False
        while True:
            try:
                data, spent = self._send(stage, model, messages, schema, mode, options)
            except (openai.BadRequestError, openai.UnprocessableEntityError) as exc:
                usage += Usage(calls=1)
                if mode == MODES[-1]:
                    raise self._error(where, exc, usage, stage, model) from exc
                mode = MODES[MODES.index(mode) + 1]
                continue
            except openai.APIError as exc:
                raise self._error(where, exc, usage + Usage(calls=1), stage, model) from exc
            usage += spent
            choices = data.get("choices") if isinstance(data, dict) else None
            choice = choices[0] if choices and isinstance(choices[0], dict) else {}
            message = choice.get("message") if isinstance(choice.get("message"), dict) else {}
            finish = choice.get("finish_reason")
            problem = None
            if not choices:
                if not emptied:
                    emptied = True
                    continue
                problem = "answered twice with no choices; check that the server serves chat completions"
                error = data.get("error") if isinstance(data, dict) else None
                if error:
                    detail = error.get("message", error) if isinstance(error, dict) else error
                    problem = f"answered twice with an error instead of a completion: {detail}"
                elif not isinstance(data, dict):
                    start = str(data)[:60]
                    problem = (
                        f"answered twice with something that is not a chat completion ({start!r}); check "
                        "that the base URL is the server's OpenAI-compatible API, usually ending in /v1"
                    )
            elif message.get("refusal"):
                problem = f"refused to answer: {message['refusal']}"
            elif finish == "content_filter":
                problem = "was stopped by the server's content filter; rephrase the idea"
            elif finish == "length":
                if not shortened:
                    shortened, messages, options = True, _shorter(messages, schema), _more_tokens(options)
                    continue
                problem = (
                    f"ran out of output tokens twice before finishing its {schema.__name__} (finish_reason "
                    "'length'), the second time asked for a shorter answer; allow more output tokens "
                    "(max_completion_tokens) or ask for a shorter film"
                )
            if problem:
                raise LLMError(f"{where} {problem}", usage=usage, stage=stage, model=model)
            with self._lock:
                self._modes[model] = mode
            return _text(message.get("content")), usage

    # -- one HTTP request ---------------------------------------------------------------------------
    def _send(
        self,
        stage: str,
        model: str,
        messages: list[dict[str, str]],
        schema: type[pydantic.BaseModel],
        mode: str,
        options: dict[str, Any],
    ) -> tuple[Any, Usage]:
        if mode == "json_schema":
            strict = schema_for(schema, strict=True)
            fmt: dict[str, Any] | None = {
                "type": "json_schema",
                "json_schema": {"name": schema.__name__, "schema": strict, "strict": True},
            }
            sized = json.dumps(messages) + json.dumps(strict)
        else:
            messages = schema_in_prompt(messages, schema)
            fmt = {"type": "json_object"} if mode == "json_object" else None
            sized = json.dumps(messages)
        request: dict[str, Any] = {"model": model, "messages": messages, **options}
        if fmt is not None:
            request["response_format"] = fmt
        held = 0.0
        if self.ledger is not None:
            limit = (
                options.get("max_completion_tokens")
                or options.get("max_tokens")
                or OUTPUT_TOKENS.get(stage, 3000)
            )
            held = self.ledger.reserve(stage, model, len(sized) // _CHARS_PER_TOKEN + 1, int(limit))
        usage = Usage(calls=1)
        try:
            raw = self.client.chat.completions.with_raw_response.create(**request)
            try:
                data = raw.http_response.json()
            except ValueError:
                data = raw.http_response.text
            usage = _usage(data.get("usage") if isinstance(data, dict) else None)
            return data, usage
        finally:
            if self.ledger is not None:
                self.ledger.record(stage, model, usage, held)

    def _error(self, where: str, exc: openai.APIError, usage: Usage, stage: str, model: str) -> LLMError:
        text = api_problem(where, exc, self.client.max_retries + 1, self.client.timeout)
        return LLMError(text, usage=usage, stage=stage, model=model)


def api_problem(where: str, exc: openai.APIError, tries: int, timeout: Any) -> str:
    """What an ``openai`` error means for the user, and what to do about it.

    Args:
        where: Names the stage, model and server (``the writer (model 'x' at http://...)``).
        exc: The client's error, raised once its own retries were spent.
        tries: How many times the client sent the request.
        timeout: The client's timeout (seconds or an ``httpx`` timeout).
    """
    tries_text = "1 try" if tries == 1 else f"{tries} tries"
    if isinstance(exc, openai.APITimeoutError):
        return (
            f"{where} did not answer within {_seconds(timeout)} ({tries_text}); raise the request "
            "timeout (FILMCREW_LLM_TIMEOUT) or check that the server is not overloaded"
        )
    if isinstance(exc, openai.APIConnectionError):
        cause = str(exc.__cause__ or exc).rstrip(".")
        return f"{where} could not be reached ({tries_text}: {cause}); check the base URL and that the server runs"
    status = getattr(exc, "status_code", None)
    body = getattr(exc, "body", None)
    detail = body.get("message") if isinstance(body, dict) and body.get("message") else exc.message
    if isinstance(exc, openai.RateLimitError):
        return f"{where} kept answering HTTP 429 (rate limited, {tries_text}): {detail}; wait, then run again"
    if isinstance(exc, openai.InternalServerError):
        return (
            f"{where} failed with HTTP {status} ({tries_text}): {detail}; the server is failing or "
            "overloaded, run again later (finished stages are kept)"
        )
    hint = {
        openai.AuthenticationError: "set OPENAI_API_KEY to a valid key",
        openai.PermissionDeniedError: "check that the API key may use this model",
        openai.NotFoundError: "check the model name and the base URL",
        openai.UnprocessableEntityError: "check the model name and the request options",
        openai.BadRequestError: f"it was asked in every structured-output mode ({', '.join(MODES)}); "
        "check the model name and the request options",
    }
    fix = next((text for kind, text in hint.items() if isinstance(exc, kind)), "check the server's log")
    return f"{where} failed with HTTP {status}: {detail}; {fix}"


def _shorter(messages: list[dict[str, str]], schema: type[pydantic.BaseModel]) -> list[dict[str, str]]:
    """The conversation with a request for a shorter answer added to its last user message."""
    note = load_prompt("shorter").render(output=schema.__name__)
    index = max((i for i, m in enumerate(messages) if m["role"] == "user"), default=len(messages) - 1)
    changed = dict(messages[index])
    changed["content"] = f"{changed['content']}\n\n{note}"
    return [*messages[:index], changed, *messages[index + 1 :]]


def _more_tokens(options: dict[str, Any]) -> dict[str, Any]:
    """The options with any output-token limit doubled."""
    return {
        k: v * 2 if k in ("max_completion_tokens", "max_tokens") and isinstance(v, int) else v
        for k, v in options.items()
    }


def _text(content: Any) -> str:
    """The message content as text (some servers send a list of parts)."""
    if isinstance(content, list):
        return "".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return content if isinstance(content, str) else ""


def _usage(data: Any) -> Usage:
    data = data if isinstance(data, dict) else {}
    return Usage(1, int(data.get("prompt_tokens") or 0), int(data.get("completion_tokens") or 0))


def _seconds(timeout: Any) -> str:
    read = getattr(timeout, "read", timeout)
    return f"{read:g} s" if isinstance(read, (int, float)) else "the timeout"
