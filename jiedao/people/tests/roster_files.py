"""Spreadsheets and helpers shared by the roster import tests."""

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import openpyxl

from jiedao.core.validators import build_id_number
from jiedao.people.roster.importing import ImportResult, roster_import
from jiedao.testing import World

HEADER = ["姓名", "性别", "身份证号", "手机号", "居民区", "工作单位", "身份", "党员类别"]
JIACHUN = "上海嘉春装饰设计工程有限公司"
ZHANG_ID = build_id_number("310109", dt.date(1978, 3, 9), 131)  # odd sequence: male
LI_ID = build_id_number("310110", dt.date(1990, 11, 2), 242)  # even: female


def xlsx(*rows: Sequence[Any], header: Sequence[Any] | None = HEADER) -> io.BytesIO:
    """A spreadsheet built the way Excel stores what was typed: strings stay strings, numbers numbers."""
    workbook = openpyxl.Workbook()
    sheet = workbook.worksheets[0]
    if header is not None:
        sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def zhang(**changes: Any) -> list[Any]:
    row = {
        "姓名": "张伟",
        "性别": "男",
        "身份证号": ZHANG_ID,
        "手机号": "13812340001",
        "居民区": "秀苑",
        "工作单位": JIACHUN,
        "身份": "职工、工会会员、党员",
        "党员类别": "新经济组织",
    }
    row.update(changes)
    return [row[h] for h in HEADER]


def li(**changes: Any) -> list[Any]:
    row = {
        "姓名": "李芳",
        "性别": "",
        "身份证号": LI_ID,
        "手机号": "",
        "居民区": "中虹",
        "工作单位": "",
        "身份": "求职者,志愿者",
        "党员类别": "",
    }
    row.update(changes)
    return [row[h] for h in HEADER]


def run(world: World, file: io.BytesIO, **kwargs: Any) -> ImportResult:
    kwargs.setdefault("actor", None)
    return roster_import(subdistrict_id=world.liangcheng.pk, source=file, file_name="名单.xlsx", **kwargs)


def problems(result: ImportResult) -> list[tuple[int | None, str]]:
    return [(e.row, e.column) for e in result.errors]
