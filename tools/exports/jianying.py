"""A Jianying (剪映专业版) draft folder built with pyJianYingDraft, for editors who finish films there.

The draft (``draft_content.json`` + ``draft_meta_info.json``) holds, in microseconds on the film's
timeline (frames converted as ``round(frame * 1e6 / fps)``):

- ``Picture`` (video): the shots at the record times of ``tools.exports.cutlist``, end to end (main
  track magnet off, so nothing slides). A crossfade becomes Jianying's 叠化 (dissolve) of the same
  length on the outgoing shot, centred on the cut; Jianying draws it from the shots' handles. Fades
  through black and the film's fade out become 渐显 / 渐隐 (fade in / out) animations of the shots.
  A crossfade out of the title card becomes a 渐显 of the first shot over the part after the cut.
- ``Cards`` (text): the title and end cards' text over the black where the picture track is empty,
  fading in and out.
- ``Subtitles`` (text, more tracks if lines overlap): the subtitle events at their exact times.
- ``Dialogue`` (audio, more tracks if lines overlap) and ``Music`` (looped when the file is shorter).

Lost: the cards' drawing (Jianying sets its own font and size), the music's level, ducking and fades,
and the loudness normalisation (the mix lives only in ``film.mp4``). Media paths are absolute paths
on this machine: on another computer Jianying asks to relink them. Jianying reads media with
MediaInfo (``pymediainfo``), so every clip and sound file must exist when the draft is written.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import uuid
from pathlib import Path

from tools.errors import ExportError
from tools.exports.cutlist import Card, Dissolve, Shot, cut_list
from tools.exports.sound import lanes, place
from tools.exports.types import AudioPlacement, ExportInputs

SEC = 1_000_000
_BAD_NAME = set('<>:"/\\|?*')


def _check_name(name: str) -> None:
    if not name.strip() or name in {".", ".."} or any(c in _BAD_NAME or ord(c) < 32 for c in name):
        raise ExportError(f"{name!r} cannot name a Jianying draft folder; use a name without "
                          '< > : " / \\ | ? * or control characters')


def _check_files(inputs: ExportInputs) -> None:
    sounds = [*inputs.dialogue, *([inputs.music] if inputs.music else [])]
    for what, path in [*((f"the clip of shot {k!r}", p) for k, p in inputs.clips.items()),
                       *((f"the sound {s.name!r}", s.path) for s in sounds)]:
        if not Path(path).is_file():
            raise ExportError(f"{what} is missing ({path}); a Jianying draft reads every media file, "
                              "so write the draft where the rendered files are")


def _card_text(card: Card) -> str:
    return card.text + (f"\n{card.subtitle}" if card.subtitle else "")


def _picture(script, jy, inputs: ExportInputs, track: str, cards: str) -> int:
    """Put the shots on the picture track and the cards' text on theirs; returns the film's microseconds."""
    fps = inputs.fps
    us = lambda frame: round(frame * SEC / fps)
    materials: dict[Path, object] = {}
    cuts = cut_list(inputs)
    elements = cuts.elements
    segments: dict[int, object] = {}
    for k, element in enumerate(elements):
        if isinstance(element, Card):
            start, end = us(element.record_start), us(element.record_end)
            text = jy.TextSegment(_card_text(element), jy.Timerange(start, end - start),
                                  style=jy.TextStyle(size=10.0, align=1, auto_wrapping=True))
            fade = min(SEC // 2, (end - start) // 4)
            text.add_animation(jy.TextIntro.渐显, fade).add_animation(jy.TextOutro.渐隐, fade)
            script.add_segment(text, cards)
        elif isinstance(element, Shot):
            path = element.path.resolve()
            material = materials.get(path) or materials.setdefault(path, jy.VideoMaterial(str(path)))
            start, end = us(element.record_start), us(element.record_end)
            source_start = min(us(element.source_start), max(0, material.duration - (end - start)))
            end = min(end, start + material.duration - source_start)
            segment = jy.VideoSegment(material, jy.Timerange(start, end - start),
                                      source_timerange=jy.Timerange(source_start, end - start))
            segments[k] = segment
    for k, element in enumerate(elements):
        if not isinstance(element, Dissolve):
            continue
        before, after = segments.get(k - 1), segments.get(k + 1)
        if element.kind == "crossfade" and before is not None:
            before.add_transition(jy.TransitionType.叠化, duration=us(element.frames))
        elif element.kind in ("crossfade", "fade_in") and after is not None and element.out_offset:
            after.add_animation(jy.IntroType.渐显, us(element.out_offset))
        elif element.kind == "fade_out" and before is not None:
            before.add_animation(jy.OutroType.渐隐, us(element.in_offset))
    for segment in segments.values():
        script.add_segment(segment, track)
    return us(cuts.num_frames)


class _Span:
    """A text's time span, shaped like ``tools.exports.sound.Sound`` for ``lanes``."""

    def __init__(self, name: str, start: int, end: int):
        self.name, self.start, self.end = name, start, end
        self.length = end - start


