"""The shot list as people read it at the approval gate: a table, and a storyboard drawn by the animatic."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

PREVIEW = "storyboard-preview.png"
_COLUMNS = (("#", 3), ("shot", 7), ("size", 4), ("move", 9), ("sec", 5), ("who", 16), ("action / line", 0))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(text: str, width: int) -> str:
    if not width:
        return text
    out = ""
    for ch in text:
        if _width(out + ch) > width:
            out = out[:-1] + "…" if out else out
            break
        out += ch
    return out + " " * (width - _width(out))


def shot_table(shots: list[dict[str, Any]]) -> str:
    """The shot list as a plain-text table (Chinese text aligned by display width)."""
    rows = [" ".join(_cell(name, width) for name, width in _COLUMNS)]
    for n, shot in enumerate(shots, start=1):
        line = shot.get("dialogue")
        said = f" — {line['speaker']}: “{line['text']}”" if line else ""
        cells = (str(n), shot["id"], shot["size"], shot["move"], f"{shot['duration']:.1f}",
                 ", ".join(shot["characters"]) or "-", shot["action"] + said)
        rows.append(" ".join(_cell(text, width) for text, (_, width) in zip(cells, _COLUMNS, strict=True)))
    return "\n".join(rows)


def storyboard_preview(state: dict[str, Any], folder: Path, settings: Any, font: str | None) -> Path:
    """Draw the shot list before it renders: each shot's first frame by the animatic at a quarter of the
    film's size (cheap, cached), on a contact sheet ``storyboard-preview.png``."""
    from agents.rendering import shot_request
    from agents.schemas import Brief, Script, Shot
    from render import create_backend
    from tools.render_shot import render_shot
    from tools.storyboard import StoryboardPanel, make_storyboard

    brief = Brief.model_validate(state["brief"])
    script = Script.model_validate(state["script"])
    shots = [Shot.model_validate(s) for s in state["shots"]]
    animatic = create_backend("animatic", font_path=font)
    width, height = max(64, brief.width // 4 // 2 * 2), max(64, brief.height // 4 // 2 * 2)
    panels = []
    try:
        for n, shot in enumerate(shots, start=1):
            request = shot_request(brief, script, shot).model_copy(
                update={"width": width, "height": height, "num_frames": 1})
            result = render_shot(animatic, request, settings.cache_dir)
            panels.append(StoryboardPanel(keyframe=Path(result.keyframe_path), label=f"{n}. {shot.id}",
                                          detail=f"{shot.size} · {shot.move} · {shot.duration:.1f}s",
                                          action=shot.action))
    finally:
        animatic.close()
    return make_storyboard(panels, folder / PREVIEW, font_path=font, title=script.title)
