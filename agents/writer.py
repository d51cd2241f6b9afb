"""The writer, hierarchical (as Dramatron): the treatment (premise, then scene outline) → every scene,
written in parallel.

```
write_treatment ─Send×scenes→ write_scene → gather_script
```

The premise and the outline come in one call (`agents.schemas.Treatment`, its fields in the order a
writer thinks them), so the writer costs one call on the critical path before the scenes fan out.
The treatment and each scene are checked by the writer's critic and sent back while problems
remain; the gathered script is checked as a whole and saved as ``script.json``.
"""

from __future__ import annotations

import time
from typing import Any

from langgraph.runtime import Runtime
from langgraph.types import Send

from agents.context import RunContext
from agents.critics import check_scene, check_script, check_treatment
from agents.errors import AgentError
from agents.review import recorded, reviewed
from agents.schemas import Brief, Outline, Premise, Scene, Script
from agents.state import FilmState, agent_update, combine, stage_clock
from tools.files import write_model


def write_treatment(state: FilmState, runtime: Runtime[RunContext]) -> dict:
    """Steps 1 and 2 in one call, the treatment: the premise, then the scene outline; revised with the critic.

    The premise is the title, logline, language, characters and locations; the outline, the scenes in
    order, sized to the target duration.

    Raises:
        AgentError: when the outline's scenes are not numbered 1..N even after the critic's rounds
            (they could not be written apart).
    """
    ctx = runtime.context
    started = time.time()
    brief = Brief.model_validate(state["brief"])
    ctx.progress({"stage": "writer", "event": "start"})
    answer, review = reviewed(
        ctx, "writer", "treatment",
        ask=lambda feedback: ctx.planner.write_treatment(brief, feedback),
        check=lambda treatment: check_treatment(brief, treatment),
        dump=lambda treatment: treatment.model_dump_json(),
    )
    treatment = answer.value
    numbers = [s.number for s in treatment.scenes]
    if numbers != list(range(1, len(numbers) + 1)):
        model = ctx.planner.models.get("writer", "?")
        raise AgentError(f"writer (treatment, model {model!r}): the outline's scenes are numbered {numbers}, "
                         f"not 1..{len(numbers)}; run the same command again to write the treatment again")
    ctx.progress({"stage": "writer", "event": "info", "detail": (
        f"“{treatment.title}” · {len(treatment.characters)} characters · "
        f"{len(treatment.locations)} locations · {len(treatment.scenes)} scenes outlined")})
    return combine(
        {"premise": treatment.premise.model_dump(), "outline": treatment.outline.model_dump()},
        review,
        agent_update("writer", answer, started, time.time(), "treatment"),
    )


def send_scenes_to_write(state: FilmState) -> list[Send]:
    """Fan out: one `write_scene` branch per scene of the outline."""
    task = {"brief": state["brief"], "premise": state["premise"], "outline": state["outline"]}
    return [Send("write_scene", {**task, "number": s["number"]}) for s in state["outline"]["scenes"]]


def write_scene(task: dict[str, Any], runtime: Runtime[RunContext]) -> dict:
    """Step 3, one scene (a `Send` branch): its action and dialogue, revised with the critic."""
    ctx = runtime.context
    started = time.time()
    brief = Brief.model_validate(task["brief"])
    premise = Premise.model_validate(task["premise"])
    outline = Outline.model_validate(task["outline"])
    number = task["number"]
    where = f"scene {number}"
    answer, review = reviewed(
        ctx, "writer", where,
        ask=lambda feedback: ctx.planner.write_scene(brief, premise, outline, number, feedback),
        check=lambda scene: check_scene(brief, premise, outline, number, scene),
        dump=lambda scene: scene.model_dump_json(),
    )
    scene = answer.value
    if scene.number != number:
        model = ctx.planner.models.get("writer", "?")
        raise AgentError(f"writer ({where}, model {model!r}): the answer is numbered scene {scene.number} even "
                         "after the critic's rounds; run the same command again to write it again")
    ctx.progress({"stage": "writer", "event": "scene", "scene": number, "total": len(outline.scenes),
                  "detail": f"{scene.heading}: {len(scene.dialogue)} line{'' if len(scene.dialogue) == 1 else 's'}"})
    return combine(
        {"scenes": {str(number): scene.model_dump()}},
        review,
        agent_update("writer", answer, started, time.time(), where),
    )


def gather_script(state: FilmState, runtime: Runtime[RunContext]) -> dict:
    """Join the premise and the written scenes into the `Script`, check it, and save ``script.json``.

    Raises:
        AgentError: when a scene of the outline was not written.
    """
    ctx = runtime.context
    started = time.time()
    brief = Brief.model_validate(state["brief"])
    premise = Premise.model_validate(state["premise"])
    outline = Outline.model_validate(state["outline"])
    written = state.get("scenes", {})
    missing = [s.number for s in outline.scenes if str(s.number) not in written]
    if missing:
        raise AgentError(f"writer: scenes {missing} were not written; run the same command again to write them")
    scenes = [Scene.model_validate(written[str(s.number)]) for s in outline.scenes]
    script = Script.from_parts(premise, scenes)
    write_model(ctx.run_dir / "script.json", script)
    problems = recorded(ctx, "writer", "script", check_script(brief, outline, script))
    lines = sum(len(s.dialogue) for s in script.scenes)
    ctx.progress({"stage": "writer", "event": "done", "detail": (
        f"“{script.title}” · {len(script.scenes)} scenes · {len(script.characters)} characters · {lines} lines")})
    return {"script": script.model_dump(), "problems": problems,
            "clock": stage_clock("writer", started, time.time())}
