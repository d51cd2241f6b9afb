"""The HTTP API (FastAPI): film jobs for content teams, under ``/v1``, each request with a team's key.

    filmcrew serve --host 127.0.0.1 --port 8000      # data under FILMCREW_HOME

A team sees only its own jobs: another team's job id answers 404, exactly like one that does not
exist. Files are served only from a fixed list of names inside the job's session folder.
"""

from __future__ import annotations

import asyncio
import json
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse

from filmcrew.errors import UsageError
from filmcrew.server.jobs import Busy, JobManager, LimitError, Limits, NotFound
from filmcrew.server.keys import KeyStore
from filmcrew.server.models import FilmRequest, Job, JobPage, Problem, RevisionRequest
from filmcrew.server.web import mount_web
from filmcrew.settings import Settings

FILES = {"film.mp4": "video/mp4", "film.srt": "application/x-subrip", "film.vtt": "text/vtt",
         "timeline.otio": "application/json", "timeline.edl": "text/plain", "script.fountain": "text/plain",
         "storyboard.png": "image/png", "storyboard-preview.png": "image/png", "manifest.json": "application/json",
         "script.json": "application/json", "shots.json": "application/json", "edit.json": "application/json"}
ERRORS = {400: {"model": Problem}, 401: {"model": Problem}, 404: {"model": Problem}, 409: {"model": Problem},
          422: {"model": Problem}, 429: {"model": Problem}}
FILE = {200: {"content": {kind: {} for kind in sorted(set(FILES.values()))}}}
EVENT = {"type": "object", "required": ["data"], "properties": {
    "event": {"type": "string", "description": "the kind: job, start, shot, info, done, warning, end..."},
    "data": {"type": "string", "description": "the event as a JSON object"}}}


class BodyLimit:
    """ASGI middleware: a request body over ``limit`` bytes gets 429 before the app sees it, whether its
    length is declared or it is streamed in chunks (the body is read here, at most ``limit + 1`` bytes,
    and handed on)."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        body, more = b"", True
        if not (declared.isdigit() and int(declared) > self.limit):
            while more and len(body) <= self.limit:
                message = await receive()
                if message["type"] != "http.request":
                    await self.app(scope, receive, send)
                    return
                body += message.get("body", b"")
                more = message.get("more_body", False)
        if (declared.isdigit() and int(declared) > self.limit) or len(body) > self.limit:
            response = JSONResponse({"detail": f"the request body is over the limit of {self.limit} bytes"},
                                    status_code=429)
            await response(scope, receive, send)
            return
        sent = False

        async def replay() -> dict:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def team_of(request: Request, authorization: Annotated[str | None, Header()] = None) -> tuple[str, str]:
    """The team and key id of the request's API key (``Authorization: Bearer KEY``), or a 401."""
    scheme, _, key = (authorization or "").partition(" ")
    record = request.app.state.keys.verify(key.strip()) if scheme.lower() == "bearer" else None
    if record is None:
        raise HTTPException(401, "a valid API key is needed: Authorization: Bearer KEY "
                            "(create one with `filmcrew keys create TEAM`)", headers={"WWW-Authenticate": "Bearer"})
    return record.team, record.key_id


Team = Annotated[tuple[str, str], Depends(team_of)]


