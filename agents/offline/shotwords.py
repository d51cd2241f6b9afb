"""The offline director's words: shot actions (en/zh), prompt assembly and shot-to-shot variety."""

from __future__ import annotations

from typing import Protocol

from agents.schemas import Character, Scene

NEGATIVE_PROMPT = "blurry, distorted faces, extra limbs, text, watermark"

SIZE_WORDS = {"EWS": "extreme wide shot", "WS": "wide shot", "MS": "medium shot", "MCU": "medium close-up",
              "CU": "close-up", "ECU": "extreme close-up"}
MOVE_WORDS = {"static": "static camera", "pan": "slow pan", "tilt": "slow tilt", "zoom": "slow push-in zoom",
              "dolly": "slow dolly move", "handheld": "handheld camera"}
_LIGHT = {"DAY": "daytime, soft natural daylight", "NIGHT": "night, moonlight and warm practical lights",
          "DAWN": "dawn, pale pink early light", "DUSK": "dusk, low golden-hour sun",
          "MORNING": "morning, fresh low sunlight", "EVENING": "evening, warm fading light"}
_TIME = {"en": {"DAY": "by day", "NIGHT": "at night", "DAWN": "at dawn", "DUSK": "at dusk",
                "MORNING": "in the morning", "EVENING": "in the evening"},
         "zh": {"DAY": "白天", "NIGHT": "夜晚", "DAWN": "黎明", "DUSK": "黄昏", "MORNING": "清晨", "EVENING": "傍晚"}}
_NOUNS = ("woman", "man", "girl", "boy", "robot", "android", "cat", "dog", "fox", "bird", "rabbit", "owl",
          "dragon")

ACTIONS = {
    "en": {
        "setup": "{lead} goes about the daily routine {at_place}",
        "setup_with": "{lead} and {other} share a quiet moment {at_place}",
        "inciting": "{lead} stops, stunned",
        "development": ("{lead} paces, thinking it over", "{lead} stares into the distance, troubled"),
        "development_with": ("{lead} and {other} talk in low voices", "{other} watches {lead} closely",
                             "{lead} paces while {other} waits"),
        "turn": "{lead} realises the truth",
        "turn_with": "{other} tells {lead} something that changes everything",
        "resolution": "{lead} looks out at the horizon, at peace",
        "resolution_with": "{lead} and {other} look out at the horizon together",
        "line_to": "{speaker} speaks to {listener}",
        "line_alone": "{speaker} speaks quietly, half to themself",
        "establish": "establishing view of the {place} {time}",
        "establish_people": "{lead} {at_place} {time}",
        "insert": "close on a telling detail of the {place}",
        "reaction": "{other} listens, reacting",
        "tension": "{lead} hesitates, lost in thought",
        "two_shot": "{lead} and {other} face each other",
        "closing": "{lead} stands still as the camera pulls away",
    },
    "zh": {
        "setup": "{lead}在{place}照常忙碌着",
        "setup_with": "{lead}和{other}在{place}度过平静的时光",
        "inciting": "{lead}愣在原地",
        "development": ("{lead}来回踱步，思索着", "{lead}望着远处，心事重重"),
        "development_with": ("{lead}和{other}低声交谈", "{other}静静地看着{lead}", "{lead}来回踱步，{other}在一旁等待"),
        "turn": "{lead}终于明白了真相",
        "turn_with": "{other}对{lead}说出了改变一切的话",
        "resolution": "{lead}望向远方，内心平静",
        "resolution_with": "{lead}和{other}并肩望向远方",
        "line_to": "{speaker}对{listener}说话",
        "line_alone": "{speaker}自言自语",
        "establish": "{time}的{place}全景",
        "establish_people": "{time}，{lead}在{place}",
        "insert": "{place}的细节特写",
        "reaction": "{other}静静地听着",
        "tension": "{lead}犹豫不决，陷入沉思",
        "two_shot": "{lead}和{other}面对面",
        "closing": "镜头拉远，{lead}的身影渐渐变小",
    },
}
"""Shot actions that fit any story; ``KIND_ACTIONS`` holds each kind's own (used first when they fit)."""

