"""The offline planner's small vocabularies: names, companions, and the words the idea reader knows.

Kept as plain data so a reader can see (and extend) exactly what the heuristics know. Places live in
``places``, roles in ``roles``, the Chinese glossary in ``glossary``, setting cues in ``cues``.
"""

from __future__ import annotations

NAMES = {
    ("en", "f"): ("Mara", "Elena", "Nora", "Iris", "June", "Ada", "Lena", "Clara", "Ruth", "Tess"),
    ("en", "m"): ("Tom", "Elias", "Owen", "Jonah", "Silas", "Leo", "Arthur", "Felix", "Hugo", "Abel"),
    ("en", "x"): ("Pip", "Bolt", "Juniper", "Moss", "Tinker", "Sable"),
    ("zh", "f"): ("林晓", "苏晴", "许安", "周雨", "陈月", "沈悦", "叶青", "宋岚"),
    ("zh", "m"): ("陈默", "王川", "赵远", "李舟", "何山", "顾言", "江海", "程野"),
    ("zh", "x"): ("小铁", "豆豆", "阿星", "团团", "石头", "火花"),
    ("en", "ai"): ("Echo", "Nova", "Aria", "Sol"), ("zh", "ai"): ("小艾", "星语", "零", "微光"),
    ("en-east", "f"): ("Mei", "Lian", "Yue", "Xiu", "Ning", "Lan"),
    ("en-east", "m"): ("Wei", "Jun", "Zhao", "Heng", "Lin", "Yan"),
    ("zh-east", "f"): ("沈婉", "苏锦", "云裳", "柳眉", "温如玉", "谢南枝", "林清婉", "萧若"),
    ("zh-east", "m"): ("萧衍", "顾长安", "陆昭", "谢珩", "沈砚", "裴寂", "燕行", "楚云深"),
    ("en-west", "f"): ("Isolde", "Matilda", "Eleanor", "Rowena", "Elspeth", "Maud"),
    ("en-west", "m"): ("Edmund", "Roland", "Aldric", "Gareth", "Tristan", "Osric"),
    ("zh-west", "f"): ("伊索尔德", "玛蒂尔达", "埃莉诺", "罗温娜"),
    ("zh-west", "m"): ("埃德蒙", "罗兰", "奥德里克", "加雷斯"),
}
"""Character names by (language[-era], gender); ``x`` for robots and animals."""

COMPANIONS = {
    "modern": (("old friend", "老朋友"), ("neighbour", "邻居"), ("younger sister", "妹妹"),
               ("apprentice", "学徒"), ("stranger", "陌生人")),
    "work": (("colleague", "同事"), ("secretary", "秘书"), ("old friend", "老朋友")),
    "east": (("maid", "侍女"), ("guard", "侍卫"), ("physician", "太医"), ("scholar", "书生")),
    "west": (("squire", "侍从"), ("maid", "女仆"), ("old friend", "老朋友")),
    "future": (("crewmate", "队友"), ("android", "仿生人")),
}
"""Second characters (English role, Chinese role), by setting, for ideas that name only one person."""

# English function words and verbs the idea reader knows (see agents.offline.idea).
DETERMINERS = {"a", "an", "the", "no", "this", "that", "these", "those", "my", "your", "his", "her", "its", "our",
    "their", "some", "one", "every", "each", "another"}
PREPOSITIONS = {"in", "on", "at", "of", "with", "from", "to", "for", "by", "about", "under", "over", "inside",
    "near", "into", "onto", "through", "across", "behind", "beyond", "during", "without", "after",
    "before", "between", "among", "around", "upon", "within", "against", "along"}
CLAUSE_WORDS = {"who", "that", "which", "whose", "whom", "where", "when", "while", "because", "and", "but",
    "so", "until", "then", "as", "if", "or"}
