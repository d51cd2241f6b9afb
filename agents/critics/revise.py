"""The revision loop: ask an agent, let the critic check the answer, send it back while problems remain."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from agents.accounting import BudgetExceededError
from agents.errors import AgentError
from agents.planner import Answer, Feedback

T = TypeVar("T")


@dataclass
class Revised(Generic[T]):
    """The outcome of `revise`.

    Attributes:
        answer: The answer kept (the one with the fewest problems, the latest on a tie), with the usage
            and repair flag of every call made.
        problems: What is still wrong with it.
        rounds: How many times the answer was sent back and revised.
        found: How many problems the first answer had.
        failed: Why a revision round failed (the agent's error), when one did; the answer kept is then
            the best one before it.
    """

    answer: Answer[T]
    problems: list[str] = field(default_factory=list)
    rounds: int = 0
    found: int = 0
    failed: str | None = None


def revise(
    ask: Callable[[Feedback | None], Answer[T]],
    check: Callable[[T], list[str]],
    dump: Callable[[T], str],
    rounds: int,
    on_round: Callable[[int, list[str]], None] | None = None,
) -> Revised[T]:
    """Ask, check, and send back with the problems at most ``rounds`` times.

    A revision is an improvement, not a necessity: when a revision call fails with an `AgentError`
    (the model stays invalid, the server is down), the best answer so far is kept and the failure
    reported in `Revised.failed`. A `BudgetExceededError` is raised, since the run must stop there.

    Args:
        ask: Calls the agent; gets None the first time, then a `Feedback` on its previous answer.
        check: The critic: the answer's problems, empty when it passes.
        dump: The answer as JSON, to quote back to the agent.
        rounds: The most revision rounds (0: the first answer is kept as it is).
        on_round: Called before each revision round with its number and the problems sent back.
    """
    answer = ask(None)
    usage, repaired = answer.usage, answer.repaired
    problems = check(answer.value)
    best, best_problems, found, done, failed = answer, problems, len(problems), 0, None
    while problems and done < rounds:
        done += 1
        if on_round:
            on_round(done, problems)
        try:
            answer = ask(Feedback(previous=dump(answer.value), problems=list(problems)))
        except BudgetExceededError:
            raise
        except AgentError as exc:
            failed, done = str(exc), done - 1
            break
        usage, repaired = usage + answer.usage, repaired or answer.repaired
        problems = check(answer.value)
        if len(problems) <= len(best_problems):
            best, best_problems = answer, problems
    kept = Answer(best.value, usage, best.prompt, repaired)
    return Revised(kept, best_problems, done, found, failed)
