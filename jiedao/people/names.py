"""What a person's name may hold, and the one form it is stored in.

A name is written in Han characters (every CJK block, the extensions included, so
that a rare character such as 𠮷 is kept) or in Latin letters (accented ones too),
for foreign residents. The parts of a minority or foreign name are joined by the
middle dot U+00B7 (阿卜杜·热合曼, 爱新觉罗·溥仪): the look-alike dots that input
methods and fonts offer become it. Spaces separate Latin words only (a space typed
to line up 王  芳 in a table is dropped); a hyphen or an apostrophe joins two Latin
letters (Anna-Maria O'Neil). Nothing else: no digits, no punctuation, no emoji.

The text is put in Unicode normal form C first, so an accent typed as a combining
mark is one letter, and a CJK compatibility ideograph becomes its unified twin (the
same character to a reader). The private use area is refused: no font shows it.
"""

import re
import unicodedata

from django.utils.translation import gettext as _

from jiedao.core.services import Errors, clean_text
from jiedao.core.validators import code_points

MAX_NAME_LENGTH = 64  # Person.name's max_length
MIDDLE_DOT = "\u00b7"

# Han characters: the iteration mark 々 and 〇, CJK Unified Ideographs with
# extension A, the compatibility ideographs, extensions B to I and their supplement.
HAN = (
    "\u3005\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00020000-\U0002a6df\U0002a700-\U0002ee5f\U0002f800-\U0002fa1f\U00030000-\U000323af"
)
_HAN = re.compile(f"[{HAN}]")
# The common case, checked without looking at each character's Unicode name.
_PLAIN_HAN_NAME = re.compile(f"[{HAN}]+(?:{MIDDLE_DOT}[{HAN}]+)*")

# Dots typed in place of the middle dot: katakana middle dots (full and half
# width), bullet, hyphenation point, bullet and dot operators, the Latin letter
# "sinological dot", the word-separator middle dot, the Greek ano teleia.
_DOT_LOOKALIKES = str.maketrans(dict.fromkeys("\u30fb\uff65\u2022\u2027\u2219\u22c5\ua78f\u2e31\u0387", MIDDLE_DOT))
# Full-width Latin letters, hyphen and apostrophe (typed with a Chinese input
# method), typographic apostrophes and hyphens: their plain forms.
_PLAIN_FORMS = str.maketrans(
    {
        **{chr(c): chr(c - 0xFEE0) for c in [*range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]},
        "\uff0d": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\uff07": "'",
        "\u2019": "'",
        "\u02bc": "'",
    }
)
# A full stop between two Han characters is a middle dot typed with the wrong key.
_STOP_BETWEEN_HAN = re.compile(f"(?<=[{HAN}])[.\uff0e](?=[{HAN}])")


def is_han(char: str) -> bool:
    return bool(_HAN.fullmatch(char))


def _kind(char: str) -> str:
    """One character's part in a name: H Han, L Latin letter, M combining mark,
    the separators as themselves, X anything a name may not hold."""
    if _HAN.fullmatch(char):
        return "H"
    if char in (MIDDLE_DOT, " ", "-", "'"):
        return char
    if char.isalpha() and unicodedata.name(char, "").startswith("LATIN "):
        return "L"
    if unicodedata.category(char) == "Mn":
        return "M"
    return "X"


def _visible(char: str) -> bool:
    """Whether a character can be shown alone in a message (not a mark, a space or a control)."""
    return unicodedata.category(char)[0] not in "MZC"


def normal_form(name: str) -> str:
    """The name as it is stored: NFC, plain forms of look-alike dots, hyphens,
    apostrophes and full-width letters, spaces only between Latin letters."""
    name = " ".join(unicodedata.normalize("NFC", name).translate(_DOT_LOOKALIKES).translate(_PLAIN_FORMS).split())
    if " " in name:
        kinds = [_kind(c) for c in name]  # split() left no space at either end
        name = "".join(c for i, c in enumerate(name) if c != " " or (kinds[i - 1] in "LM" and kinds[i + 1] == "L"))
    return _STOP_BETWEEN_HAN.sub(MIDDLE_DOT, name)


def name_problems(name: str) -> list[str]:
    """What is wrong with a name in ``normal_form``, as messages; none for a good one."""
    if _PLAIN_HAN_NAME.fullmatch(name):
        return []
    # A combining mark belongs on a Latin letter (NFC has joined the usual ones to it).
    kinds = re.sub("(?<![LM])M", "X", "".join(_kind(c) for c in name))
    refused = list(dict.fromkeys(c for c, kind in zip(name, kinds, strict=True) if kind == "X"))
    if refused:
        shown = "".join(f"“{c}”" if _visible(c) else f"“{code_points([c])}”" for c in refused[:10])
        message = _(
            "姓名中不能有%(chars)s。姓名只能用汉字或拉丁字母，少数民族和外国人姓名的各部分之间用间隔号“·”分开。"
        )
        return [message % {"chars": shown + ("…" if len(refused) > 10 else "")}]
    if not re.search("[HL]", kinds):
        return [_("姓名中至少要有一个汉字或字母。")]
    problems = []
    if re.search(f"(?<![HLM]){MIDDLE_DOT}|{MIDDLE_DOT}(?![HL])", kinds):
        problems.append(_("间隔号“·”只能用在姓名的两部分之间，不能在开头、结尾或连用。"))
    if re.search("(?<![LM])[-']|[-'](?!L)", kinds):
        problems.append(_("连字符“-”和撇号“'”只能用在两个拉丁字母之间。"))
    return problems


def clean_name(errors: Errors, field: str, value: str | None) -> str:
    """A person's name in ``normal_form``; its problems added to ``errors[field]``."""
    before = len(errors.get(field, ()))
    text = clean_text(errors, field, value, max_length=MAX_NAME_LENGTH, required=True)
    if len(errors.get(field, ())) > before:  # blank, too long or holding control characters: said already
        return text
    name = normal_form(text)
    clean_text(errors, field, name, max_length=MAX_NAME_LENGTH)  # NFC lengthens a few (contrived) names
    if problems := name_problems(name):
        errors[field].extend(problems)
    return name