PARTICLES = {"up", "out", "back", "down", "away", "off", "to"}
NUMBER_WORDS = {"two", "three", "four", "five", "several", "twin"}
PRONOUNS = {"she": "woman", "he": "man", "they": "", "i": "", "we": "", "someone": "", "somebody": ""}
_VERB_WORDS = (
    "find discover meet receive lose build fall learn try decide want dream escape return search wake "
    "open hear see write steal hide fight save become travel chase follow inherit get take make give go "
    "come leave live work run fly sail climb catch keep start begin refuse remember forget realize "
    "realise notice uncover encounter befriend rescue protect teach plan wait answer send read sing paint "
    "cook bake fix repair invent create love hate fear miss spot adopt grow stumble unearth hunt pick "
    "need bring carry buy sell win visit join explore wander talk set struggle share bomb poison murder "
    "kill recognize recognise reunite marry date kiss rob kidnap flee defend guard survive avenge betray "
    "expose overhear suspect practise practice train compete race audition perform fail enter play dance "
    "swim draw move deliver raise feed shelter stop prevent investigate solve hire quit confess propose "
    "lie cheat swap trap hack crash land arrive die haunt vanish disappear appear borrow tell pretend "
    "mistake turn switch sneak bump inherit dig discover restore rebuild fake hope plot choose catch "
    "force"
)
VERBS = set(_VERB_WORDS.split())
IRREGULAR = {"found": "find", "met": "meet", "lost": "lose", "fell": "fall", "built": "build", "woke": "wake",
    "saw": "see", "heard": "hear", "wrote": "write", "stole": "steal", "hid": "hide", "fought": "fight",
    "became": "become", "went": "go", "came": "come", "left": "leave", "ran": "run", "flew": "fly",
    "caught": "catch", "kept": "keep", "began": "begin", "took": "take", "made": "make", "gave": "give",
    "got": "get", "brought": "bring", "bought": "buy", "sold": "sell", "won": "win", "told": "tell",
    "taught": "teach", "fed": "feed", "swam": "swim", "sang": "sing", "drew": "draw", "forgot": "forget",
    "dug": "dig", "goes": "go", "does": "do", "did": "do", "has": "have", "had": "have", "is": "be",
    "was": "be", "are": "be", "were": "be", "can": "can", "must": "must", "will": "will", "should": "should",
    "could": "could", "would": "would", "may": "may", "might": "might"}
"""Irregular and auxiliary verb forms, each with its lemma."""
AUXILIARIES = {"have", "be", "do", "can", "must", "will", "should", "could", "would", "may", "might", "want",
    "try", "decide", "need", "hope", "plan", "refuse", "begin", "start", "set"}
"""Verbs that hand the story to the verb after them (``must protect``, ``decides to leave``)."""
ADVERBS = {"alone", "together", "again", "home", "suddenly", "finally", "secretly", "quietly", "slowly",
    "never", "always", "still", "once", "also", "just", "only", "even", "really"}

# Chinese words the idea reader knows.
ZH_SUBJECT_MARKERS = ("在", "发现", "找到", "遇到", "遇见", "决定", "收到", "捡到", "看到", "看见", "听到", "得到",
    "失去", "丢了", "爱上", "想要", "想", "要", "正在", "试图", "开始", "突然", "终于", "和", "与",
    "被", "把", "从", "用", "却", "每天", "打开", "梦见", "来到", "回到", "离开", "成为", "变成",
    "是", "偷偷", "独自", "一直", "必须", "帮助", "寻找", "等待", "学会", "收养", "养了", "写", "认出", "相遇",
    "邂逅", "重逢", "救", "领养", "照顾", "保护", "失忆", "醒来", "穿越", "嫁给", "偷听", "得知", "竟然",
    "居然", "即将", "被迫", "意外", "第一次", "成了", "降落", "出现", "走进", "闯进", "搬进", "揭穿", "揭发",
    "拆穿", "识破", "当众", "悄悄", "默默", "一起", "竟", "居然")
ZH_OBJECT_VERBS = ("发现", "找到", "遇到", "遇见", "收到", "捡到", "看到", "看见", "听到", "得到", "失去",
    "爱上", "打开", "梦见", "寻找", "等待", "收养", "养了", "写", "拿到", "偷", "救", "认出", "得知", "知道",
    "察觉", "领养", "照顾", "保护", "学会", "嫁给", "弄丢", "丢失", "丢了", "忘记", "修好", "修", "画", "揭穿",
    "揭发", "拆穿", "识破")
ZH_PAIR = ("两个", "两位", "两名", "两只", "一对", "一双")
"""Openings that make the protagonist two of a kind (``两个大学生`` → two college students)."""

# Time-of-day keywords (English and Chinese), checked in this order.
TIME_WORDS = (("NIGHT", ("night", "midnight", "nightfall", "深夜", "午夜", "夜晚", "晚上", "夜")),
    ("DAWN", ("dawn", "sunrise", "daybreak", "黎明", "清晨", "日出", "早晨")),
    ("DUSK", ("dusk", "sunset", "evening", "twilight", "黄昏", "傍晚", "日落")),
    ("DAY", ("morning", "afternoon", "noon", "白天", "中午", "下午", "早上")))
