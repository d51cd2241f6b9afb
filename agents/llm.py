"""The OpenAI-compatible planner: the writer, director and editor as calls to a chat model.

The writer works in Dramatron's steps: the premise (title, logline, characters, locations) and the
scene outline sized to the duration come in one call, the treatment (its fields in that order, so
the model still writes them top-down), then each scene's action and dialogue (the graph writes the
scenes in parallel). The director plans one scene per call, the editor cuts the
rendered clips. Every call goes through `agents.llm_answer.ask` (tolerant JSON extraction, schema
validation, the stage's checks from `agents.llm_checks`, one repair round) and
`agents.llm_call.Chat` (structured-output fallbacks, cut-off and empty answers, clear errors, the
spend ledger). With a critic's `Feedback`, a method asks the model to revise its earlier answer.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import openai

from agents import critics
from agents.accounting import Ledger
from agents.critics.seeds import stable_seed  # noqa: F401  (re-exported)
from agents.errors import LLMError
from agents.llm_answer import ask, with_feedback
from agents.llm_call import Chat
from agents.llm_checks import (
    edit_problems,
    max_lines,
    scene_count,
    scene_problems,
    shot_problems,
    treatment_problems,
)
from agents.planner import Answer, Feedback
from agents.schemas import Brief, Outline, Premise, Scene, Script, Shot, ShotList, Treatment
from prompts import load_prompt
from tools.timeline import EditDecisionList

STAGES = ("writer", "director", "editor")


def make_client(base_url: str | None, api_key: str | None, timeout: float, max_retries: int) -> openai.OpenAI:
    """An OpenAI client for any OpenAI-compatible server.

    Args:
        base_url: Server URL ending in ``/v1`` (OpenAI, vLLM, Ollama, LM Studio...); None for OpenAI's.
        api_key: API key; None lets the client read ``OPENAI_API_KEY``. Local servers accept any value.
        timeout: Seconds to wait for one answer.
        max_retries: Retries on connection errors, timeouts, 429 and 5xx answers (``retry-after`` is
            honoured).

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


def scene_budget(brief: Brief, script: Script, scene: Scene) -> float:
    """The seconds ``scene``'s shots should add up to, as the director is told and the critic checks.

    The scene's weight (a base for its wide and action shots, plus the time its lines take to say)
    over all scenes' weights, times the film's duration (`agents.critics.scene_budget`).

    Args:
        brief: Gives the target duration.
        script: All scenes, to share the duration between.
        scene: The scene whose share is wanted.

    Returns:
        Seconds, rounded to tenths.
    """
    return round(critics.scene_budget(brief, script, scene), 1)


