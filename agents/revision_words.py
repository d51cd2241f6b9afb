"""Which stage a revision in plain words concerns, told offline from its keywords (English and Chinese).

With no model configured, a session cannot act on free text, but it can still tell the user which
stage their words are about and which command would do it.
"""

from __future__ import annotations

import re
from typing import Literal

Stage = Literal["script", "shots", "edit", "output"]
"""What a revision re-runs from: the script, the shot list, the edit, or the output format."""
STAGES: tuple[Stage, ...] = ("script", "shots", "edit", "output")
"""The stages, upstream first."""

KEYWORDS: dict[Stage, tuple[str, ...]] = {
    "script": (
        "plot", "story", "ending", "beginning", "dialogue", "dialog", "line", "lines", "says", "say",
        "character", "characters", "scene", "scenes", "summary", "happens", "twist",
        "剧情", "故事", "结局", "结尾", "开头", "台词", "对白", "对话", "角色", "人物", "情节", "场戏", "这场",
    ),
    "shots": (
        "shot", "shots", "close-up", "closeup", "close up", "wide", "wider", "angle", "camera", "zoom",
        "pan", "dolly", "tilt", "handheld", "framing", "prompt", "lens",
        "特写", "镜头", "全景", "远景", "近景", "中景", "机位", "角度", "俯拍", "仰拍", "运镜",
    ),
    "edit": (
        "transition", "transitions", "crossfade", "fade", "music", "subtitle", "subtitles", "caption",
        "captions", "faster", "slower", "pacing", "pace", "rhythm", "order", "title card", "title",
        "转场", "淡入", "淡出", "音乐", "配乐", "字幕", "节奏", "快一点", "慢一点", "顺序", "剪辑", "标题",
    ),
    "output": (
        "vertical", "horizontal", "portrait", "landscape", "aspect", "square", "resolution", "widescreen",
        "4k", "1080p", "720p",
        "竖屏", "横屏", "方形", "分辨率", "画幅", "比例", "宽屏",
    ),
}
"""Words that point at each stage (English words match whole words, case-insensitively)."""


def route_words(message: str) -> Stage | None:
    """The stage a revision in plain words most likely concerns, or None when no keyword says.

    The stage with the most keywords wins; a tie goes to the upstream stage, since re-running from
    it redoes the later ones too.

    Args:
        message: The user's words, e.g. ``"shot 3 should be a close-up"`` or ``"改成竖屏"``.
    """
    text = message.lower()
    scores = {stage: sum(_count(word, text) for word in words) for stage, words in KEYWORDS.items()}
    best = max(scores.values())
    if best == 0:
        return None
    return next(stage for stage in STAGES if scores[stage] == best)


def _count(word: str, text: str) -> int:
    if word.isascii():
        return len(re.findall(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text))
    return text.count(word)
