"""A scripted OpenAI-compatible HTTP server on loopback, for tests.

It is a real HTTP server (stdlib ``ThreadingHTTPServer`` on 127.0.0.1, a free port, served from a
thread) that speaks the parts of the OpenAI API the crew uses:

- ``POST /v1/chat/completions`` answers with a ``chat.completion`` object;
- ``GET /v1/models`` lists the models it was given;
- ``POST /v1/audio/speech`` answers a real WAV (24 kHz, 16-bit, mono) of a sine tone, `speech_seconds`
  long (0.2 s + 0.05 s per character of the input) at `voice_frequency` (a pitch per voice, so tests
  can tell voices apart). It answers raw PCM when ``response_format`` is ``pcm``.

Tests script its answers, either as a queue (each chat request takes the next reply) or with a
handler ``(request_json) -> reply`` that can route on the requested schema
(`schema_name`) or the messages' text. A reply is:

- a ``str``: the assistant message's content, as is;
- a ``dict`` or ``list``: JSON-encoded into the content;
- a `Reply`: content plus finish reason, refusal, token counts, a delay, a whole raw HTTP answer
  (status, headers, body) for error paths (`Reply.error` builds an OpenAI-style error), or a
  dropped connection (``drop=True``: the server closes the socket without answering).

A handler can play a server that rejects ``response_format`` (answer `Reply.error` with status 400
when `response_format_type` is ``json_schema``) or ignores it (answer plain text whatever it is).

Every chat request body is recorded in `ScriptedOpenAIServer.requests`, its headers in
`ScriptedOpenAIServer.headers`; every speech request body in `ScriptedOpenAIServer.speech_requests`.
Speech answers are scripted apart from chat ones (``speech=[...]`` or `add_speech`): a queued `Reply`
with ``status``/``body``/``headers`` (`Reply.error` for an HTTP error; a raw ``bytes`` body with an
``audio/mpeg`` content type plays a server that answers mp3 whatever was asked) or ``delay``/``drop``;
with the queue empty, the tone WAV.

Example::

    with ScriptedOpenAIServer(["first answer", {"title": "..."}]) as server:
        client = openai.OpenAI(base_url=server.base_url, api_key="test", max_retries=0)
        ...
        assert "heading" in server.requests[1]["messages"][-1]["content"]
"""

from __future__ import annotations

import array
import io
import json
import math
import threading
import time
import wave
import zlib
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Union

SPEECH_RATE = 24000
"""Sample rate of the speech endpoint's answers, in Hz."""


@dataclass
class Reply:
    """One scripted answer.

    Attributes:
        content: The assistant's content; a dict or list is JSON-encoded. None for no content.
        finish_reason: ``stop``, ``length``, ``content_filter``...
        refusal: A refusal message, or None.
        prompt_tokens: Reported prompt tokens; None counts the request's words.
        completion_tokens: Reported completion tokens; None counts the content's words.
        status: HTTP status code.
        headers: Extra response headers (``retry-after``...).
        body: A raw body that replaces the whole chat completion (a dict or list is JSON-encoded).
        delay: Seconds to wait before answering (longer than the client's timeout plays a read timeout).
        choices: False to answer with an empty ``choices`` list.
        drop: True to close the connection without sending any answer.
    """

    content: str | dict | list | None = None
    finish_reason: str = "stop"
    refusal: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: str | bytes | dict | list | None = None
    delay: float = 0.0
    choices: bool = True
    drop: bool = False

    @classmethod
    def error(cls, status: int, message: str, *, kind: str = "server_error", **headers: str) -> Reply:
        """An OpenAI-style error answer (``{"error": {...}}``) with the given status and headers."""
        body = {"error": {"message": message, "type": kind, "param": None, "code": None}}
        return cls(status=status, body=body, headers={k.replace("_", "-"): v for k, v in headers.items()})


ReplyLike = Union[str, dict, list, Reply]
Handler = Callable[[dict[str, Any]], ReplyLike]


def schema_name(request: dict[str, Any]) -> str | None:
    """The name of the JSON schema a chat request asks for (``Script``, ``ShotList``...), if any."""
    response_format = request.get("response_format") or {}
    return (response_format.get("json_schema") or {}).get("name")


