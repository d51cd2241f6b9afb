"""What the HTTP API takes and gives: strict pydantic models (an unknown or bad field is a 422)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

JobStatus = Literal["queued", "running", "waiting", "done", "failed", "cancelled"]


class FilmRequest(BaseModel):
    """A brief for a new film.

    Attributes:
        idea: The idea, in any language.
        duration: Target length in seconds.
        aspect: Frame shape.
        resolution: ``WxH`` matching the aspect; default 1280x720, 720x1280 or 720x720.
        fps: Frames per second.
        language: Script and subtitle language (``en``, ``zh``...), or ``auto``.
        style: Visual style added to every shot prompt.
        seed: Base seed.
        backend: Render backend (``animatic`` by default; the server's settings say which are allowed).
        voice: Speech engine for the dialogue.
        music: A music file of the server's library (``$FILMCREW_HOME/music/``), by name, laid under
            the film and ducked under the dialogue.
        budget_usd: Most the job may spend on model calls.
        gates: Stop for approval after the script and after the shot list.
        webhook_url: Called (POST, signed) when the job finishes or fails.
    """

    model_config = ConfigDict(extra="forbid")

    idea: str = Field(min_length=1, max_length=4000)
    duration: float = Field(default=30.0, ge=2, le=3600)
    aspect: Literal["16:9", "9:16", "1:1"] = "16:9"
    resolution: str | None = Field(default=None, pattern=r"^\d{2,4}x\d{2,4}$")
    fps: int = Field(default=24, ge=1, le=60)
    language: str = Field(default="auto", pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$|^auto$")
    style: str | None = Field(default=None, max_length=500)
    seed: int = Field(default=0, ge=0, le=2**31 - 1)
    backend: str | None = Field(default=None, pattern=r"^[a-z0-9_-]{1,40}$")
    voice: Literal["auto", "openai", "espeak", "none"] | None = None
    music: str | None = Field(default=None, pattern=r"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$")
    budget_usd: float | None = Field(default=None, gt=0, le=10_000)
    gates: bool = False
    webhook_url: str | None = Field(default=None, max_length=2000)


class RevisionRequest(BaseModel):
    """A chat message for a job: a revision (``/shot 3 size=CU`` or words), ``/ok``, ``/back 1``...

    Attributes:
        message: What the user typed.
    """

    model_config = ConfigDict(extra="forbid")

    message: str = Field(min_length=1, max_length=4000)


class Version(BaseModel):
    """One cut of a job."""

    n: int
    what: str
    summary: str
    film: str


class Job(BaseModel):
    """A film job as the API shows it.

    Attributes:
        id: The job id.
        status: ``queued``, ``running``, ``waiting`` (at an approval gate), ``done``, ``failed``,
            ``cancelled``.
        stage: The stage the last progress event came from.
        gate: The gate the job waits at (``script`` or ``shots``), when ``waiting``.
        shots_done: Shots rendered or reused so far in the current run.
        shots_total: Shots in the film, once planned.
        cost_usd: What the model calls have cost so far.
        eta_seconds: A rough estimate of the time left, when one can be made.
        message: The last thing the job said (a gate's text, a cut's summary, an error).
        versions: The cuts made so far.
        created: When the job was submitted (epoch seconds).
        updated: When it last changed.
    """

    id: str
    status: JobStatus
    stage: str | None = None
    gate: str | None = None
    shots_done: int = 0
    shots_total: int | None = None
    cost_usd: float = 0.0
    eta_seconds: float | None = None
    message: str | None = None
    versions: list[Version] = Field(default_factory=list)
    created: float
    updated: float


class JobPage(BaseModel):
    """A page of a team's jobs, newest first."""

    items: list[Job]
    next_cursor: str | None = None


class Problem(BaseModel):
    """An error answer."""

    detail: str
