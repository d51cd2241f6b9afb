"""Pacing rules every planner and every critic share: how long a line takes, what a scene may last.

A scene's budget is its share of the film: a base for its establishing and action shots plus the
time its lines take to say, over the same for all scenes. The director's prompt states it and the
critic holds the shots to it, so both must compute it here.
"""

from __future__ import annotations

import re

from agents.schemas import Brief, Outline, Scene, Script

SCENE_BASE_SECONDS = 3.0
"""Screen time a scene needs besides its dialogue: an establishing shot and an action shot."""
MAX_LINE_SECONDS = 6.0
"""The longest a dialogue line may take to say: it must sit in one shot."""

_HAN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+")


def han_count(text: str) -> int:
    """Number of CJK characters (Han, kana, hangul) in ``text``."""
    return len(_HAN.findall(text))


def word_count(text: str) -> int:
    """Number of words and numbers in ``text`` written in a script with spaces (Latin, Cyrillic...)."""
    return len(_WORD.findall(_HAN.sub(" ", text)))


def speaking_seconds(text: str) -> float:
    """Seconds a viewer needs to hear or read a line: 1 s, plus 0.25 s per CJK character and 0.3 s per word.

    Args:
        text: The line, in any language (mixed text counts both).
    """
    return 1.0 + 0.25 * han_count(text) + 0.3 * word_count(text)


def scene_weight(scene: Scene) -> float:
    """Screen time a scene asks for: the base for its wide and action shots + its lines' speaking time."""
    return SCENE_BASE_SECONDS + sum(speaking_seconds(line.text) for line in scene.dialogue)


def scene_budget(brief: Brief, script: Script, scene: Scene) -> float:
    """The seconds ``scene``'s shots should add up to: its weight's share of ``brief.duration``.

    Args:
        brief: Gives the target duration.
        script: All scenes, to share the duration between.
        scene: The scene whose share is wanted (need not be in ``script``).
    """
    weights = {s.number: scene_weight(s) for s in script.scenes}
    weights[scene.number] = scene_weight(scene)
    return brief.duration * weights[scene.number] / sum(weights.values())


def outline_share(brief: Brief, outline: Outline, number: int) -> float:
    """Before the scenes are written: scene ``number``'s share of the film, from the outline's line counts.

    Each planned line counts as 2.5 s of speech on top of the scene's base.

    Args:
        brief: Gives the target duration.
        outline: The scenes planned.
        number: The scene's number.
    """
    weights = {s.number: SCENE_BASE_SECONDS + 2.5 * s.lines for s in outline.scenes}
    return brief.duration * weights.get(number, SCENE_BASE_SECONDS) / sum(weights.values())
