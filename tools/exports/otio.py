"""OpenTimelineIO export (``timeline.otio``): the picture with its dissolves, the dialogue and the music.

The timeline counts frames at the film's rate from ``global_start_time`` 0, so record times are film
times (no 01:00:00:00 offset). Its tracks:

- ``Picture`` (video): the title card, the shots and the end card, joined as ``tools.exports.cutlist``
  describes. A shot is a ``Clip`` whose ``ExternalReference`` points at the rendered clip with
  ``available_range`` = the whole clip; its ``source_range`` is the part seen. A crossfade is an
  ``SMPTE_Dissolve`` centred near the cut whose handles are real frames of both clips. A fade through
  black (and the film's fade out) dissolves to and from a zero-length ``Gap`` named ``black``. Cards
  are clips of a black ``GeneratorReference`` named after their text.
- ``Dialogue`` (audio, more tracks when lines overlap) and ``Music``: clips at their film times with
  gaps between, placed to the nearest frame.

Subtitles are markers on the timeline's stack; the EDL and the subtitle events (exact seconds) are in
``timeline.metadata["filmcrew"]``, each shot's decision in its clip's ``metadata["filmcrew"]``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from tools.exports.cutlist import Black, Card, CutList, Dissolve, Shot, cut_list
from tools.exports.sound import Sound, lanes, media_seconds, place
from tools.exports.types import ExportInputs
from tools.files import write_text_atomic

if TYPE_CHECKING:
    import opentimelineio

BLACK = "black"


def reel_names(shot_ids: list[str]) -> dict[str, str]:
    """A CMX reel name (at most 8 letters and digits, unique) for every shot id, in first-use order."""
    reels: dict[str, str] = {}
    for shot_id in shot_ids:
        if shot_id in reels:
            continue
        reel = re.sub(r"[^A-Za-z0-9]", "", shot_id).upper()[:8]
        if not reel or reel in {"BL", "BLACK", "AX", "BARS"} or reel in reels.values():
            reel = f"R{len(reels) + 1:03d}"
        reels[shot_id] = reel
    return reels


def _range(start: int, duration: int, rate: int):
    import opentimelineio as otio

    return otio.opentime.TimeRange(otio.opentime.RationalTime(start, rate), otio.opentime.RationalTime(duration, rate))


def _shot_clip(shot: Shot, inputs: ExportInputs, reel: str, scale: int):
    import opentimelineio as otio

    rate = inputs.fps * scale
    decision = inputs.edl.clips[shot.index]
    ref = otio.schema.ExternalReference(target_url=otio.url_utils.url_from_filepath(str(shot.path.resolve())),
                                        available_range=_range(0, shot.source_frames * scale, rate))
    clip = otio.schema.Clip(name=shot.shot_id, media_reference=ref,
                            source_range=_range(shot.source_start * scale, shot.frames * scale, rate))
    clip.metadata["cmx_3600"] = {"reel": reel}
    clip.metadata["filmcrew"] = {"shot_id": shot.shot_id, "clip_index": shot.index,
                                 "decision": decision.model_dump(mode="json"),
                                 "record_start": inputs.edl.clip_starts()[shot.index]}
    return clip


def _card_clip(card: Card, rate: int, scale: int):
    import opentimelineio as otio

    ref = otio.schema.GeneratorReference(name=f"{card.role} card", generator_kind="SolidColor",
                                         parameters={"color": "black", "text": card.text,
                                                     "subtitle": card.subtitle or ""})
    clip = otio.schema.Clip(name=card.text, media_reference=ref,
                            source_range=_range(0, card.frames * scale, rate))
    clip.metadata["cmx_3600"] = {"reel": "BL"}
    clip.metadata["filmcrew"] = {"card": card.role, "text": card.text, "subtitle": card.subtitle}
    return clip


def picture_track(inputs: ExportInputs, cuts: CutList | None = None, *, scale: int = 1):
    """The picture as an OTIO video track, counting frames at ``fps * scale``.

    Args:
        inputs: The edit and its clips.
        cuts: The cut list, when already built.
        scale: Timeline frames per film frame (the CMX export counts at a timecode rate).
    """
    import opentimelineio as otio

    cuts = cuts or cut_list(inputs)
    rate = inputs.fps * scale
    reels = reel_names([c.shot_id for c in inputs.edl.clips])
    track = otio.schema.Track(name="Picture", kind=otio.schema.TrackKind.Video)
    for element in cuts.elements:
        if isinstance(element, Dissolve):
            item = otio.schema.Transition(
                name=element.kind, transition_type=otio.schema.TransitionTypes.SMPTE_Dissolve,
                in_offset=otio.opentime.RationalTime(element.in_offset * scale, rate),
                out_offset=otio.opentime.RationalTime(element.out_offset * scale, rate),
                metadata={"filmcrew": {"kind": element.kind}})
        elif isinstance(element, Black):
            item = otio.schema.Gap(name=BLACK, source_range=_range(0, 0, rate))
        elif isinstance(element, Card):
            item = _card_clip(element, rate, scale)
        else:
            item = _shot_clip(element, inputs, reels[element.shot_id], scale)
        track.append(item)
    return track


def _audio_track(name: str, sounds: list[Sound], total: int, rate: int):
    import opentimelineio as otio

    track = otio.schema.Track(name=name, kind=otio.schema.TrackKind.Audio)
    t = 0
    for sound in sounds:
        if sound.start > t:
            track.append(otio.schema.Gap(source_range=_range(0, sound.start - t, rate)))
        available = _range(0, sound.available, rate) if sound.available else None
        ref = otio.schema.ExternalReference(target_url=otio.url_utils.url_from_filepath(str(sound.path.resolve())),
                                            available_range=available)
        track.append(otio.schema.Clip(name=sound.name, media_reference=ref,
                                      source_range=_range(sound.source_start, sound.length, rate)))
        t = sound.end
    if total > t:
        track.append(otio.schema.Gap(source_range=_range(0, total - t, rate)))
    return track


def _seconds(path: Path) -> float | None:
    return media_seconds(path) if Path(path).is_file() else None


def sound_tracks(inputs: ExportInputs, total: int) -> list:
    """The dialogue track(s) and the music track, counting frames at the film's rate."""
    rate = inputs.fps
    lines = [s for p in inputs.dialogue for s in place(p, rate, file_seconds=_seconds(p.path))]
    tracks = [_audio_track("Dialogue" if n == 0 else f"Dialogue {n + 1}", lane, total, rate)
              for n, lane in enumerate(lanes(lines))]
    if inputs.music is not None:
        music = place(inputs.music, rate, file_seconds=_seconds(inputs.music.path))
        tracks.append(_audio_track("Music", music, total, rate))
    return tracks


