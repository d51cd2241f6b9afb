"""The embedded offline planner: writes, directs and edits with no model, no network and no key.

It stands in for the LLM when no endpoint is configured and is labelled as such
(``provider = "offline planner"``). Every answer is deterministic: the same brief (idea, duration,
seed...) always gives the same script, shots and edit, because every choice derives from a SHA-256
of the idea and ``Brief.seed``. Scripts are written in English or Chinese (``Brief.language``, or
the idea's language when ``"auto"``); shot prompts are always English.

Modules: ``idea`` reads the idea (``idea_en``/``verbs_en`` and ``idea_zh`` per language; ``kinds``
tells what kind of event it is, ``cues`` its era, weather and the lead's gender); ``lexicon``,
``glossary``, ``roles`` and ``places`` hold what the readers know, ``language`` the stable choices;
``cast`` and ``looks`` make the people, ``fields``, ``lines``, ``summaries``, ``dialogue`` and
``shotwords`` supply the words; ``story`` holds the structure and timing rules the three agents
share, and ``writer``, ``director`` and ``editor`` do the work.
"""

from __future__ import annotations

from agents.offline.director import plan_shots
from agents.offline.editor import decide_edit
from agents.offline.writer import write_script
from agents.planner import Answer, Usage
from agents.schemas import Brief, Scene, Script, Shot
from tools.timeline import EditDecisionList

MODEL = "offline-planner@1"


class OfflinePlanner:
    """A `Planner` that needs nothing but this package.

    Attributes:
        provider: Always ``"offline planner"``.
        models: ``offline-planner@1`` for the writer, director and editor.
    """

    provider = "offline planner"

    def __init__(self) -> None:
        self.models = {"writer": MODEL, "director": MODEL, "editor": MODEL}

    def write_script(self, brief: Brief) -> Answer[Script]:
        """The writer: a three-act script sized to ``brief.duration``, in the brief's language.

        Args:
            brief: What the user asked for.
        """
        return Answer(value=write_script(brief), usage=Usage(), prompt=None)

    def plan_shots(self, brief: Brief, script: Script, scene: Scene) -> Answer[list[Shot]]:
        """The director, for one scene: its shots, in order, ids ``S<scene:02>-<n:02>``.

        Uses only its arguments, so all scenes can be planned in parallel; together the scenes'
        shots add up to ``brief.duration`` (within about 2%).

        Args:
            brief: The brief.
            script: The whole script.
            scene: The scene to cover.
        """
        return Answer(value=plan_shots(brief, script, scene), usage=Usage(), prompt=None)

    def decide_edit(
        self, brief: Brief, script: Script, shots: list[Shot], clip_seconds: dict[str, float]
    ) -> Answer[EditDecisionList]:
        """The editor: decisions over the rendered clips, whose real lengths are ``clip_seconds``.

        Args:
            brief: The brief.
            script: The script.
            shots: Every shot, in playing order.
            clip_seconds: Real clip length in seconds by shot id.

        Raises:
            AgentError: A shot has no rendered clip.
        """
        return Answer(value=decide_edit(brief, script, shots, clip_seconds), usage=Usage(), prompt=None)


__all__ = ["MODEL", "OfflinePlanner"]
