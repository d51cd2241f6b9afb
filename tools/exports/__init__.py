"""Exports beside ``film.mp4`` for editors who finish the film in other tools.

Usage:
    from tools.exports import ExportInputs, Screenplay, write_exports
    paths = write_exports(inputs, screenplay, run_dir)   # {"otio": ..., "edl": ..., "srt": ..., ...}

What each keeps: ``timeline.otio`` the picture (shots with in/out points, dissolves with real
handles, fades through black, cards), the dialogue and music tracks and the subtitles as markers;
``timeline.edl`` the picture only (CMX 3600); ``film.srt`` / ``film.vtt`` the subtitles;
``script.fountain`` the screenplay; ``jianying/<title>`` a Jianying draft with picture, cards,
subtitles, dialogue and music. Heavy libraries (OpenTimelineIO, pyJianYingDraft) load only when an
export is written.
"""

from tools.exports.bundle import draft_name, write_exports
from tools.exports.cmx import format_cmx_edl, write_cmx_edl
from tools.exports.fountain import format_fountain, write_fountain
from tools.exports.jianying import write_jianying_draft
from tools.exports.otio import build_timeline, write_otio
from tools.exports.types import AudioPlacement, ExportInputs, Screenplay, ScreenplayElement, ScreenplayScene

__all__ = [
    "AudioPlacement",
    "ExportInputs",
    "Screenplay",
    "ScreenplayElement",
    "ScreenplayScene",
    "build_timeline",
    "draft_name",
    "format_cmx_edl",
    "format_fountain",
    "write_cmx_edl",
    "write_exports",
    "write_fountain",
    "write_jianying_draft",
    "write_otio",
]
