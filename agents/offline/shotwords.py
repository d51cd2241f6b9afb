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
        "setup": "{lead} goes about the daily routine at the {place}",
        "setup_with": "{lead} and {other} share a quiet moment at the {place}",
        "inciting": "{lead} discovers the {obj}",
        "development": ("{lead} examines the {obj} closely", "{lead} searches for clues about the {obj}"),
        "development_with": ("{lead} shows the {obj} to {other}", "{lead} and {other} argue over the {obj}",
                             "{other} watches {lead} study the {obj}", "{lead} paces while {other} waits"),
        "turn": "{lead} realises the truth about the {obj}",
        "turn_with": "{other} confesses the secret of the {obj} to {lead}",
        "resolution": "{lead} looks out at the horizon, at peace",
        "resolution_with": "{lead} and {other} look out at the horizon together",
        "line_to": "{speaker} speaks to {listener}",
        "line_alone": "{speaker} speaks quietly, half to themself",
        "establish": "establishing view of the {place} {time}",
        "establish_people": "{lead} at the {place} {time}",
        "insert": "close on the {obj}",
        "reaction": "{other} listens, reacting",
        "tension": "{lead} hesitates, lost in thought",
        "two_shot": "{lead} and {other} face each other",
        "closing": "{lead} stands still as the camera pulls away",
    },
    "zh": {
        "setup": "{lead}在{place}照常忙碌着",
        "setup_with": "{lead}和{other}在{place}度过平静的时光",
        "inciting": "{lead}发现了{obj}",
        "development": ("{lead}仔细端详{obj}", "{lead}四处寻找关于{obj}的线索"),
        "development_with": ("{lead}把{obj}拿给{other}看", "{lead}和{other}为{obj}争执",
                             "{other}看着{lead}研究{obj}", "{lead}来回踱步，{other}在一旁等待"),
        "turn": "{lead}明白了{obj}背后的真相",
        "turn_with": "{other}向{lead}坦白了{obj}的秘密",
        "resolution": "{lead}望向远方，内心平静",
        "resolution_with": "{lead}和{other}并肩望向远方",
        "line_to": "{speaker}对{listener}说话",
        "line_alone": "{speaker}自言自语",
        "establish": "{time}的{place}全景",
        "establish_people": "{time}，{lead}在{place}",
        "insert": "{obj}的特写",
        "reaction": "{other}静静地听着",
        "tension": "{lead}犹豫不决，陷入沉思",
        "two_shot": "{lead}和{other}面对面",
        "closing": "镜头拉远，{lead}的身影渐渐变小",
    },
}


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
