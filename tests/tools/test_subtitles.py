"""SRT sidecar: what a player or an editing tool reads."""

from __future__ import annotations

import pytest

from tools.errors import ToolError
from tools.subtitles import format_srt, format_vtt, write_srt, write_vtt
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


def _events() -> list[SubtitleEvent]:
    return [
        SubtitleEvent(start=0.0, end=1.5, text="你好，世界。", speaker="林"),
        SubtitleEvent(start=2.04, end=3.9996, text="Hello <there> & you\n\nline two", speaker="Old Wang"),
        SubtitleEvent(start=3723.456, end=3725.0, text="late --> later"),
    ]


def _seconds(stamp: str) -> float:
    h, m, s = stamp.replace(",", ".").split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def test_srt_reads_back_with_the_srt_package(tmp_path):
    import srt

    events = _events()
    cues = list(srt.parse(write_srt(events, tmp_path / "film.srt").read_text(encoding="utf-8")))
    assert [c.content for c in cues] == ["你好，世界。", "Hello <there> & you\nline two", "late --> later"]
    assert [(c.start.total_seconds(), c.end.total_seconds()) for c in cues] == [
        (round(e.start, 3), round(e.end, 3)) for e in events]


def test_vtt_reads_back_with_webvtt_py(tmp_path):
    import html

    import webvtt

    events = _events()
    path = write_vtt(events, tmp_path / "film.vtt")
    raw = path.read_bytes()
    assert raw.startswith(b"WEBVTT\n\n") and not raw.startswith(b"\xef\xbb\xbf")
    cues = list(webvtt.read(str(path)))
    assert [html.unescape(c.text) for c in cues] == ["你好，世界。", "Hello <there> & you\nline two", "late --> later"]
    assert [c.voice for c in cues] == ["林", "Old Wang", None]
    assert [(_seconds(c.start), _seconds(c.end)) for c in cues] == [
        (round(e.start, 3), round(e.end, 3)) for e in events]


def test_vtt_text_and_times_match_the_srt():
    events = _events()
    assert format_vtt(events).splitlines()[2:4] == ["00:00:00.000 --> 00:00:01.500", "<v 林>你好，世界。"]
    assert "01:02:03.456 --> 01:02:05.000\nlate --&gt; later\n" in format_vtt(events)
    with pytest.raises(ToolError, match="subtitle 2"):
        format_vtt([events[0], SubtitleEvent(start=2, end=3, text=" \n ")])
