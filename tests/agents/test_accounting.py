"""The spend ledger and price table: a run never passes its budget, even with branches in parallel."""

from __future__ import annotations

import json
import threading

import pytest

from agents.accounting import DEFAULT_PRICES, BudgetExceededError, Ledger, PriceTable, load_prices
from agents.planner import Usage

# $1 per 1,000 tokens in, $2 per 1,000 out: round numbers to reason about.
PRICES = PriceTable({"big": (1000.0, 2000.0)})


def test_reserve_refuses_a_call_that_could_pass_the_budget():
    ledger = Ledger(PRICES, budget_usd=1.0)
    held = ledger.reserve("writer", "big", 500, 200)  # $0.50 + $0.40
    assert held == pytest.approx(0.9)
    with pytest.raises(BudgetExceededError) as refused:
        ledger.reserve("director", "big", 200, 0)  # $0.20 more could make $1.10
    error = refused.value
    assert (error.stage, error.model, error.budget) == ("director", "big", 1.0)
    assert "--budget-usd" in str(error) and "'big'" in str(error)
    assert ledger.spent == 0.0  # nothing was spent: holds are not spending


def test_record_releases_the_hold_and_counts_the_real_usage():
    ledger = Ledger(PRICES, budget_usd=1.0)
    held = ledger.reserve("writer", "big", 100, 400)  # $0.10 + $0.80 held for a long answer
    with pytest.raises(BudgetExceededError):
        ledger.reserve("director", "big", 200, 0)
    cost = ledger.record("writer", "big", Usage(1, 100, 50), held)  # the answer was short: $0.20
    assert cost == pytest.approx(0.2)
    assert ledger.spent == pytest.approx(0.2)
    ledger.reserve("director", "big", 200, 0)  # now there is room
    assert ledger.by_stage() == {"writer": pytest.approx(0.2)}


def test_a_failed_call_gives_its_hold_back():
    ledger = Ledger(PRICES, budget_usd=1.0)
    held = ledger.reserve("editor", "big", 900, 0)
    ledger.release(held)
    ledger.reserve("editor", "big", 900, 0)
    assert ledger.spent == 0.0


def test_parallel_branches_never_hold_more_than_the_budget():
    ledger = Ledger(PRICES, budget_usd=1.0)
    granted, refused = [], []
    start = threading.Barrier(40)

    def branch(n: int) -> None:
        start.wait()
        try:
            granted.append(ledger.reserve("director", "big", 100, 0))  # $0.10 each
        except BudgetExceededError:
            refused.append(n)

    threads = [threading.Thread(target=branch, args=(n,)) for n in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(granted) == 10 and len(refused) == 30


def test_seeded_spend_counts_against_the_budget():
    ledger = Ledger(PRICES, budget_usd=1.0)
    ledger.seed({"writer": 0.7, "director": 0.2})
    assert ledger.spent == pytest.approx(0.9)
    with pytest.raises(BudgetExceededError, match=r"\$0\.9000 spent"):
        ledger.reserve("editor", "big", 200, 0)
    ledger.reserve("editor", "big", 50, 0)


def test_unpriced_models_cost_nothing_and_never_hit_the_budget():
    ledger = Ledger(PRICES, budget_usd=0.01)
    held = ledger.reserve("writer", "local-llama", 100_000, 100_000)
    ledger.record("writer", "local-llama", Usage(1, 100_000, 100_000), held)
    assert ledger.spent == 0.0 and not PRICES.known("local-llama")


def test_stage_costs_price_each_stage_with_its_model():
    usage = {"writer": {"calls": 3, "input_tokens": 1000, "output_tokens": 500},
             "editor": {"calls": 1, "input_tokens": 2000, "output_tokens": 0}}
    costs = PRICES.stage_costs(usage, {"writer": "big", "editor": "small"})
    assert costs == {"writer": pytest.approx(2.0), "editor": 0.0}


def test_price_file_is_merged_over_the_built_in_prices(tmp_path):
    path = tmp_path / "prices.json"
    path.write_text(json.dumps({"qwen2.5:14b": [0.2, 0.6], "gpt-4.1-mini": [1, 2]}))
    table = PriceTable.with_overrides(load_prices(path))
    assert table.prices["qwen2.5:14b"] == (0.2, 0.6)
    assert table.prices["gpt-4.1-mini"] == (1.0, 2.0)  # the file wins
    assert table.prices["gpt-4o"] == DEFAULT_PRICES["gpt-4o"]  # the rest stay


@pytest.mark.parametrize(("text", "words"), [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "holds a list"),
    ('{"m": 0.5}', "'m'"),
    ('{"m": [0.5]}', "'m'"),
    ('{"m": [-1, 2]}', "'m'"),
    ('{"m": ["cheap", 2]}', "'m'"),
])
def test_a_bad_price_file_says_what_is_wrong(tmp_path, text, words):
    path = tmp_path / "prices.json"
    path.write_text(text)
    with pytest.raises(ValueError, match="price file") as bad:
        load_prices(path)
    assert words in str(bad.value)


def test_a_missing_price_file_is_named(tmp_path):
    with pytest.raises(ValueError, match="cannot read the price file .*nope.json"):
        load_prices(tmp_path / "nope.json")