def response_format_type(request: dict[str, Any]) -> str | None:
    """The ``response_format`` type a chat request asks for (``json_schema``, ``json_object``), if any."""
    return (request.get("response_format") or {}).get("type")


def message_text(request: dict[str, Any]) -> str:
    """All the text of a chat request's messages, joined; handy to route on what was asked."""
    return "\n".join(str(m.get("content") or "") for m in request.get("messages", []))


def speech_seconds(text: str) -> float:
    """How long the speech endpoint's answer for ``text`` is: 0.2 s + 0.05 s per character."""
    return 0.2 + 0.05 * len(text)


_VOICES = "alloy ash ballad coral echo fable nova onyx sage shimmer verse marin cedar".split()


def voice_frequency(voice: str) -> float:
    """The pitch, in Hz, of the speech endpoint's tone for ``voice``: 200-800 Hz, a different one for each
    of OpenAI's voices (other names get one of 200-975 Hz from a hash)."""
    if voice in _VOICES:
        return 200.0 + 50.0 * _VOICES.index(voice)
    return 200.0 + 25.0 * (zlib.crc32(voice.encode("utf-8")) % 32)


def speech_pcm(text: str, voice: str) -> bytes:
    """The speech endpoint's 16-bit mono samples (`SPEECH_RATE`) for ``text`` in ``voice``."""
    count = round(speech_seconds(text) * SPEECH_RATE)
    step = 2 * math.pi * voice_frequency(voice) / SPEECH_RATE
    return array.array("h", (int(8000 * math.sin(step * i)) for i in range(count))).tobytes()


