"""The offline writer's words: titles, loglines, scene summaries and short dialogue lines, in en and zh.

Placeholders: ``{name}`` lead, ``{name2}`` second character, ``{role}`` the lead's role, ``{lead1}``
role and name ("lighthouse keeper Mara"), ``{who}`` the lead (or, for "two robots…", both),
``{Lead}`` the logline's subject, ``{event}`` what happens, ``{obj}`` the key object, ``{obj_s}``
its short form, ``{place}`` the scene's place; a capital first letter capitalises the value.
Dialogue lines stay short enough to fit in one shot (≤10 English words, ≤16 Chinese characters).
"""

from __future__ import annotations

TITLES = {
    "en": ("The {Obj}", "{name} and the {Obj}", "The {Role_t}'s {Obj_s}"),
    "zh": ("{role}的{obj}", "{role}与{obj}", "{obj}"),
}

LOGLINES = {
    "en": ("{Lead} {event} — and nothing is the same again.",
           "{Lead} {event} — and must decide what it is worth.",
           "{Lead} {event} — and has to choose whom to trust."),
    "zh": ("{Lead}{event}，从此一切都变了。",
           "{Lead}{event}，必须决定它意味着什么。",
           "{Lead}{event}，不得不选择相信谁。"),
}

SUMMARIES = {
    ("en", "setup"): ("At the {place}, {lead1} keeps to the same quiet routine.",
                      "{Lead1} starts another ordinary day at the {place}."),
    ("en", "setup_with"): ("{name} shares a quiet meal with {name2} at the {place}.",
                           "{name2} drops by the {place}; {name} barely looks up from work.",
                           "{name} and {name2} talk about nothing much at the {place}."),
    ("en", "inciting"): ("Then it happens: {who} {event}.", "At the {place}, {who} {event}."),
    ("en", "development"): ("{name} shows the {obj} to {name2}, who does not believe it.",
                            "{name} and {name2} argue about what the {obj} means.",
                            "{name2} warns {name} to leave the {obj} alone.",
                            "{name} follows a clue from the {obj} to the {place}, {name2} close behind.",
                            "{name} studies the {obj} late into the night while {name2} watches.",
                            "Doubt creeps in at the {place}; {name} almost gives up on the {obj}."),
    ("en", "alone"): ("{name} studies the {obj} alone at the {place}.",
                      "{name} follows a clue from the {obj} to the {place}."),
    ("en", "turn"): ("At the {place}, the truth behind the {obj} turns {name}'s world upside down.",
                     "{name2} confesses what they know about the {obj}, and {name} must choose."),
    ("en", "resolution"): ("{name} makes peace with the {obj}; the {place} feels different now.",
                           "{name} and {name2} face a new day at the {place}, changed by the {obj}."),
    ("zh", "setup"): ("{lead1}在{place}日复一日地过着平静的生活。", "在{place}，{lead1}开始了平凡的一天。"),
    ("zh", "setup_with"): ("{name}和{name2}在{place}吃着简单的晚饭。", "{name2}来{place}看望{name}，{name}只是点点头。",
                           "{name}和{name2}在{place}闲聊着琐事。"),
    ("zh", "inciting"): ("意外发生了：{who}{event}。", "在{place}，{who}{event}。"),
    ("zh", "development"): ("{name}把{obj}拿给{name2}看，{name2}并不相信。",
                            "{name}和{name2}为{obj}的含义争论起来。",
                            "{name2}劝{name}别再管{obj}了。",
                            "{name}顺着{obj}留下的线索来到{place}，{name2}紧随其后。",
                            "深夜，{name}反复研究{obj}，{name2}在一旁看着。",
                            "在{place}，怀疑涌上心头，{name}几乎要放弃{obj}。"),
    ("zh", "alone"): ("{name}独自在{place}研究{obj}。", "{name}顺着{obj}留下的线索来到{place}。"),
    ("zh", "turn"): ("在{place}，{obj}背后的真相让{name}的世界天翻地覆。",
                     "{name2}说出了关于{obj}的秘密，{name}必须做出选择。"),
    ("zh", "resolution"): ("{name}终于与{obj}和解，{place}也变得不一样了。",
                           "{name}和{name2}在{place}迎来新的一天，{obj}改变了他们。"),
}

# (speaker: "P" lead / "C" second character, English, Chinese)
DIALOGUE: dict[str, tuple[tuple[str, str, str], ...]] = {
    "setup": (("P", "Another quiet day at the {place_l}.", "又是平静的一天。"),
              ("C", "You never leave this place, do you?", "你从来不离开这里吧？"),
              ("P", "Someone has to stay.", "总得有人留下。"),
              ("P", "Nothing ever changes here.", "这里什么都不会变。")),
    "inciting": (("P", "What is this?", "这是什么？"),
                 ("C", "Where did you get that {obj_s}?", "这{obj_s}是哪来的？"),
                 ("P", "A {obj_s}? Here?", "{obj_s}？怎么会在这里？"),
                 ("C", "Don't touch it.", "别碰它。"),
                 ("P", "Someone wanted me to find this.", "有人想让我发现它。")),
    "development": (("P", "I can't stop thinking about the {obj_s}.", "我一直在想{obj_s}的事。"),
                    ("C", "Let it go. It's nothing.", "放下吧，没什么的。"),
                    ("P", "It's not nothing. Look closer.", "不是没什么，你仔细看。"),
                    ("C", "Then we find out together.", "那我们一起查清楚。"),
                    ("P", "Who would do this, and why?", "谁会这么做？为什么？"),
                    ("C", "You haven't slept, have you?", "你一夜没睡吧？"),
                    ("P", "Who are you?", "你到底是谁？"),
                    ("P", "There has to be more to it.", "这背后一定还有什么。"),
                    ("P", "This changes everything.", "这改变了一切。"),
                    ("P", "I can't just ignore it.", "我不能假装没看见。"),
                    ("C", "What if it's a trap?", "万一是个陷阱呢？"),
                    ("C", "Tell me everything.", "把一切都告诉我。"),
                    ("C", "You're scaring me.", "你让我有点害怕。")),
    "turn": (("P", "It was meant for me all along.", "原来它一直是给我的。"),
             ("C", "I should have told you sooner.", "我早该告诉你的。"),
             ("P", "I have to know the truth.", "我必须知道真相。"),
             ("C", "Are you sure you want this?", "你确定要这样吗？"),
             ("P", "Everything I believed was wrong.", "我相信的一切都错了。")),
    "resolution": (("P", "I know what to do now.", "现在我知道该怎么做了。"),
                   ("C", "You've changed.", "你变了。"),
                   ("P", "Maybe the {obj_s} changed me.", "也许是{obj_s}改变了我。"),
                   ("C", "Come on. Let's go home.", "走吧，我们回家。"),
                   ("P", "Thank you. For everything.", "谢谢你，为了一切。")),
}


def title_case(text: str) -> str:
    """English title case that keeps short function words lower case (``Message in a Bottle``)."""
    small = {"a", "an", "the", "in", "on", "of", "and", "at", "to", "for", "by", "with"}
    words = text.split(" ")
    return " ".join(
        w if (i and w.lower() in small) else (w[:1].upper() + w[1:]) for i, w in enumerate(words)
    )