def build_timeline(inputs: ExportInputs) -> opentimelineio.schema.Timeline:
    """The edit as an OpenTimelineIO timeline (see the module docstring for what it holds).

    Args:
        inputs: The edit, its clips and sounds.

    Raises:
        ExportError: A shot of the EDL has no clip or no length in ``inputs``.
    """
    import opentimelineio as otio

    cuts = cut_list(inputs)
    rate = inputs.fps
    timeline = otio.schema.Timeline(name=inputs.title, global_start_time=otio.opentime.RationalTime(0, rate))
    timeline.tracks.append(picture_track(inputs, cuts))
    for track in sound_tracks(inputs, cuts.num_frames):
        timeline.tracks.append(track)
    for event in inputs.edl.subtitles:
        start = round(event.start * rate)
        marker = otio.schema.Marker(name=event.text, marked_range=_range(start, max(1, round(event.end * rate) - start),
                                                                         rate),
                                    color=otio.schema.MarkerColor.YELLOW)
        marker.metadata["filmcrew"] = event.model_dump(mode="json")
        timeline.tracks.markers.append(marker)
    timeline.metadata["filmcrew"] = {
        "title": inputs.title, "fps": rate, "width": inputs.width, "height": inputs.height,
        "num_frames": cuts.num_frames, "film": str(inputs.film) if inputs.film else None,
        "edl": inputs.edl.model_dump(mode="json"),
    }
    return timeline


def write_otio(inputs: ExportInputs, path: str | Path) -> Path:
    """Write the edit as an OpenTimelineIO file (``timeline.otio``), atomically; returns the path.

    Args:
        inputs: The edit, its clips and sounds.
        path: The ``.otio`` file to write.
    """
    import opentimelineio as otio

    text = otio.adapters.write_to_string(build_timeline(inputs), adapter_name="otio_json")
    return write_text_atomic(Path(path), text)