def speech_wav(text: str, voice: str) -> bytes:
    """The speech endpoint's WAV answer for ``text`` in ``voice``."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SPEECH_RATE)
        out.writeframes(speech_pcm(text, voice))
    return buffer.getvalue()


class ScriptedOpenAIServer:
    """An OpenAI-compatible server on loopback whose answers the test decides.

    Args:
        replies: Answers to give, in order, one per chat request.
        handler: Called with the request JSON when the queue is empty; returns the answer.
        models: Model ids listed by ``GET /v1/models``.
        speech: Answers to give, in order, one per speech request, before the default tone WAVs.

    Attributes:
        handler: The handler; may be set after start.
        requests: JSON body of every chat completion request, in arrival order.
        headers: Headers of every chat completion request, lower-cased names.
        speech_requests: JSON body of every speech request, in arrival order.
    """

    def __init__(
        self,
        replies: Iterable[ReplyLike] = (),
        *,
        handler: Handler | None = None,
        models: Iterable[str] = ("test-model",),
        speech: Iterable[Reply] = (),
    ) -> None:
        self._queue: deque[ReplyLike] = deque(replies)
        self._speech_queue: deque[Reply] = deque(speech)
        self.speech_requests: list[dict[str, Any]] = []
        self.handler = handler
        self._lock = threading.Lock()
        self._counter = 0
        self.models = list(models)
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------------
    def start(self) -> ScriptedOpenAIServer:
        """Bind a free loopback port and serve from a daemon thread."""
        server = self

        class _Handler(_ChatHandler):
            owner = server

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="openai-test-server",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port."""
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> ScriptedOpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``, without the ``/v1`` suffix."""
        if self._httpd is None:
            raise RuntimeError("the test server is not running; use it as a context manager or call start()")
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    @property
    def base_url(self) -> str:
        """The URL to give an OpenAI client: `url` + ``/v1``."""
        return self.url + "/v1"

    # -- scripting -------------------------------------------------------------------------------
    def add(self, *replies: ReplyLike) -> None:
        """Queue more answers."""
        with self._lock:
            self._queue.extend(replies)

    def add_speech(self, *replies: Reply) -> None:
        """Queue answers for speech requests (an error, or a raw body that is not a WAV)."""
        with self._lock:
            self._speech_queue.extend(replies)

    def _next_speech(self, request: dict[str, Any]) -> Reply:
        with self._lock:
            self.speech_requests.append(request)
            if self._speech_queue:
                return self._speech_queue.popleft()
        text, voice = str(request.get("input", "")), str(request.get("voice", ""))
        if request.get("response_format") == "pcm":
            return Reply(body=speech_pcm(text, voice), headers={"content-type": "audio/pcm"})
        return Reply(body=speech_wav(text, voice), headers={"content-type": "audio/wav"})

    @property
    def pending(self) -> int:
        """Queued answers not given yet."""
        with self._lock:
            return len(self._queue)

    def _next_reply(self, request: dict[str, Any], headers: dict[str, str]) -> tuple[int, Reply]:
        with self._lock:
            self.requests.append(request)
            self.headers.append(headers)
            self._counter += 1
            number = self._counter
            queued = self._queue.popleft() if self._queue else None
        if queued is None and self.handler is not None:
            queued = self.handler(request)
        if queued is None:
            queued = Reply.error(500, f"the test server has no scripted reply for request {number}")
        return number, queued if isinstance(queued, Reply) else Reply(content=queued)

    def _completion(self, number: int, request: dict[str, Any], reply: Reply) -> dict[str, Any]:
        content = reply.content
        if isinstance(content, (dict, list)):
            content = json.dumps(content, ensure_ascii=False)
        prompt_tokens = reply.prompt_tokens
        if prompt_tokens is None:
            prompt_tokens = len(message_text(request).split())
        completion_tokens = reply.completion_tokens
        if completion_tokens is None:
            completion_tokens = len((content or "").split())
        message = {"role": "assistant", "content": content, "refusal": reply.refusal}
        choices = [{"index": 0, "message": message, "finish_reason": reply.finish_reason, "logprobs": None}]
        return {
            "id": f"chatcmpl-test-{number}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": request.get("model", "test-model"),
            "choices": choices if reply.choices else [],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }


class _ChatHandler(BaseHTTPRequestHandler):
    owner: ScriptedOpenAIServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Keep the test output quiet."""

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        if self.path.rstrip("/") == "/v1/models":
            models = self.owner.models
            data = [{"id": m, "object": "model", "created": 0, "owned_by": "tests"} for m in models]
            self._send(200, {"object": "list", "data": data})
        else:
            self._send(404, Reply.error(404, f"no route GET {self.path}", kind="not_found").body)

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length)
        if self.path.rstrip("/") == "/v1/audio/speech":
            self._speech(raw)
            return
        if self.path.rstrip("/") != "/v1/chat/completions":
            self._send(404, Reply.error(404, f"no route POST {self.path}", kind="not_found").body)
            return
        try:
            request = json.loads(raw or b"{}")
        except json.JSONDecodeError as exc:
            error = Reply.error(400, f"request body is not JSON: {exc}", kind="invalid_request_error")
            self._send(400, error.body)
            return
        headers = {k.lower(): v for k, v in self.headers.items()}
        number, reply = self.owner._next_reply(request, headers)
        if reply.delay:
            time.sleep(reply.delay)
        if reply.drop:
            self.close_connection = True
            return
        body = reply.body if reply.body is not None else self.owner._completion(number, request, reply)
        try:
            self._send(reply.status, body, reply.headers)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up waiting (a read timeout)

    def _speech(self, raw: bytes) -> None:
        try:
            request = json.loads(raw or b"{}")
        except json.JSONDecodeError as exc:
            error = Reply.error(400, f"request body is not JSON: {exc}", kind="invalid_request_error")
            self._send(400, error.body)
            return
        reply = self.owner._next_speech(request)
        if reply.delay:
            time.sleep(reply.delay)
        if reply.drop:
            self.close_connection = True
            return
        try:
            self._send(reply.status, reply.body if reply.body is not None else b"", reply.headers)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        if isinstance(body, (dict, list)):
            payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
            content_type = "application/json"
        else:
            payload = body.encode("utf-8") if isinstance(body, str) else bytes(body)
            content_type = "text/plain; charset=utf-8"
        self.send_response(status)
        extra = {k.lower(): v for k, v in (headers or {}).items()}
        self.send_header("content-type", extra.pop("content-type", content_type))
        self.send_header("content-length", str(len(payload)))
        for key, value in extra.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(payload)
