"""What the crew spends: a price table, and a ledger that keeps a run inside its budget.

The ledger is shared by every branch of a run (it is thread-safe). Before a model call the planner
asks it to `reserve` the call's estimated cost; the call is refused with `BudgetExceededError` when
it could take the run over budget. After the call the real usage is `record`-ed and the estimate
released. Prices are US dollars per million tokens.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from agents.errors import AgentError
from agents.planner import Usage

# USD per 1M tokens (input, output), list prices of OpenAI's API; override with a price file.
DEFAULT_PRICES: dict[str, tuple[float, float]] = {
    "gpt-5": (1.25, 10.00),
    "gpt-5-mini": (0.25, 2.00),
    "gpt-5-nano": (0.05, 0.40),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-4o": (2.50, 10.00),
    "gpt-4o-mini": (0.15, 0.60),
}


class BudgetExceededError(AgentError):
    """The next model call could take the run over its budget; the run stops before making it."""


@dataclass(frozen=True)
class PriceTable:
    """Prices per model, USD per million tokens.

    Attributes:
        prices: ``model -> (input, output)``. A model not listed costs 0 and is reported as unpriced.
    """

    prices: dict[str, tuple[float, float]] = field(default_factory=lambda: dict(DEFAULT_PRICES))

    def known(self, model: str) -> bool:
        """True when the table has a price for ``model``."""
        return model in self.prices

    def cost(self, model: str, input_tokens: int, output_tokens: int) -> float:
        """Dollars for that many tokens on ``model`` (0 when the model has no price)."""
        price_in, price_out = self.prices.get(model, (0.0, 0.0))
        return (input_tokens * price_in + output_tokens * price_out) / 1_000_000


class Ledger:
    """Running totals of one run's model spend, with an optional budget.

    Args:
        prices: The price table.
        budget_usd: The most the run may spend on model calls; None for no limit.
    """

    def __init__(self, prices: PriceTable | None = None, budget_usd: float | None = None):
        self.prices = prices or PriceTable()
        self.budget_usd = budget_usd
        self._lock = threading.Lock()
        self._spent: dict[str, float] = {}
        self._pending = 0.0

    @property
    def spent(self) -> float:
        """Dollars spent so far, all stages together."""
        with self._lock:
            return sum(self._spent.values())

    def by_stage(self) -> dict[str, float]:
        """Dollars spent per stage (``writer``, ``director``, ``editor``)."""
        with self._lock:
            return dict(self._spent)

    def reserve(self, stage: str, model: str, input_tokens: int, output_tokens: int) -> float:
        """Hold the estimated cost of a call about to be made; returns the amount held.

        Raises:
            BudgetExceededError: when spent + held + this estimate would pass the budget.
        """
        estimate = self.prices.cost(model, input_tokens, output_tokens)
        with self._lock:
            spent = sum(self._spent.values())
            if self.budget_usd is not None and spent + self._pending + estimate > self.budget_usd:
                raise BudgetExceededError(
                    f"the {stage} call to model {model!r} could cost up to ${estimate:.4f}, and with "
                    f"${spent:.4f} spent the run would pass its ${self.budget_usd:.4f} budget; "
                    "raise --budget-usd and run the same command again to resume"
                )
            self._pending += estimate
        return estimate

    def record(self, stage: str, model: str, usage: Usage, held: float = 0.0) -> float:
        """Add a finished call's real usage and release what was held for it; returns its cost."""
        cost = self.prices.cost(model, usage.input_tokens, usage.output_tokens)
        with self._lock:
            self._pending = max(0.0, self._pending - held)
            self._spent[stage] = self._spent.get(stage, 0.0) + cost
        return cost
