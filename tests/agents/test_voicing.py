"""Voices in the edit: clips hold their whole line, subtitles and sound follow the speech."""

from __future__ import annotations

from pathlib import Path

import pytest

from agents.voicing import TAIL_SECONDS, fit_edit_to_speech, speech_spans
from tools.timeline import ClipDecision, EditDecisionList, SubtitleEvent, TitleCard, Transition

VOICES = {"S01-02": {"path": "voices/S01-02.wav", "duration": 1.7, "offset": 0.3},
          "S02-01": {"path": "/abs/S02-01.wav", "duration": 2.05, "offset": 0.3}}
TEXTS = {"S01-02": ("Who is there?", "Mei"), "S02-01": ("只有风。", "Lin")}
CLIPS = {"S01-01": 2.0, "S01-02": 3.0, "S02-01": 3.5}


def edl(**changes) -> EditDecisionList:
    clips = [
        ClipDecision(shot_id="S01-01", source_out=2.0),
        ClipDecision(shot_id="S01-02", source_in=0.5, source_out=1.5),
        ClipDecision(shot_id="S02-01", source_out=3.5, transition=Transition(kind="crossfade", duration=0.5)),
    ]
    fields = {"title_card": TitleCard(text="T", duration=1.0), "clips": clips,
              "subtitles": [SubtitleEvent(start=3.1, end=4.0, text="Who is there?", speaker="Mei"),
                            SubtitleEvent(start=4.2, end=6.0, text="只有风。", speaker="Lin")]}
    return EditDecisionList(**{**fields, **changes})


def test_a_clip_that_cuts_its_line_short_is_lengthened_to_hold_it():
    fitted, notes = fit_edit_to_speech(edl(), VOICES, CLIPS, TEXTS, fps=24)
    clip = fitted.clips[1]
    assert clip.source_in == 0.3  # the line starts 0.3 s into the shot; the editor's in point was later
    assert clip.source_out >= 0.3 + 1.7 + TAIL_SECONDS / 2 - 1e-6
    assert clip.source_out <= CLIPS["S01-02"]
    assert any("S01-02" in note for note in notes)
    assert fitted.clips[0] == edl().clips[0]


def test_subtitles_show_exactly_while_the_line_is_spoken():
    fitted, _ = fit_edit_to_speech(edl(), VOICES, CLIPS, TEXTS, fps=24)
    starts = fitted.clip_starts()
    spans = {s.shot_id: s for s in speech_spans(fitted, VOICES, Path("/run"))}
    by_text = {s.text: s for s in fitted.subtitles}
    mei, lin = by_text["Who is there?"], by_text["只有风。"]
    assert mei.start == pytest.approx(starts[1] + 0.3 - fitted.clips[1].source_in, abs=1e-3)
    assert mei.end - mei.start == pytest.approx(1.7, abs=1e-3)
    assert lin.start == pytest.approx(spans["S02-01"].start, abs=1e-3)
    assert lin.end - lin.start == pytest.approx(2.05, abs=1e-3)
    assert [s.text for s in fitted.subtitles] == ["Who is there?", "只有风。"]


def test_speech_spans_resolve_relative_paths_and_play_each_line_once():
    twice = edl(clips=[*edl().clips, ClipDecision(shot_id="S01-02", source_out=3.0)])
    spans = speech_spans(twice, VOICES, Path("/run"))
    assert [s.shot_id for s in spans] == ["S01-02", "S02-01"]
    assert spans[0].path == Path("/run/voices/S01-02.wav")
    assert spans[1].path == Path("/abs/S02-01.wav")
    assert spans[0].start == pytest.approx(twice.clip_starts()[1] + 0.3 - 0.5)


def test_without_voices_the_editors_subtitles_are_kept():
    fitted, notes = fit_edit_to_speech(edl(), {}, CLIPS, TEXTS, fps=24)
    assert fitted == edl() and notes == []
