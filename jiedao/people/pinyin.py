"""Pinyin search keys for Chinese names.

A name is searchable by its full pinyin (``leyueming``) and its initials
(``lym``), for every plausible reading: polyphonic characters contribute all
their readings, and the first character also its reading as a surname
(乐 as a surname is read yuè, 单 shàn, 曾 zēng), which pypinyin's general
dictionary does not put first.
"""

from itertools import islice, product

from pypinyin import Style, pinyin

# Surnames whose reading differs from the character's everyday reading.
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "乐": ("yue", "le"),
    "单": ("shan",),
    "曾": ("zeng",),
    "解": ("xie",),
    "仇": ("qiu",),
    "朴": ("piao",),
    "区": ("ou",),
    "查": ("zha",),
    "尉": ("yu", "wei"),
    "盖": ("ge", "gai"),
    "缪": ("miao",),
    "翟": ("zhai",),
    "覃": ("qin", "tan"),
    "召": ("shao",),
    "种": ("chong",),
    "秘": ("bi",),
    "繁": ("po",),
    "员": ("yun",),
    "长": ("zhang", "chang"),
    "重": ("chong",),
    "沈": ("shen",),
    "叶": ("ye",),
    "柏": ("bai", "bo"),
    "隗": ("wei",),
    "藏": ("zang",),
    "宿": ("su",),
    "燕": ("yan",),
    "折": ("she",),
    "华": ("hua",),
    "纪": ("ji",),
    "任": ("ren",),
}

MAX_VARIANTS = 16


def _readings(name: str) -> list[list[str]]:
    per_char = pinyin(name, style=Style.NORMAL, heteronym=True, errors="default")
    readings = [list(dict.fromkeys(r.lower() for r in item)) for item in per_char]
    if name and readings and name[0] in SURNAME_READINGS:
        readings[0] = list(dict.fromkeys([*SURNAME_READINGS[name[0]], *readings[0]]))
    return readings


def search_keys(name: str) -> str:
    """Space-separated full-pinyin and initials variants, e.g. ``yueyueming yym leyueming lym``."""
    name = "".join(name.split())
    if not name:
        return ""
    keys: list[str] = []
    for combo in islice(product(*_readings(name)), MAX_VARIANTS):
        keys.append("".join(combo))
        keys.append("".join(part[0] for part in combo if part))
    return " ".join(dict.fromkeys(keys))
