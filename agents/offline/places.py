"""The offline planner's places: where a scene can be set, what it looks like, and which words choose it.

Kept as plain data so a reader can see (and extend) exactly what the heuristics know. A place has an
*era*: ``modern``, ``east`` (Chinese costume drama), ``west`` (medieval / fairy tale), ``future``
(science fiction) or ``""`` for places that suit any era (a forest, a river...).
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
        era: ``modern``, ``east``, ``west``, ``future``, or ``""`` for any era.
        prep: The English preposition for being there (``in`` the kitchen, ``on`` the street).
    """

    name: str
    zh: str
    look: str
    interior: bool
    en_words: tuple[str, ...] = ()
    zh_words: tuple[str, ...] = ()
    near: tuple[str, ...] = ()
    era: str = "modern"
    prep: str = "at"


def _p(name, zh, look, interior, en=(), zh_words=(), near=(), era="modern", prep=None) -> Place:
    return Place(name, zh, look, interior, tuple(en), tuple(zh_words), tuple(near), era,
                 prep or ("in" if interior else "at"))


PLACES: tuple[Place, ...] = (
    # the sea
    _p("LIGHTHOUSE", "灯塔", "whitewashed lighthouse tower on a rocky headland, slate-grey sea, sweeping lamp "
       "beam", False, ("lighthouse",), ("灯塔",), ("LAMP ROOM", "SHORE"), ""),
    _p("LAMP ROOM", "灯室", "cramped round lamp room atop the lighthouse, brass fittings, huge glass lens, "
       "salt-streaked windows", True, (), (), ("LIGHTHOUSE", "SHORE"), ""),
    _p("SHORE", "海边", "pebble beach under a wide sky, grey-green waves, wet stones, salt haze", False,
       ("sea", "ocean", "beach", "shore", "coast", "seaside", "wave"), ("海边", "海滩", "沙滩", "海岸", "大海", "海"),
       ("PIER", "COTTAGE"), "", "on"),
    _p("PIER", "码头", "weathered wooden pier over dark water, rope coils, moored fishing boats, gulls", False,
       ("pier", "harbor", "harbour", "dock", "port", "boat", "ship", "fisherman"), ("码头", "港口", "渔船", "船"),
       ("SHORE", "COTTAGE"), "", "on"),
    _p("COTTAGE", "小屋", "small stone cottage, low beams, a peat stove, oil lamp glow, sea charts on the wall",
       True, ("cottage", "cabin", "hut"), ("小屋", "木屋"), ("SHORE", "PIER"), ""),
    # the city
    _p("CITY STREET", "城市街头", "city street of glass towers, neon signs, wet asphalt reflecting lights", False,
       ("city", "town", "downtown", "metropolis"), ("城市", "都市", "城里"), ("ROOFTOP", "APARTMENT"), prep="on"),
    _p("OLD STREET", "老街", "narrow street of old brick houses, hanging shop signs, warm window light", False,
       ("street", "alley", "road", "neighborhood", "neighbourhood"), ("街道", "老街", "小巷", "街", "巷"),
       ("CAFE", "APARTMENT"), prep="on"),
    _p("ROOFTOP", "天台", "rooftop above the city, water tanks, laundry lines, skyline beyond", False,
       ("rooftop", "roof"), ("天台", "屋顶", "楼顶"), ("CITY STREET", "APARTMENT"), prep="on"),
    _p("APARTMENT", "公寓", "small lived-in apartment, bookshelves, a worn sofa, rain-streaked window", True,
       ("room", "apartment", "flat", "home", "house", "bedroom", "attic"), ("房间", "公寓", "卧室", "阁楼", "家里", "家"),
       ("OLD STREET", "ROOFTOP")),
    _p("KITCHEN", "厨房", "busy kitchen, steel counters, copper pans, steam and warm tungsten light", True,
       ("kitchen", "restaurant", "bakery", "chef", "cook", "baker"), ("厨房", "餐厅", "面包店", "厨师"),
       ("OLD STREET", "CAFE")),
    _p("CONVENIENCE STORE", "便利店", "small all-night convenience store, bright fluorescent aisles, a humming "
       "drinks fridge, a counter by the glass door", True, ("convenience store", "store", "shop", "supermarket",
       "cashier"), ("便利店", "超市", "小卖部", "商店", "收银员"), ("OLD STREET", "APARTMENT")),
    _p("CAFE", "咖啡馆", "small corner cafe, steamed windows, chalkboard menu, warm lamps", True,
       ("cafe", "café", "coffee", "barista"), ("咖啡馆", "咖啡店", "咖啡"), ("OLD STREET", "APARTMENT")),
    _p("BAR", "酒吧", "dim bar, a long wooden counter, rows of bottles, amber light, a jukebox", True,
       ("bar", "pub", "nightclub", "bartender"), ("酒吧", "夜店", "酒馆"), ("CITY STREET", "ROOFTOP")),
    _p("CAMPUS", "校园", "university campus, red-brick buildings, a tree-lined path, bicycles in racks", False,
       ("university", "college", "campus", "college student"), ("大学", "校园"), ("LIBRARY", "CAFE"), prep="on"),
    _p("CLASSROOM", "教室", "old classroom, rows of wooden desks, chalkboard, sun through tall windows", True,
       ("school", "classroom", "student", "teacher"), ("学校", "教室", "高中", "中学", "小学", "学生", "老师", "班主任"),
       ("OLD STREET", "ROOFTOP")),
    _p("OFFICE", "办公室", "open-plan office, rows of monitors, glass walls, cool fluorescent light", True,
       ("office", "company", "programmer", "intern", "boss", "ceo", "colleague"),
       ("办公室", "公司", "程序员", "实习生", "入职", "同事", "总裁", "职场", "写字楼"), ("ELEVATOR", "CITY STREET")),
    _p("ELEVATOR", "电梯", "mirrored office elevator, brushed steel doors, a glowing floor display", True,
       ("elevator", "lift"), ("电梯",), ("OFFICE", "CITY STREET")),
    _p("HOSPITAL", "医院", "quiet hospital corridor, pale green walls, humming lights", True,
       ("hospital", "doctor", "nurse", "ward"), ("医院", "医生", "护士", "病房", "住院"), ("OLD STREET", "APARTMENT")),
    _p("LIBRARY", "图书馆", "tall library stacks, dusty books, green reading lamps", True,
       ("library", "bookshop", "bookstore", "librarian"), ("图书馆", "书店"), ("OLD STREET", "CAFE")),
    _p("STATION", "车站", "old train platform, iron pillars, a departure board, drifting steam", False,
       ("station", "railway", "platform"), ("车站", "火车站", "站台"), ("TRAIN CARRIAGE", "CITY STREET")),
    _p("TRAIN CARRIAGE", "车厢", "night train carriage, worn seats, a window with the landscape streaking past",
       True, ("train",), ("火车", "高铁", "列车", "车厢"), ("STATION", "CITY STREET")),
    _p("SUBWAY CAR", "地铁车厢", "crowded subway car, steel poles, flickering strip lights, dark tunnel outside",
       True, ("subway", "metro", "underground"), ("地铁",), ("CITY STREET", "STATION")),
    _p("AIRPORT", "机场", "airport departure hall, a wall of glass, planes on the apron, rolling suitcases",
       True, ("airport", "flight", "plane"), ("机场", "航班", "飞机"), ("CITY STREET", "HOTEL")),
    _p("HOTEL", "酒店", "hotel corridor with patterned carpet, brass room numbers, soft wall lights", True,
       ("hotel", "motel"), ("酒店", "宾馆", "旅馆"), ("CITY STREET", "BAR")),
    _p("STAGE", "舞台", "small stage in a dark club, a single spotlight, a microphone stand, a restless crowd",
       True, ("stage", "theater", "theatre", "concert", "comedian", "audition"), ("舞台", "剧场", "剧院", "演唱会"),
       ("BAR", "CITY STREET"), prep="on"),
    _p("WEDDING HALL", "婚礼现场", "wedding banquet hall, round tables, white flowers, a long red carpet", True,
       ("wedding", "bride", "groom"), ("婚礼", "婚宴", "新娘", "新郎"), ("HOTEL", "CITY STREET")),
    _p("GARAGE", "车库", "cluttered garage, an old car on blocks, tools on a pegboard, a bare bulb", True,
       ("garage", "car", "mechanic", "workshop"), ("车库", "汽车", "修车"), ("OLD STREET", "APARTMENT")),
    _p("COURTROOM", "法庭", "wood-panelled courtroom, a judge's bench, rows of benches, tall windows", True,
       ("courtroom", "lawyer", "trial", "judge"), ("法庭", "律师", "法官"), ("CITY STREET", "OFFICE")),
    _p("LAB", "实验室", "bright laboratory, glass benches, humming machines, racks of samples", True,
       ("lab", "laboratory", "scientist"), ("实验室", "科学家"), ("OFFICE", "CITY STREET")),
    _p("PARK", "公园", "quiet park with old trees, a pond, iron benches", False,
       ("park", "garden"), ("公园", "花园"), ("OLD STREET", "APARTMENT"), prep="in"),
    # anywhere, any time
    _p("FOREST", "森林", "dense old forest, tall mossy trunks, ferns, shafts of light through the canopy", False,
       ("forest", "woods", "jungle", "tree"), ("森林", "树林", "丛林"), ("RIVER", "COTTAGE"), "", "in"),
    _p("MOUNTAIN", "山顶", "rocky mountain ridge above the clouds, patches of snow, thin cold air", False,
       ("mountain", "peak", "hill", "cliff"), ("山顶", "山峰", "雪山", "山"), ("FOREST", "COTTAGE"), "", "on"),
    _p("DESERT", "沙漠", "endless sand dunes, rippled ridges, shimmering heat haze, bleached sky", False,
       ("desert", "dune"), ("沙漠", "沙丘"), ("OASIS CAMP",), "", "in"),
    _p("OASIS CAMP", "营地", "canvas tents by a small oasis, palm shade, lanterns, camels resting", False,
       ("oasis", "camp", "tent"), ("绿洲", "营地", "帐篷"), ("DESERT",), ""),
    _p("RIVER", "河边", "slow river under a stone bridge, reeds, mist on the water", False,
       ("river", "lake", "bridge"), ("河边", "湖边", "小河", "河", "湖", "桥"), ("FOREST", "VILLAGE"), ""),
    _p("VILLAGE", "村庄", "small village among green fields, tiled roofs, dirt lanes", False,
       ("village", "farm", "countryside", "field", "farmer"),
       ("村庄", "村子", "乡村", "农村", "乡下", "老家", "农场", "田野", "农民", "村"), ("RIVER", "COTTAGE"), "", "in"),
    _p("TEMPLE", "寺庙", "quiet mountain temple, red pillars, incense smoke, a great bronze bell", False,
       ("temple", "shrine", "monastery", "monk"), ("寺庙", "寺", "庙", "道观", "和尚"), ("MOUNTAIN", "FOREST"), ""),
    _p("BATTLEFIELD", "战场", "churned battlefield under a smoky sky, torn banners, scattered weapons", False,
       ("battlefield", "battle", "war"), ("战场", "沙场", "战争", "打仗"), ("ARMY CAMP",), "", "on"),
    _p("ARMY CAMP", "军营", "army camp at dusk, rows of canvas tents, banners, campfires, tethered horses",
       False, ("army", "barracks"), ("军营", "大营", "军队"), ("BATTLEFIELD",), "", "in"),
    _p("CAVE", "山洞", "dark cave mouth, jagged rocks, old bones, a faint glow deep inside", False,
       ("cave", "lair", "dragon"), ("山洞", "洞穴", "洞"), ("FOREST", "MOUNTAIN"), "", "in"),
    # Chinese costume drama
    _p("PALACE HALL", "大殿", "vast palace hall, red lacquered pillars, golden dragon throne, silk "
       "curtains, rows of bronze lamps", True, ("palace", "emperor", "empress", "throne"),
       ("宫廷", "皇宫", "宫殿", "朝堂", "大殿", "深宫", "后宫", "皇帝", "皇后", "太子", "贵妃", "妃子", "宫女", "太监", "丞相"),
       ("PALACE GARDEN", "INNER CHAMBER"), "east"),
    _p("PALACE GARDEN", "御花园", "imperial garden, a carp pond under a zigzag bridge, plum blossoms, "
       "a red pavilion", False, (), ("御花园",), ("PALACE HALL", "INNER CHAMBER"), "east", "in"),
    _p("INNER CHAMBER", "寝宫", "candle-lit inner chamber, silk bed curtains, carved rosewood screens, incense "
       "smoke", True, (), ("寝宫", "闺房"), ("PALACE HALL", "PALACE GARDEN"), "east"),
    _p("MANSION COURTYARD", "府邸庭院", "courtyard of an old mansion, grey tiled roofs, a moon gate, a "
       "stone well, red lanterns", False, ("mansion",), ("府邸", "王府", "庭院", "院子", "府"),
       ("INNER CHAMBER", "MARKET STREET"), "east", "in"),
    _p("MARKET STREET", "集市", "bustling ancient market street, wooden stalls, red lanterns, tiled roofs",
       False, ("market",), ("集市", "街市", "市集", "长安"), ("INN", "MANSION COURTYARD"), "east", "on"),
    _p("INN", "客栈", "old wooden inn, lantern light, square tables, a wine jar on the counter", True,
       ("inn",), ("客栈", "酒楼", "茶馆", "江湖", "侠"), ("MARKET STREET", "BAMBOO FOREST"), "east"),
    _p("BAMBOO FOREST", "竹林", "misty bamboo forest, tall green stalks swaying, dappled light", False,
       ("bamboo",), ("竹林", "竹"), ("INN", "TEMPLE"), "east", "in"),
    # medieval and fairy tale
    _p("CASTLE HALL", "城堡大厅", "great stone hall of a castle, tapestries, a long oak table, torches, "
       "high arched windows", True, ("castle", "king", "queen", "kingdom", "knight", "throne room", "royal"),
       ("城堡", "国王", "女王", "王国", "骑士"), ("CASTLE RAMPARTS", "VILLAGE"), "west"),
    _p("CASTLE RAMPARTS", "城墙", "windswept castle battlements, stone merlons, banners snapping, a green "
       "valley below", False, ("rampart", "battlement"), ("城墙", "塔楼"), ("CASTLE HALL", "FOREST"), "west", "on"),
    _p("TAVERN", "酒馆", "low-beamed medieval tavern, candlelight, wooden tankards, a roaring hearth", True,
       ("tavern",), (), ("VILLAGE", "CASTLE HALL"), "west"),
    # science fiction
    _p("SPACESHIP", "飞船", "spaceship corridor, white panels, blinking consoles, a porthole onto stars", True,
       ("space", "spaceship", "spacecraft", "starship", "astronaut", "galaxy"),
       ("太空", "宇宙", "飞船", "空间站", "宇航员"), ("COMMAND DECK", "PLANET SURFACE"), "future"),
    _p("COMMAND DECK", "驾驶舱", "starship command deck, curved consoles, a vast viewport full of stars", True,
       ("cockpit", "command deck"), ("驾驶舱", "舰桥"), ("SPACESHIP", "CRYO BAY"), "future", "on"),
    _p("CRYO BAY", "休眠舱", "cold cryo bay, rows of frosted sleep pods, blue emergency lighting", True,
       ("cryo", "cryosleep", "pod"), ("休眠舱", "冬眠"), ("SPACESHIP", "COMMAND DECK"), "future"),
    _p("PLANET SURFACE", "星球表面", "rust-red rocky plain under a pale sky, distant craters, dust", False,
       ("mars", "moon", "planet"), ("火星", "月球", "星球"), ("SPACESHIP",), "future", "on"),
)

PLACE_BY_NAME: dict[str, Place] = {p.name: p for p in PLACES}
DEFAULT_PLACES: dict[str, tuple[tuple[str, ...], ...]] = {
    "modern": (("APARTMENT", "OLD STREET", "ROOFTOP"), ("CAFE", "OLD STREET", "PARK"),
               ("OLD STREET", "APARTMENT", "STATION")),
    "east": (("MANSION COURTYARD", "MARKET STREET", "INNER CHAMBER"), ("INN", "MARKET STREET", "BAMBOO FOREST")),
    "west": (("CASTLE HALL", "VILLAGE", "FOREST"), ("VILLAGE", "TAVERN", "FOREST")),
    "future": (("SPACESHIP", "COMMAND DECK", "CRYO BAY"),),
}
"""Location sets, by era, for ideas that name no known place (chosen by hash)."""


def suits(place: Place, era: str) -> bool:
    """True when ``place`` can appear in a story set in ``era``."""
    return place.era in ("", era)
