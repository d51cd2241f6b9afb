"""A stage's review inside a graph node: the critic checks the agent's answer and sends it back.

`reviewed` runs `agents.critics.revise` with the run's ``critic_rounds``, reports each round and
each problem left as progress events, and returns the state update that records them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from agents.context import RunContext
from agents.critics import revise
from agents.planner import Answer, Feedback

T = TypeVar("T")


def reviewed(
    ctx: RunContext,
    stage: str,
    where: str,
    ask: Callable[[Feedback | None], Answer[T]],
    check: Callable[[T], list[str]],
    dump: Callable[[T], str],
) -> tuple[Answer[T], dict[str, Any]]:
    """Ask the agent, and revise its answer with the critic for at most ``ctx.critic_rounds`` rounds.

    Args:
        ctx: The run context (critic rounds, progress).
        stage: ``writer``, ``director`` or ``editor``.
        where: What the answer is about, for messages (``scene 2``, ``the edit``).
        ask: Calls the agent, with None or the critic's `Feedback` on its previous answer.
        check: The critic.
        dump: The answer as JSON.

    Returns:
        The answer kept, and the state update: ``problems`` left (prefixed ``stage (where): ``) and a
        note when the answer was revised.
    """
    def on_round(number: int, problems: list[str]) -> None:
        ctx.progress({"stage": stage, "event": "info",
                      "detail": f"{where}: the critic sent it back ({len(problems)} problems, round {number})"})

    outcome = revise(ask, check, dump, ctx.critic_rounds, on_round)
    left = [f"{stage} ({where}): {p}" for p in outcome.problems]
    for problem in left:
        ctx.progress({"stage": stage, "event": "warning", "detail": problem})
    update: dict[str, Any] = {"problems": left, "notes": []}
    if outcome.failed:
        update["notes"].append(f"{stage} ({where}): a revision round failed, the best answer before it was "
                               f"kept: {outcome.failed}")
        ctx.progress({"stage": stage, "event": "warning", "detail": update["notes"][-1]})
    if outcome.rounds:
        fixed = outcome.found - len(outcome.problems)
        update["notes"].append(
            f"{stage} ({where}): revised {outcome.rounds} time{'s' if outcome.rounds > 1 else ''} after the "
            f"critic found {outcome.found} problem{'s' if outcome.found != 1 else ''}; "
            f"{len(outcome.problems)} left" + (f", {fixed} fixed" if fixed > 0 else "")
        )
    return outcome.answer, update


def recorded(ctx: RunContext, stage: str, where: str, problems: list[str]) -> list[str]:
    """Problems no agent can be asked to fix (a whole-script check, say): warn and return them prefixed."""
    left = [f"{stage} ({where}): {p}" for p in problems]
    for problem in left:
        ctx.progress({"stage": stage, "event": "warning", "detail": problem})
    return left
