"""CMX 3600 edit decision list (``timeline.edl``), written by OTIO's ``cmx_3600`` adapter.

One video track (V), non-drop-frame timecode from 00:00:00:00 at a SMPTE rate: the film's own when
it is 24, 25, 30, 48, 50 or 60 fps, otherwise the smallest of those it divides (8 and 12 fps count at
24, 15 at 30...), so every frame still lands on a whole timecode frame. Events:

- each shot is an event on its own reel (the shot id's letters and digits, at most 8, else
  ``R001``...), with ``* FROM CLIP NAME`` the shot id and ``* FROM CLIP`` the clip's URL;
- a crossfade is a ``D`` event of its full length, from the outgoing shot's record out;
- a fade through black dissolves to the black reel ``BL`` and from it (two ``D`` events), the
  film's fade out dissolves to ``BL``;
- title and end cards are ``BL`` events named after their text (the text itself is lost).

Sound, subtitles and the cards' text are not in the EDL (the OTIO file has them).
"""

from __future__ import annotations

from pathlib import Path

from tools.errors import ExportError
from tools.exports.types import ExportInputs
from tools.files import write_text_atomic

TIMECODE_RATES = (24, 25, 30, 48, 50, 60)


def timecode_rate(fps: int) -> int:
    """The SMPTE rate the EDL counts at: ``fps`` itself or the smallest standard rate it divides.

    Raises:
        ExportError: No standard rate is a multiple of ``fps``.
    """
    for rate in TIMECODE_RATES:
        if rate % fps == 0:
            return rate
    raise ExportError(f"a CMX 3600 EDL needs a frame rate that divides one of {', '.join(map(str, TIMECODE_RATES))}; "
                      f"{fps} fps does not: render the film at 24, 25 or 30 fps to get an EDL")


def format_cmx_edl(inputs: ExportInputs) -> str:
    """The CMX 3600 text of the edit's picture (see the module docstring).

    Raises:
        ExportError: The frame rate has no SMPTE timecode, a shot has no clip, or the adapter failed.
    """
    import opentimelineio as otio

    from tools.exports.otio import picture_track

    rate = timecode_rate(inputs.fps)
    track = picture_track(inputs, scale=rate // inputs.fps)
    # The adapter moves each dissolve's in_offset onto the next item's head; a zero-length black must
    # start that far into itself so its source timecodes stay positive.
    for k, item in enumerate(track):
        if isinstance(item, otio.schema.Gap) and k > 0 and isinstance(track[k - 1], otio.schema.Transition):
            item.source_range = otio.opentime.TimeRange(track[k - 1].in_offset, item.source_range.duration)
    timeline = otio.schema.Timeline(name=inputs.title, global_start_time=otio.opentime.RationalTime(0, rate))
    timeline.tracks.append(track)
    try:
        text = otio.adapters.write_to_string(timeline, adapter_name="cmx_3600", rate=rate, style="avid",
                                             reelname_len=8)
    except Exception as exc:  # the adapter raises plain and OTIO exceptions alike
        raise ExportError(f"the CMX 3600 adapter could not write the EDL: {exc}") from exc
    head, _, body = text.partition("\n\n")
    if head.startswith("TITLE:"):
        return f"{head}\nFCM: NON-DROP FRAME\n\n{body}"
    return "FCM: NON-DROP FRAME\n" + text


def write_cmx_edl(inputs: ExportInputs, path: str | Path) -> Path:
    """Write the edit's picture as a CMX 3600 EDL (``timeline.edl``), atomically; returns the path.

    Args:
        inputs: The edit and its clips.
        path: The ``.edl`` file to write.

    Raises:
        ExportError: The frame rate has no SMPTE timecode, a shot has no clip, or the adapter failed.
    """
    return write_text_atomic(Path(path), format_cmx_edl(inputs))
