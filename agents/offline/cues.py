"""Setting cues an idea gives away: the lead's gender, the era, the weather and the mood of its places.

Each reader is a small, documented word list: "her"/"she"/"queen" make the lead a woman, "宫廷"/"castle"
set a costume drama, "雨"/"rain" make it rain, "abandoned" empties the streets.
"""

from __future__ import annotations

import re

from agents.offline.roles import ROLES, role_of

EN_PRONOUNS = {"she": "f", "her": "f", "herself": "f", "he": "m", "his": "m", "him": "m", "himself": "m"}
ZH_FEMALE = ("她", "女", "妈", "母亲", "皇后", "公主", "妃", "姐", "妹", "妻", "娘", "奶奶", "婆", "姑", "嫂",
             "阿姨", "新娘", "千金", "格格", "宫女", "侍女", "丫鬟", "老太太", "外婆", "女王")
ZH_MALE = ("他", "男", "爸", "父亲", "皇帝", "王子", "太子", "哥", "弟", "丈夫", "老公", "爷", "公子", "少爷",
           "新郎", "霸道总裁", "王爷", "太监", "和尚", "书生", "外公", "国王", "将军")
_GENDERED = {w for w, r in ROLES.items() if r.gender and " " not in w}
_ZH_NOT_PRONOUN = re.compile(r"其他|吉他|他们|她们|他人")

EAST_EN = ("emperor", "empress", "dynasty", "samurai", "kung fu", "wuxia", "concubine", "eunuch", "imperial china")
WEST_EN = ("castle", "knight", "king", "queen", "kingdom", "medieval", "throne", "prince", "princess",
           "wizard", "witch", "squire", "palace", "royal court", "dragon", "sword", "village elder")
EAST_ZH = ("古代", "皇帝", "皇后", "太子", "将军", "江湖", "侠", "宫廷", "皇宫", "朝廷", "王爷", "丞相", "妃",
           "格格", "太监", "宫女", "侍卫", "武林", "书生", "县令", "公主", "王朝", "陛下", "殿下", "王府", "后宫",
           "深宫", "剑客", "丫鬟", "侍女", "太医", "朝堂", "御花园", "寝宫", "客栈", "公子")
WEST_ZH = ("城堡", "骑士", "国王", "女王", "王国", "巫师", "女巫", "中世纪", "恶龙")
FUTURE = ("future", "futuristic", "cyberpunk", "2077", "2099", "spaceship", "starship", "astronaut", "galaxy",
          "未来", "赛博", "飞船", "宇航员", "太空", "星际")
TIME_TRAVEL = ("time travel", "time-travel", "travels back", "穿越")

_WEATHER = (
    ("storm", ("storm", "thunderstorm", "typhoon", "hurricane", "暴风雨", "暴雨", "雷雨", "台风", "风暴"),
     "storm clouds, lashing rain, wind-bent trees", "a storm lashing the windows, lights flickering"),
    ("rain", ("rain", "rainy", "raining", "drizzle", "downpour", "雨"),
     "steady rain, wet reflections, puddles", "rain streaming down the windows"),
    ("snow", ("snow", "snowy", "snowing", "snowstorm", "blizzard", "雪"),
     "falling snow, deep drifts, breath misting", "snow piling against the windows"),
    ("fog", ("fog", "foggy", "mist", "misty", "雾"),
     "thick drifting fog, muted colours", "fog pressing against the windows"),
)
_MOODS = (
    ("abandoned", ("abandoned", "deserted", "ruined", "derelict", "post-apocalyptic", "废弃", "荒废", "废墟",
                   "荒无人烟", "末日"),
     "abandoned and overgrown, broken windows, weeds through the cracks, no one around",
     "abandoned, dust and debris, broken furniture"),
    ("silent", ("silent", "lifeless", "寂静", "死寂"),
     "eerily silent and still", "eerily silent, most lights dead, only emergency lamps glowing"),
    ("haunted", ("haunted", "ghost", "闹鬼", "鬼"),
     "eerie stillness, cold blue shadows", "eerie, cold blue shadows, a flickering light"),
)
WEATHER_ZH = {"storm": "暴风雨", "rain": "雨", "snow": "雪", "fog": "雾"}
WEATHER_EN = {"storm": "Storm", "rain": "Rain", "snow": "Snow", "fog": "Fog"}


