"""The OpenAI-compatible planner: the writer, director and editor as calls to a chat model.

Every call uses structured outputs (``client.chat.completions.parse`` with the answer's pydantic model),
then checks what the schema cannot say (speakers are characters, shot ids follow the scene...). An
invalid answer gets one repair round: the model sees its answer and the problems (``prompts/repair.md``)
and answers again; a second invalid answer raises `LLMError`. Token usage of every call is counted.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import openai
import pydantic

from agents.errors import LLMError
from agents.planner import Answer, Usage
from agents.schemas import Brief, Scene, Script, Shot, ShotList
from prompts import Prompt, load_prompt
from tools.timeline import EditDecisionList, check_against_clips

M = TypeVar("M", bound=pydantic.BaseModel)
STAGES = ("writer", "director", "editor")
_MAX_PROBLEMS = 8


def make_client(base_url: str | None, api_key: str | None, timeout: float, max_retries: int) -> openai.OpenAI:
    """An OpenAI client for any OpenAI-compatible server.

    Args:
        base_url: Server URL ending in ``/v1`` (OpenAI, vLLM, Ollama, LM Studio...); None for OpenAI's.
        api_key: API key; None lets the client read ``OPENAI_API_KEY``. Local servers accept any value.
        timeout: Seconds to wait for one answer.
        max_retries: Retries on connection errors, 429 and 5xx answers.

    Raises:
        LLMError: No key was given and ``OPENAI_API_KEY`` is not set.
    """
    try:
        return openai.OpenAI(base_url=base_url, api_key=api_key, timeout=timeout, max_retries=max_retries)
    except openai.OpenAIError as exc:
        raise LLMError(
            f"cannot build the OpenAI client: {exc} (set OPENAI_API_KEY; for a local server any value, "
            "such as 'local', works)"
        ) from exc


def stable_seed(base: int, *parts: object) -> int:
    """A seed derived from ``base`` and ``parts`` that is the same on every machine and every run."""
    text = ":".join([str(base), *map(str, parts)])
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:4], "big") & 0x7FFFFFFF


def scene_budget(brief: Brief, script: Script, scene: Scene) -> float:
    """The scene's share of the film's duration: weight 1 + its number of dialogue lines.

    Args:
        brief: Gives the target duration.
        script: All scenes, to share the duration between.
        scene: The scene whose share is wanted.

    Returns:
        Seconds, rounded to tenths.
    """
    weights = {s.number: 1 + len(s.dialogue) for s in script.scenes}
    return round(brief.duration * weights.get(scene.number, 1) / sum(weights.values()), 1)


class OpenAIPlanner:
    """The `agents.planner.Planner` backed by a chat model reached through the ``openai`` client.

    Args:
        client: An ``openai.OpenAI`` client (see `make_client`).
        models: Model name per stage: ``writer``, ``director``, ``editor``.
        options: Extra request parameters for every call (``temperature``, ``max_completion_tokens``...).

    Raises:
        ValueError: A stage has no model.
    """

    provider = "openai-compatible"

    def __init__(
        self, client: openai.OpenAI, models: Mapping[str, str], *, options: Mapping[str, Any] | None = None
    ) -> None:
        missing = [stage for stage in STAGES if not models.get(stage)]
        if missing:
            raise ValueError(f"models needs a model name for {', '.join(missing)}; got {dict(models)}")
        self.client = client
        self.models = {stage: models[stage] for stage in STAGES}
        self.options = dict(options or {})

    def write_script(self, brief: Brief) -> Answer[Script]:
        """The writer: a script sized to ``brief.duration``, in the brief's language."""
        prompt = load_prompt("writer/script")
        messages = prompt.messages(
            idea=brief.idea,
            duration=f"{brief.duration:g}",
            language=brief.language,
            style=brief.style,
            aspect=brief.aspect,
            scenes=max(1, round(brief.duration / 10)),
        )
        return self._ask("writer", prompt, messages, Script, _script_problems)

    def plan_shots(self, brief: Brief, script: Script, scene: Scene) -> Answer[list[Shot]]:
        """The director, for one scene: its shots, in order, ids ``S<scene:02>-<n:02>``."""
        prompt = load_prompt("director/shots")
        budget = scene_budget(brief, script, scene)
        names = list(dict.fromkeys([*scene.characters, *(line.speaker for line in scene.dialogue)]))
        cast = [c for c in script.characters if c.name in names]
        location = script.location(scene.location)
        seeds = [f"scene: {stable_seed(brief.seed, 'scene', scene.number)}"]
        seeds += [f"{c.name}: {stable_seed(brief.seed, c.name)}" for c in cast]
        messages = prompt.messages(
            title=script.title,
            style=brief.style,
            aspect=brief.aspect,
            scene_number=scene.number,
            budget=f"{budget:g}",
            shot_count=max(len(scene.dialogue) + 1, round(budget / 4)),
            scene=scene.model_dump_json(indent=2),
            characters="\n".join(f"- {c.name}: {c.description}" for c in cast) or "(nobody)",
            location=f"{location.name}: {location.look}" if location else scene.location,
            seeds="\n".join(seeds),
        )
        answer = self._ask("director", prompt, messages, ShotList, lambda s: _shot_problems(s, script, scene))
        return Answer(answer.value.shots, answer.usage, answer.prompt, answer.repaired)

    def decide_edit(
        self, brief: Brief, script: Script, shots: list[Shot], clip_seconds: dict[str, float]
    ) -> Answer[EditDecisionList]:
        """The editor: decisions over the rendered clips, whose real lengths are ``clip_seconds``."""
        prompt = load_prompt("editor/edit")
        listing = [
            shot.model_dump(include={"id", "scene", "size", "duration", "characters", "action", "dialogue"})
            for shot in shots
        ]
        messages = prompt.messages(
            title=script.title,
            logline=script.logline,
            language=script.language,
            duration=f"{brief.duration:g}",
            shots=json.dumps(listing, ensure_ascii=False, indent=1),
            clips="\n".join(f"{shot_id}: {seconds:.3f}" for shot_id, seconds in clip_seconds.items()),
        )
        known = {shot.id for shot in shots}
        usable = {shot_id: seconds for shot_id, seconds in clip_seconds.items() if shot_id in known}
        check = lambda edl: check_against_clips(edl, usable)  # noqa: E731 - a one-line check
        return self._ask("editor", prompt, messages, EditDecisionList, check)

    # -- one validated answer, with one repair round -----------------------------------------------
    def _ask(
        self,
        stage: str,
        prompt: Prompt,
        messages: list[dict[str, str]],
        schema: type[M],
        check: Callable[[M], list[str]],
    ) -> Answer[M]:
        model = self.models[stage]
        messages = list(messages)
        usage = Usage()
        for attempt in range(2):
            content, parsed, problems, call_usage = self._call(stage, model, messages, schema)
            usage += call_usage
            if parsed is not None and not problems:
                problems = check(parsed)
            if not problems:
                return Answer(parsed, usage, prompt.ref, repaired=attempt > 0)
            listed = [f"- {p}" for p in problems[:_MAX_PROBLEMS]]
            if len(problems) > _MAX_PROBLEMS:
                listed.append(f"- ... and {len(problems) - _MAX_PROBLEMS} more of the same kinds")
            repair = load_prompt("repair").render(output=schema.__name__, errors="\n".join(listed))
            messages += [{"role": "assistant", "content": content}, {"role": "user", "content": repair}]
        raise LLMError(
            f"the {stage} (model {model!r}) gave an invalid {schema.__name__} twice, even after a repair "
            f"round; last problems: {'; '.join(problems[:3])}. Try again, or use a model that supports "
            "structured outputs"
        )

    def _call(
        self, stage: str, model: str, messages: list[dict[str, str]], schema: type[M]
    ) -> tuple[str, M | None, list[str], Usage]:
        """One request. Returns the raw content, the parsed model or None, its problems, and usage."""
        where = f"the {stage} (model {model!r} at {self.client.base_url})"
        try:
            raw = self.client.chat.completions.with_raw_response.parse(
                model=model, messages=messages, response_format=schema, **self.options
            )
        except openai.APIError as exc:
            raise _api_error(where, exc) from exc
        try:
            data = raw.http_response.json()
            choices = data.get("choices") or []
        except (ValueError, AttributeError) as exc:
            raise LLMError(f"{where} answered with something that is not a chat completion: {exc}") from exc
        usage = _usage(data.get("usage"))
        if not choices:
            raise LLMError(f"{where} answered with no choices; check the server supports chat completions")
        message, finish = choices[0].get("message") or {}, choices[0].get("finish_reason")
        if message.get("refusal"):
            raise LLMError(f"{where} refused to answer: {message['refusal']}")
        if finish == "length":
            raise LLMError(
                f"{where} ran out of output tokens before finishing its {schema.__name__} (finish_reason "
                "'length'); allow more output tokens or ask for a shorter film"
            )
        if finish == "content_filter":
            raise LLMError(f"{where} was stopped by the server's content filter; rephrase the idea")
        content = message.get("content") or ""
        if not content.strip():
            return content, None, [f"the answer was empty; send the {schema.__name__} JSON object"], usage
        try:
            parsed = raw.parse().choices[0].message.parsed
        except pydantic.ValidationError as exc:
            return content, None, _validation_problems(exc), usage
        return content, parsed, [], usage


