"""The planner protocol: who writes the script, plans the shots and decides the edit.

Two providers implement it: `agents.offline.OfflinePlanner` (embedded, deterministic, no network)
and `agents.llm.OpenAIPlanner` (any OpenAI-compatible server). Every method returns an `Answer`:
the validated model plus what producing it cost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from agents.schemas import Brief, Outline, Premise, Scene, Script, Shot, Treatment
from tools.timeline import EditDecisionList

T = TypeVar("T")


@dataclass
class Usage:
    """What one or more model calls cost.

    Attributes:
        calls: Requests sent to the model (repairs included).
        input_tokens: Prompt tokens reported by the server.
        output_tokens: Completion tokens reported by the server.
    """

    calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.calls + other.calls,
            self.input_tokens + other.input_tokens,
            self.output_tokens + other.output_tokens,
        )

    def as_dict(self) -> dict[str, int]:
        """Plain dict for the manifest and the graph state."""
        return {"calls": self.calls, "input_tokens": self.input_tokens, "output_tokens": self.output_tokens}


@dataclass
class Answer(Generic[T]):
    """A planner's validated answer.

    Attributes:
        value: The validated model (script, shots or edit decisions).
        usage: Tokens and calls it took.
        prompt: Versioned name of the prompt used (``writer/script@1``), None offline.
        repaired: True when the first answer was invalid and the model fixed it.
    """

    value: T
    usage: Usage = field(default_factory=Usage)
    prompt: str | None = None
    repaired: bool = False


@dataclass
class Feedback:
    """A critic's verdict on an earlier answer, handed back to the agent that wrote it.

    Attributes:
        previous: The earlier answer, as JSON.
        problems: What is wrong with it, one sentence each.
    """

    previous: str
    problems: list[str]


class Planner(Protocol):
    """A provider of the three agents' decisions.

    Attributes:
        provider: ``"offline planner"`` or ``"openai-compatible"``, shown in the output and manifest.
        models: Model name per agent (``writer``, ``director``, ``editor``).
    """

    provider: str
    models: dict[str, str]

    def write_treatment(self, brief: Brief, feedback: Feedback | None = None) -> Answer[Treatment]:
        """The writer, steps 1 and 2 in one answer: the premise, then the scene outline.

        Title, logline, language, characters and locations, then the scenes in order, their count
        and dialogue lines sized to ``brief.duration``. With ``feedback``, revise the earlier
        treatment so the problems go away.
        """
        ...

    def write_scene(
        self, brief: Brief, premise: Premise, outline: Outline, number: int, feedback: Feedback | None = None
    ) -> Answer[Scene]:
        """The writer, step 3, one scene at a time (scenes are written in parallel): action and dialogue.

        With ``feedback``, revise the earlier version of the scene so the problems go away.
        """
        ...

    def plan_shots(
        self, brief: Brief, script: Script, scene: Scene, feedback: Feedback | None = None
    ) -> Answer[list[Shot]]:
        """The director, for one scene: its shots, in order, ids ``S<scene:02>-<n:02>``."""
        ...

    def decide_edit(
        self,
        brief: Brief,
        script: Script,
        shots: list[Shot],
        clip_seconds: dict[str, float],
        feedback: Feedback | None = None,
    ) -> Answer[EditDecisionList]:
        """The editor: decisions over the rendered clips, whose real lengths are ``clip_seconds``."""
        ...
