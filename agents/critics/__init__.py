"""Critics: deterministic checks after each stage, and the loop that sends an answer back to its agent.

Each check returns a list of problems, one sentence each, empty when the part passes. A graph node
runs its stage's critic on the agent's answer and, while problems remain and fewer than
``RunContext.critic_rounds`` rounds were made, hands the answer back with a `agents.planner.Feedback`
(`revise`). What is left goes to the run's ``problems`` and the manifest.

The pacing rules (`scene_budget`, `speaking_seconds`) and seeds (`character_seed`, `location_seed`)
live here too, because the planners must follow exactly what the critics check.
"""

from __future__ import annotations

from agents.critics.edit import check_edit
from agents.critics.pacing import (
    MAX_LINE_SECONDS,
    SCENE_BASE_SECONDS,
    outline_share,
    scene_budget,
    scene_weight,
    speaking_seconds,
)
from agents.critics.revise import Revised, revise
from agents.critics.script import check_outline, check_scene, check_script, check_treatment
from agents.critics.seeds import character_seed, expected_seed, location_seed
from agents.critics.shots import check_film, check_shots

__all__ = [
    "MAX_LINE_SECONDS",
    "SCENE_BASE_SECONDS",
    "Revised",
    "character_seed",
    "check_edit",
    "check_film",
    "check_outline",
    "check_scene",
    "check_script",
    "check_shots",
    "check_treatment",
    "expected_seed",
    "location_seed",
    "outline_share",
    "revise",
    "scene_budget",
    "scene_weight",
    "speaking_seconds",
]
