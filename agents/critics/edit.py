"""The editor's critic: the edit must fit the clips, run on target, join scenes by meaning and
subtitle every line while it is spoken."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import Any

from agents.schemas import Brief, Script, Shot
from tools.timeline import EditDecisionList, check_against_clips

LENGTH_TOLERANCE = 0.05
"""The film may run this fraction over or under the target."""
BETWEEN_SCENES = ("crossfade", "fade_black")


def check_edit(
    brief: Brief, script: Script, shots: list[Shot], clip_seconds: dict[str, float], edl: EditDecisionList
) -> list[str]:
    """Problems of the edit decisions.

    Args:
        brief: The brief (target duration).
        script: The script (every dialogue line).
        shots: Every shot, in playing order.
        clip_seconds: Real length in seconds of every rendered clip, by shot id.
        edl: The decisions to check.
    """
    problems = check_against_clips(edl, clip_seconds)
    total = edl.duration
    if abs(total - brief.duration) > LENGTH_TOLERANCE * brief.duration:
        problems.append(f"the film runs {total:.1f} s for a {brief.duration:g} s target; trim or extend "
                        f"clips so it lands within {LENGTH_TOLERANCE:.0%}")
    scene_of = {s.id: s.scene for s in shots}
    for n, (a, b) in enumerate(pairwise(edl.clips), start=2):
        if a.shot_id not in scene_of or b.shot_id not in scene_of:
            continue
        kind = b.transition.kind
        if scene_of[a.shot_id] == scene_of[b.shot_id] and kind != "cut":
            problems.append(f"clip {n} ({b.shot_id}) joins a shot of the same scene with a {kind}; "
                            "cut within a scene")
        elif scene_of[a.shot_id] != scene_of[b.shot_id] and kind not in BETWEEN_SCENES:
            problems.append(f"clip {n} ({b.shot_id}) starts a new scene with a {kind}; use a crossfade, "
                            "or a fade_black for a jump in time")
    return problems + _subtitles(script, shots, edl)


def _subtitles(script: Script, shots: list[Shot], edl: EditDecisionList) -> list[str]:
    """Every line gets a subtitle, in order, shown while the clip that carries it plays."""
    problems = []
    spans = {c.shot_id: (start, start + c.length) for c, start in zip(edl.clips, edl.clip_starts())}
    carriers = [(s.id, s.dialogue.speaker, s.dialogue.text) for s in shots if s.dialogue is not None]
    lines = [(s.number, line) for s in script.scenes for line in s.dialogue]
    shot_ids = _match(lines, carriers, lambda line, c: (line.speaker, line.text) == c[1:])
    found = _match(lines, edl.subtitles, lambda line, sub: sub.text.strip() == line.text.strip())
    for (number, line), shot_id, index in zip(lines, shot_ids, found):
        if index is None:
            problems.append(f"scene {number}'s line {line.text!r} has no subtitle (in order)")
            continue
        sub, span = edl.subtitles[index], spans.get(carriers[shot_id][0]) if shot_id is not None else None
        if span and (sub.end <= span[0] or sub.start >= span[1]):
            problems.append(f"the subtitle {line.text!r} ({sub.start:.2f}-{sub.end:.2f} s) is not shown "
                            f"while its shot plays ({span[0]:.2f}-{span[1]:.2f} s)")
    return problems


def _match(lines: list[tuple[int, Any]], items: list[Any], same: Callable[[Any, Any], bool]) -> list[int | None]:
    """For each line in order, the index of the next item after the last match that ``same`` accepts."""
    out, at = [], 0
    for _, line in lines:
        index = next((i for i in range(at, len(items)) if same(line, items[i])), None)
        out.append(index)
        at = index + 1 if index is not None else at
    return out
