"""How the offline writer describes a character: age, hair, clothes and a telling detail, per era, and a voice.

Descriptions are concrete and fixed (the director copies them verbatim into every prompt), and they
follow the role and the era: an empress wears embroidered silk robes and a jade hairpin, a knight
chain mail, a college student a hoodie; a robot stays a robot.
"""

from __future__ import annotations

from agents.offline.language import article, pick
from agents.offline.roles import role_of

_HAIR = {
    ("modern", "f"): ("long dark hair in a loose braid", "short auburn hair", "curly black hair tied back",
                      "shoulder-length blonde hair", "a sleek black bob"),
    ("modern", "m"): ("cropped dark hair and a short beard", "messy black hair", "a shaved head and stubble",
                      "wavy brown hair", "sandy hair and freckles"),
    ("modern-zh", "f"): ("long straight black hair", "a short black bob", "black hair in a high ponytail",
                         "wavy dark brown hair", "shoulder-length black hair with bangs"),
    ("modern-zh", "m"): ("short black hair", "neatly combed black hair", "messy black hair", "a black buzz cut",
                         "side-parted dark hair and light stubble"),
    ("east", "f"): ("long black hair in an ornate updo", "long black hair half tied up with a ribbon",
                    "black hair in a low braid"),
    ("east", "m"): ("long black hair in a topknot", "long hair tied back with a ribbon",
                    "a neat topknot and a short beard"),
    ("west", "f"): ("long auburn hair in a braid", "fair hair under a linen veil", "dark hair in a plaited crown"),
    ("west", "m"): ("shoulder-length brown hair and a short beard", "cropped fair hair", "dark hair and a full beard"),
}
_OLD_HAIR = {
    ("modern", "f"): "silver hair pinned in a bun", ("modern", "m"): "thin white hair and a white beard",
    ("east", "f"): "silver hair in a neat bun with a jade pin", ("east", "m"): "a white topknot and a long white beard",
    ("west", "f"): "silver hair under a white linen coif", ("west", "m"): "long white hair and a white beard",
}
_CLOTHES = {
    "modern": ("a faded denim jacket and a white T-shirt", "a charcoal wool coat and dark trousers",
               "a mustard-yellow raincoat", "a green army surplus jacket", "a cream cable-knit sweater"),
    ("east", "f"): ("embroidered silk robes in pale jade and a jade hairpin", "layered lilac silk robes",
                    "a plain cotton robe with a red sash"),
    ("east", "m"): ("dark silk robes with a jade belt pendant", "a grey scholar's robe",
                    "a black brocade robe with silver trim"),
    ("west", "f"): ("a wool kirtle and a linen shawl", "a dark green travelling cloak over a plain dress"),
    ("west", "m"): ("a rough wool tunic and a leather belt", "a hooded travelling cloak over a leather jerkin"),
    "future": ("a grey flight suit with mission patches", "a sleek black jumpsuit with glowing seams"),
}
_ITEMS = {
    "modern": ("a brass pocket compass on a cord", "round wire-rimmed glasses", "a red knitted scarf",
               "a worn leather satchel", "a silver pocket watch chain", "a small scar over the left eyebrow",
               "a blue knitted beanie", "a canvas messenger bag"),
    "east": ("a jade pendant at the waist", "a folding paper fan", "a small embroidered pouch",
             "a string of sandalwood beads", "a red silk tassel at the belt"),
    "west": ("a silver signet ring", "a leather belt pouch", "a wool cloak pinned with a bronze brooch",
             "a small wooden rosary"),
    "future": ("a glowing wrist console", "a small scar over the left eyebrow", "a silver ID tag on a chain"),
}
_CREATURES = {  # colours, noun (None: the role's own word), features, items, voice
    "robot": (("small rust-orange", "small pale blue", "matte white", "brass"), None,
              ("round glowing eyes", "a dented dome head", "a single camera eye"),
              ("a frayed red scarf tied around its neck", "a tiny antenna with a blinking light",
               "caterpillar treads"), "clipped synthetic voice with a soft hum"),
    "ai": (("translucent blue", "soft amber", "pale silver"), "holographic figure",
           ("a calm, smiling face", "eyes like drifting light"),
           ("a shimmer of pixels at its edges", "a faint halo of floating text"), "calm, warm synthetic voice"),
    "alien": (("pale green", "silver-grey", "violet"), "alien", ("large black almond eyes", "a smooth domed head"),
              ("a shimmering silver suit", "a softly glowing pendant"), "soft, echoing voice"),
    "animal": (("ginger", "black", "grey tabby", "white"), None,
               ("bright green eyes", "one torn ear", "a bushy tail"),
               ("a red collar with a brass bell", "a tiny blue bandana"), "small, curious voice"),
}
_VOICES = {
    "f": ("warm alto, clear and steady", "bright, quick soprano", "soft, slightly husky voice"),
    "m": ("low, weathered baritone, unhurried", "gentle tenor", "gravelly bass, few words"),
}
_DECADES = {"young": ("twenties",), "middle": ("forties", "fifties"), "": ("twenties", "thirties", "forties", "fifties")}
_GENERIC = {"girl", "boy", "man", "woman", "traveller", "person", "teenager", "child", "kid", "lady", "gentleman"}
_RELATIONAL = {"stranger", "friend", "old friend", "neighbour", "neighbor", "hero", "idol", "lover"}
_OLD = {"old", "elderly", "retired", "aging", "ageing"}
_TEEN = {"teenage", "teen", "teenaged", "adolescent"}
_YOUNG = {"little", "small", "young"}


