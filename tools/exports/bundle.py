"""Every export beside ``film.mp4`` in one call."""

from __future__ import annotations

import re
from pathlib import Path

from tools.errors import ExportError
from tools.exports.cmx import write_cmx_edl
from tools.exports.fountain import write_fountain
from tools.exports.jianying import write_jianying_draft
from tools.exports.otio import write_otio
from tools.exports.types import ExportInputs, Screenplay
from tools.subtitles import write_srt, write_vtt

OTIO = "timeline.otio"
EDL = "timeline.edl"
SRT = "film.srt"
VTT = "film.vtt"
FOUNTAIN = "script.fountain"
JIANYING = "jianying"


def draft_name(title: str) -> str:
    """A folder name for the film's Jianying draft: its title without characters folders cannot hold."""
    name = re.sub(r'[<>:"/\\|?*\x00-\x1f]+', "_", title).strip(" ._")
    return name or "filmcrew"


def write_exports(inputs: ExportInputs, screenplay: Screenplay, out_dir: str | Path,
                  problems: list[str] | None = None) -> dict[str, Path]:
    """Write every export into ``out_dir`` for editors who finish the film in other tools.

    Writes ``timeline.otio`` (OpenTimelineIO), ``timeline.edl`` (CMX 3600), ``film.srt`` and
    ``film.vtt`` (subtitles), ``script.fountain`` (the screenplay) and a Jianying draft folder
    ``jianying/<title>``.

    Args:
        inputs: The edit, its clips and sounds.
        screenplay: The script as a screenplay.
        out_dir: The folder beside ``film.mp4``.
        problems: When given, an export that cannot be written (an `ExportError`) is skipped and its
            message appended here, so the others are still written; when None, it raises.

    Returns:
        The written paths under the keys ``otio``, ``edl``, ``srt``, ``vtt``, ``fountain`` and ``jianying``
        (a skipped export is left out).

    Raises:
        ExportError: An export could not be written and ``problems`` is None.
        ToolError: A subtitle has no visible text.
    """
    out = Path(out_dir)
    subtitles = inputs.edl.subtitles
    writers = {
        "otio": lambda: write_otio(inputs, out / OTIO),
        "edl": lambda: write_cmx_edl(inputs, out / EDL),
        "srt": lambda: write_srt(subtitles, out / SRT),
        "vtt": lambda: write_vtt(subtitles, out / VTT),
        "fountain": lambda: write_fountain(screenplay, out / FOUNTAIN),
        "jianying": lambda: write_jianying_draft(inputs, out / JIANYING, name=draft_name(inputs.title)),
    }
    written = {}
    for kind, write in writers.items():
        try:
            written[kind] = write()
        except ExportError as exc:
            if problems is None:
                raise
            problems.append(f"{kind} export skipped: {exc}")
    return written
