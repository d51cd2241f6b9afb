"""The stream-copy fast path: whole clips that match the film join it untouched, the rest are re-encoded."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from render.video import write_clip
from tests.tools.clipmaker import CJK_FONT, clip_frame, make_clip, read_index
from tools.editor import assemble
from tools.ffmpeg import read_ffmpeg
from tools.probe import probe, read_frames
from tools.timeline import EditDecisionList

FPS = 24
W, H = 128, 72


def _clip(path: Path, colour: tuple[int, int, int], frames: int, *, width: int = W, height: int = H,
          **kwargs) -> Path:
    write_clip((clip_frame(colour, i, width, height) for i in range(frames)), path, width=width,
               height=height, fps=FPS, **kwargs)
    return path


def _decoded(path: Path, *copy: str) -> list[tuple[Fraction, str]]:
    """``(time in seconds, md5)`` of every decoded frame (of every packet, in decoding order, with
    ``copy = ("-c", "copy")``)."""
    out, err, code = read_ffmpeg(["-i", str(path), "-map", "0:v:0", *copy, "-f", "framemd5", "-"])
    assert code == 0, err
    lines = out.decode().splitlines()
    (base,) = [Fraction(line.split(":")[1].strip()) for line in lines if line.startswith("#tb 0:")]
    rows = [line.split(",") for line in lines if not line.startswith("#")]
    return [(int(row[2]) * base, row[5].strip()) for row in rows]


@pytest.fixture(scope="module")
def matching(tmp_path_factory) -> dict[str, Path]:
    """Clips written as renderers write them, at the film's size and rate (another crf than the film's)."""
    folder = tmp_path_factory.mktemp("matching")
    return {"a": _clip(folder / "a.mp4", (220, 40, 40), 24), "b": _clip(folder / "b.mp4", (40, 200, 60), 30),
            "c": _clip(folder / "c.mp4", (40, 60, 220), 24, crf=30)}


def test_whole_matching_clips_join_the_film_untouched(matching, tmp_path):
    # a (whole) | b (whole) | c 0.25-1.0 (part) | a (whole): 24 + 30 + 18 + 24 frames
    edl = EditDecisionList.model_validate({"clips": [
        {"shot_id": "a", "source_out": 1.0}, {"shot_id": "b", "source_out": 1.25},
        {"shot_id": "c", "source_in": 0.25, "source_out": 1.0}, {"shot_id": "a", "source_out": 1.0},
    ]})
    out = tmp_path / "film.mp4"
    report = assemble(edl, matching, out, width=W, height=H, fps=FPS, font_path=None)
    assert (report.segments_copied, report.segments_passed_through, report.segments_composited) == (3, 1, 0)
    film = _decoded(out)
    assert len(film) == report.num_frames == probe(out).num_frames == 96
    assert [t for t, _ in film] == [Fraction(k, FPS) for k in range(96)]  # one frame every 1/24 s
    assert sorted(t for t, _ in _decoded(out, "-c", "copy")) == [Fraction(k, FPS) for k in range(96)]
    a, b = [md5 for _, md5 in _decoded(matching["a"])], [md5 for _, md5 in _decoded(matching["b"])]
    hashes = [md5 for _, md5 in film]
    assert hashes[:24] == a and hashes[24:54] == b and hashes[72:] == a  # bit-identical pictures
    frames = read_frames(out)
    assert [read_index(f) for f in frames[54:72]] == list(range(6, 24))


def test_clips_that_do_not_match_the_film_are_reencoded(matching, tmp_path):
    clips = {
        "other_encoder": make_clip(tmp_path / "x.mp4", (230, 200, 40), 24, width=W, height=H),
        "other_size": _clip(tmp_path / "y.mp4", (220, 40, 40), 24, width=160, height=96),
        "other_preset": _clip(tmp_path / "z.mp4", (40, 200, 60), 24, preset="ultrafast"),
        "a": matching["a"],
    }
    edl = EditDecisionList.model_validate({"clips": [{"shot_id": k, "source_out": 1.0} for k in clips]})
    out = tmp_path / "film.mp4"
    report = assemble(edl, clips, out, width=W, height=H, fps=FPS, font_path=None)
    assert (report.segments_copied, report.segments_passed_through) == (1, 3)
    frames = read_frames(out)
    assert len(frames) == 96
    assert [read_index(f) for f in frames] == list(range(24)) * 4


def test_a_clip_with_a_subtitle_or_the_label_on_it_is_reencoded(matching, tmp_path):
    edl = EditDecisionList.model_validate({
        "clips": [{"shot_id": "a", "source_out": 1.0}, {"shot_id": "b", "source_out": 1.25}],
        "subtitles": [{"start": 1.2, "end": 1.8, "text": "你好"}],
    })
    report = assemble(edl, matching, tmp_path / "sub.mp4", width=W, height=H, fps=FPS, font_path=CJK_FONT)
    assert (report.segments_copied, report.segments_passed_through) == (1, 1)
    report = assemble(edl, matching, tmp_path / "plain.mp4", width=W, height=H, fps=FPS, font_path=CJK_FONT,
                      burn_subtitles=False)
    assert (report.segments_copied, report.segments_passed_through) == (2, 0)
    report = assemble(edl, matching, tmp_path / "label.mp4", width=W, height=H, fps=FPS, font_path=CJK_FONT,
                      burn_subtitles=False, label="AI")
    assert (report.segments_copied, report.segments_passed_through) == (0, 2)