def kind_of(role_en: str) -> str:
    """``person``, ``robot``, ``ai`` or ``animal`` for an English role."""
    return role_of(role_en).kind


def describe(role_en: str, gender: str, era: str, key: str, slot: str, language: str = "en") -> tuple[str, str]:
    """A fixed visual description and a voice for a character.

    Args:
        role_en: The role in English (``empress``, ``college student``, ``robot``).
        gender: ``f`` or ``m`` (ignored for robots and animals).
        era: ``modern``, ``east``, ``west`` or ``future``.
        key: Hash key (idea + seed) every choice derives from.
        slot: Which character this is (``lead``/``other``), so two characters differ.
        language: The script's language: a modern Chinese story's people get East Asian hair.

    Returns:
        (description, voice).
    """
    words = role_en.lower().split()
    role = role_of(role_en)
    if role.kind in _CREATURES:
        colours, noun, features, items, voice = _CREATURES[role.kind]
        colour, feature, item = (pick(options, key, slot, part) for options, part in
                                 ((colours, "c"), (features, "f"), (items, "i")))
        noun = noun or (words[-1] if words else role.kind)
        link = ", wearing" if role.kind == "animal" else " and"
        return f"a {colour} {noun} with {feature}{link} {item}", voice
    age = role.age or ("old" if _OLD & set(words) else "teen" if _TEEN & set(words) else
                       "young" if "young" in words else "child" if _YOUNG & set(words) else "")
    pronoun, noun = ("her", "woman") if gender == "f" else ("his", "man")
    if age == "child":
        who = f"a ten-year-old {'girl' if gender == 'f' else 'boy'}"
    elif age == "teen":
        who = f"a sixteen-year-old {'girl' if gender == 'f' else 'boy'}"
    elif age == "old":
        who = f"a {noun} in {pronoun} seventies"
    else:
        who = f"a {noun} in {pronoun} {pick(_DECADES[age], key, slot, 'age')}"
    core = " ".join(w for w in words if w not in _OLD and w not in _YOUNG and w not in _TEEN)
    if core and core not in _GENERIC and core not in _RELATIONAL:
        who += f", {article(core)} {_display(core)}"
    style = era if era in ("east", "west") else "modern"
    hair_style = "modern-zh" if style == "modern" and language == "zh" else style
    hairs = [h for h in _HAIR[(hair_style, gender)] if age not in ("child", "teen") or not
             any(w in h for w in ("beard", "stubble", "grey", "bob"))]
    hair = _OLD_HAIR[(style, gender)] if age == "old" else pick(hairs, key, slot, "hair")
    outfit = {"east": role.east, "west": role.west}.get(era, "") or (role.outfit if era in ("modern", "future")
                                                                     else "")
    clothes = outfit or pick(_CLOTHES.get((era, gender)) or _CLOTHES.get(era) or _CLOTHES["modern"],
                             key, slot, "clothes")
    items = [i for i in _ITEMS.get(era, _ITEMS["modern"]) if not any(w in clothes for w in i.split() if len(w) > 4)]
    item = pick(items, key, slot, "item")
    voice = ("high, eager child's voice" if age == "child" else "cracked, slow voice" if age == "old"
             else pick(_VOICES[gender], key, slot, "voice"))
    return f"{who}, {hair}, wearing {clothes}, with {item}", voice


def _display(core: str) -> str:
    """Role words as they read in a description (``ceo`` → ``CEO``, ``ai`` → ``AI``)."""
    return " ".join(w.upper() if w in ("ceo", "ai") else w for w in core.split())
