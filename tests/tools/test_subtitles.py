"""SRT sidecar: what a player or an editing tool reads."""

from __future__ import annotations

import pytest

from tools.errors import ToolError
from tools.subtitles import format_srt, write_srt
from tools.timeline import SubtitleEvent


def test_srt_is_numbered_timed_and_blank_line_separated():
    text = format_srt([
        SubtitleEvent(start=0.0, end=1.5, text="你好，世界。", speaker="林"),
        SubtitleEvent(start=2.04, end=3.9996, text="Hello\nthere"),
    ])
    assert text == (
        "1\n00:00:00,000 --> 00:00:01,500\n你好，世界。\n\n"
        "2\n00:00:02,040 --> 00:00:04,000\nHello\nthere\n"
    )


def test_times_past_an_hour():
    text = format_srt([SubtitleEvent(start=3723.456, end=36001.0, text="late")])
    assert "01:02:03,456 --> 10:00:01,000" in text


def test_write_srt_is_utf8_without_bom(tmp_path):
    path = write_srt([SubtitleEvent(start=1, end=2, text="雨夜 · 第一集")], tmp_path / "film.srt")
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8") == "1\n00:00:01,000 --> 00:00:02,000\n雨夜 · 第一集\n"


def test_blank_lines_inside_a_cue_are_removed_and_empty_cues_rejected():
    text = format_srt([SubtitleEvent(start=0, end=1, text="one\n\n  two  ")])
    assert text == "1\n00:00:00,000 --> 00:00:01,000\none\ntwo\n"
    with pytest.raises(ToolError, match="subtitle 1"):
        format_srt([SubtitleEvent(start=0, end=1, text="  \n ")])
