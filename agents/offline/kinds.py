"""What kind of event an idea is about, so the scenes, lines and shots fit what actually happens.

Kinds, checked in this order (the first that fits wins):

- ``secret``: uncovering a crime or a plot ("uncovers a conspiracy", 发现老板在做假账, 发现太子被人下毒);
- ``hidden``: finding out what someone close has hidden ("discovers her husband is a spy", 发现母亲隐瞒了病情);
- ``danger``: a threat, a fight, an escape (protect, flee, 追杀, 保护);
- ``reunion``: recognising someone lost (recognise, long-lost, 认出, 失散, 重逢);
- ``romance``: falling in love (falls in love, marries, 爱上, 相亲; two strangers who meet);
- ``meet``: meeting someone (meets his hero, befriends, 相遇, 邂逅);
- ``loss``: losing something (loses, forgets, 失去, 失忆);
- ``care``: taking someone in (adopts, rescues, 收养, 救);
- ``skill``: learning to do something (learns to paint, 学会);
- ``find``: finding a thing (a letter, 一封信);
- ``task``: making or mending something (fixes an old car, 修);
- ``trial``: a contest or a test (competes, audition, 比赛, 考试);
- ``mystery``: something strange (wakes up alone, haunted, 醒来, 失踪);
- ``journey``: going somewhere (returns, travels, 回到, 离开);
- ``generic``: anything else.
"""

from __future__ import annotations

import re

from agents.offline.glossary import first_word

ORDER = ("secret", "hidden", "danger", "reunion", "romance", "meet", "loss", "care", "skill", "find", "task",
         "trial", "mystery", "journey")

EN_VERBS: dict[str, set[str]] = {
    "secret": {"uncover", "expose", "overhear", "suspect", "blackmail", "investigate"},
    "hidden": {"betray"},
    "danger": {"protect", "fight", "escape", "flee", "chase", "hunt", "steal", "rob", "kill", "murder", "poison",
               "kidnap", "defend", "guard", "survive", "avenge", "trap", "hack"},
    "reunion": {"recognize", "recognise", "reunite"},
    "romance": {"love", "marry", "date", "kiss", "propose"},
    "meet": {"meet", "encounter", "befriend", "bump"},
    "loss": {"lose", "forget"},  # and "no memory", below
    "care": {"adopt", "rescue", "save", "raise", "feed", "shelter"},
    "skill": {"practise", "practice", "train"},
    "find": {"find", "discover", "receive", "inherit", "unearth", "get", "pick", "stumble", "spot", "dig", "catch"},
    "task": {"fix", "repair", "build", "make", "cook", "bake", "paint", "write", "invent", "create", "plan", "open",
             "sell", "restore", "rebuild", "draw"},
    "trial": {"compete", "race", "audition", "perform", "bomb", "fail", "win", "enter", "play"},
    "mystery": {"wake", "vanish", "disappear", "haunt", "hear", "appear"},
    "journey": {"return", "travel", "go", "come", "leave", "sail", "fly", "run", "wander", "explore", "climb",
                "move", "arrive", "visit", "deliver"},
}
EN_WORDS: dict[str, tuple[str, ...]] = {
    "secret": ("conspiracy", "fraud", "cover-up", "corruption", "poisoned", "murdered", "murder", "embezzling"),
    "hidden": ("affair", "spy", "double life", "lying", "cheating", "hiding"),
    "danger": ("poison", "assassin", "killer", "heist", "kidnapper", "monster", "villain", "revenge", "bandits"),
    "reunion": ("long-lost", "long lost", "estranged", "years later"),
    "loss": ("no memory", "amnesia", "memory loss"),
    "romance": ("in love", "falls for", "fall for", "first date", "crush", "romance"),
    "trial": ("competition", "contest", "exam", "final", "finals", "tournament", "audition", "interview"),
    "mystery": ("ghost", "alone", "strange", "mysterious", "missing", "haunted"),
}
FACT_KINDS = ("secret", "hidden")
"""Kinds whose key object is a fact (a clause), not a thing."""
FACT_VERBS = {"find", "discover", "learn", "realize", "realise", "notice", "hear", "know", "see", "overhear"}
"""Verbs that, followed by a clause ("discovers her boss is lying"), find out a fact."""

