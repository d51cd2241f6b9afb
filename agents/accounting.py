"""What the crew spends: a price table, and a ledger that keeps a run inside its budget.

The ledger is shared by every branch of a run (it is thread-safe). Before a model call the planner
asks it to `reserve` the call's estimated cost; the call is refused with `BudgetExceededError` when
it could take the run over budget. After the call the real usage is `record`-ed and the estimate
released. Prices are US dollars per million tokens.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

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
    """The next model call could take the run over its budget; the run stops before making it.

    Attributes:
        stage: The agent whose call was refused (``writer``, ``director``, ``editor``).
        model: The model that call would have used.
        estimate: Dollars the call could have cost.
        spent: Dollars spent by the run when the call was refused.
        budget: The run's budget in dollars.
    """

    def __init__(
        self,
        message: str,
        *,
        stage: str = "",
        model: str = "",
        estimate: float = 0.0,
        spent: float = 0.0,
        budget: float = 0.0,
    ) -> None:
        super().__init__(message)
        self.stage, self.model = stage, model
        self.estimate, self.spent, self.budget = estimate, spent, budget


@dataclass(frozen=True)
class PriceTable:
    """Prices per model, USD per million tokens.

    Attributes:
        prices: ``model -> (input, output)``. A model not listed costs 0 and is reported as unpriced.
    """

    prices: dict[str, tuple[float, float]] = field(default_factory=lambda: dict(DEFAULT_PRICES))

    @classmethod
    def with_overrides(cls, overrides: Mapping[str, tuple[float, float]]) -> PriceTable:
        """`DEFAULT_PRICES` with ``overrides`` merged over them (an override wins)."""
        return cls({**DEFAULT_PRICES, **{k: (float(v[0]), float(v[1])) for k, v in overrides.items()}})

    def known(self, model: str) -> bool:
        """True when the table has a price for ``model``."""
        return model in self.prices

    def cost(self, model: str, input_tokens: int, output_tokens: int) -> float:
        """Dollars for that many tokens on ``model`` (0 when the model has no price)."""
        price_in, price_out = self.prices.get(model, (0.0, 0.0))
        return (input_tokens * price_in + output_tokens * price_out) / 1_000_000

    def stage_costs(
        self, usage: Mapping[str, Mapping[str, int]], models: Mapping[str, str]
    ) -> dict[str, float]:
        """Dollars per stage for the graph state's ``usage`` (``{stage: {"input_tokens": ...}}``).

        Args:
            usage: Token counts per stage, as the graph state keeps them.
            models: Model name per stage; a stage with no model costs 0.
        """
        return {
            stage: self.cost(models.get(stage, ""), int(counts.get("input_tokens", 0)),
                             int(counts.get("output_tokens", 0)))
            for stage, counts in usage.items()
        }


def load_prices(path: str | Path) -> dict[str, tuple[float, float]]:
    """Read a price file: a JSON object ``{"model": [usd_per_1M_input, usd_per_1M_output], ...}``.

    Args:
        path: The file.

    Returns:
        ``model -> (input, output)`` dollars per million tokens.

    Raises:
        ValueError: The file can't be read, is not JSON, or a price is not two numbers of 0 or more;
            the message says which and shows the expected shape.
    """
    shape = 'expected a JSON object such as {"my-model": [0.5, 1.5]} (USD per 1M input, output tokens)'
    try:
        data = json.loads(Path(path).expanduser().read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"cannot read the price file {path} ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise ValueError(f"the price file {path} is not valid JSON ({exc}); {shape}") from None
    if not isinstance(data, dict):
        raise ValueError(  # noqa: TRY004 - callers catch ValueError: a bad file, whatever its fault
            f"the price file {path} holds a {type(data).__name__}; {shape}")
    prices = {}
    for model, pair in data.items():
        numbers = pair if isinstance(pair, list) and len(pair) == 2 else None
        if numbers is None or not all(_price(x) for x in numbers):
            raise ValueError(f"the price file {path} gives {model!r} the price {pair!r}; {shape}")
        prices[model] = (float(numbers[0]), float(numbers[1]))
    return prices


def _price(value: object) -> bool:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    return ok and math.isfinite(value) and value >= 0


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
                    "raise --budget-usd and run the same command again to resume",
                    stage=stage, model=model, estimate=estimate, spent=spent, budget=self.budget_usd,
                )
            self._pending += estimate
        return estimate

    def release(self, held: float) -> None:
        """Give back a hold whose call failed and cost nothing (no usage to record)."""
        with self._lock:
            self._pending = max(0.0, self._pending - held)

    def seed(self, spent: Mapping[str, float]) -> None:
        """Count dollars already spent per stage, e.g. by the interrupted run being resumed.

        Args:
            spent: Dollars per stage, added to what the ledger holds.
        """
        with self._lock:
            for stage, usd in spent.items():
                self._spent[stage] = self._spent.get(stage, 0.0) + float(usd)

    def record(self, stage: str, model: str, usage: Usage, held: float = 0.0) -> float:
        """Add a finished call's real usage and release what was held for it; returns its cost."""
        cost = self.prices.cost(model, usage.input_tokens, usage.output_tokens)
        with self._lock:
            self._pending = max(0.0, self._pending - held)
            self._spent[stage] = self._spent.get(stage, 0.0) + cost
        return cost
