"""Edit revisions: the title, a clip's transition, the clips' order, burned-in subtitles.

The update is written as ``cut_film``'s, so the graph goes on with the assembly alone: nothing is
planned or rendered again. What it writes:

- ``edit``: the revised decisions, checked against the real clip lengths (each render's
  ``num_frames / fps``) with `tools.timeline.check_against_clips`. A change that moves clips on the
  timeline moves the subtitles with them: each subtitle goes with the clip it is shown over longest.
- ``/title``: ``edit`` (the title card's text, when the film has a card; films under 8 s have none)
  and ``script`` (and the writer's ``premise``, where the state has it) with the new title, so the
  film, its storyboard, the screenplay and every export agree, and a later re-cut keeps the title.
- ``/subtitles on|off``: the edit as it is. Burning subtitles into the picture is a run setting
  (``RunContext.burn_subtitles``), not a decision of the edit: the session sets it from
  ``values["burn"]`` before it goes on; the ``.srt``/``.vtt`` files are written either way.
"""

from __future__ import annotations

from typing import Any

from agents.errors import RevisionError
from agents.offline.story import CROSSFADE, FADE_BLACK
from agents.revision_grammar import Revision, check_value
from agents.revision_state import clip_seconds, edit_of, script_of, validated
from agents.schemas import Script
from tools.timeline import ClipDecision, EditDecisionList, SubtitleEvent, Transition, check_against_clips

DEFAULT_SECONDS = {"cut": 0.0, "crossfade": CROSSFADE, "fade_black": FADE_BLACK}
"""A transition's length when the command gives none (the offline editor's)."""


def retitle(revision: Revision, state: dict[str, Any]) -> dict[str, Any]:
    """``/title TEXT``: the title card and the script's title."""
    title = check_value(revision.action, "title", revision.values["title"])
    script, edl = script_of(state), edit_of(state)
    new = validated(Script, {**script.model_dump(), "title": title}, "the title")
    card = edl.title_card.model_copy(update={"text": title}) if edl.title_card else None
    update: dict[str, Any] = {"script": new.model_dump(), "edit": edl.model_copy(update={"title_card": card}).model_dump()}
    if state.get("premise"):
        update["premise"] = {**state["premise"], "title": title}
    return update


def cut_transition(revision: Revision, state: dict[str, Any]) -> dict[str, Any]:
    """``/transition N KIND [duration=S]``: how clip N joins what comes before it."""
    edl, seconds = edit_of(state), clip_seconds(state)
    n = _clip_number(edl, revision.target)
    kind = check_value(revision.action, "kind", revision.values["kind"])
    given = revision.values.get("duration")
    duration = check_value(revision.action, "duration", given) if given is not None else DEFAULT_SECONDS[kind]
    transition = validated(Transition, {"kind": kind, "duration": duration}, f"clip {n}'s transition")
    clips = [c.model_copy(update={"transition": transition}) if i == n - 1 else c for i, c in enumerate(edl.clips)]
    new = edl.model_copy(update={"clips": clips})
    return {"edit": _checked(edl, new, list(range(len(clips))), seconds).model_dump()}