ZH_WORDS: dict[str, tuple[str, ...]] = {
    "secret": ("假账", "阴谋", "内鬼", "贪污", "下毒", "谋杀", "毒", "陷害", "栽赃", "揭穿", "揭发", "拆穿", "识破"),
    "hidden": ("隐瞒", "瞒着", "出轨", "撒谎", "身世", "卧底", "背叛", "骗"),
    "danger": ("杀", "追杀", "刺杀", "绑架", "逃", "保护", "复仇", "报仇", "抢劫", "偷", "危险", "刺客", "凶手",
               "怪物", "恶龙"),
    "reunion": ("认出", "重逢", "失散", "久别", "相认", "多年未见"),
    "romance": ("爱上", "相爱", "结婚", "闪婚", "相亲", "嫁给", "喜欢上", "约会", "告白", "表白", "恋"),
    "meet": ("相遇", "遇见", "邂逅", "认识", "结识"),
    "loss": ("失去", "丢了", "丢失", "弄丢", "忘记", "失忆", "失明", "失聪"),
    "care": ("收养", "领养", "救", "照顾", "收留", "养了"),
    "skill": ("学会", "学习", "学着", "练习"),
    "find": ("发现", "找到", "捡到", "收到", "得到", "拿到", "挖到", "看到", "看见", "打开", "遇到"),
    "task": ("修", "做", "造", "开了", "画", "写", "种", "建", "准备"),
    "trial": ("比赛", "考试", "面试", "高考", "决赛", "试镜", "竞选"),
    "mystery": ("醒来", "闹鬼", "鬼", "消失", "失踪", "奇怪", "神秘"),
    "journey": ("回到", "来到", "离开", "穿越", "踏上", "出发", "回家", "旅行"),
}
ZH_FACT_VERBS = ("发现", "得知", "知道", "察觉", "看到", "看见", "听到", "偷听到")
_ZH_CLAUSE = ("在", "被", "是", "了", "正", "要", "竟", "没", "和", "跟", "把", "会", "已经", "还", "隐瞒", "下毒",
              "做", "偷", "杀", "骗")


def settle(kind: str, pair: bool, other: str) -> str:
    """Final adjustments: two people who meet is a romance; a hidden truth needs someone who hid it."""
    if kind == "meet" and pair:
        return "romance"
    if kind == "hidden" and not other:
        return "secret"
    return kind


def kind_en(lemmas: list[tuple[int, str]], text: str, pair: bool, fact: bool, learn_at: int) -> tuple[str, int]:
    """The event's kind and the token index of the verb that decided it.

    Args:
        lemmas: (token index, lemma) of each verb in the event, in order (at least one).
        text: The idea's first sentence, lower case.
        pair: True for "two strangers…" (an otherwise plain event is then a meeting).
        fact: True when a verb of finding out is followed by a clause ("finds out that…").
        learn_at: Token index of "learns" in "learns to…", or -1.
    """
    first = lemmas[0][0]
    if fact:
        crime = any(re.search(rf"\b{re.escape(w)}", text) for w in EN_WORDS["secret"] + EN_WORDS["danger"])
        return ("secret" if crime else "hidden"), next((i for i, lemma in lemmas if lemma in FACT_VERBS), first)
    known = set().union(*EN_VERBS.values())
    for kind in ORDER:
        if kind == "skill" and learn_at >= 0:
            return "skill", learn_at
        hit = next((i for i, lemma in lemmas if lemma in EN_VERBS[kind]), None)
        if hit is not None:
            return kind, hit
        if any(re.search(rf"\b{re.escape(w)}\b", text) for w in EN_WORDS.get(kind, ())):
            return kind, next((i for i, lemma in lemmas if lemma == "fall"), first)
        if kind == "meet" and pair and not any(lemma in known for _, lemma in lemmas):
            return "meet", first
    return "generic", first


def kind_zh(text: str, obj: str, verb: str, pair: bool) -> str:
    """The event's kind for a Chinese idea.

    Args:
        text: The idea (``两个大学生在雨夜的便利店里相遇``); its words decide the kind.
        obj: The key object or clause after the last object verb.
        verb: That object verb (``发现``), or ``""``.
        pair: True for ``两个大学生…``.
    """
    text = text.replace("偷偷", "")
    if verb in ZH_FACT_VERBS and is_clause_zh(obj):
        crime = any(w in text for w in ZH_WORDS["secret"] + ZH_WORDS["danger"])
        return "secret" if crime else "hidden"
    for kind in ORDER:
        if any(w in text for w in ZH_WORDS.get(kind, ())):
            return kind
    return "meet" if pair else "generic"


def is_clause_zh(obj: str) -> bool:
    """True when a Chinese object is a clause (``老板在做假账``, ``新郎是她的仇人``), not a noun phrase
    (``会说话的猫``, ``失散多年的妹妹``)."""
    tail = obj.split("的")[-1]
    if len(tail) >= 3 and any(w in tail for w in _ZH_CLAUSE):
        return True
    person = first_word(obj)
    return bool(person) and obj[len(person):].startswith(_ZH_CLAUSE)
