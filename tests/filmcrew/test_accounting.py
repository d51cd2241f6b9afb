"""What a run spends: the budget and price options, the cost in the manifest and the output, and a
budget stop that loses nothing and resumes with a higher budget."""

from __future__ import annotations

import json
import threading
import time

import pytest

from agents.schemas import Brief
from bench.planning import OfflineAnswers
from filmcrew.cli import main
from tests.support.openai_server import ScriptedOpenAIServer, schema_name

IDEA = "A storm hits a small fishing village"
SMALL = ["--duration", "20", "--aspect", "1:1", "--resolution", "64x64", "--fps", "4", "-q"]
MODELS = {"writer": "writer-model", "director": "director-model", "editor": "editor-model"}
WRITER_SCHEMAS = {"Treatment", "Scene"}


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("filmcrew: error:")
    return lines[0]


@pytest.mark.parametrize(("args", "option"), [
    (["--budget-usd", "0"], "--budget-usd"),
    (["--budget-usd", "-2"], "--budget-usd"),
    (["--budget-usd", "lots"], "--budget-usd"),
    (["--budget-usd", "nan"], "--budget-usd"),
    (["--critic-rounds", "6"], "--critic-rounds"),
    (["--critic-rounds", "-1"], "--critic-rounds"),
    (["--critic-rounds", "two"], "--critic-rounds"),
])
def test_bad_budget_or_rounds_is_one_line_naming_the_option(tmp_path, capsys, args, option):
    out = tmp_path / "films"
    code, _, err = cli(capsys, "make", IDEA, *args, "--out", str(out))
    assert code == 2
    assert option in one_error_line(err)
    assert not out.exists()


@pytest.mark.parametrize(("text", "words"), [
    (None, "cannot read"),
    ("{oops", "not valid JSON"),
    ('{"my-model": 0.5}', "'my-model'"),
    ('{"my-model": [0.5, -1]}', "'my-model'"),
])
def test_bad_price_file_is_one_line_naming_the_option(tmp_path, capsys, text, words):
    prices = tmp_path / "prices.json"
    if text is not None:
        prices.write_text(text)
    out = tmp_path / "films"
    code, _, err = cli(capsys, "make", IDEA, "--prices", str(prices), "--out", str(out))
    line = one_error_line(err)
    assert code == 2
    assert "--prices" in line and words in line and str(prices) in line
    assert not out.exists()