class OpenAIPlanner:
    """The `agents.planner.Planner` backed by a chat model reached through the ``openai`` client.

    Every method may be called from several threads at once (the graph fans out scenes).

    Args:
        client: An ``openai.OpenAI`` client (see `make_client`).
        models: Model name per stage: ``writer``, ``director``, ``editor``.
        ledger: Where every request's cost is reserved beforehand and recorded afterwards; a request
            that could pass the run's budget raises `agents.accounting.BudgetExceededError` before it
            is sent. None keeps no accounts.
        options: Request parameters for every call (``temperature``, ``max_completion_tokens``...);
            ``timeout`` and ``max_retries`` override the client's.

    Raises:
        ValueError: A stage has no model.
    """

    provider = "openai-compatible"

    def __init__(
        self,
        client: openai.OpenAI,
        models: Mapping[str, str],
        *,
        ledger: Ledger | None = None,
        options: Mapping[str, Any] | None = None,
    ) -> None:
        missing = [stage for stage in STAGES if not models.get(stage)]
        if missing:
            raise ValueError(f"models needs a model name for {', '.join(missing)}; got {dict(models)}")
        self.client = client
        self.models = {stage: models[stage] for stage in STAGES}
        self.ledger = ledger
        self.chat = Chat(client, dict(options or {}), ledger)

    # -- the writer -------------------------------------------------------------------------------
    def write_treatment(self, brief: Brief, feedback: Feedback | None = None) -> Answer[Treatment]:
        """The writer, steps 1 and 2 in one call: the premise, then the scenes (one per 8-12 s) in order.

        The answer passes the premise's checks and the outline's (`agents.llm_checks.treatment_problems`)
        or gets one repair round.
        """
        prompt = load_prompt("writer/treatment")
        count = scene_count(brief.duration)
        messages = prompt.messages(
            idea=brief.idea,
            duration=f"{brief.duration:g}",
            language=brief.language,
            style=brief.style,
            aspect=brief.aspect,
            scenes=count,
            seconds=f"{brief.duration / count:.0f}",
            max_lines=max_lines(brief.duration, count),
        )
        messages = with_feedback(messages, feedback, Treatment)
        model = self.models["writer"]
        return ask(self.chat, "writer", model, prompt, messages, Treatment, treatment_problems)

    def write_scene(
        self, brief: Brief, premise: Premise, outline: Outline, number: int, feedback: Feedback | None = None
    ) -> Answer[Scene]:
        """The writer, step 3, one scene (all scenes are written in parallel): action and dialogue.

        Raises:
            ValueError: ``number`` is not a scene of the outline.
        """
        planned = next((s for s in outline.scenes if s.number == number), None)
        if planned is None:
            raise ValueError(f"number {number} is not a scene of the outline (1 to {len(outline.scenes)})")
        prompt = load_prompt("writer/scene")
        messages = prompt.messages(
            number=number,
            count=len(outline.scenes),
            seconds=f"{critics.outline_share(brief, outline, number):.0f}",
            lines=planned.lines,
            language=premise.language,
            premise=_json(premise),
            outline=_json(outline),
            scene=_json(planned),
        )
        messages = with_feedback(messages, feedback, Scene)
        check = lambda scene: scene_problems(scene, premise, number)
        return ask(self.chat, "writer", self.models["writer"], prompt, messages, Scene, check)

    # -- the director -----------------------------------------------------------------------------
    def plan_shots(
        self, brief: Brief, script: Script, scene: Scene, feedback: Feedback | None = None
    ) -> Answer[list[Shot]]:
        """The director, for one scene: its shots, in order, ids ``S<scene:02>-<n:02>``.

        ``feedback.previous`` may be the earlier `ShotList` or its list of shots, as JSON.
        """
        prompt = load_prompt("director/shots")
        budget = scene_budget(brief, script, scene)
        names = list(dict.fromkeys([*scene.characters, *(line.speaker for line in scene.dialogue)]))
        cast = [c for c in script.characters if c.name in names]
        location = script.location(scene.location)
        index = next((i for i, s in enumerate(script.scenes) if s.number == scene.number), 0)
        before = script.scenes[index - 1] if index > 0 else None
        seeds = [f"- {c.name}: {critics.character_seed(brief.seed, c.name)}" for c in cast] or ["- (nobody)"]
        seeds += ["location:", f"- {scene.location}: {critics.location_seed(brief.seed, scene.location)}"]
        lines = [
            f"- line {n} ({line.speaker}): at least {critics.speaking_seconds(line.text):.1f} s"
            for n, line in enumerate(scene.dialogue, start=1)
        ]
        messages = prompt.messages(
            title=script.title,
            style=brief.style,
            aspect=brief.aspect,
            scene_number=scene.number,
            budget=f"{budget:g}",
            shot_count=max(len(scene.dialogue) + 1, round(budget / 4)),
            scene=_json(scene),
            characters="\n".join(f"- {c.name}: {c.description}" for c in cast) or "(nobody)",
            location=f"{location.name}: {location.look}" if location else scene.location,
            previous_location=before.location if before else "none (this is the first scene)",
            seeds="\n".join(["characters:", *seeds]),
            line_seconds="\n".join(lines) or "(no dialogue)",
        )
        if feedback is not None and feedback.previous.lstrip().startswith("["):
            feedback = Feedback(f'{{"shots": {feedback.previous}}}', feedback.problems)
        messages = with_feedback(messages, feedback, ShotList)
        check = lambda shots: shot_problems(shots, script, scene)
        answer = ask(self.chat, "director", self.models["director"], prompt, messages, ShotList, check)
        return Answer(answer.value.shots, answer.usage, answer.prompt, answer.repaired)

    # -- the editor -------------------------------------------------------------------------------
    def decide_edit(
        self,
        brief: Brief,
        script: Script,
        shots: list[Shot],
        clip_seconds: dict[str, float],
        feedback: Feedback | None = None,
    ) -> Answer[EditDecisionList]:
        """The editor: decisions over the rendered clips, whose real lengths are ``clip_seconds``."""
        prompt = load_prompt("editor/edit")
        listing = [
            shot.model_dump(
                include={"id", "scene", "size", "move", "duration", "characters", "action", "dialogue"}
            )
            for shot in shots
        ]
        messages = prompt.messages(
            title=script.title,
            logline=script.logline,
            language=script.language,
            duration=f"{brief.duration:g}",
            scenes="\n".join(f"{s.number}: {s.heading}" for s in script.scenes),
            shots=json.dumps(listing, ensure_ascii=False, indent=1),
            clips="\n".join(f"{shot_id}: {seconds:.3f}" for shot_id, seconds in clip_seconds.items()),
        )
        messages = with_feedback(messages, feedback, EditDecisionList)
        known = {shot.id for shot in shots}
        check = lambda edl: edit_problems(edl, known, clip_seconds)
        return ask(self.chat, "editor", self.models["editor"], prompt, messages, EditDecisionList, check)


def _json(model: Any) -> str:
    """A model as compact, readable JSON for a prompt (non-ASCII kept as written)."""
    return model.model_dump_json(indent=1)
