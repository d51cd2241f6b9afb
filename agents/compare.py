"""What changed between two versions of a film, in lines a person reads after a revision.

Each line starts with the part it is about: ``script:``, ``shots:``, ``edit:``, ``output:`` (frame
size and rate) or ``brief:`` (the rest of the brief), e.g. ``shots: S01-03 size MS → CU``.
"""

from __future__ import annotations

from typing import Any

from agents.schemas import Brief, DialogueLine, Script, Shot
from tools.timeline import EditDecisionList, TitleCard, Transition

SHOT_FIELDS = ("scene", "size", "angle", "move", "duration", "characters", "action", "prompt", "negative_prompt",
               "seed", "dialogue")
"""The shot fields compared, in the order they are told. Seconds count as changed when they read differently
(to two decimals)."""


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The differences between two versions of a film, script first, empty when they are the same.

    Args:
        old: The earlier version: ``{"script": ..., "shots": [...], "edit": ..., "brief": ...}`` as
            ``model_dump()`` dicts (the graph's state values will do); a part missing from either side
            is not compared.
        new: The later version, the same way.

    Returns:
        One readable line per change, e.g. ``script: scene 2 removed``,
        ``edit: clip 4 (S02-01) transition cut → crossfade 0.5s``, ``output: 1280x720 → 720x1280``.
    """
    lines: list[str] = []
    if old.get("script") and new.get("script"):
        lines += _script(Script.model_validate(old["script"]), Script.model_validate(new["script"]))
    if old.get("shots") and new.get("shots"):
        lines += _shots([Shot.model_validate(s) for s in old["shots"]], [Shot.model_validate(s) for s in new["shots"]])
    if old.get("edit") and new.get("edit"):
        lines += _edit(EditDecisionList.model_validate(old["edit"]), EditDecisionList.model_validate(new["edit"]))
    if old.get("brief") and new.get("brief"):
        lines += _brief(Brief.model_validate(old["brief"]), Brief.model_validate(new["brief"]))
    return lines


def quoted(text: str, limit: int = 48) -> str:
    """``text`` in double quotes, shortened with an ellipsis past ``limit`` characters."""
    text = " ".join(str(text).split())
    return f'"{text if len(text) <= limit else text[: limit - 1] + "…"}"'


def seconds(value: float) -> str:
    """Seconds to two decimals at most: ``3.125`` gives ``3.12s``, ``2.0`` gives ``2s``."""
    return f"{round(value, 2):g}s"


def _script(a: Script, b: Script) -> list[str]:
    out = [f"script: {key} {quoted(getattr(a, key))} → {quoted(getattr(b, key))}"
           for key in ("title", "logline", "language") if getattr(a, key) != getattr(b, key)]
    for kind, old, new in (("character", a.characters, b.characters), ("location", a.locations, b.locations)):
        before, after = {x.name: x for x in old}, {x.name: x for x in new}
        out += [f"script: {kind} {name} removed" for name in before if name not in after]
        out += [f"script: {kind} {name} added" for name in after if name not in before]
        out += [f"script: {kind} {name} changed" for name in before if name in after and before[name] != after[name]]
    before, after = {s.number: s for s in a.scenes}, {s.number: s for s in b.scenes}
    out += [f"script: scene {n} removed" for n in before if n not in after]
    out += [f"script: scene {n} added" for n in after if n not in before]
    common = [n for n in before if n in after]
    if common != [n for n in after if n in before]:
        out.append("script: scene order changed")
    for n in common:
        x, y = before[n], after[n]
        for key in ("heading", "location", "summary"):
            if getattr(x, key) != getattr(y, key):
                out.append(f"script: scene {n} {key} {quoted(getattr(x, key))} → {quoted(getattr(y, key))}")
        if x.characters != y.characters:
            out.append(f"script: scene {n} characters {', '.join(x.characters) or 'none'} → "
                       f"{', '.join(y.characters) or 'none'}")
        for i in range(max(len(x.dialogue), len(y.dialogue))):
            p = x.dialogue[i] if i < len(x.dialogue) else None
            q = y.dialogue[i] if i < len(y.dialogue) else None
            where = f"script: scene {n} line {i + 1}"
            if q is None:
                out.append(f"{where} removed ({p.speaker}: {quoted(p.text)})")
            elif p is None:
                out.append(f"{where} added ({q.speaker}: {quoted(q.text)})")
            else:
                if p.speaker != q.speaker:
                    out.append(f"{where} speaker {p.speaker} → {q.speaker}")
                if p.text != q.text:
                    out.append(f"{where} {quoted(p.text)} → {quoted(q.text)}")
    return out


def _shots(a: list[Shot], b: list[Shot]) -> list[str]:
    before, after = {s.id: s for s in a}, {s.id: s for s in b}
    out = [f"shots: {i} removed" for i in before if i not in after]
    out += [f"shots: {i} added" for i in after if i not in before]
    common = [i for i in before if i in after]
    if common != [i for i in after if i in before]:
        out.append("shots: order changed")
    for i in common:
        for key in SHOT_FIELDS:
            x, y = getattr(before[i], key), getattr(after[i], key)
            if key == "duration" and seconds(x) != seconds(y):
                out.append(f"shots: {i} duration {seconds(x)} → {seconds(y)}")
            elif key != "duration" and x != y:
                shown = str if key in ("scene", "size", "move", "seed") else _shown
                out.append(f"shots: {i} {key} {shown(x)} → {shown(y)}")
    return out


def _shown(value: Any) -> str:
    """A value as told: text quoted, names joined, a line with its speaker, nothing as ``none``."""
    if value is None:
        return "none"
    if isinstance(value, list):
        return ", ".join(value) or "none"
    if isinstance(value, DialogueLine):
        return f"{value.speaker}: {quoted(value.text)}"
    if isinstance(value, str):
        return quoted(value)
    return str(value)


def _edit(a: EditDecisionList, b: EditDecisionList) -> list[str]:
    out = _card("title card", a.title_card, b.title_card)
    before, after = [c.shot_id for c in a.clips], [c.shot_id for c in b.clips]
    out += [f"edit: clip {i} removed" for i in before if i not in after]
    out += [f"edit: clip {i} added" for i in after if i not in before]
    common = [i for i in before if i in after]
    if common != [i for i in after if i in before]:
        out.append("edit: order changed")
    old = {c.shot_id: c for c in reversed(a.clips)}
    for n, clip in enumerate(b.clips, start=1):
        was = old.get(clip.shot_id)
        if was is None:
            continue
        if was.transition != clip.transition:
            out.append(f"edit: clip {n} ({clip.shot_id}) transition {_join(was.transition)} → {_join(clip.transition)}")
        if (seconds(was.source_in), seconds(was.source_out)) != (seconds(clip.source_in), seconds(clip.source_out)):
            out.append(f"edit: clip {n} ({clip.shot_id}) plays {seconds(was.source_in)}-{seconds(was.source_out)} → "
                       f"{seconds(clip.source_in)}-{seconds(clip.source_out)}")
    texts_a, texts_b = [s.text for s in a.subtitles], [s.text for s in b.subtitles]
    if texts_a != texts_b:
        out += [f"edit: subtitle {quoted(t)} removed" for t in texts_a if t not in texts_b]
        out += [f"edit: subtitle {quoted(t)} added" for t in texts_b if t not in texts_a]
        if sorted(texts_a) == sorted(texts_b):
            out.append("edit: subtitles reordered")
    elif a.subtitles != b.subtitles:
        out.append("edit: subtitles retimed")
    if seconds(a.fade_out) != seconds(b.fade_out):
        out.append(f"edit: fade out {seconds(a.fade_out)} → {seconds(b.fade_out)}")
    out += _card("end card", a.end_card, b.end_card)
    if seconds(a.duration) != seconds(b.duration):
        out.append(f"edit: film length {seconds(a.duration)} → {seconds(b.duration)}")
    return out


def _card(name: str, a: TitleCard | None, b: TitleCard | None) -> list[str]:
    if a is None or b is None:
        return [] if a == b else [f"edit: {name} {'added' if a is None else 'removed'}"]
    out = [f"edit: {name} {key} {_shown(getattr(a, key))} → {_shown(getattr(b, key))}"
           for key in ("text", "subtitle") if getattr(a, key) != getattr(b, key)]
    if seconds(a.duration) != seconds(b.duration):
        out.append(f"edit: {name} duration {seconds(a.duration)} → {seconds(b.duration)}")
    return out


def _join(transition: Transition) -> str:
    return transition.kind if transition.kind == "cut" else f"{transition.kind} {seconds(transition.duration)}"


def _brief(a: Brief, b: Brief) -> list[str]:
    out = []
    if (a.width, a.height) != (b.width, b.height):
        out.append(f"output: {a.width}x{a.height} → {b.width}x{b.height}")
    if a.aspect != b.aspect:
        out.append(f"output: aspect {a.aspect} → {b.aspect}")
    if a.fps != b.fps:
        out.append(f"output: {a.fps} fps → {b.fps} fps")
    if seconds(a.duration) != seconds(b.duration):
        out.append(f"brief: duration {seconds(a.duration)} → {seconds(b.duration)}")
    for key in ("idea", "language", "style", "seed"):
        if getattr(a, key) != getattr(b, key):
            out.append(f"brief: {key} {_shown(getattr(a, key))} → {_shown(getattr(b, key))}")
    return out