@pytest.mark.parametrize(("variable", "value"), [
    ("FILMCREW_BUDGET_USD", "0"),
    ("FILMCREW_PRICES", "/no/such/prices.json"),
    ("FILMCREW_CRITIC_ROUNDS", "9"),
    ("FILMCREW_MAX_CONCURRENCY", "0"),
])
def test_bad_setting_in_the_environment_names_the_variable(tmp_path, capsys, monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    code, _, err = cli(capsys, "make", IDEA, "--out", str(tmp_path / "films"))
    assert code == 2
    assert variable in one_error_line(err)


def test_help_explains_the_spending_options(capsys):
    with pytest.raises(SystemExit) as done:
        main(["make", "--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    for option in ("--budget-usd", "--prices", "--critic-rounds", "--writer-model", "--director-model",
                   "--editor-model"):
        assert option in text


def test_offline_planner_costs_nothing_and_a_budget_never_stops_it(tmp_path, capsys):
    code, out, err = cli(capsys, "make", IDEA, *SMALL, "--duration", "4", "--budget-usd", "0.0001",
                         "--critic-rounds", "0", "--out", str(tmp_path / "films"))
    assert code == 0, err
    assert "cost: $0.0000 of a $0.0001 budget" in out
    run_dir = tmp_path / "films" / "a-storm-hits-a-small-fishing-village"
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest["cost"]["total_usd"] == 0 and manifest["cost"]["unpriced"] == {}
    assert manifest["budget"]["usd"] == 0.0001 and not manifest["budget"]["stopped"]
    assert manifest["critics"]["rounds"] == 0


class InFlight:
    """A handler wrapper that counts the requests being answered at the same time."""

    def __init__(self, inner):
        self.inner, self.now, self.most, self.lock = inner, 0, 0, threading.Lock()

    def __call__(self, request):
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
        try:
            time.sleep(0.05)  # a window for another request to arrive
            return self.inner(request)
        finally:
            with self.lock:
                self.now -= 1


@pytest.fixture()
def crew_server():
    brief = Brief(idea=IDEA, duration=20, aspect="1:1", width=64, height=64, fps=4)
    with ScriptedOpenAIServer(handler=InFlight(OfflineAnswers(brief)), models=MODELS.values()) as server:
        yield server


def test_max_concurrency_one_sends_one_request_at_a_time(tmp_path, capsys, monkeypatch, crew_server):
    monkeypatch.setenv("FILMCREW_MAX_CONCURRENCY", "1")
    code, _, err = cli(capsys, "make", IDEA, *SMALL, "--out", str(tmp_path / "films"), "--planner", "llm",
                       "--base-url", crew_server.base_url)
    assert code == 0, err
    assert len(crew_server.requests) >= 1 + 2 + 2 + 1  # the treatment, 2 scenes, 2 shot lists, the edit
    assert crew_server.handler.most == 1


def test_budget_stop_keeps_the_script_and_a_higher_budget_resumes(tmp_path, capsys, monkeypatch, crew_server):
    monkeypatch.setenv("FILMCREW_LLM_RETRIES", "0")
    prices = tmp_path / "prices.json"  # a cheap writer, a dear director, an editor with no price ($0)
    prices.write_text(json.dumps({"writer-model": [1, 1], "director-model": [1000, 1000]}))
    out = tmp_path / "films"
    run_dir = out / "a-storm-hits-a-small-fishing-village"
    command = ["make", IDEA, *SMALL, "--out", str(out), "--planner", "llm", "--base-url", crew_server.base_url,
               "--writer-model", MODELS["writer"], "--director-model", MODELS["director"],
               "--editor-model", MODELS["editor"], "--prices", str(prices)]

    # 1. $1 pays for the writer (under a cent a call), not for a director call (thousands of tokens
    #    at $0.001 each): the run stops before sending it
    code, _, err = cli(capsys, *command, "--budget-usd", "1")
    line = one_error_line(err)
    assert code == 3
    assert "budget" in line and "$1.0000" in line and "--budget-usd" in line and "resume" in line
    assert not (run_dir / "manifest.json").exists() and not (run_dir / "film.mp4").exists()
    script = json.loads((run_dir / "script.json").read_text())
    assert len(script["scenes"]) == 2
    first = list(crew_server.requests)
    assert {schema_name(r) for r in first} <= WRITER_SCHEMAS
    assert {r["model"] for r in first} == {MODELS["writer"]}  # the director's call was never sent

    # 2. the same command with a higher budget resumes: the writer's calls are not made again
    code, stdout, err = cli(capsys, *command, "--budget-usd", "1000")
    assert code == 0, err
    again = crew_server.requests[len(first):]
    assert again and not {schema_name(r) for r in again} & WRITER_SCHEMAS
    assert {r["model"] for r in again} == {MODELS["director"], MODELS["editor"]}

    manifest = json.loads((run_dir / "manifest.json").read_text())
    cost, tokens, budget = manifest["cost"], manifest["tokens"]["per_agent"], manifest["budget"]
    assert manifest["run"]["resumed"] and manifest["llm"]["models"] == MODELS
    assert tokens["writer"]["calls"] >= 1 + 2  # the treatment and the two scenes, from the first run
    per_stage, writer, director = cost["per_stage"], tokens["writer"], tokens["director"]
    assert per_stage["writer"] == pytest.approx((writer["input_tokens"] + writer["output_tokens"]) / 1e6)
    assert per_stage["director"] == pytest.approx((director["input_tokens"] + director["output_tokens"]) / 1e3)
    assert per_stage["editor"] == 0 and cost["unpriced"] == {"editor-model": ["editor"]}
    assert cost["total_usd"] == pytest.approx(per_stage["writer"] + per_stage["director"])
    assert cost["usd_per_1m_tokens"] == {"director-model": [1000, 1000], "writer-model": [1, 1]}
    # the budget covered the whole run: what the first run spent was counted on resuming
    assert budget["usd"] == 1000 and budget["spent_usd"] == pytest.approx(cost["total_usd"], abs=1e-5)
    stopped_at = pytest.approx(per_stage["writer"], abs=1e-5)
    assert budget["stopped"] and budget["stops"] == [{"budget_usd": 1.0, "spent_usd": stopped_at}]

    assert (f"cost: ${cost['total_usd']:.4f} of a $1000 budget (writer ${per_stage['writer']:.4f} · "
            f"director ${per_stage['director']:.4f} · editor $0.0000)") in stdout
    assert "no price known for model 'editor-model'" in stdout
