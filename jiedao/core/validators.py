"""Validators for the identifiers that Chinese rosters carry.

Each ``parse_*`` function returns the normalised value or raises
``django.core.exceptions.ValidationError`` with a message in Chinese.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError

# First two digits of GB/T 2260 province-level codes (including 71 台湾, 81 香港, 82 澳门).
PROVINCE_PREFIXES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
    ]
)


ID_NUMBER_SHAPE = re.compile(r"[0-9]{17}[0-9X]")


def normalise(value: str | None) -> str:
    """Fold full-width characters (１２３, typed with a Chinese input method) to
    ASCII and drop white space, so the checks below see plain digits only."""
    return "".join(unicodedata.normalize("NFKC", value or "").split())


@dataclass(frozen=True)
class IdNumber:
    number: str
    birth_date: dt.date
    gender: str  # "M" or "F"


def _id_check_character(body: str) -> str:
    """ISO 7064 MOD 11-2 over the first 17 digits. stdnum's ``calc_check_digit``
    expects the full 18 characters and ignores the last, hence the placeholder."""
    return str(ric.calc_check_digit(body + "0"))


def parse_id_number(value: str, *, today: dt.date | None = None) -> IdNumber:
    """Validate a GB 11643-1999 resident ID number.

    ``stdnum.cn.ric.validate`` is deliberately not used: it rejects genuine
    numbers whose county code was created after the holder's birth year (every
    浦东新区 number of someone born before 1993). We check the structure, a known
    province prefix, a real birth date not in the future and the check character.
    """
    number = normalise(value).upper()
    if len(number) == 15 and number.isascii() and number.isdecimal():
        raise ValidationError(_("这是旧的15位身份证号，请填写现行的18位身份证号。"), code="length")
    if len(number) != 18:
        raise ValidationError(_("身份证号应为18位，当前为%(n)d位。") % {"n": len(number)}, code="length")
    if not ID_NUMBER_SHAPE.fullmatch(number):
        raise ValidationError(_("身份证号前17位应为数字，最后一位为数字或X。"), code="format")
    if number[:2] not in PROVINCE_PREFIXES:
        raise ValidationError(
            _("身份证号的地址码（前两位 %(p)s）不是有效的省级代码。") % {"p": number[:2]}, code="province"
        )
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            _("身份证号中的出生日期 %(d)s 不存在。") % {"d": number[6:14]}, code="birth_date"
        ) from None
    # Only a recent date can lie in the future: spare the clock look-up for the rest.
    recent = birth.year >= 2000
    if birth.year < 1900 or (recent and birth > (today or timezone.localdate())):
        raise ValidationError(_("身份证号中的出生日期 %(d)s 不合理。") % {"d": number[6:14]}, code="birth_date")
    if _id_check_character(number[:17]) != number[17]:
        raise ValidationError(_("身份证号校验码错误，请核对。"), code="checksum")
    gender = "M" if int(number[16]) % 2 == 1 else "F"
    return IdNumber(number=number, birth_date=birth, gender=gender)


def parse_credit_code(value: str) -> str:
    """Validate an 18-character unified social credit code (GB 32100-2015)."""
    code = normalise(value).upper()
    try:
        return str(uscc.validate(code))
    except StdnumError:
        raise ValidationError(_("统一社会信用代码无效（应为18位，且校验码正确）。"), code="uscc") from None


def parse_phone(value: str) -> str:
    """Validate a mainland Chinese mobile or fixed-line number; returns digits in national form."""
    raw = normalise(value).replace("-", "")
    if len(raw) == 11 and raw.isascii() and raw.isdecimal() and raw[0] == "1":
        # The common case, a bare mobile number: skip parsing (two thirds of the cost
        # in a roster import) but keep phonenumbers' check of the allocated ranges.
        parsed = phonenumbers.PhoneNumber(country_code=86, national_number=int(raw))
    else:
        try:
            parsed = phonenumbers.parse(raw, "CN")
        except phonenumbers.NumberParseException:
            raise ValidationError(_("手机号格式不正确。"), code="phone") from None
    if parsed.country_code != 86 or not phonenumbers.is_valid_number(parsed):
        raise ValidationError(_("手机号 %(p)s 不是有效的中国大陆号码。") % {"p": raw}, code="phone")
    national = str(parsed.national_number)
    if len(national) == 11 and national[0] == "1":
        return national  # a mobile's national form is its 11 digits; format_number would cost half the time
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL).replace(" ", "")


def parse_mobile(value: str) -> str:
    """A mainland Chinese mobile number (one a text message reaches), as 11 digits."""
    number = parse_phone(value)
    if len(number) != 11 or number[0] != "1":
        raise ValidationError(_("请填写11位手机号码（固定电话收不到短信）。"), code="mobile")
    return number


def parse_division_code(value: str, *, length: int) -> str:
    """A GB/T 2260 administrative division code: 6 digits (county) or 9 (township)."""
    code = normalise(value)
    if len(code) != length or not (code.isascii() and code.isdecimal()) or code[:2] not in PROVINCE_PREFIXES:
        raise ValidationError(_("行政区划代码应为%(n)d位数字。") % {"n": length}, code="division")
    return code


# Characters that no text we store may hold: the C0 and C1 control characters
# (U+0007 breaks a spreadsheet export, U+0000 a PostgreSQL text column), lone
# surrogates (only a JSON escape can make one, and no database stores it) and the
# invisible direction overrides and isolates, which make text display in another
# order than it is stored. Other format characters are kept: the zero-width joiner
# builds emoji, the direction marks U+200E/U+200F only place neutral characters.
_INVISIBLE_CONTROLS = r"\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069"
FORBIDDEN_CHARACTERS = re.compile(rf"[\x00-\x1f{_INVISIBLE_CONTROLS}]")
# The same, but for the tab and the line breaks that multi-line text keeps.
FORBIDDEN_IN_LONG_TEXT = re.compile(rf"[\x00-\x08\x0b\x0c\x0e-\x1f{_INVISIBLE_CONTROLS}]")
# What no text can hold at all, whatever it is for: U+0000 (PostgreSQL's text refuses
# it) and lone surrogates (they have no UTF-8, so no database, hasher or file takes
# them). The API refuses them in every string of a request before reading it
# (``jiedao.api.parser``); forms never receive a surrogate and refuse U+0000 themselves.
UNSTORABLE_CHARACTERS = re.compile(r"[\x00\ud800-\udfff]")
# Invisible leftovers of copying and pasting (zero-width space, word joiner, byte
# order mark) that mean nothing in our text: dropped, so that 秀苑 and 秀\u200b苑
# stay one name.
INVISIBLE_LEFTOVERS = re.compile(r"[\u200b\u2060\ufeff]")


def forbidden_characters(text: str, *, multi_line: bool = False) -> list[str]:
    """The characters of ``text`` that no stored text may hold, each once, in order."""
    pattern = FORBIDDEN_IN_LONG_TEXT if multi_line else FORBIDDEN_CHARACTERS
    return list(dict.fromkeys(pattern.findall(text)))


def code_points(characters: list[str]) -> str:
    """Invisible characters named so that a person can find them: ``U+0007、U+202E``."""
    return "、".join(f"U+{ord(c):04X}" for c in characters)


def control_characters_message(characters: list[str]) -> str:
    return _("含有不可见的控制字符（%(chars)s），请删除后再提交；从别处复制来的文字常带有这类字符。") % {
        "chars": code_points(characters)
    }


@dataclass(frozen=True)
class NoControlCharacters:
    """A form field validator: refuses the characters of ``forbidden_characters``
    (a multi-line field keeps its tabs and line breaks)."""

    multi_line: bool = False

    def __call__(self, value: object) -> None:
        if isinstance(value, str) and (found := forbidden_characters(value, multi_line=self.multi_line)):
            raise ValidationError(control_characters_message(found), code="control_characters")


def mask_id_number(number: str) -> str:
    """Keep the first 6 and last 4 characters: 310109********123X."""
    if not number:
        return ""
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_id_number_last_four(number: str) -> str:
    """Every character but the last 4 masked: **************123X (what a 志愿服务记录证明
    prints under 民政部令第67号, which lets the number be partly hidden)."""
    if not number:
        return ""
    return "*" * max(len(number) - 4, 0) + number[-4:]


def mask_phone(number: str) -> str:
    """138****5678 for mobiles; fixed lines keep their last 4 digits."""
    if not number:
        return ""
    if len(number) == 11 and number.startswith("1"):
        return number[:3] + "****" + number[-4:]
    return "*" * max(len(number) - 4, 0) + number[-4:]


def build_id_number(address_code: str, birth_date: dt.date, sequence: int) -> str:
    """A well-formed ID number (for demo data and tests): odd sequence = male."""
    body = f"{address_code}{birth_date:%Y%m%d}{sequence:03d}"
    return body + _id_check_character(body)


def build_credit_code(body: str) -> str:
    """Append the GB 32100 check character to a 17-character code body."""
    return body + uscc.calc_check_digit(body)