def _usage(data: Any) -> Usage:
    data = data if isinstance(data, dict) else {}
    return Usage(1, int(data.get("prompt_tokens") or 0), int(data.get("completion_tokens") or 0))


def _api_error(where: str, exc: openai.APIError) -> LLMError:
    if isinstance(exc, openai.APITimeoutError):
        return LLMError(f"{where} did not answer in time; raise the timeout or check the server")
    if isinstance(exc, openai.APIConnectionError):
        return LLMError(f"{where} could not be reached ({exc}); check the base URL and that the server runs")
    if isinstance(exc, openai.AuthenticationError):
        return LLMError(f"{where} rejected the API key (HTTP 401); set OPENAI_API_KEY to a valid key")
    if isinstance(exc, openai.NotFoundError):
        return LLMError(f"{where} answered HTTP 404 ({exc.message}); check the model name and the base URL")
    body = getattr(exc, "body", None)
    detail = body.get("message") if isinstance(body, dict) and body.get("message") else exc.message
    status = getattr(exc, "status_code", None)
    return LLMError(f"{where} failed{f' with HTTP {status}' if status else ''}: {detail}")


def _validation_problems(exc: pydantic.ValidationError) -> list[str]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = ".".join(str(part) for part in error["loc"])
        problems.append(f"{loc}: {error['msg']}" if loc else error["msg"])
    return problems


