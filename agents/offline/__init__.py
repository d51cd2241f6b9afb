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
share, and ``writer``, ``director`` and ``editor`` do the work. The writer writes the whole script
at once; the planner hands it out in the hierarchical writer's steps (the treatment, premise and
outline together, then scene N), so the graph runs the same way offline as with a model. Its
answers pass the critics (``agents.critics``) as they are, so a ``Feedback`` gets the same,
deterministic answer back.
"""

from __future__ import annotations

from functools import lru_cache

from agents.errors import AgentError
from agents.offline.director import plan_shots
from agents.offline.editor import decide_edit
from agents.offline.writer import write_script
from agents.planner import Answer, Feedback
from agents.schemas import Brief, Outline, Premise, Scene, SceneOutline, Script, Shot, Treatment
from tools.timeline import EditDecisionList

MODEL = "offline-planner@1"


@lru_cache(maxsize=16)
def _script(brief_json: str) -> Script:
    return write_script(Brief.model_validate_json(brief_json))


def full_script(brief: Brief) -> Script:
    """The whole offline script for ``brief`` (computed once per brief, a fresh copy every call)."""
    return _script(brief.model_dump_json()).model_copy(deep=True)


class OfflinePlanner:
    """A `Planner` that needs nothing but this package.

    Attributes:
        provider: Always ``"offline planner"``.
        models: ``offline-planner@1`` for the writer, director and editor.
    """

    provider = "offline planner"

    def __init__(self) -> None:
        self.models = {"writer": MODEL, "director": MODEL, "editor": MODEL}

    def write_treatment(self, brief: Brief, feedback: Feedback | None = None) -> Answer[Treatment]:
        """The writer, steps 1 and 2: the premise, then a three-act outline sized to ``brief.duration``.

        Args:
            brief: What the user asked for.
            feedback: A critic's problems with an earlier treatment; the offline one is already its best.
        """
        script = full_script(brief)
        scenes = [
            SceneOutline(number=s.number, heading=s.heading, location=s.location, characters=list(s.characters),
                         summary=s.summary, lines=len(s.dialogue))
            for s in script.scenes
        ]
        return Answer(value=Treatment.from_parts(script.premise, Outline(scenes=scenes)))

    def write_scene(
        self, brief: Brief, premise: Premise, outline: Outline, number: int, feedback: Feedback | None = None
    ) -> Answer[Scene]:
        """The writer, step 3: scene ``number``'s summary and dialogue.

        Args:
            brief: What the user asked for.
            premise: The premise.
            outline: The outline.
            number: The scene to write.
            feedback: A critic's problems with an earlier version; the offline answer is already its best.

        Raises:
            AgentError: The offline outline has no scene ``number``.
        """
        scene = next((s for s in full_script(brief).scenes if s.number == number), None)
        if scene is None:
            raise AgentError(f"writer: the offline outline has no scene {number}; scenes are numbered from 1")
        return Answer(value=scene)

    def write_script(self, brief: Brief) -> Answer[Script]:
        """The whole script at once: premise, outline and every scene (for tools and tests).

        Args:
            brief: What the user asked for.
        """
        return Answer(value=full_script(brief))

    def plan_shots(
        self, brief: Brief, script: Script, scene: Scene, feedback: Feedback | None = None
    ) -> Answer[list[Shot]]:
        """The director, for one scene: its shots, in order, ids ``S<scene:02>-<n:02>``.

        Uses only its arguments, so all scenes can be planned in parallel; together the scenes'
        shots add up to ``brief.duration`` (within about 2%).

        Args:
            brief: The brief.
            script: The whole script.
            scene: The scene to cover.
            feedback: A critic's problems with an earlier plan; the offline plan is already its best.
        """
        return Answer(value=plan_shots(brief, script, scene))

    def decide_edit(
        self,
        brief: Brief,
        script: Script,
        shots: list[Shot],
        clip_seconds: dict[str, float],
        feedback: Feedback | None = None,
    ) -> Answer[EditDecisionList]:
        """The editor: decisions over the rendered clips, whose real lengths are ``clip_seconds``.

        Args:
            brief: The brief.
            script: The script.
            shots: Every shot, in playing order.
            clip_seconds: Real clip length in seconds by shot id.
            feedback: A critic's problems with an earlier edit; the offline edit is already its best.

        Raises:
            AgentError: A shot has no rendered clip.
        """
        return Answer(value=decide_edit(brief, script, shots, clip_seconds))


__all__ = ["MODEL", "OfflinePlanner", "full_script"]