def _subtitles(script, jy, inputs: ExportInputs) -> None:
    events = inputs.edl.subtitles
    style = jy.TextStyle(size=6.0, align=1, auto_wrapping=True)
    placed = lanes([_Span(e.text, round(e.start * SEC), round(e.end * SEC)) for e in events])
    for n, lane in enumerate(placed):
        name = "Subtitles" if n == 0 else f"Subtitles {n + 1}"
        script.append_track(jy.TrackSpec(jy.TrackType.text, name))
        for span in lane:
            script.add_segment(jy.TextSegment(span.name, jy.Timerange(span.start, span.length), style=style,
                                              border=jy.TextBorder(),
                                              clip_settings=jy.ClipSettings(transform_y=-0.8)), name)


def _sound(script, jy, placements: list[AudioPlacement], title: str) -> None:
    """Sound placements on as many audio tracks named ``title`` as their overlaps need."""
    materials: dict[Path, object] = {}
    sounds = []
    for placement in placements:
        path = Path(placement.path).resolve()
        material = materials.get(path) or materials.setdefault(path, jy.AudioMaterial(str(path)))
        sounds += place(placement, SEC, file_seconds=material.duration / SEC)
    for n, lane in enumerate(lanes(sounds)):
        name = title if n == 0 else f"{title} {n + 1}"
        script.append_track(jy.TrackSpec(jy.TrackType.audio, name))
        for s in lane:
            script.add_segment(jy.AudioSegment(materials[Path(s.path).resolve()], jy.Timerange(s.start, s.length),
                                               source_timerange=jy.Timerange(s.source_start, s.length)), name)


def _write_meta(draft: Path, root: Path, name: str, duration: int) -> None:
    meta_path = draft / "draft_meta_info.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update({"draft_name": name, "draft_fold_path": str(root / name), "draft_root_path": str(root),
                 "draft_id": str(uuid.uuid4()).upper(), "tm_duration": duration})
    meta_path.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


def write_jianying_draft(inputs: ExportInputs, folder: str | Path, *, name: str) -> Path:
    """Write the edit as a Jianying draft ``folder/name`` (see the module docstring); returns its path.

    The draft appears whole: it is built beside its place and moved in, replacing an older one.

    Args:
        inputs: The edit, its clips and sounds (every file must exist).
        folder: The drafts folder to write into (Jianying's own, or any folder to copy from).
        name: The draft's name, which is its folder's name.

    Raises:
        ExportError: A bad name, a missing media file, or pyJianYingDraft failing on a file.
    """
    import pyJianYingDraft as jy

    _check_name(name)
    _check_files(inputs)
    root = Path(folder).resolve()
    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".draft-", dir=root))
    try:
        script = jy.DraftFolder(str(work)).create_draft(name, inputs.width, inputs.height, inputs.fps,
                                                        maintrack_adsorb=False)
        script.append_track(jy.TrackSpec(jy.TrackType.video, "Picture"))
        if inputs.edl.title_card or inputs.edl.end_card:
            script.append_track(jy.TrackSpec(jy.TrackType.text, "Cards"))
        total = _picture(script, jy, inputs, "Picture", "Cards")
        _subtitles(script, jy, inputs)
        if inputs.dialogue:
            _sound(script, jy, inputs.dialogue, "Dialogue")
        if inputs.music is not None:
            _sound(script, jy, [inputs.music], "Music")
        script.duration = max(script.duration, total)
        script.save()
        _write_meta(work / name, root, name, script.duration)
        target = root / name
        if target.exists():
            shutil.rmtree(target)
        os.replace(work / name, target)
    except (ValueError, TypeError, NameError, OSError, RuntimeError) as exc:  # pyJianYingDraft's and MediaInfo's
        raise ExportError(f"could not write the Jianying draft {name!r}: {exc}") from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return Path(folder) / name