def cut_order(revision: Revision, state: dict[str, Any]) -> dict[str, Any]:
    """``/order 3,1,2``: the clips in a new order.

    The opening keeps the film's first transition. After it, a clip whose neighbour before it is as
    before (of its own scene, or of another) keeps its join; otherwise, as the editor's critic asks,
    a clip that now follows one of its own scene is cut to, and one that now starts a scene keeps its
    own join, or gets a crossfade when it had a cut. A join is shortened where a clip is too short for it.
    """
    edl, seconds = edit_of(state), clip_seconds(state)
    order = check_value(revision.action, "order", revision.values["order"])
    count = len(edl.clips)
    if sorted(order) != list(range(1, count + 1)):
        raise RevisionError(f"the film has {count} clips: give each number from 1 to {count} once "
                            f"(got {','.join(map(str, order))})")
    scene_of = {s["id"]: s["scene"] for s in state.get("shots") or []}
    clips: list[ClipDecision] = []
    def same_scene(a: ClipDecision, b: ClipDecision) -> bool | None:
        x, y = scene_of.get(a.shot_id), scene_of.get(b.shot_id)
        return None if x is None or y is None else x == y

    for i in order:
        clip = edl.clips[i - 1]
        now = same_scene(clips[-1], clip) if clips else None
        if not clips:
            join = edl.clips[0].transition
        elif now is None or (i > 1 and same_scene(edl.clips[i - 2], clip) == now):
            join = clip.transition
        elif now:
            join = Transition()
        elif clip.transition.kind != "cut":
            join = clip.transition
        else:
            join = Transition(kind="crossfade", duration=CROSSFADE)
        before = clips[-1].length if clips else (edl.title_card.duration if edl.title_card else None)
        clips.append(clip.model_copy(update={"transition": _fit(join, before, clip.length)}))
    new = edl.model_copy(update={"clips": clips, "fade_out": min(edl.fade_out, clips[-1].length)})
    moved = {i - 1: j for j, i in enumerate(order)}
    return {"edit": _checked(edl, new, [moved[i] for i in range(count)], seconds).model_dump()}


def subtitles_setting(revision: Revision, state: dict[str, Any]) -> dict[str, Any]:
    """``/subtitles on|off``: the edit as it is; the session sets ``RunContext.burn_subtitles``."""
    edit_of(state)
    check_value(revision.action, "burn", revision.values["burn"])
    return {"edit": state["edit"]}


def _clip_number(edl: EditDecisionList, n: int) -> int:
    if not 1 <= n <= len(edl.clips):
        raise RevisionError(f"there is no clip {n}: the film has {len(edl.clips)} clip{'' if len(edl.clips) == 1 else 's'}")
    return n


def _fit(join: Transition, before: float | None, length: float) -> Transition:
    """A derived join shortened to what the clips around it allow (a crossfade from nothing fades up instead)."""
    if join.kind == "crossfade":
        if before is None:
            join = Transition(kind="fade_black", duration=FADE_BLACK)
        else:
            return Transition(kind="crossfade", duration=round(min(join.duration, before, length), 3))
    if join.kind == "fade_black":
        limit = 2 * min(length, before) if before is not None else 2 * length
        return Transition(kind="fade_black", duration=round(min(join.duration, limit, 5.0), 3))
    return join


def _checked(old: EditDecisionList, new: EditDecisionList, moved: list[int], seconds: dict[str, float]) -> EditDecisionList:
    """``new`` with ``old``'s subtitles moved with their clips (old clip ``i`` is now ``moved[i]``), checked."""
    new = validated(EditDecisionList, new.model_dump(), "the edit")
    old_starts, new_starts = old.clip_starts(), new.clip_starts()
    total = new.duration
    subtitles = []
    for sub in old.subtitles:
        i = _shown_over(old, old_starts, sub)
        shift = new_starts[moved[i]] - old_starts[i] if i is not None else 0.0
        start, end = round(max(sub.start + shift, 0.0), 3), round(min(sub.end + shift, total), 3)
        subtitles.append(validated(SubtitleEvent, {**sub.model_dump(), "start": start, "end": end}, "a subtitle"))
    new = new.model_copy(update={"subtitles": sorted(subtitles, key=lambda s: s.start)})
    problems = check_against_clips(new, seconds)
    if problems:
        raise RevisionError("that edit cannot be played: " + "; ".join(problems))
    return new


def _shown_over(edl: EditDecisionList, starts: list[float], sub: SubtitleEvent) -> int | None:
    """The clip a subtitle is shown over longest, or None when it is over no clip (a card)."""
    overlaps = [min(sub.end, start + clip.length) - max(sub.start, start) for clip, start in zip(edl.clips, starts)]
    best = max(range(len(overlaps)), key=lambda i: overlaps[i])
    return best if overlaps[best] > 0 else None
