"""timeline.otio, read back with OpenTimelineIO's own reader and compared with the EDL frame by frame."""

from __future__ import annotations

import opentimelineio as otio
import pytest

from tests.tools import test_exports_cases
from tests.tools.test_exports_cases import CASES, expected, make_inputs
from tools.errors import ExportError
from tools.exports import write_otio
from tools.timeline import EditDecisionList

media = test_exports_cases.media  # the shared fixture: 2 s clips, two lines, music


def _read(inputs, tmp_path):
    path = write_otio(inputs, tmp_path / "timeline.otio")
    return otio.adapters.read_from_file(str(path))


def _track(timeline, name):
    (track,) = [t for t in timeline.tracks if t.name == name]
    return track


def _frames(rt: otio.opentime.RationalTime, fps: int) -> int:
    value = rt.rescaled_to(fps).value
    assert value == round(value), f"{rt} is not on the {fps} fps frame grid"
    return round(value)


@pytest.mark.parametrize("case", sorted(CASES))
def test_shots_play_the_edls_frames_with_real_handles(case, media, tmp_path):
    make, fps = CASES[case]
    edl = make()
    timeline = _read(make_inputs(edl, fps, media), tmp_path)
    picture = _track(timeline, "Picture")
    want, total = expected(edl, fps)

    shots = [c for c in picture.find_clips(shallow_search=True)
             if isinstance(c.media_reference, otio.schema.ExternalReference)]
    assert [c.name for c in shots] == [w.shot_id for w in want]
    for clip, w in zip(shots, want, strict=True):
        head, tail = picture.handles_of_child(clip)
        head = _frames(head, fps) if head else 0
        tail = _frames(tail, fps) if tail else 0
        placed = clip.range_in_parent()
        # record times with the dissolves' handles are the EDL's
        assert _frames(placed.start_time, fps) - head == w.start
        assert _frames(placed.end_time_exclusive(), fps) + tail == w.end
        # the source the EDL asks for, handles included, lies inside the clip
        visible = clip.visible_range()
        assert _frames(visible.start_time, fps) == w.source_in
        assert _frames(visible.duration, fps) == w.end - w.start
        available = clip.media_reference.available_range
        assert available.start_time.value == 0 and _frames(available.duration, fps) == round(2.0 * fps)
        assert _frames(visible.end_time_exclusive(), fps) <= _frames(available.duration, fps)
        assert clip.media_reference.target_url.endswith(f"/{w.shot_id}.mp4")
    assert _frames(timeline.duration(), fps) == total == round(edl.duration * fps)
    assert all(_frames(t.duration(), fps) == total for t in timeline.tracks)
    assert timeline.global_start_time.value == 0


@pytest.mark.parametrize("case", sorted(CASES))
def test_crossfades_and_fades_are_dissolves_of_the_edls_lengths(case, media, tmp_path):
    make, fps = CASES[case]
    edl = make()
    picture = _track(_read(make_inputs(edl, fps, media), tmp_path), "Picture")
    want, _ = expected(edl, fps)
    items = list(picture)
    shots = [k for k, it in enumerate(items)
             if isinstance(it, otio.schema.Clip) and isinstance(it.media_reference, otio.schema.ExternalReference)]
    for k, w in zip(shots, want, strict=True):
        before = items[k - 1] if k > 0 else None
        if w.crossfade:
            assert isinstance(before, otio.schema.Transition)
            assert before.transition_type == otio.schema.TransitionTypes.SMPTE_Dissolve
            assert _frames(before.in_offset, fps) + _frames(before.out_offset, fps) == w.crossfade
            assert abs(_frames(before.in_offset, fps) - _frames(before.out_offset, fps)) <= 1
        elif w.fade_in:
            # black fades up into the shot, after the previous picture faded down into the black
            assert isinstance(before, otio.schema.Transition) and _frames(before.in_offset, fps) == 0
            assert _frames(before.out_offset, fps) == w.fade_in
            black = items[k - 2]
            assert isinstance(black, otio.schema.Gap) and black.name == "black"
            assert _frames(black.duration(), fps) == 0
            if w.fade_out_before:
                down = items[k - 3]
                assert isinstance(down, otio.schema.Transition)
                assert (_frames(down.in_offset, fps), _frames(down.out_offset, fps)) == (w.fade_out_before, 0)
        else:
            assert not isinstance(before, otio.schema.Transition)
    if edl.fade_out:
        last = shots[-1]
        assert isinstance(items[last + 1], otio.schema.Transition)
        assert _frames(items[last + 1].in_offset, fps) == round(edl.fade_out * fps)


def test_cards_sound_subtitles_and_the_edl_travel_with_the_timeline(media, tmp_path):
    edl = CASES["rich"][0]()
    inputs = make_inputs(edl, 24, media)
    timeline = _read(inputs, tmp_path)
    cards = [c for c in _track(timeline, "Picture").find_clips(shallow_search=True)
             if isinstance(c.media_reference, otio.schema.GeneratorReference)]
    assert [c.name for c in cards] == ["雨夜 Rain Night", "The End"]
    assert cards[0].range_in_parent().start_time.value == 0
    assert _frames(cards[1].range_in_parent().end_time_exclusive(), 24) == round(edl.duration * 24)

    lines = [c for t in timeline.audio_tracks() if t.name.startswith("Dialogue") for c in t.find_clips()]
    assert sorted((c.name, _frames(c.range_in_parent().start_time, 24)) for c in lines) == [
        ("s01 林", round(2.1 * 24)), ("s02 Lin", round(2.6 * 24))]
    assert len([t for t in timeline.audio_tracks() if t.name.startswith("Dialogue")]) == 2  # they overlap
    music = list(_track(timeline, "Music").find_clips())
    assert sum(_frames(c.duration(), 24) for c in music) == round(edl.duration * 24)
    assert all(c.visible_range().end_time_exclusive() <= c.media_reference.available_range.end_time_exclusive()
               for c in music)  # a 3 s file loops under an 8 s film

    markers = list(timeline.tracks.markers)
    assert [m.name for m in markers] == [s.text for s in edl.subtitles]
    assert [_frames(m.marked_range.start_time, 24) for m in markers] == [round(s.start * 24) for s in edl.subtitles]
    assert EditDecisionList.model_validate(timeline.metadata["filmcrew"]["edl"]) == edl


def test_a_shot_without_a_clip_is_an_export_error(media, tmp_path):
    inputs = make_inputs(CASES["cuts"][0](), 24, media)
    inputs = inputs.model_copy(update={"clips": {"s01": media["s01"], "s02": media["s02"]}})
    with pytest.raises(ExportError, match="'s03'"):
        write_otio(inputs, tmp_path / "timeline.otio")
    assert not (tmp_path / "timeline.otio").exists()


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_timeline_puts_every_shot_where_the_assembler_does(case, media, tmp_path):
    from tools.editor.plan import build_plan

    make, fps = CASES[case]
    edl = make()
    inputs = make_inputs(edl, fps, media)
    plan = build_plan(edl, inputs.clips, {k: round(2.0 * fps) for k in inputs.clips}, fps)
    picture = _track(_read(inputs, tmp_path), "Picture")
    placed = []
    for clip in picture.find_clips(shallow_search=True):
        head, tail = picture.handles_of_child(clip)
        where = clip.range_in_parent()
        placed.append((_frames(where.start_time, fps) - (_frames(head, fps) if head else 0),
                       _frames(where.end_time_exclusive(), fps) + (_frames(tail, fps) if tail else 0)))
    assert placed == [(p.start, p.end) for p in plan.pieces]
    assert round(edl.duration * fps) == plan.num_frames
