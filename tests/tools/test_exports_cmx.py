"""timeline.edl, read back by a small CMX 3600 parser written here and compared with the EDL."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

import pytest

from tests.tools import test_exports_cases
from tests.tools.test_exports_cases import CASES, expected, make_inputs
from tools.errors import ExportError
from tools.exports import write_cmx_edl
from tools.timeline import ClipDecision, EditDecisionList

media = test_exports_cases.media  # the shared fixture: 2 s clips, two lines, music

_TC = r"(\d\d):(\d\d):(\d\d):(\d\d)"
_EVENT = re.compile(rf"^(\d{{3}})\s+(\S+)\s+(V|A\d?)\s+(C|D)\s*(\d{{3}})?\s+{_TC}\s+{_TC}\s+{_TC}\s+{_TC}\s*$")


@dataclass
class Event:
    number: int
    reel: str
    track: str
    kind: str
    dissolve: int
    src_in: int
    src_out: int
    rec_in: int
    rec_out: int
    names: list[str]


def parse_edl(text: str, rate: int) -> tuple[str, list[Event]]:
    """The title and the event lines of a CMX 3600 EDL, timecodes in frames at ``rate``."""
    title, events = "", []
    for line in text.splitlines():
        if line.startswith("TITLE:"):
            title = line[6:].strip()
        elif m := _EVENT.match(line):
            tcs = [int(g) for g in m.groups()[5:]]
            frames = [((h * 60 + mi) * 60 + s) * rate + f for h, mi, s, f in zip(*[iter(tcs)] * 4, strict=True)]
            events.append(Event(int(m[1]), m[2], m[3], m[4], int(m[5] or 0), *frames, names=[]))
        elif line.startswith("* ") and "CLIP NAME:" in line and events:
            events[-1].names.append(line.split("CLIP NAME:", 1)[1].strip())
        else:
            assert line in ("", "FCM: NON-DROP FRAME") or line.startswith("* "), f"not CMX 3600: {line!r}"
    return title, events


@pytest.mark.parametrize("case", sorted(CASES))
def test_events_match_the_edl(case, media, tmp_path):
    make, fps = CASES[case]
    edl = make()
    text = write_cmx_edl(make_inputs(edl, fps, media), tmp_path / "timeline.edl").read_text(encoding="utf-8")
    rate = 24 if fps == 12 else fps  # 12 fps counts at 24 fps timecode
    k = rate // fps
    title, events = parse_edl(text, rate)
    want, total = expected(edl, fps)
    assert title == "雨夜"
    assert {e.track for e in events} == {"V"}

    # events with length tile the film from 00:00:00:00 to its last frame
    spans = sorted((e.rec_in, e.rec_out) for e in events if e.rec_out > e.rec_in)
    assert spans[0][0] == 0 and spans[-1][1] == total * k
    assert all(a[1] == b[0] for a, b in pairwise(spans))
    for e in events:
        assert e.src_out - e.src_in == e.rec_out - e.rec_in  # no speed changes

    shots = [e for e in events if e.reel != "BL" and e.rec_out > e.rec_in]
    assert [e.reel for e in shots] == [w.shot_id.upper() for w in want]
    for e, w in zip(shots, want, strict=True):
        assert (e.rec_in, e.src_in) == (w.start * k, w.source_in * k)
        assert e.src_out <= 2 * fps * k  # never past the end of its 2 s clip
        if w.crossfade:
            assert (e.kind, e.dissolve) == ("D", w.crossfade * k)
        elif w.fade_in:
            assert (e.kind, e.dissolve) == ("D", w.fade_in * k)
        else:
            assert e.kind == "C"
    # fades to black dissolve into the BL reel, ending where the next shot's fade up starts
    downs = [e for e in events if e.reel == "BL" and e.kind == "D"]
    want_downs = [(w.start * k, w.fade_out_before * k) for w in want if w.fade_out_before]
    if edl.fade_out:
        want_downs.append((want[-1].end * k, round(edl.fade_out * fps) * k))
    assert [(e.rec_out, e.dissolve) for e in downs] == want_downs
    # cards are black events named after their text
    cards = [e for e in events if e.reel == "BL" and e.kind == "C" and e.rec_out > e.rec_in]
    assert [e.names for e in cards] == [[c.text] for c in (edl.title_card, edl.end_card) if c]


def test_reel_names_fit_eight_characters_and_stay_unique(media, tmp_path):
    edl = EditDecisionList(clips=[ClipDecision(shot_id="scene01_shot001", source_out=1.0),
                                  ClipDecision(shot_id="scene01_shot002", source_out=1.0),
                                  ClipDecision(shot_id="镜头三", source_out=1.0)])
    inputs = make_inputs(edl, 24, media, sound=False)
    inputs = inputs.model_copy(update={
        "clips": dict(zip(("scene01_shot001", "scene01_shot002", "镜头三"), (media["s01"], media["s02"], media["s03"]),
                          strict=True)),
        "clip_seconds": {"scene01_shot001": 2.0, "scene01_shot002": 2.0, "镜头三": 2.0}})
    _, events = parse_edl(write_cmx_edl(inputs, tmp_path / "t.edl").read_text(encoding="utf-8"), 24)
    reels = [e.reel for e in events]
    assert all(len(r) <= 8 for r in reels) and len(set(reels)) == 3
    assert [e.names for e in events] == [["scene01_shot001"], ["scene01_shot002"], ["镜头三"]]


def test_a_frame_rate_without_smpte_timecode_is_refused(media, tmp_path):
    inputs = make_inputs(CASES["cuts"][0](), 7, media, sound=False)
    with pytest.raises(ExportError, match="7 fps"):
        write_cmx_edl(inputs, tmp_path / "timeline.edl")
    assert not (tmp_path / "timeline.edl").exists()
