"""Pinyin search keys for Chinese names.

A name is searchable by its full pinyin (``leyueming``) and its initials
(``lym``), for every plausible reading: polyphonic characters contribute all
their readings, and the first character also its reading as a surname
(乐 as a surname is read yuè, 单 shàn, 曾 zēng), which pypinyin's general
dictionary does not put first.
"""

from functools import lru_cache
from itertools import islice, product

from pypinyin import Style, pinyin

from jiedao.people.names import is_han

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


@lru_cache(maxsize=16384)
def _char_readings(char: str) -> tuple[str, ...]:
    """All toneless readings of one character; a roster repeats characters far
    more than names, so this cache makes a 100 000-row import cheap."""
    item = pinyin(char, style=Style.NORMAL, heteronym=True, errors="default")[0]
    return tuple(dict.fromkeys(r.lower() for r in item))


def _readings(name: str) -> list[tuple[str, ...]]:
    readings: list[tuple[str, ...]] = []
    other = ""  # a run of non-Han characters (a Latin name part) stays one token
    for char in name:
        if is_han(char):
            if other:
                readings.append((other.lower(),))
                other = ""
            readings.append(_char_readings(char))
        elif char.isalnum():
            other += char
        elif other:  # punctuation such as the middle dot of 阿卜杜·热合曼 separates
            readings.append((other.lower(),))
            other = ""
    if other:
        readings.append((other.lower(),))
    if name and readings and name[0] in SURNAME_READINGS:
        readings[0] = tuple(dict.fromkeys([*SURNAME_READINGS[name[0]], *readings[0]]))
    return [reading for reading in readings if reading]


def search_keys(name: str) -> str:
    """Space-separated full-pinyin and initials variants, e.g. ``yueyueming yym leyueming lym``;
    empty for a text with neither a Han character nor a letter or digit."""
    readings = _readings("".join(name.split()))
    if not readings:
        return ""
    first, *rest = readings
    # Share the cap between the readings of the first character, so that the
    # second reading of a surname (乐 lè after yuè) always gets its variants.
    per_reading = max(MAX_VARIANTS // len(first), 2)
    keys: list[str] = []
    for reading in first:
        for combo in islice(product(*rest), per_reading):
            parts = (reading, *combo)
            keys.append("".join(parts))
            keys.append("".join(part[0] for part in parts if part))
    return " ".join(dict.fromkeys(keys))
