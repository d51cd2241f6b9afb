"""script.fountain, read back with screenplain's Fountain parser."""

from __future__ import annotations

import io

import pytest
from pydantic import ValidationError
from screenplain.parsers.fountain import parse
from screenplain.types import Action, Dialog, Slug

from tools.exports import Screenplay, ScreenplayElement, format_fountain, write_fountain


def _screenplay() -> Screenplay:
    return Screenplay(
        title="雨夜 Rain Night", credit="Written by", author="filmcrew", logline="一个关于雨的故事。", language="zh",
        scenes=[
            {"heading": "内景 茶馆 - 夜", "elements": [
                {"kind": "action", "text": "雨打在窗上。林独自坐着。"},
                {"kind": "dialogue", "character": "林", "parenthetical": "轻声", "text": "你来了。"},
                {"kind": "dialogue", "character": "Old Wang", "text": "Rain again.\nAs always."},
                {"kind": "action", "text": "THEY LOOK AT EACH OTHER.\nNeither speaks."},
            ]},
            {"heading": "EXT. PIER - NIGHT", "elements": [
                {"kind": "action", "text": "INT. the word a sign says"},
                {"kind": "action", "text": "A *single* lamp.\n\nFog rolls in."},
                {"kind": "dialogue", "character": "Lin", "parenthetical": "(to herself)", "text": "Goodbye."},
            ]},
            {"heading": "Rooftop at dawn", "elements": []},
        ])


def _read(text: str):
    return parse(io.StringIO(text))


def _scenes(paragraphs) -> list[tuple[str, list]]:
    scenes = []
    for p in paragraphs:
        if isinstance(p, Slug):
            scenes.append((str(p.line), []))
        elif isinstance(p, Dialog):
            scenes[-1][1].append(("dialogue", str(p.character), [(paren, str(t)) for paren, t in p.blocks]))
        elif isinstance(p, Action):
            scenes[-1][1].append(("action", [str(line) for line in p.lines]))
        else:
            raise TypeError(f"unexpected paragraph {p!r}")
    return scenes


def test_title_page_scenes_characters_and_lines_read_back(tmp_path):
    path = write_fountain(_screenplay(), tmp_path / "script.fountain")
    play = _read(path.read_text(encoding="utf-8"))
    assert play.title_page == {"Title": ["雨夜 Rain Night"], "Credit": ["Written by"], "Author": ["filmcrew"],
                               "Notes": ["一个关于雨的故事。"]}
    assert _scenes(play.paragraphs) == [
        ("内景 茶馆 - 夜", [
            ("action", ["雨打在窗上。林独自坐着。"]),
            ("dialogue", "林", [(True, "(轻声)"), (False, "你来了。")]),
            ("dialogue", "OLD WANG", [(False, "Rain again."), (False, "As always.")]),
            ("action", ["THEY LOOK AT EACH OTHER.", "Neither speaks."]),
        ]),
        ("EXT. PIER - NIGHT", [
            ("action", ["INT. the word a sign says"]),
            ("action", ["A *single* lamp."]),
            ("action", ["Fog rolls in."]),
            ("dialogue", "LIN", [(True, "(to herself)"), (False, "Goodbye.")]),
        ]),
        ("ROOFTOP AT DAWN", []),
    ]


def test_headings_are_forced_only_when_fountain_would_not_see_them(tmp_path):
    text = format_fountain(_screenplay())
    lines = text.splitlines()
    assert ".内景 茶馆 - 夜" in lines and "EXT. PIER - NIGHT" in lines and ".Rooftop at dawn" in lines
    assert "@林" in lines and "OLD WANG" in lines
    assert write_fountain(_screenplay(), tmp_path / "s.fountain").read_bytes().decode("utf-8") == text


def test_dialogue_needs_a_speaker():
    with pytest.raises(ValidationError, match="character"):
        ScreenplayElement(kind="dialogue", text="Who said that?")
