"""The roster file format: one header row, columns found by header name.

The header row may sit below a title or blank rows: it is the first row that
names every one of KEY_HEADERS.

The header names are part of the file format (what offices type into Excel),
so they are fixed Chinese words, not translated UI strings.
"""

import re
from functools import cache

from django.utils import translation

from jiedao.people.models import ROLE_FIELDS, Gender, PartyCategory

NAME = "姓名"
GENDER = "性别"
ID_NUMBER = "身份证号"
PHONE = "手机号"
AREA = "居民区"
EMPLOYER = "工作单位"
ROLES = "身份"
PARTY_CATEGORY = "党员类别"

HEADERS: tuple[str, ...] = (NAME, GENDER, ID_NUMBER, PHONE, AREA, EMPLOYER, ROLES, PARTY_CATEGORY)
# 性别 follows from the ID number: the column may be left out (if present it is checked).
REQUIRED_HEADERS: tuple[str, ...] = tuple(h for h in HEADERS if h != GENDER)
# What makes a row the header row (a title row above it names neither).
KEY_HEADERS: tuple[str, ...] = (NAME, ID_NUMBER)
TEXT_HEADERS: tuple[str, ...] = (ID_NUMBER, PHONE)  # formatted "@" so Excel keeps every digit

# The column that a key of ``person_values``' ValidationError belongs to.
COLUMN_OF_FIELD: dict[str, str] = {
    "name": NAME,
    "gender": GENDER,
    "id_number": ID_NUMBER,
    "phone": PHONE,
    "residential_area": AREA,
    "employer": EMPLOYER,
    "roles": ROLES,
    "party_category": PARTY_CATEGORY,
}

ROLE_SEPARATORS = re.compile(r"[、,，;；/\s]+")


@cache
def _zh_labels(choices: type[Gender] | type[PartyCategory]) -> dict[str, str]:
    """{Chinese label: stored value}; computed on first use (translations need the app registry)."""
    with translation.override("zh-hans"):
        return {str(choice.label): str(choice.value) for choice in choices}


def gender_codes() -> dict[str, str]:
    return _zh_labels(Gender)  # {"男": "M", "女": "F"}


def party_category_codes() -> dict[str, str]:
    return _zh_labels(PartyCategory)


@cache
def gender_labels() -> dict[str, str]:
    return {code: label for label, code in gender_codes().items()}


@cache
def party_category_labels() -> dict[str, str]:
    return {code: label for label, code in party_category_codes().items()}


ROLE_OF_WORD: dict[str, str] = {word: field for field, word in ROLE_FIELDS.items()}
