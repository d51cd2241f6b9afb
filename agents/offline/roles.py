"""What the offline planner knows about people (and robots and animals) by the English word for their role.

A role word can imply gender (queen, father), age (student, grandmother), kind (robot, cat) and
clothes, per era: modern clothes, Chinese costume (``east``) or medieval dress (``west``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    """What a character is, for descriptions.

    Attributes:
        kind: ``person``, ``robot``, ``ai``, ``alien`` or ``animal``.
        gender: ``f``, ``m`` or ``""`` when the word does not say.
        age: ``child``, ``teen``, ``young``, ``middle``, ``old`` or ``""``.
        outfit: Modern clothing that goes with the role, ``""`` for none in particular.
        east: Chinese costume-drama clothing, ``""`` for the era's default.
        west: Medieval / fairy-tale clothing, ``""`` for the era's default.
        period: True when the role itself belongs to a costume drama (empress, knight...).
    """

    kind: str = "person"
    gender: str = ""
    age: str = ""
    outfit: str = ""
    east: str = ""
    west: str = ""
    period: bool = False


def _r(gender="", age="", outfit="", east="", west="", period=False, kind="person") -> Role:
    return Role(kind, gender, age, outfit, east, west, period)


_ARMOUR_E = "dark lamellar armour over a crimson robe"
_ARMOUR_W = "a steel breastplate over chain mail and a crimson cloak"
ROLES: dict[str, Role] = {
    # the sea, the land, work
    "keeper": _r(outfit="a navy cable-knit sweater and a yellow oilskin coat"),
    "fisherman": _r("m", outfit="a navy cable-knit sweater and rubber waders", east="a straw cape and rolled "
                    "trousers", west="a patched wool smock"),
    "sailor": _r(outfit="a striped sailor's shirt and a pea coat"),
    "chef": _r(outfit="a white chef's jacket and a striped apron", east="a cook's plain robe and a white apron"),
    "cook": _r(outfit="a white chef's jacket and a striped apron", east="a cook's plain robe and a white apron"),
    "baker": _r(outfit="a flour-dusted apron over a checked shirt"),
    "doctor": _r(outfit="a white coat over blue scrubs", east="a grey physician's robe and a medicine box"),
    "physician": _r(outfit="a white coat over blue scrubs", east="a grey physician's robe and a medicine box"),
    "nurse": _r(outfit="pale blue scrubs and a cardigan"),
    "student": _r(age="teen", outfit="a navy school blazer and a backpack", east="a pale blue scholar's robe"),
    "high school student": _r(age="teen", outfit="a navy school blazer and a backpack"),
    "college student": _r(age="young", outfit="a grey hoodie, jeans and a canvas backpack"),
    "teacher": _r(outfit="a brown cardigan over a collared shirt"),
    "detective": _r(outfit="a long camel trench coat"),
    "police officer": _r(outfit="a dark blue police uniform"),
    "astronaut": _r(outfit="a white space suit with orange trim"),
    "crewmate": _r(outfit="a grey flight suit with mission patches"),
    "soldier": _r(outfit="olive combat fatigues", east=_ARMOUR_E, west=_ARMOUR_W),
    "programmer": _r(outfit="a grey hoodie and headphones around the neck"),
    "painter": _r(outfit="a paint-spattered denim shirt"),
    "writer": _r(outfit="a tweed jacket with elbow patches", east="a pale blue scholar's robe"),
    "singer": _r(outfit="a sequined jacket"),
    "comedian": _r(outfit="a rumpled velvet blazer over a T-shirt"),
    "actor": _r(outfit="a black velvet blazer"), "actress": _r("f", outfit="a green silk evening dress"),
    "star": _r(outfit="dark sunglasses and a designer coat"),
    "driver": _r(outfit="a leather driving jacket"),
    "courier": _r(outfit="a bright yellow courier jacket and helmet"),
    "delivery rider": _r(outfit="a yellow delivery jacket and a helmet"),
    "postman": _r("m", outfit="a blue postal uniform and a satchel"),
    "farmer": _r(outfit="denim overalls and rubber boots", east="a coarse hemp tunic and a straw hat",
                 west="a rough wool tunic and a straw hat"),
    "scientist": _r(outfit="a lab coat over a turtleneck"),
    "ceo": _r(age="middle", outfit="a tailored charcoal three-piece suit"),
    "boss": _r(age="middle", outfit="a dark suit and a silk tie"),
    "intern": _r(age="young", outfit="a white shirt, black trousers and a lanyard ID badge"),
    "secretary": _r(outfit="a neat grey skirt suit"),
    "colleague": _r(outfit="a pale blue shirt and an ID badge"),
    "lawyer": _r(outfit="a navy pinstripe suit"),
    "journalist": _r(outfit="a khaki field jacket and a notebook"),
    "waiter": _r(outfit="a black waistcoat and a white shirt"), "waitress": _r("f", outfit="a black waistcoat"),
    "cashier": _r(outfit="a store uniform polo shirt and a name tag"),
    "security guard": _r(outfit="a dark security uniform"), "bodyguard": _r(outfit="a black suit and an earpiece"),
    "bride": _r("f", "young", "a white lace wedding dress"), "groom": _r("m", "young", "a black tuxedo"),
    "monk": _r("m", outfit="saffron monk's robes", east="grey monk's robes and prayer beads",
               west="a brown hooded habit"),
    "nun": _r("f", outfit="a black habit"),
    # family and people in general
    "girl": _r("f", "child"), "boy": _r("m", "child"), "child": _r(age="child"), "kid": _r(age="child"),
    "woman": _r("f"), "man": _r("m"), "lady": _r("f"), "gentleman": _r("m"),
    "young woman": _r("f", "young"), "young man": _r("m", "young"),
    "old woman": _r("f", "old"), "old man": _r("m", "old"),
    "mother": _r("f", "middle"), "father": _r("m", "middle"), "mom": _r("f", "middle"), "dad": _r("m", "middle"),
    "daughter": _r("f", "young"), "son": _r("m", "young"),
    "grandmother": _r("f", "old"), "grandfather": _r("m", "old"), "grandma": _r("f", "old"),
    "grandpa": _r("m", "old"), "wife": _r("f"), "husband": _r("m"), "girlfriend": _r("f", "young"),
    "boyfriend": _r("m", "young"), "widow": _r("f", "middle"), "aunt": _r("f", "middle"), "uncle": _r("m", "middle"),
    "sister": _r("f"), "brother": _r("m"), "younger sister": _r("f", "young"), "younger brother": _r("m", "young"),
    "teenager": _r(age="teen"), "heiress": _r("f", "young", "a cream silk blouse and pearl earrings"),
    "nanny": _r("f", outfit="a plain cardigan and an apron"),
    "apprentice": _r(age="young", outfit="a canvas work apron over a plain shirt",
                     east="a plain grey apprentice's robe", west="a plain linen tunic and a leather apron"),
    "hacker": _r(outfit="a black hoodie and fingerless gloves"), "mayor": _r(age="middle", outfit="a grey suit "
    "and a chain of office"), "manager": _r(age="middle", outfit="a navy blazer and an ID badge"),
    "judge": _r(age="middle", outfit="black robes"), "pilot": _r(outfit="a pilot's uniform with gold stripes"),
    "captain": _r(age="middle", outfit="a captain's coat with brass buttons"),
    "thief": _r(outfit="a dark hooded jacket", east="a dark hooded robe", west="a dark hooded cloak"),
    "spy": _r(outfit="a grey raincoat and dark glasses"), "assassin": _r(outfit="all-black clothes",
    east="a black night-runner's robe and a face veil", west="a dark hooded cloak"),
    "samurai": _r("m", east="a dark kimono and hakama with two swords at the belt", period=True),
    "bandit": _r("m", east="ragged robes and a broadsword", west="ragged leathers and an axe"),
    "customer": _r(), "blind date": _r(age="young"), "ex-boyfriend": _r("m", "young"),
    "ex-girlfriend": _r("f", "young"), "enemy": _r(),
    "stranger": _r(), "friend": _r(), "old friend": _r(), "neighbour": _r(), "neighbor": _r(), "hero": _r(),
    "idol": _r(outfit="a sharp designer jacket"), "lover": _r(age="young"), "orphan": _r(age="child"),
    # costume drama
    "empress": _r("f", "middle", east="embroidered crimson silk robes and a jade hairpin", period=True),
    "emperor": _r("m", "middle", east="golden dragon-embroidered robes and a jade crown", period=True),
    "crown prince": _r("m", "young", east="white brocade robes with a jade belt", period=True),
    "concubine": _r("f", "young", east="pale pink silk robes and a gold phoenix hairpin", period=True),
    "consort": _r("f", "young", east="pale pink silk robes and a gold phoenix hairpin", period=True),
    "palace maid": _r("f", "young", east="a plain green servant's robe, hair in twin buns", period=True),
    "maid": _r("f", "young", outfit="a black dress and a white apron", east="a plain green servant's robe, "
               "hair in twin buns", west="a plain linen dress and apron"),
    "eunuch": _r("m", "middle", east="a dark blue court robe and a black gauze hat", period=True),
    "chancellor": _r("m", "old", east="a purple official's robe and a black winged hat", period=True),
    "guard": _r("m", outfit="a dark uniform", east="leather armour and a sabre", west="chain mail and a spear"),
    "general": _r("m", "middle", outfit="a decorated army uniform", east=_ARMOUR_E, west=_ARMOUR_W),
    "swordsman": _r("m", east="a black swordsman's robe and a bamboo hat", period=True),
    "swordswoman": _r("f", east="a white swordswoman's robe and a red sash", period=True),
    "scholar": _r("m", "young", east="a pale blue scholar's robe and a cloth headband", period=True),
    "magistrate": _r("m", "middle", east="a dark green official's robe and a black hat", period=True),
    "queen": _r("f", "middle", west="a deep blue velvet gown and a silver crown", period=True),
    "king": _r("m", "middle", west="a fur-trimmed crimson mantle and a gold crown", period=True),
    "princess": _r("f", "young", "a simple embroidered gown", "pale pink silk robes and a gold hairpin",
                   "a pale green silk gown and a silver circlet", period=True),
    "prince": _r("m", "young", "a dark embroidered coat", "white brocade robes with a jade belt",
                 "a dark embroidered doublet and a short cape", period=True),
    "knight": _r(age="young", west="chain mail under a white surcoat, a sword at the hip", period=True),
    "squire": _r("m", "teen", west="a padded gambeson and leather boots", period=True),
    "witch": _r("f", west="a hooded black cloak and a pointed hat", period=True),
    "wizard": _r("m", "old", west="a long star-patterned robe and a staff", period=True),
    # not people
    "alien": _r(kind="alien"),
    "robot": _r(kind="robot"), "android": _r(kind="robot"), "ai": _r(kind="ai"), "ai assistant": _r(kind="ai"),
    "cat": _r(kind="animal"), "dog": _r(kind="animal"), "fox": _r(kind="animal"), "bird": _r(kind="animal"),
    "rabbit": _r(kind="animal"), "owl": _r(kind="animal"), "dragon": _r(kind="animal"), "puppy": _r(kind="animal"),
    "kitten": _r(kind="animal"), "whale": _r(kind="animal"), "horse": _r(kind="animal"),
    "stray cat": _r(kind="animal"), "stray dog": _r(kind="animal"),
}


def role_of(role_en: str) -> Role:
    """The `Role` for an English role phrase: the whole phrase, else its last two words, else its last word.

    Args:
        role_en: ``crown prince``, ``young programmer``, ``lighthouse keeper``...
    """
    words = role_en.lower().split()
    for start in range(len(words)):
        role = ROLES.get(" ".join(words[start:]))
        if role is not None:
            return role
    return Role()

