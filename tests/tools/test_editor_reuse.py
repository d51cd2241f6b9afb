"""Reuse between cuts: with a cache folder, a second cut re-encodes only the segments that changed."""

from __future__ import annotations

import shutil

import numpy as np

from tests.tools.clipmaker import CJK_FONT, COLOURS, clips, make_clip  # noqa: F401
from tests.tools.test_editor import EDL, FPS
from tools.editor import assemble
from tools.probe import read_frames
from tools.timeline import SubtitleEvent


def _total(report) -> int:
    return report.segments_composited + report.segments_passed_through + report.segments_copied


def _cut(clips, out, cache):
    return assemble(EDL.model_copy(update={"subtitles": [SubtitleEvent(start=1.2, end=2.0, text="风来了")]}),
                    clips, out, width=160, height=96, fps=FPS, font_path=CJK_FONT, cache_dir=cache,
                    label="AI-generated", audio=None)


def test_an_unchanged_cut_reuses_every_segment_and_the_same_frames_come_out(clips, tmp_path):
    first = _cut(clips, tmp_path / "a.mp4", tmp_path / "cache")
    assert first.segments_reused == 0
    second = _cut(clips, tmp_path / "b.mp4", tmp_path / "cache")
    assert second.segments_reused == _total(second) - second.segments_copied > 0
    assert np.array_equal(read_frames(tmp_path / "a.mp4"), read_frames(tmp_path / "b.mp4"))


def test_a_changed_clip_re_encodes_only_the_segments_that_show_it(clips, tmp_path):
    first = _cut(clips, tmp_path / "a.mp4", tmp_path / "cache")
    changed = dict(clips)
    changed["blue"] = make_clip(tmp_path / "blue2.mp4", (200, 200, 200), 48)
    second = _cut(changed, tmp_path / "b.mp4", tmp_path / "cache")
    assert 0 < second.segments_reused < _total(second) - second.segments_copied
    fresh = _cut(changed, tmp_path / "c.mp4", tmp_path / "fresh-cache")
    assert np.array_equal(read_frames(tmp_path / "b.mp4"), read_frames(tmp_path / "c.mp4"))
    assert first.num_frames == second.num_frames == fresh.num_frames
    shutil.rmtree(tmp_path / "cache")