def create_app(home: Path, settings: Settings, *, workers: int = 2, limits: Limits | None = None,
               webhook_allow: tuple[str, ...] = ()) -> FastAPI:
    """The API app over the data folder ``home`` (keys, jobs, films, the shot cache)."""
    limits = limits or Limits()
    keys = KeyStore(Path(home))

    def on_finish(job: dict[str, Any]) -> None:
        from filmcrew.server.webhooks import WebhookRefused, deliver

        record = keys.get(job["key_id"])
        if record is None:
            return
        event = "film.done" if job["status"] == "done" else "film.failed"
        try:
            delivery = deliver(job["request"]["webhook_url"], event, _job(job).model_dump(), record.webhook_secret,
                               allow=webhook_allow)
            outcome = {"ok": delivery.ok, "status": delivery.status, "attempts": delivery.attempts,
                       "error": delivery.error}
        except WebhookRefused as exc:
            outcome = {"ok": False, "status": None, "attempts": 0, "error": str(exc)}
        manager.record_webhook(job["id"], event, outcome)

    manager = JobManager(Path(home), settings, workers=workers, limits=limits, on_finish=on_finish)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        manager.recover()  # jobs a stopped server left queued or running go on from their checkpoints
        yield
        await asyncio.to_thread(manager.close)

    app = FastAPI(title="filmcrew", version="1", description="Turn an idea into a film: jobs for content teams.",
                  lifespan=lifespan)
    app.add_middleware(BodyLimit, limit=limits.max_body)
    app.state.manager, app.state.keys = manager, keys

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # Only where and what, not the input: JSON cannot carry a NaN or a lone surrogate back.
        detail = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        return JSONResponse({"detail": detail.encode("utf-8", "backslashreplace").decode("utf-8")}, status_code=422)


    def job_or_404(team: str, job_id: str) -> dict[str, Any]:
        try:
            return manager.get(team, job_id)
        except NotFound:
            raise HTTPException(404, f"no job {job_id!r}") from None

    @app.post("/v1/films", status_code=202, response_model=Job, responses=ERRORS)
    def submit_film(body: FilmRequest, who: Team) -> Job:
        """Submit a brief; the job id comes back at once and the film is made in the background."""
        if body.webhook_url:
            from filmcrew.server.webhooks import WebhookRefused, check_webhook_url

            try:
                check_webhook_url(body.webhook_url, webhook_allow)
            except WebhookRefused as exc:
                raise HTTPException(422, str(exc)) from None
        try:
            return _job(manager.submit(who[0], who[1], body))
        except LimitError as exc:
            raise HTTPException(429, str(exc)) from None
        except UsageError as exc:
            raise HTTPException(422, str(exc)) from None

    @app.get("/v1/films", response_model=JobPage, responses=ERRORS)
    def list_films(who: Team, cursor: Annotated[str | None, Query(max_length=64)] = None,
                   limit: Annotated[int, Query(ge=1, le=100)] = 20) -> JobPage:
        """The team's jobs, newest first, ``limit`` per page; pass ``next_cursor`` for the next page."""
        page, more = manager.list(who[0], cursor, limit)
        return JobPage(items=[_job(j) for j in page], next_cursor=more)

    @app.get("/v1/films/{job_id}", response_model=Job, responses=ERRORS)
    def get_film(job_id: str, who: Team) -> Job:
        """The job: status, stage, shots done of total, cost so far, ETA, versions."""
        return _job(job_or_404(who[0], job_id))

    @app.post("/v1/films/{job_id}/messages", status_code=202, response_model=Job, responses=ERRORS)
    def send_message(job_id: str, body: RevisionRequest, who: Team) -> Job:
        """Chat with a job: a revision makes a new version; ``/ok`` approves at a gate."""
        job_or_404(who[0], job_id)
        try:
            return _job(manager.message(who[0], job_id, body.message))
        except Busy as exc:
            raise HTTPException(409, str(exc)) from None

    @app.post("/v1/films/{job_id}/approve", status_code=202, response_model=Job, responses=ERRORS)
    def approve(job_id: str, who: Team) -> Job:
        """Approve the gate the job waits at."""
        job = job_or_404(who[0], job_id)
        if job["status"] != "waiting":
            raise HTTPException(409, f"job {job_id} is not waiting for approval (it is {job['status']})")
        return send_message(job_id, RevisionRequest(message="/ok"), who)

    @app.post("/v1/films/{job_id}/cancel", status_code=202, response_model=Job, responses=ERRORS)
    def cancel(job_id: str, who: Team) -> Job:
        """Cancel the job; what is finished is kept."""
        job_or_404(who[0], job_id)
        return _job(manager.cancel(who[0], job_id))

    @app.get("/v1/films/{job_id}/events", response_class=StreamingResponse,
             responses={200: {"content": {"text/event-stream": {"schema": EVENT}}}, **ERRORS})
    async def events(job_id: str, who: Team) -> StreamingResponse:
        """Server-sent events: the job's progress, the same events the CLI shows, until it stops."""
        job_or_404(who[0], job_id)
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue = asyncio.Queue()
        stop = manager.listen(job_id, lambda event: loop.call_soon_threadsafe(queue.put_nowait, event))
        past = manager.events(job_id)

        async def stream():
            try:
                for event in past:
                    yield _sse(event)
                while manager.get(who[0], job_id)["status"] in ("queued", "running"):
                    try:
                        event = await asyncio.wait_for(queue.get(), timeout=15)
                    except TimeoutError:
                        yield ": keep-alive\n\n"
                        continue
                    if event is None:
                        break
                    yield _sse(event)
                while not queue.empty():
                    event = queue.get_nowait()
                    if event is not None:
                        yield _sse(event)
                yield _sse({"event": "end", "status": manager.get(who[0], job_id)["status"]})
            finally:
                stop()
        return StreamingResponse(stream(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})

    @app.get("/v1/films/{job_id}/files/{name}", response_class=FileResponse, responses={**FILE, **ERRORS})
    def get_file(job_id: str, name: str, who: Team) -> FileResponse:
        """A file of the current cut (film.mp4 with Range requests, the sidecars, the manifest)."""
        return _file(job_or_404(who[0], job_id), None, name)

    @app.get("/v1/films/{job_id}/versions/{n}/files/{name}", response_class=FileResponse,
             responses={**FILE, **ERRORS})
    def get_version_file(job_id: str, n: int, name: str, who: Team) -> FileResponse:
        """A file of version ``n``."""
        return _file(job_or_404(who[0], job_id), n, name)

    def _file(job: dict[str, Any], n: int | None, name: str) -> FileResponse:
        if name not in FILES or job["session"] is None:
            raise HTTPException(404, f"no file {name!r} (files: {', '.join(FILES)})")
        folder = manager.folder(job) / job["session"]
        path = folder / "versions" / f"v{n}" / name if n is not None else folder / name
        if not path.is_file():
            raise HTTPException(404, f"{name} is not there (yet)")
        return FileResponse(path, media_type=FILES[name], filename=name)

    mount_web(app)
    return app


def _job(job: dict[str, Any]) -> Job:
    return Job.model_validate({k: job[k] for k in Job.model_fields if k in job})


def _sse(event: dict[str, Any]) -> str:
    return f"event: {event.get('event') or 'progress'}\ndata: {json.dumps(event, ensure_ascii=False)}\n\n"
