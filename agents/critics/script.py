"""The writer's critic: checks a treatment (its outline), one written scene, and the assembled script.

Each check returns problems, one sentence each, written to be read by the model that has to fix
them (and by the user, in the manifest). An empty list means the part passes.
"""

from __future__ import annotations

from collections import Counter

from agents.critics.pacing import MAX_LINE_SECONDS, han_count, outline_share, speaking_seconds, word_count
from agents.schemas import Brief, Outline, Premise, Scene, Script, Treatment

DIALOGUE_SHARE = 0.8
"""At most this much of a scene's share of the film may be spoken."""


def check_outline(brief: Brief, premise: Premise, outline: Outline) -> list[str]:
    """Problems of an outline: numbering, and locations and characters the premise defines.

    Args:
        brief: The brief.
        premise: The characters and locations the scenes may use.
        outline: The outline to check.
    """
    problems = []
    numbers = [s.number for s in outline.scenes]
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append(f"the scenes must be numbered 1, 2, 3... in order; they are numbered {numbers}")
    places = [loc.name for loc in premise.locations]
    names = [c.name for c in premise.characters]
    for s in outline.scenes:
        if s.location not in places:
            problems.append(f"scene {s.number}'s location {s.location!r} is not one of the locations {places}")
        for name in s.characters:
            if name not in names:
                problems.append(f"scene {s.number}'s character {name!r} is not one of the characters {names}")
    if len(outline.scenes) > max(1.0, brief.duration / 4):
        problems.append(
            f"{len(outline.scenes)} scenes are too many for a {brief.duration:g} s film; "
            "give each scene at least 4 seconds"
        )
    return problems


def check_treatment(brief: Brief, treatment: Treatment) -> list[str]:
    """Problems of a treatment: its outline's (`check_outline`), against its own characters and locations.

    Args:
        brief: The brief.
        treatment: The premise and the outline, as the writer answered them in one call.
    """
    return check_outline(brief, treatment.premise, treatment.outline)


def check_scene(brief: Brief, premise: Premise, outline: Outline, number: int, scene: Scene) -> list[str]:
    """Problems of one written scene: who speaks, where it is, and whether its lines fit its time.

    Args:
        brief: The brief (target duration).
        premise: The characters and locations.
        outline: The outline the scene was written from.
        number: The scene's number in the outline.
        scene: The written scene.
    """
    problems = []
    if scene.number != number:
        problems.append(f"the scene's number must be {number}, not {scene.number}")
    places = [loc.name for loc in premise.locations]
    if scene.location not in places:
        problems.append(f"the location {scene.location!r} is not one of the locations {places}")
    names = [c.name for c in premise.characters]
    for name in scene.characters:
        if name not in names:
            problems.append(f"the scene's character {name!r} is not one of the characters {names}")
    for n, line in enumerate(scene.dialogue, start=1):
        if line.speaker not in names:
            problems.append(f"line {n}'s speaker {line.speaker!r} is not one of the characters {names}")
        elif line.speaker not in scene.characters:
            problems.append(f"line {n}'s speaker {line.speaker!r} is not listed in the scene's characters")
        seconds = speaking_seconds(line.text)
        if seconds > MAX_LINE_SECONDS:
            problems.append(
                f"line {n} takes {seconds:.1f} s to say, longer than the {MAX_LINE_SECONDS:g} s a line may "
                "last; shorten it"
            )
        problems += _language_problems(premise.language, n, line.text)
    share = outline_share(brief, outline, number)
    spoken = sum(speaking_seconds(line.text) for line in scene.dialogue)
    if scene.dialogue and spoken > DIALOGUE_SHARE * share:
        problems.append(
            f"the lines take {spoken:.1f} s to say but the scene has about {share:.1f} s of screen time; "
            "cut or shorten lines"
        )
    return problems


def check_script(brief: Brief, outline: Outline, script: Script) -> list[str]:
    """Problems of the assembled script: every outlined scene written once, no line said twice.

    Args:
        brief: The brief (target duration).
        outline: The outline.
        script: The script made of the premise and the written scenes.
    """
    problems = []
    numbers = [s.number for s in script.scenes]
    wanted = [s.number for s in outline.scenes]
    if numbers != wanted:
        problems.append(f"the script's scenes are {numbers} but the outline has {wanted}")
    said = Counter(line.text.strip() for s in script.scenes for line in s.dialogue)
    for text, times in said.items():
        if times > 1:
            problems.append(f"the line {text!r} is said {times} times; each line should be said once")
    spoken = sum(speaking_seconds(line.text) for s in script.scenes for line in s.dialogue)
    if spoken > DIALOGUE_SHARE * brief.duration:
        problems.append(
            f"the dialogue takes {spoken:.1f} s to say, too much for a {brief.duration:g} s film"
        )
    return problems


def _language_problems(language: str, n: int, text: str) -> list[str]:
    """A line in the wrong script (checked where the script tells: CJK languages against the others)."""
    cjk = language.lower()[:2] in ("zh", "ja", "ko")
    if cjk and han_count(text) == 0:
        return [f"line {n} must be written in {language}, the script's language"]
    if not cjk and han_count(text) > 0 and word_count(text) == 0:
        return [f"line {n} must be written in {language}, the script's language"]
    return []
