"""The offline planner's small vocabularies: places, roles, a Chinese→English glossary and names.

Kept as plain data so a reader can see (and extend) exactly what the heuristics know.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    """A location the writer can set a scene in.

    Attributes:
        name: Upper-case English name used in scene headings (``LIGHTHOUSE``).
        zh: Chinese name used in Chinese summaries and shot actions.
        look: Visual look in English: setting, palette, light.
        interior: True for an INT. location.
        en_words: English keywords (whole words, an optional plural ``s``) that select it.
        zh_words: Chinese keywords (substrings) that select it.
        near: Names of places that naturally go with it, used to fill a 2-3 location script.
    """

    name: str
    zh: str
    look: str
    interior: bool
    en_words: tuple[str, ...] = ()
    zh_words: tuple[str, ...] = ()
    near: tuple[str, ...] = ()


PLACES: tuple[Place, ...] = (
    Place("LIGHTHOUSE", "灯塔", "whitewashed lighthouse tower on a rocky headland, slate-grey sea, "
          "sweeping lamp beam", False, ("lighthouse",), ("灯塔",), ("LAMP ROOM", "SHORE")),
    Place("LAMP ROOM", "灯室", "cramped round lamp room atop the lighthouse, brass fittings, huge glass "
          "lens, salt-streaked windows", True, (), (), ("LIGHTHOUSE", "SHORE")),
    Place("SHORE", "海边", "pebble beach under a wide sky, grey-green waves, wet stones, salt haze",
          False, ("sea", "ocean", "beach", "shore", "coast", "seaside", "wave"),
          ("海边", "海滩", "沙滩", "海岸", "大海", "海"), ("PIER", "COTTAGE")),
    Place("PIER", "码头", "weathered wooden pier over dark water, rope coils, moored fishing boats, gulls",
          False, ("pier", "harbor", "harbour", "dock", "port", "boat", "ship", "fisherman"),
          ("码头", "港口", "渔船", "船"), ("SHORE", "COTTAGE")),
    Place("COTTAGE", "小屋", "small stone cottage, low beams, a peat stove, oil lamp glow, sea charts "
          "on the wall", True, ("cottage", "cabin", "hut"), ("小屋", "木屋"), ("SHORE", "PIER")),
    Place("CITY STREET", "城市街头", "busy city street of glass towers, neon signs, wet asphalt "
          "reflecting lights", False, ("city", "town", "downtown", "metropolis"), ("城市", "都市", "城里"),
          ("ROOFTOP", "APARTMENT")),
    Place("OLD STREET", "老街", "narrow street of old brick houses, hanging shop signs, warm window light",
          False, ("street", "alley", "road", "neighborhood", "neighbourhood"), ("街道", "老街", "小巷", "街", "巷"),
          ("CAFE", "APARTMENT")),
    Place("ROOFTOP", "天台", "rooftop above the city, water tanks, laundry lines, skyline beyond", False,
          ("rooftop", "roof"), ("天台", "屋顶", "楼顶"), ("CITY STREET", "APARTMENT")),
    Place("FOREST", "森林", "dense old forest, tall mossy trunks, ferns, shafts of light through the canopy",
          False, ("forest", "woods", "jungle", "tree"), ("森林", "树林", "丛林"), ("RIVER", "COTTAGE")),
    Place("APARTMENT", "公寓", "small lived-in apartment, bookshelves, a worn sofa, rain-streaked window",
          True, ("room", "apartment", "flat", "home", "house", "bedroom"), ("房间", "公寓", "卧室", "家里", "家"),
          ("OLD STREET", "ROOFTOP")),
    Place("KITCHEN", "厨房", "busy kitchen, steel counters, copper pans, steam and warm tungsten light", True,
          ("kitchen", "restaurant", "bakery", "chef", "cook", "baker"), ("厨房", "餐厅", "面包店", "厨师"),
          ("OLD STREET", "CAFE")),
    Place("CLASSROOM", "教室", "old classroom, rows of wooden desks, chalkboard, sun through tall windows",
          True, ("school", "classroom", "student", "teacher"), ("学校", "教室", "学生", "老师"),
          ("OLD STREET", "ROOFTOP")),
    Place("OFFICE", "办公室", "open-plan office, rows of monitors, glass walls, cool fluorescent light", True,
          ("office", "company", "programmer"), ("办公室", "公司", "程序员"), ("CITY STREET", "ROOFTOP")),
    Place("MOUNTAIN", "山顶", "rocky mountain ridge above the clouds, patches of snow, thin cold air", False,
          ("mountain", "peak", "hill", "cliff"), ("山顶", "山峰", "雪山", "山"), ("FOREST", "COTTAGE")),
    Place("DESERT", "沙漠", "endless sand dunes, rippled ridges, shimmering heat haze, bleached sky", False,
          ("desert", "dune"), ("沙漠", "沙丘"), ("OASIS CAMP",)),
    Place("OASIS CAMP", "营地", "canvas tents by a small oasis, palm shade, lanterns, camels resting", False,
          ("oasis", "camp", "tent"), ("绿洲", "营地", "帐篷"), ("DESERT",)),
    Place("SPACESHIP", "飞船", "spaceship corridor, white panels, blinking consoles, a porthole onto stars",
          True, ("space", "spaceship", "spacecraft", "astronaut", "galaxy"), ("太空", "宇宙", "飞船", "空间站", "宇航员"),
          ("PLANET SURFACE",)),
    Place("PLANET SURFACE", "星球表面", "rust-red rocky plain under a pale sky, distant craters, dust", False,
          ("mars", "moon", "planet"), ("火星", "月球", "星球"), ("SPACESHIP",)),
    Place("STATION", "车站", "old train platform, iron pillars, a departure board, drifting steam", False,
          ("train", "station", "railway", "subway", "metro"), ("火车", "车站", "地铁", "站台"),
          ("CITY STREET", "CAFE")),
    Place("HOSPITAL", "医院", "quiet hospital corridor, pale green walls, humming lights", True,
          ("hospital", "doctor", "nurse"), ("医院", "医生", "护士"), ("OLD STREET", "APARTMENT")),
    Place("LIBRARY", "图书馆", "tall library stacks, dusty books, green reading lamps", True,
          ("library", "bookshop", "bookstore"), ("图书馆", "书店"), ("OLD STREET", "CAFE")),
    Place("CAFE", "咖啡馆", "small corner cafe, steamed windows, chalkboard menu, warm lamps", True,
          ("cafe", "café", "coffee", "bar"), ("咖啡馆", "咖啡店", "酒吧"), ("OLD STREET", "APARTMENT")),
    Place("RIVER", "河边", "slow river under a stone bridge, reeds, mist on the water", False,
          ("river", "lake", "bridge"), ("河边", "湖边", "小河", "河", "湖", "桥"), ("FOREST", "VILLAGE")),
    Place("VILLAGE", "村庄", "small village among green fields, tiled roofs, dirt lanes", False,
          ("village", "farm", "countryside", "field", "farmer"), ("村庄", "村子", "乡村", "农场", "田野", "农民"),
          ("RIVER", "COTTAGE")),
    Place("PARK", "公园", "quiet park with old trees, a pond, iron benches", False,
          ("park", "garden"), ("公园", "花园"), ("OLD STREET", "APARTMENT")),
)

PLACE_BY_NAME: dict[str, Place] = {p.name: p for p in PLACES}
DEFAULT_PLACES: tuple[tuple[str, ...], ...] = (
    ("APARTMENT", "OLD STREET", "ROOFTOP"),
    ("CAFE", "OLD STREET", "PARK"),
    ("OLD STREET", "APARTMENT", "STATION"),
)
"""Location sets for ideas that name no known place, chosen by hash."""


@dataclass(frozen=True)
class Role:
    """What a character is, for descriptions.

    Attributes:
        kind: ``person``, ``robot`` or ``animal``.
        gender: ``f``, ``m`` or ``""`` when the word does not say.
        age: ``child``, ``teen``, ``old`` or ``""``.
        outfit: Clothing that goes with the role, ``""`` for none in particular.
    """

    kind: str = "person"
    gender: str = ""
    age: str = ""
    outfit: str = ""


ROLES: dict[str, Role] = {
    "keeper": Role(outfit="a navy cable-knit sweater and a yellow oilskin coat"),
    "fisherman": Role(gender="m", outfit="a navy cable-knit sweater and rubber waders"),
    "sailor": Role(outfit="a striped sailor's shirt and a pea coat"),
    "chef": Role(outfit="a white chef's jacket and a striped apron"),
    "cook": Role(outfit="a white chef's jacket and a striped apron"),
    "baker": Role(outfit="a flour-dusted apron over a checked shirt"),
    "doctor": Role(outfit="a white coat over blue scrubs"),
    "nurse": Role(outfit="pale blue scrubs and a cardigan"),
    "student": Role(age="teen", outfit="a navy school blazer and a backpack"),
    "teacher": Role(outfit="a brown cardigan over a collared shirt"),
    "detective": Role(outfit="a long camel trench coat"),
    "astronaut": Role(outfit="a white space suit with orange trim"),
    "soldier": Role(outfit="olive combat fatigues"),
    "programmer": Role(outfit="a grey hoodie and headphones around the neck"),
    "painter": Role(outfit="a paint-spattered denim shirt"),
    "writer": Role(outfit="a tweed jacket with elbow patches"),
    "singer": Role(outfit="a sequined jacket"),
    "driver": Role(outfit="a leather driving jacket"),
    "courier": Role(outfit="a bright yellow courier jacket and helmet"),
    "postman": Role(gender="m", outfit="a blue postal uniform and a satchel"),
    "farmer": Role(outfit="denim overalls and rubber boots"),
    "scientist": Role(outfit="a lab coat over a turtleneck"),
    "girl": Role(gender="f", age="child"), "boy": Role(gender="m", age="child"),
    "woman": Role(gender="f"), "man": Role(gender="m"),
    "mother": Role(gender="f"), "father": Role(gender="m"),
    "grandmother": Role(gender="f", age="old"), "grandfather": Role(gender="m", age="old"),
    "princess": Role(gender="f", outfit="a simple embroidered gown"),
    "prince": Role(gender="m", outfit="a dark embroidered coat"),
    "teenager": Role(age="teen"), "sister": Role(gender="f"), "brother": Role(gender="m"),
    "robot": Role(kind="robot"), "android": Role(kind="robot"),
    "cat": Role(kind="animal"), "dog": Role(kind="animal"), "fox": Role(kind="animal"),
    "bird": Role(kind="animal"), "rabbit": Role(kind="animal"), "owl": Role(kind="animal"),
    "dragon": Role(kind="animal"),
}

GLOSSARY: dict[str, str] = {
    # people and creatures
    "灯塔": "lighthouse", "看守人": "keeper", "守护者": "guardian", "守塔人": "lighthouse keeper",
    "渔夫": "fisherman", "水手": "sailor", "小女孩": "little girl", "女孩": "girl", "小男孩": "little boy",
    "男孩": "boy", "老人": "old man", "老太太": "old woman", "奶奶": "grandmother", "爷爷": "grandfather",
    "医生": "doctor", "护士": "nurse", "老师": "teacher", "学生": "student", "厨师": "chef",
    "机器人": "robot", "猫": "cat", "狗": "dog", "狐狸": "fox", "侦探": "detective", "警察": "police officer",
    "宇航员": "astronaut", "士兵": "soldier", "画家": "painter", "作家": "writer", "歌手": "singer",
    "程序员": "programmer", "司机": "driver", "母亲": "mother", "妈妈": "mother", "父亲": "father",
    "爸爸": "father", "女人": "woman", "男人": "man", "公主": "princess", "王子": "prince",
    "外卖员": "delivery rider", "快递员": "courier", "邮递员": "postman", "面包师": "baker",
    "农民": "farmer", "科学家": "scientist", "店主": "shopkeeper", "少年": "teenager", "少女": "young woman",
    "年轻人": "young man", "陌生人": "stranger", "朋友": "friend", "邻居": "neighbour", "妹妹": "sister",
    "姐姐": "sister", "哥哥": "brother", "弟弟": "brother",
    # things
    "信": "letter", "瓶子": "bottle", "钥匙": "key", "地图": "map", "照片": "photograph", "盒子": "box",
    "日记": "diary", "手机": "phone", "戒指": "ring", "书": "book", "花": "flower", "星星": "star",
    "宝藏": "treasure", "门": "door", "信号": "signal", "录音带": "cassette tape", "相机": "camera",
    "雨伞": "umbrella", "蛋糕": "cake", "秘密": "secret", "梦": "dream", "鲸鱼": "whale", "鸟": "bird",
    "手表": "watch", "钟": "clock", "画": "painting", "小狗": "puppy", "小猫": "kitten", "电话": "phone call",
    "礼物": "gift", "留言": "message", "种子": "seed", "蛋": "egg", "信封": "envelope", "明信片": "postcard",
    "硬币": "coin",
}

NAMES = {
    ("en", "f"): ("Mara", "Elena", "Nora", "Iris", "June", "Ada", "Lena", "Clara", "Ruth", "Tess"),
    ("en", "m"): ("Tom", "Elias", "Owen", "Jonah", "Silas", "Leo", "Arthur", "Felix", "Hugo", "Abel"),
    ("en", "x"): ("Pip", "Bolt", "Juniper", "Moss", "Tinker", "Sable"),
    ("zh", "f"): ("林晓", "苏晴", "许安", "周雨", "陈月", "沈悦", "叶青", "宋岚"),
    ("zh", "m"): ("陈默", "王川", "赵远", "李舟", "何山", "顾言", "江海", "程野"),
    ("zh", "x"): ("小铁", "豆豆", "阿星", "团团", "石头", "火花"),
}

COMPANIONS = (
    ("old friend", "老朋友"), ("neighbour", "邻居"), ("younger sister", "妹妹"),
    ("apprentice", "学徒"), ("stranger", "陌生人"),
)
"""Second characters (English role, Chinese role) for ideas that name only one person."""

# English function words and verbs the idea reader knows (see agents.offline.idea).
DETERMINERS = {"a", "an", "the", "this", "that", "these", "those", "my", "your", "his", "her", "its", "our",
    "their", "some", "one", "every", "each", "another"}
PREPOSITIONS = {"in", "on", "at", "of", "with", "from", "to", "for", "by", "about", "under", "over", "inside",
    "near", "into", "onto", "through", "across", "behind", "beyond", "during", "without", "after",
    "before", "between", "among", "around", "upon", "within", "against", "along"}
CLAUSE_WORDS = {"who", "that", "which", "whose", "whom", "where", "when", "while", "because", "and", "but",
    "so", "until", "then", "as", "if", "or"}
PARTICLES = {"up", "out", "back", "down", "away", "off", "to", "suddenly", "finally", "secretly"}
NUMBER_WORDS = {"two", "three", "four", "five", "several", "twin"}
PRONOUNS = {"she": "woman", "he": "man", "they": "", "i": "", "we": "", "someone": "", "somebody": ""}
VERBS = set(
    "find discover meet receive lose build fall learn try decide want dream escape return search wake "
    "open hear see write steal hide fight save become travel chase follow inherit get take make give go "
    "come leave live work run fly sail climb catch keep start begin refuse remember forget realize "
    "realise notice uncover encounter befriend rescue protect teach plan wait answer send read sing paint "
    "cook bake fix repair invent create love hate fear miss spot adopt grow stumble unearth hunt pick "
    "need bring carry buy sell win visit join explore wander talk set struggle".split()
)
IRREGULAR_VERBS = {"found", "met", "lost", "fell", "built", "woke", "saw", "heard", "wrote", "stole", "hid",
    "fought", "became", "went", "came", "left", "ran", "flew", "caught", "kept", "began",
    "took", "made", "gave", "got", "has", "had", "is", "was", "are", "were", "can", "must",
    "will", "does", "did", "goes", "brought", "bought", "sold", "won"}

# Chinese words the idea reader knows.
ZH_SUBJECT_MARKERS = ("在", "发现", "找到", "遇到", "遇见", "决定", "收到", "捡到", "看到", "看见", "听到", "得到",
    "失去", "丢了", "爱上", "想要", "想", "要", "正在", "试图", "开始", "突然", "终于", "和", "与",
    "被", "把", "从", "用", "却", "每天", "打开", "梦见", "来到", "回到", "离开", "成为", "变成",
    "是", "偷偷", "独自", "一直", "必须", "帮助", "寻找", "等待", "学会", "收养", "养了", "写")
ZH_OBJECT_VERBS = ("发现", "找到", "遇到", "遇见", "收到", "捡到", "看到", "看见", "听到", "得到", "失去",
    "爱上", "打开", "梦见", "寻找", "等待", "收养", "养了", "写", "拿到", "偷", "救")

# Time-of-day keywords (English and Chinese), checked in this order.
TIME_WORDS = (("NIGHT", ("night", "midnight", "nightfall", "深夜", "午夜", "夜晚", "晚上", "夜")),
    ("DAWN", ("dawn", "sunrise", "daybreak", "黎明", "清晨", "日出", "早晨")),
    ("DUSK", ("dusk", "sunset", "evening", "twilight", "黄昏", "傍晚", "日落")),
    ("DAY", ("morning", "afternoon", "noon", "白天", "中午", "下午", "早上")))