def _has(text: str, word: str) -> bool:
    if word.isascii():
        return re.search(rf"\b{re.escape(word)}(e?s)?\b", text) is not None
    return word in text


def lead_gender_en(subject: str, rest: list[str]) -> str:
    """The lead's gender from an English idea: the role word, else the first pronoun that refers to them.

    A pronoun after another gendered noun ("saves a girl and her dog") refers to that noun, so the
    search stops there.

    Args:
        subject: The lead's noun phrase (``chef``, ``queen``).
        rest: The idea's words after the subject, lower case.
    """
    gender = role_of(subject).gender if subject else ""
    if gender:
        return gender
    for word in rest:
        if word in EN_PRONOUNS:
            return EN_PRONOUNS[word]
        if word in _GENDERED:
            return ""
    return ""


def gender_zh(phrase: str) -> str:
    """``f``/``m`` when a Chinese noun phrase says (女儿, 皇后 / 皇帝, 哥哥), else ``""``."""
    phrase = _ZH_NOT_PRONOUN.sub("", phrase)
    if any(w in phrase for w in ZH_FEMALE):
        return "f"
    if any(w in phrase for w in ZH_MALE):
        return "m"
    return ""


def lead_gender_zh(subject: str, rest: str) -> str:
    """The lead's gender from a Chinese idea: the subject's words, else the first 她/他 before anyone else.

    Args:
        subject: The protagonist (``宫廷里的皇后`` → ``皇后``).
        rest: What follows the subject.
    """
    gender = gender_zh(subject)
    if gender:
        return gender
    rest = _ZH_NOT_PRONOUN.sub("", rest)
    she, he = rest.find("她"), rest.find("他")
    hits = [(i, g) for i, g in ((she, "f"), (he, "m")) if i >= 0]
    if not hits:
        return ""
    at, gender = min(hits)
    before = rest[:at]
    if any(w in before for w in ZH_FEMALE + ZH_MALE if w not in ("她", "他")):
        return ""
    return gender


def era(text: str) -> str:
    """``east`` (Chinese costume drama), ``west`` (medieval, fairy tale), ``future`` or ``modern``.

    Args:
        text: The whole idea.
    """
    lower = text.lower()
    east = sum(_has(lower, w) for w in EAST_EN + EAST_ZH)
    west = sum(_has(lower, w) for w in WEST_EN + WEST_ZH)
    if west > east:
        return "west"
    if east:
        return "east"
    if any(_has(lower, w) for w in FUTURE):
        return "future"
    return "modern"


def time_travel(text: str) -> bool:
    """True when the idea crosses eras (``穿越``, time travel), so modern places may appear in a period story."""
    return any(_has(text.lower(), w) for w in TIME_TRAVEL)


def weather(text: str) -> str:
    """``storm``, ``rain``, ``snow``, ``fog`` or ``""``."""
    lower = text.lower()
    return next((name for name, words, _, _ in _WEATHER if any(_has(lower, w) for w in words)), "")


def mood(text: str) -> str:
    """``abandoned``, ``silent``, ``haunted`` or ``""``."""
    lower = text.lower()
    return next((name for name, words, _, _ in _MOODS if any(_has(lower, w) for w in words)), "")


def dress_look(look: str, interior: bool, weather_name: str, mood_name: str) -> str:
    """A place's look with the idea's mood and weather added (``…, steady rain, wet reflections``).

    Args:
        look: The place's own look.
        interior: True for an interior.
        weather_name: From ``weather``.
        mood_name: From ``mood``.
    """
    parts = [look]
    for name, table in ((mood_name, _MOODS), (weather_name, _WEATHER)):
        row = next((r for r in table if r[0] == name), None)
        if row:
            parts.append(row[3] if interior else row[2])
    if mood_name in ("abandoned", "silent"):
        parts[0] = re.sub(r"^(busy|bustling|crowded) ", "", parts[0])
    return ", ".join(parts)