_OBJECT = {"insert": ("close on the {obj}", "{obj}的特写")}
KIND_ACTIONS: dict[str, dict[str, tuple[str, str]]] = {
    "find": {"inciting": ("{lead} discovers the {obj}", "{lead}发现了{obj}"),
             "development": ("{lead} examines the {obj} closely", "{lead}仔细端详{obj}"),
             "development_with": ("{lead} shows the {obj} to {other}", "{lead}把{obj}拿给{other}看"),
             "turn": ("{lead} realises the truth about the {obj}", "{lead}明白了{obj}背后的真相"), **_OBJECT},
    "secret": {"inciting": ("{lead} freezes, realising the terrible truth", "{lead}僵在原地，察觉到了可怕的真相"),
               "development": ("{lead} searches for proof", "{lead}暗中寻找证据"),
               "development_with": ("{lead} and {other} whisper urgently", "{lead}和{other}低声商量")},
    "danger": {"inciting": ("{lead} senses danger and steps forward", "{lead}察觉到危险，挺身上前"),
               "development": ("{lead} keeps watch, tense", "{lead}紧张地守着"),
               "development_with": ("{lead} shields {other}", "{lead}护在{other}身前"),
               "turn": ("{lead} faces the threat head-on", "{lead}正面迎向危险")},
    "reunion": {"inciting": ("{lead} stares, recognising a long-lost face", "{lead}怔怔地望着，认出了那张熟悉的脸"),
                "development_with": ("{lead} and {other} sit together, awkward", "{lead}和{other}相对而坐，有些拘谨")},
    "romance": {"inciting": ("{lead} looks up, startled, and smiles", "{lead}抬起头，愣了一下，笑了"),
                "development_with": ("{lead} and {other} laugh together", "{lead}和{other}相视而笑"),
                "turn_with": ("{other} finally tells {lead} how they feel", "{other}终于向{lead}说出了心里话")},
    "meet": {"inciting": ("{lead} looks up, startled", "{lead}抬起头，愣住了"),
             "development_with": ("{lead} and {other} talk, leaning in", "{lead}和{other}凑在一起交谈")},
    "hidden": {"inciting": ("{lead} freezes, hurt and stunned", "{lead}愣在原地，又痛又震惊"),
               "development_with": ("{lead} confronts {other}", "{lead}质问{other}"),
               "turn_with": ("{other} tells {lead} everything", "{other}把一切都告诉了{lead}")},
    "loss": {"inciting": ("{lead} freezes, stricken", "{lead}愣住了，脸色发白"),
             "development": ("{lead} tries again and again, in vain", "{lead}一次次尝试，却都失败了")},
    "skill": {"inciting": ("{lead} tries to {obj} for the first time", "{lead}第一次尝试{obj}"),
              "development": ("{lead} practises, again and again", "{lead}一遍又一遍地练习"),
              "development_with": ("{other} watches {lead} practise", "{other}看着{lead}练习")},
    "care": {"inciting": ("{lead} kneels beside the {obj}", "{lead}蹲下身，靠近{obj}"),
             "development": ("{lead} looks after the {obj}", "{lead}细心照顾{obj}"), **_OBJECT},
    "task": {"inciting": ("{lead} sets to work on the {obj}", "{lead}埋头忙着{obj}的事"),
             "development": ("{lead} works on the {obj}", "{lead}为{obj}忙碌着"),
             "development_with": ("{lead} and {other} work on the {obj} together", "{lead}和{other}一起忙着{obj}"),
             **_OBJECT},
    "trial": {"inciting": ("{lead} steps into the spotlight, nervous", "{lead}走上前去，紧张不已"),
              "development": ("{lead} rehearses under pressure", "{lead}顶着压力反复练习")},
    "mystery": {"inciting": ("{lead} looks around, uneasy", "{lead}不安地环顾四周"),
                "development": ("{lead} searches the {place}", "{lead}在{place}四处搜寻")},
    "journey": {"inciting": ("{lead} sets off", "{lead}踏上了路途")},
}
KIND_ACTIONS["discover"] = KIND_ACTIONS["find"]
KIND_ACTIONS["care_other"] = {**KIND_ACTIONS["care"], "inciting": ("{lead} kneels, reaching out a hand",
                                                                   "{lead}蹲下身，伸出了手")}


def actions_for(kind: str, name: str, language: str) -> tuple[str, ...]:
    """Candidate actions for a shot: the kind's own first (if any), then the generic ones.

    Args:
        kind: The story's kind.
        name: The action's name (``inciting``, ``development_with``, ``insert``...).
        language: ``en`` or ``zh``.
    """
    own = KIND_ACTIONS.get(kind, {}).get(name)
    generic = ACTIONS[language].get(name, ACTIONS[language].get(name.removesuffix("_with"), ""))
    generic = generic if isinstance(generic, tuple) else (generic,)
    return ((own[1] if language == "zh" else own[0]),) + generic if own else generic


class _Framing(Protocol):
    size: str
    angle: str


def time_words(time_of_day: str, language: str) -> str:
    """A heading's time of day in words (``NIGHT`` → ``at night`` / ``夜晚``)."""
    table = _TIME["zh" if language == "zh" else "en"]
    return table.get(time_of_day.upper(), time_of_day.lower())


def label(character: Character) -> str:
    """How an English shot action names a character: the name, or ``the man (江海)`` for non-Latin names."""
    if character.name.isascii():
        return character.name
    noun = next((n for n in _NOUNS if f" {n}" in f" {character.description.lower()}"), "figure")
    return f"the {noun} ({character.name})"


def prompt_for(size: str, angle: str, move: str, characters: list[Character], action: str, look: str,
               scene: Scene, style: str) -> str:
    """A self-contained English prompt: framing, each description verbatim, action, place, light, style.

    Args:
        size: Shot size code.
        angle: Camera angle in words.
        move: Camera move.
        characters: Who is in frame.
        action: What happens, in English.
        look: The location's look.
        scene: The scene (interior or exterior, time of day).
        style: The brief's style.
    """
    who = "; ".join(f"{c.description} ({c.name})" for c in characters) if characters else "no people in frame"
    light = _LIGHT.get(scene.time_of_day, scene.time_of_day.lower())
    parts = [f"{SIZE_WORDS[size]}, {angle}, {MOVE_WORDS[move]}", who, action,
             f"{look}, {'interior' if scene.interior else 'exterior'}, {light}", style]
    return " ".join(p if p.endswith(".") else p + "." for p in (p.strip() for p in parts) if p)


def fix_adjacent(slots: list[_Framing], final: bool) -> None:
    """Vary framing in place: no two adjacent shots share size and angle; a non-final scene never ends wide.

    A scene always opens wide and (unless it is the last) never closes wide, so shots also differ
    across scene boundaries even though each scene is planned on its own.

    Args:
        slots: The scene's shots in order (anything with ``size`` and ``angle``).
        final: True for the film's last scene (it may end on a wide pull-back).
    """
    if len(slots) > 1 and not final and slots[-1].size in ("WS", "EWS"):
        slots[-1].size = "MS"
    for i in range(1, len(slots)):
        before = slots[i - 1]
        if (slots[i].size, slots[i].angle) != (before.size, before.angle):
            continue
        for size in ("MCU", "CU", "MS", "ECU"):
            if size != before.size:
                slots[i].size = size
                break