def _script_problems(script: Script) -> list[str]:
    """What the Script schema cannot check: numbering, locations and speakers that exist."""
    problems = []
    characters = [c.name for c in script.characters]
    numbers = [s.number for s in script.scenes]
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append(f"scenes must be numbered 1, 2, 3... in order; got {numbers}")
    for i, scene in enumerate(script.scenes):
        if script.location(scene.location) is None:
            known = ", ".join(loc.name for loc in script.locations)
            problems.append(f"scenes.{i}.location: {scene.location!r} is not one of the locations ({known})")
        for name in scene.characters:
            if name not in characters:
                problems.append(f"scenes.{i}.characters: {name!r} is not one of the characters {characters}")
        for j, line in enumerate(scene.dialogue):
            if line.speaker not in characters:
                problems.append(
                    f"scenes.{i}.dialogue.{j}.speaker: {line.speaker!r} is not one of the characters "
                    f"{characters}"
                )
    return problems


def _shot_problems(shots: ShotList, script: Script, scene: Scene) -> list[str]:
    """What the ShotList schema cannot check: ids and scene numbers follow the scene, speakers exist."""
    problems = []
    characters = [c.name for c in script.characters]
    for i, shot in enumerate(shots.shots):
        expected = f"S{scene.number:02d}-{i + 1:02d}"
        if shot.id != expected:
            problems.append(
                f"shots.{i}.id: shot {i + 1} of scene {scene.number} must have id {expected!r}, "
                f"not {shot.id!r}"
            )
        if shot.scene != scene.number:
            problems.append(f"shots.{i}.scene: must be {scene.number}, the scene planned, not {shot.scene}")
        if shot.dialogue is not None and shot.dialogue.speaker not in characters:
            problems.append(
                f"shots.{i}.dialogue.speaker: {shot.dialogue.speaker!r} is not one of the characters "
                f"{characters}"
            )
    return problems
