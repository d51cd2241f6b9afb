"""One validated answer from the model: extraction, schema validation, semantic checks, one repair.

`ask` sends a conversation through `agents.llm_call.Chat`, pulls the JSON object out of whatever
came back (`agents.extract`), validates it against the pydantic schema, then runs the stage's
checks for what a schema cannot say (speakers are characters, shot ids follow the scene...). An
invalid answer gets one repair round: the model sees its answer and the problems
(``prompts/repair.md``) and answers again; a second invalid answer raises `LLMError`.

`with_feedback` turns a critic's `Feedback` into the conversation that asks for a revision
(``prompts/revise.md``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pydantic

from agents.errors import LLMError
from agents.extract import NotJSONError, extract_json
from agents.llm_call import Chat
from agents.planner import Answer, Feedback, Usage
from prompts import Prompt, load_prompt

M = TypeVar("M", bound=pydantic.BaseModel)
MAX_PROBLEMS = 8
"""Problems listed to the model in one repair or revision message; the rest are counted."""


def ask(
    chat: Chat,
    stage: str,
    model: str,
    prompt: Prompt,
    messages: list[dict[str, str]],
    schema: type[M],
    check: Callable[[M], list[str]],
) -> Answer[M]:
    """The model's answer as a valid ``schema`` that passes ``check``, with at most one repair round.

    Args:
        chat: Sends the requests.
        stage: ``writer``, ``director`` or ``editor``.
        model: The model to ask.
        prompt: The prompt the messages came from (its ``ref`` goes into the answer).
        messages: The conversation.
        schema: The answer's schema.
        check: The stage's semantic checks; returns problems, empty when the answer is usable.

    Raises:
        LLMError: The answer was still invalid after the repair round, or no answer could be had;
            its ``usage`` counts every request.
    """
    messages = list(messages)
    usage = Usage()
    problems: list[str] = []
    for attempt in range(2):
        try:
            content, spent = chat.complete(stage, model, messages, schema)
        except LLMError as exc:
            exc.usage = usage + exc.usage
            raise
        usage += spent
        value, problems = parse(content, schema)
        if value is not None:
            problems = check(value)
        if value is not None and not problems:
            return Answer(value, usage, prompt.ref, repaired=attempt > 0)
        repair = load_prompt("repair").render(output=schema.__name__, errors=listing(problems))
        messages += [{"role": "assistant", "content": content}, {"role": "user", "content": repair}]
    raise LLMError(
        f"the {stage} (model {model!r}) gave an invalid {schema.__name__} twice, even after a repair "
        f"round; last problems: {'; '.join(problems[:3])}. Run again to retry, or use a model that "
        "follows JSON schemas better",
        usage=usage,
        stage=stage,
        model=model,
    )


def parse(content: str, schema: type[M]) -> tuple[M | None, list[str]]:
    """The answer's text as a ``schema`` instance, or None and what is wrong with it."""
    try:
        data = extract_json(content, keys=schema.model_fields)
    except NotJSONError as exc:
        return None, [str(exc)]
    try:
        return schema.model_validate(data), []
    except pydantic.ValidationError as exc:
        return None, validation_problems(exc)


def validation_problems(exc: pydantic.ValidationError) -> list[str]:
    """One line per validation error: where, what, and the value given when it is short."""
    problems = []
    for error in exc.errors(include_url=False):
        where = ".".join(str(part) for part in error["loc"])
        text = f"{where}: {error['msg']}" if where else error["msg"]
        given = error.get("input")
        if error["type"] not in ("missing", "extra_forbidden") and not isinstance(given, (dict, list)):
            shown = repr(given)
            text += f" (got {shown if len(shown) <= 60 else shown[:57] + '...'})"
        problems.append(text)
    return problems


def listing(problems: list[str]) -> str:
    """The problems as a bulleted list, at most `MAX_PROBLEMS` of them spelled out."""
    lines = [f"- {p}" for p in problems[:MAX_PROBLEMS]]
    if len(problems) > MAX_PROBLEMS:
        lines.append(f"- ... and {len(problems) - MAX_PROBLEMS} more of the same kinds")
    return "\n".join(lines)


def with_feedback(
    messages: list[dict[str, str]], feedback: Feedback | None, schema: type[pydantic.BaseModel]
) -> list[dict[str, str]]:
    """The conversation, followed by the earlier answer and a request to fix the critic's problems.

    Args:
        messages: The stage's prompt, as for a first answer.
        feedback: The critic's verdict on the earlier answer; None leaves ``messages`` as they are.
        schema: The answer's schema, named in the request.
    """
    if feedback is None:
        return list(messages)
    revise = load_prompt("revise").render(output=schema.__name__, problems=listing(feedback.problems))
    return [
        *messages,
        {"role": "assistant", "content": feedback.previous},
        {"role": "user", "content": revise},
    ]
