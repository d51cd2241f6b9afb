"""A revision in one line, for the session to echo before it re-runs the film."""

from __future__ import annotations

from typing import Any

from agents.compare import quoted, seconds
from agents.errors import RevisionError
from agents.revision_edit import DEFAULT_SECONDS
from agents.revision_grammar import ASPECTS, Revision, check_value
from agents.revision_state import brief_of, edit_of, scene_at, script_of, shot_at, shots_of
from tools.timeline import Transition


def describe(revision: Revision, state: dict[str, Any] | None = None) -> str:
    """One line saying what ``revision`` changes, e.g. ``shot 3 (S01-03): size MS → CU``.

    Args:
        revision: The revision.
        state: The state it is about to be applied to, for the shot's id and the old values; without
            it (or when the state lacks the part), only the new values are told.
    """
    if state is not None:
        try:
            return _WITH_STATE[revision.action](revision, state)
        except (RevisionError, KeyError, IndexError, ValueError):
            pass
    return _plain(revision)


def _plain(r: Revision) -> str:
    v, n = r.values, r.target
    shown = ", ".join(f"{k} → {_value(k, x)}" for k, x in v.items())
    return {
        "set_shot": f"shot {n}: {shown}",
        "cut_shot": f"shot {n} cut",
        "cut_scene": f"scene {n} cut with its shots",
        "set_scene": f"scene {n}: {shown}; its shots are planned again",
        "set_line": f"scene {n} line {v.get('line')}: " + ", ".join(f"{k} → {_value(k, x)}" for k, x in v.items()
                                                                       if k != "line"),
        "set_duration": f"film length → {v.get('duration')}s; every scene's shots are planned again",
        "set_title": f"title → {quoted(v.get('title', ''))}",
        "set_transition": f"clip {n}: transition → {v.get('kind')}" + (f" {v['duration']}s" if "duration" in v else ""),
        "set_order": f"clips reordered: {v.get('order')}",
        "set_subtitles": f"burned-in subtitles {v.get('burn')} (the .srt and .vtt files are written either way)",
        "set_aspect": f"aspect → {v.get('aspect')}; every shot is drawn again",
        "set_resolution": f"resolution → {v.get('resolution')}; every shot is drawn again",
    }.get(r.action, f"{r.action} {n if n is not None else ''} {shown}".strip())


def _value(key: str, value: str) -> str:
    if key in ("prompt", "action", "negative_prompt", "angle", "summary", "text", "title"):
        return quoted(value)
    return value


def _shot(r: Revision, state: dict[str, Any]) -> str:
    shot = shot_at(shots_of(state), r.target)
    parts = []
    for key, value in r.values.items():
        old, new = getattr(shot, key), check_value(r.action, key, value)
        if key == "duration":
            parts.append(f"duration {seconds(old)} → {seconds(new)}")
        elif key in ("size", "move"):
            parts.append(f"{key} {old} → {new}")
        else:
            parts.append(f"{key} {quoted(old)} → {quoted(new)}")
    return f"shot {r.target} ({shot.id}): " + ", ".join(parts)


def _cut_shot(r: Revision, state: dict[str, Any]) -> str:
    shot = shot_at(shots_of(state), r.target)
    line = f"; its line {quoted(shot.dialogue.text)} is no longer said" if shot.dialogue else ""
    return f"shot {r.target} ({shot.id}) cut, {seconds(shot.duration)} shorter{line}"


def _cut_scene(r: Revision, state: dict[str, Any]) -> str:
    scene = scene_at(script_of(state), r.target)
    count = sum(s.scene == scene.number for s in shots_of(state))
    return f"scene {scene.number} ({scene.heading}) cut with its {count} shot{'' if count == 1 else 's'}"


def _scene(r: Revision, state: dict[str, Any]) -> str:
    scene = scene_at(script_of(state), r.target)
    return (f"scene {scene.number}: summary {quoted(scene.summary)} → {quoted(r.values['summary'])}; "
            "its shots are planned again")


def _line(r: Revision, state: dict[str, Any]) -> str:
    scene = scene_at(script_of(state), r.target)
    number = int(r.values["line"])
    old = scene.dialogue[number - 1]
    parts = []
    if r.values.get("speaker", old.speaker) != old.speaker:
        parts.append(f"speaker {old.speaker} → {r.values['speaker']}")
    if r.values.get("text", old.text) != old.text:
        parts.append(f"{quoted(old.text)} → {quoted(r.values['text'])}")
    return f"scene {scene.number} line {number}: " + (", ".join(parts) or "unchanged")


def _duration(r: Revision, state: dict[str, Any]) -> str:
    new = check_value(r.action, "duration", r.values["duration"])
    return f"film length {seconds(brief_of(state).duration)} → {seconds(new)}; every scene's shots are planned again"


def _title(r: Revision, state: dict[str, Any]) -> str:
    return f"title {quoted(script_of(state).title)} → {quoted(r.values['title'])}"


def _transition(r: Revision, state: dict[str, Any]) -> str:
    clip = edit_of(state).clips[r.target - 1]
    kind = check_value(r.action, "kind", r.values["kind"])
    length = float(r.values["duration"]) if "duration" in r.values else DEFAULT_SECONDS[kind]
    new = kind if kind == "cut" else f"{kind} {seconds(length)}"
    return f"clip {r.target} ({clip.shot_id}): transition {_join(clip.transition)} → {new}"


def _order(r: Revision, state: dict[str, Any]) -> str:
    clips = edit_of(state).clips
    order = check_value(r.action, "order", r.values["order"])
    return "clips reordered: " + ", ".join(f"{i} ({clips[i - 1].shot_id})" for i in order)


def _output(r: Revision, state: dict[str, Any]) -> str:
    brief = brief_of(state)
    if r.action == "set_aspect":
        aspect = check_value(r.action, "aspect", r.values["aspect"])
        width, height = ASPECTS[aspect]
        return (f"aspect {brief.aspect} ({brief.width}x{brief.height}) → {aspect} ({width}x{height}); "
                "every shot is drawn again")
    width, height, _ = check_value(r.action, "resolution", r.values["resolution"])
    return f"resolution {brief.width}x{brief.height} → {width}x{height}; every shot is drawn again"


def _join(transition: Transition) -> str:
    return transition.kind if transition.kind == "cut" else f"{transition.kind} {seconds(transition.duration)}"


_WITH_STATE = {
    "set_shot": _shot,
    "cut_shot": _cut_shot,
    "cut_scene": _cut_scene,
    "set_scene": _scene,
    "set_line": _line,
    "set_duration": _duration,
    "set_title": _title,
    "set_transition": _transition,
    "set_order": _order,
    "set_subtitles": lambda r, state: _plain(r),
    "set_aspect": _output,
    "set_resolution": _output,
}
