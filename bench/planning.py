"""Benchmark: planning latency of the crew against a model that takes 300 ms per answer.

A loopback OpenAI-compatible server (``tests/support/openai_server.py``) answers every chat request
after a fixed delay with a valid answer taken from the offline planner's plan of the same brief,
routed by the request's ``response_format`` schema name (``Treatment``, ``Scene``, ``ShotList``,
``EditDecisionList``). The whole ``make_film`` of a 60 s, 6-scene film then runs twice in
this process through the real graph, at 64x64 and 8 fps so rendering is negligible:

- **fan-out**: the default, every branch of a step at once (the scenes written in parallel, the
  scenes' shots planned in parallel);
- **sequential**: the same with LangGraph's ``max_concurrency=1`` (``FILMCREW_MAX_CONCURRENCY=1``).

Planning time is the sum of the writer's, director's and editor's stage times in the manifest
(``timings.stages``): each is the span from the stage's first node start to its last node end, taken
from the graph state's ``clock``; the stages don't overlap, and rendering and assembly are left out.
Calls are the requests the server got; tokens are what it reported (characters / 4, about what a
real tokenizer gives for English and JSON). The cost is the manifest's, at the model's list price.

    .venv/bin/python bench/planning.py [--delay 0.3] [--repeat 1] [--idea "..."]
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agents.offline import OfflinePlanner
from agents.schemas import Brief, Script, Shot, ShotList
from filmcrew.progress import ProgressPrinter
from filmcrew.run import make_film
from filmcrew.settings import Settings
from tests.support.openai_server import Reply, ScriptedOpenAIServer, message_text, schema_name

IDEA = "A lighthouse keeper finds a message in a bottle"
MODEL = "gpt-4.1-mini"
SCHEMAS = ("EditDecisionList", "ShotList", "Treatment", "Scene")
_SCENE_NUMBER = re.compile(r"\bscene (\d+)\b", re.IGNORECASE)
_CLIP = re.compile(r"(S\d{2,}-\d{2,})[^\d\n]{1,12}?(\d+(?:\.\d+)?)\s*s?$", re.MULTILINE)


class OfflineAnswers:
    """A loopback server's handler that answers as a model would, from the offline planner's plan.

    Every answer is the offline planner's for ``brief``: the treatment (premise and outline), each
    scene (its number read from the request's first user message), each scene's shots (with the
    seeds the request gives) and the edit. Revision requests get the same answer again.

    Args:
        brief: The brief the crew is planning.
        delay: Seconds every answer waits before it is sent.
    """

    def __init__(self, brief: Brief, delay: float = 0.0) -> None:
        planner = OfflinePlanner()
        self.brief, self.delay, self._planner = brief, delay, planner
        self.treatment = planner.write_treatment(brief).value
        self.premise, self.outline = self.treatment.premise, self.treatment.outline
        numbers = [s.number for s in self.outline.scenes]
        self.scenes = {n: planner.write_scene(brief, self.premise, self.outline, n).value for n in numbers}
        self.script = Script.from_parts(self.premise, list(self.scenes.values()))
        self.shots = {n: planner.plan_shots(brief, self.script, s).value for n, s in self.scenes.items()}

    def answer(self, request: dict) -> dict:
        """The JSON answer to a chat request (a dict ready to send)."""
        text = message_text(request)
        name = schema_name(request) or next((s for s in SCHEMAS if s in text), None)
        if name == "Treatment":
            return self.treatment.model_dump(mode="json")
        if name == "Scene":
            return self.scenes[self._scene_number(request)].model_dump(mode="json")
        if name == "ShotList":
            shots = self.shots[self._scene_number(request)]
            return ShotList(shots=_with_seeds(shots, _first_user_message(request))).model_dump(mode="json")
        if name == "EditDecisionList":
            return self._edit(text).model_dump(mode="json")
        raise ValueError(f"cannot tell what the request asks for (schema {name!r})")

    def __call__(self, request: dict) -> Reply:
        content = self.answer(request)
        asked = message_text(request) + str(request.get("response_format") or "")
        return Reply(content=content, delay=self.delay, prompt_tokens=math.ceil(len(asked) / 4),
                     completion_tokens=math.ceil(len(json.dumps(content, ensure_ascii=False)) / 4))

    def _scene_number(self, request: dict) -> int:
        """The scene asked for: the first user message opens with "Write scene N" / "... for scene N"."""
        asked = _first_user_message(request)
        found = _SCENE_NUMBER.search(asked)
        if found is None or int(found[1]) not in self.scenes:
            raise ValueError(f"no scene number of this film in the request: {asked[:80]!r}")
        return int(found[1])

    def _edit(self, text: str):
        shots: list[Shot] = [shot for n in sorted(self.shots) for shot in self.shots[n]]
        ids = {shot.id for shot in shots}
        clips = {k: float(v) for k, v in _CLIP.findall(text) if k in ids}
        if set(clips) != ids:  # the animatic renders round(duration * fps) frames
            clips = {s.id: round(s.duration * self.brief.fps) / self.brief.fps for s in shots}
        return self._planner.decide_edit(self.brief, self.script, shots, clips).value


def _first_user_message(request: dict) -> str:
    return next((str(m.get("content")) for m in request["messages"] if m.get("role") == "user"), "")


def _with_seeds(shots: list[Shot], asked: str) -> list[Shot]:
    """The shots with the seeds the director was told to use (``<seeds>``: characters, then location)."""
    block = re.search(r"<seeds>(.*?)</seeds>", asked, re.DOTALL)
    if block is None:
        return shots
    people, _, place = block[1].partition("location:")
    seeds = {name.strip(): int(seed) for name, seed in re.findall(r"^- (.+): (\d+)$", people, re.MULTILINE)}
    place_seed = re.search(r"^- .+: (\d+)$", place, re.MULTILINE)
    out = []
    for shot in shots:
        lead = shot.characters[0] if shot.characters else None
        seed = seeds.get(lead, shot.seed) if lead else int(place_seed[1]) if place_seed else shot.seed
        out.append(shot.model_copy(update={"seed": seed}))
    return out


def run_once(brief: Brief, server: ScriptedOpenAIServer, root: Path, max_concurrency: int | None) -> dict:
    """One whole ``make_film`` against ``server``; returns the figures of its planning."""
    first = len(server.requests)
    settings = Settings(planner="llm", base_url=server.base_url, api_key="bench", model=MODEL, llm_retries=0,
                        cache_dir=root / "cache", max_concurrency=max_concurrency)
    started = time.perf_counter()
    outcome = make_film(brief, root / "films", settings, ProgressPrinter(quiet=True))
    manifest = outcome.manifest
    stages = manifest["timings"]["stages"]
    return {
        "stages": {s: stages[s] for s in ("writer", "director", "editor")},
        "planning": sum(stages[s] for s in ("writer", "director", "editor")),
        "wall": time.perf_counter() - started,
        "calls": len(server.requests) - first,
        "tokens": manifest["tokens"]["total"],
        "cost": manifest["cost"]["total_usd"],
        "problems": len(manifest["critics"]["problems"]),
        "shots": len(manifest["timings"]["shots"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=0.3, help="seconds per answer (default 0.3)")
    parser.add_argument("--repeat", type=int, default=1, help=(
        "runs of each mode, in alternating order; the fastest counts (default 1)"))
    parser.add_argument("--idea", default=IDEA)
    opts = parser.parse_args()
    brief = Brief(idea=opts.idea, duration=60, aspect="1:1", width=64, height=64, fps=8)
    answers = OfflineAnswers(brief, delay=opts.delay)
    shots = sum(map(len, answers.shots.values()))
    print(f"film: {brief.duration:g}s, {len(answers.scenes)} scenes, {shots} shots; "
          f"every answer after {opts.delay * 1000:g} ms; model {MODEL}")
    modes = [("fan-out", None), ("sequential", 1)]
    best: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp, ScriptedOpenAIServer(handler=answers, models=[MODEL]) as server:
        for n in range(max(1, opts.repeat)):
            for label, limit in modes if n % 2 == 0 else modes[::-1]:
                r = run_once(brief, server, Path(tmp) / f"{label}-{n}", limit)
                _report(label, r, opts.delay)
                if label not in best or r["planning"] < best[label]["planning"]:
                    best[label] = r
    ratio = best["sequential"]["planning"] / best["fan-out"]["planning"]
    print(f"sequential / fan-out: {ratio:.2f}x (target >= 3x)")


def _report(label: str, r: dict, delay: float) -> None:
    tokens = r["tokens"]
    stages = ", ".join(f"{k} {v:.2f}s" for k, v in r["stages"].items())
    delays = f"~{r['planning'] / delay:.1f} answer delays; " if delay else ""
    print(f"{label:>10}: writer+director+editor {r['planning']:.2f}s ({delays}{stages}); "
          f"{r['calls']} LLM calls, {tokens['input_tokens']} tokens in / {tokens['output_tokens']} out, "
          f"${r['cost']:.4f}; {r['problems']} critic problems left; whole run {r['wall']:.2f}s")


if __name__ == "__main__":
    main()
