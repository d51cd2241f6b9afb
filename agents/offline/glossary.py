"""A small Chinese→English glossary: how the offline planner turns Chinese roles and things into prompt words.

Translation is greedy longest match (``to_en``); English words map back to Chinese with ``to_zh``
when every content word is known.
"""

from __future__ import annotations

GLOSSARY: dict[str, str] = {
    # people and creatures
    "灯塔": "lighthouse", "看守人": "keeper", "守护者": "guardian", "守塔人": "lighthouse keeper",
    "渔夫": "fisherman", "水手": "sailor", "小女孩": "little girl", "女孩": "girl", "小男孩": "little boy",
    "男孩": "boy", "孩子": "child", "小孩": "child", "老人": "old man", "老太太": "old woman",
    "老奶奶": "grandmother", "奶奶": "grandmother", "外婆": "grandmother", "爷爷": "grandfather",
    "老爷爷": "grandfather", "外公": "grandfather",
    "医生": "doctor", "护士": "nurse", "老师": "teacher", "学生": "student", "大学生": "college student",
    "高中生": "high school student", "厨师": "chef", "机器人": "robot", "猫": "cat", "狗": "dog", "狐狸": "fox",
    "侦探": "detective", "警察": "police officer", "宇航员": "astronaut", "士兵": "soldier", "画家": "painter",
    "作家": "writer", "歌手": "singer", "演员": "actor", "女演员": "actress", "明星": "star",
    "程序员": "programmer", "司机": "driver", "母亲": "mother", "妈妈": "mother", "父亲": "father",
    "爸爸": "father", "女人": "woman", "男人": "man", "公主": "princess", "王子": "prince",
    "外卖员": "delivery rider", "快递员": "courier", "邮递员": "postman", "面包师": "baker",
    "农民": "farmer", "科学家": "scientist", "店主": "shopkeeper", "少年": "teenager", "少女": "young woman",
    "年轻人": "young man", "陌生人": "stranger", "朋友": "friend", "邻居": "neighbour", "妹妹": "younger sister",
    "姐姐": "sister", "哥哥": "brother", "弟弟": "younger brother", "女儿": "daughter", "儿子": "son",
    "丈夫": "husband", "老公": "husband", "妻子": "wife", "老婆": "wife", "恋人": "lover", "男友": "boyfriend",
    "女友": "girlfriend", "男朋友": "boyfriend", "女朋友": "girlfriend", "新娘": "bride", "新郎": "groom",
    "霸道总裁": "CEO", "总裁": "CEO", "老板": "boss", "秘书": "secretary", "实习生": "intern", "同事": "colleague",
    "律师": "lawyer", "记者": "journalist", "服务员": "waiter", "收银员": "cashier", "保安": "security guard",
    "保镖": "bodyguard", "保姆": "nanny", "千金": "heiress", "孤儿": "orphan", "和尚": "monk",
    "偶像": "idol", "学徒": "apprentice", "教师": "teacher", "退休": "retired", "经理": "manager",
    "外星人": "alien", "相亲对象": "blind date", "前男友": "ex-boyfriend", "前女友": "ex-girlfriend",
    "顾客": "customer", "市长": "mayor", "黑客": "hacker", "小偷": "thief", "杀手": "assassin", "刺客": "assassin",
    "火车": "train", "地铁": "subway", "仇人": "enemy", "谎言": "lie",
    # costume drama
    "皇后": "empress", "皇帝": "emperor", "太子": "crown prince", "贵妃": "consort", "妃子": "concubine",
    "宫女": "palace maid", "侍女": "maid", "丫鬟": "maid", "太监": "eunuch", "丞相": "chancellor",
    "侍卫": "guard", "将军": "general", "侠客": "swordsman", "女侠": "swordswoman", "剑客": "swordsman",
    "书生": "scholar", "县令": "magistrate", "太医": "physician", "国王": "king", "女王": "queen",
    "骑士": "knight", "女巫": "witch", "巫师": "wizard", "王爷": "prince", "格格": "princess",
    # things
    "信": "letter", "瓶子": "bottle", "钥匙": "key", "地图": "map", "照片": "photograph", "盒子": "box",
    "日记": "diary", "手机": "phone", "戒指": "ring", "书": "book", "花": "flower", "星星": "star",
    "宝藏": "treasure", "门": "door", "信号": "signal", "录音带": "cassette tape", "相机": "camera",
    "雨伞": "umbrella", "伞": "umbrella", "蛋糕": "cake", "秘密": "secret", "梦": "dream", "鲸鱼": "whale",
    "鸟": "bird", "手表": "watch", "钟": "clock", "画": "painting", "小狗": "puppy", "小猫": "kitten",
    "电话": "phone call", "礼物": "gift", "留言": "message", "种子": "seed", "蛋": "egg", "信封": "envelope",
    "明信片": "postcard", "硬币": "coin", "项链": "necklace", "玉佩": "jade pendant", "簪子": "hairpin",
    "发簪": "hairpin", "剑": "sword", "扇子": "fan", "遗嘱": "will", "合同": "contract", "账本": "ledger",
    "假账": "forged accounts", "车票": "train ticket", "票": "ticket", "纸条": "note", "钱包": "wallet",
    "流浪猫": "stray cat", "流浪狗": "stray dog", "味觉": "sense of taste", "记忆": "memory", "声音": "voice",
    "老车": "old car", "汽车": "car", "车": "car", "病情": "illness", "画画": "painting", "唱歌": "singing",
    "跳舞": "dancing", "做饭": "cooking", "游泳": "swimming", "飞": "flying", "钢琴": "piano",
}

# People and things a dialogue line may safely call "that X" (small enough to hold).
PORTABLE = {"letter", "bottle", "key", "map", "photograph", "photo", "box", "diary", "phone", "ring", "book",
    "flower", "cassette", "tape", "camera", "umbrella", "watch", "gift", "message", "seed", "egg", "envelope",
    "postcard", "coin", "necklace", "pendant", "hairpin", "fan", "will", "contract", "ledger", "ticket", "note",
    "wallet", "locket", "notebook", "scroll", "token", "shell", "stone", "doll", "toy", "card", "recording",
    "drive", "file", "document", "knife", "gun", "bag", "suitcase", "violin", "guitar", "compass", "mask",
    "feather", "pearl", "jewel", "crown", "cup", "jar", "lamp", "lantern", "painting", "picture", "sword"}


def to_en(text: str) -> str:
    """Greedy longest-match translation of known Chinese words; unknown characters are dropped.

    Args:
        text: Chinese text (``在瓶子里`` → ``bottle``).
    """
    out, i = [], 0
    keys = sorted(GLOSSARY, key=len, reverse=True)
    while i < len(text):
        word = next((k for k in keys if text.startswith(k, i)), None)
        if word:
            out.append(GLOSSARY[word])
            i += len(word)
        else:
            i += 1
    return " ".join(out)


def first_word(text: str) -> str:
    """The longest glossary word ``text`` starts with, or ``""`` (``太子被人下毒`` → ``太子``)."""
    return max((k for k in GLOSSARY if text.startswith(k)), key=len, default="")


_REVERSE = {en: zh for zh, en in sorted(GLOSSARY.items(), key=lambda kv: -len(kv[0]))}


def to_zh(text: str, skip: set[str], prepositions: set[str]) -> str:
    """Word-by-word Chinese for an English role or object when every content word is known, else ``text``.

    Args:
        text: English words (``message in a bottle``).
        skip: Words to leave out (articles, possessives).
        prepositions: Words that split a phrase (``in``: ``瓶子里的留言``).
    """
    if text.lower() in _REVERSE:
        return _REVERSE[text.lower()]
    words = text.lower().split(" ")
    prep = next((i for i, w in enumerate(words) if w in prepositions), None)
    if prep is not None:
        head, tail = to_zh(" ".join(words[:prep]), skip, prepositions), to_zh(
            " ".join(words[prep + 1:]), skip, prepositions)
        if not head.isascii() and not tail.isascii():
            where = {"in": "里", "inside": "里", "on": "上", "under": "下"}.get(words[prep], "")
            return f"{tail}{where}的{head}"
        return text
    content = [w for w in words if w and w not in skip]
    if content and all(w in _REVERSE for w in content):
        return "".join(_REVERSE[w] for w in content)
    return text
