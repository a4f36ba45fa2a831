"""Hostile spreadsheets through the pages and the command that take them, and
hostile text through every export (the shared reader and writer themselves:
jiedao/core/tests/test_spreadsheets.py)."""

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from jiedao.activities import services as activity_services
from jiedao.activities.models import Attendance
from jiedao.activities.tests.helpers import meeting, session_of
from jiedao.core.models import AuditEntry
from jiedao.core.spreadsheets.writing import xml_text
from jiedao.org.models import ResidentialArea, Unit
from jiedao.people.models import Person
from jiedao.people.tests.roster_files import HEADER, zhang
from jiedao.testing import World, make_person
from tests.hostile import spreadsheets as hostile

TOO_LARGE = "表格过大"
UNREADABLE = "无法读取"


def _roster_xlsx(*far: str) -> bytes:
    row = zhang()
    cells = [(f"{chr(65 + i)}1", h) for i, h in enumerate(HEADER)] + [(f"{chr(65 + i)}2", v) for i, v in enumerate(row)]
    return hostile.xlsx([*cells, *((reference, 1) for reference in far)])


HOSTILE: dict[str, tuple[Callable[[], bytes], str]] = {
    "xlsx with a cell at XFD1048576": (lambda: _roster_xlsx("XFD1048576"), TOO_LARGE),
    "xlsx with cells at far corners": (lambda: _roster_xlsx(*hostile.FAR_CORNERS), TOO_LARGE),
    "ods with a cell a million rows down": (
        lambda: hostile.ods(
            hostile.ods_row(hostile.ods_cell("姓名")),
            hostile.ods_row(hostile.ods_cell(), rows=1_000_000),
            hostile.ods_row(hostile.ods_cell(1)),
        ),
        TOO_LARGE,
    ),
    "ods with a value repeated across 16 000 columns": (
        lambda: hostile.ods(hostile.ods_row(hostile.ods_cell("姓名"), hostile.ods_cell(1, columns=16_000))),
        TOO_LARGE,
    ),
    "xls with a cell at the last row and column": (
        lambda: hostile.xls([(0, 0, "姓名"), (65_535, 65_535, 1)]),
        TOO_LARGE,
    ),
    "deflate bomb (150 MiB in one part)": (lambda: hostile.deflate_bomb(150), "膨胀超过200倍"),
    "deflate bomb declaring 1 KB": (lambda: hostile.deflate_bomb(150, declared=1_000), "文件已损坏"),
    "png named .xlsx": (lambda: hostile.PNG, UNREADABLE),
    "pdf named .xlsx": (lambda: hostile.PDF, UNREADABLE),
    "html named .xls": (lambda: hostile.HTML_XLS, UNREADABLE),
    "empty file": (lambda: b"", UNREADABLE),
    "zip without a workbook": (lambda: hostile.zipped({"readme.txt": b"hi"}), UNREADABLE),
    "truncated xlsx": (lambda: _roster_xlsx()[:600], "文件已损坏"),
    "image with an xlsx appended": (lambda: hostile.PNG + _roster_xlsx(), UNREADABLE),
    "xlsx with an image appended": (lambda: _roster_xlsx() + hostile.PNG, "文件已损坏"),
}


@pytest.fixture
def admin(client: Client, world: World) -> Client:
    client.force_login(world.users["admin"])
    return client


@pytest.mark.parametrize("name", list(HOSTILE))
@pytest.mark.parametrize("dry_run", [True, False])
def test_the_upload_page_refuses_a_hostile_file_with_a_message_and_writes_nothing(
    admin: Client, name: str, dry_run: bool
) -> None:
    build, message = HOSTILE[name]
    if name == "empty file":
        message = "空文件"  # the form refuses it before the reader sees it
    people = Person.objects.count()
    data = {"file": SimpleUploadedFile("名单.xlsx", build())} | ({"dry_run": "on"} if dry_run else {})

    response = admin.post(reverse("people:import"), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert Person.objects.count() == people
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).exists()


def test_the_page_shows_the_limits_when_a_sheet_is_too_large(admin: Client) -> None:
    response = admin.post(reverse("people:import"), {"file": SimpleUploadedFile("名单.xlsx", _roster_xlsx("ZZ300000"))})

    assert "第300000行" in response.content.decode() and "最多可读200000行、100列" in response.content.decode()


def test_a_good_roster_still_imports_through_the_same_reader(admin: Client) -> None:
    response = admin.post(reverse("people:import"), {"file": SimpleUploadedFile("名单.xlsx", _roster_xlsx())})

    assert response.status_code == 200, response.content.decode()
    assert Person.objects.filter(name="张伟").exists()


@pytest.mark.parametrize("name", list(HOSTILE))
def test_the_import_command_refuses_a_hostile_file_with_a_message(world: World, tmp_path: Path, name: str) -> None:
    build, message = HOSTILE[name]
    path = tmp_path / "名单.xlsx"
    path.write_bytes(build())
    err = io.StringIO()

    with pytest.raises(CommandError, match="未导入任何数据"):
        call_command("import_people", str(path), "--subdistrict", "310109016", stdout=io.StringIO(), stderr=err)

    assert message in err.getvalue()
    assert not Person.objects.filter(name="张伟").exists()


# ---------------------------------------------------------------- every export survives what is stored

# Stored before input refused them (directly with the ORM here): control characters,
# a non-character, and text that a spreadsheet would take for a formula.
HOSTILE_TEXT = [
    "王\x07芳",
    "\x1b[31m李四",
    "赵\x0b六\x0c",
    "周\ufffe七",
    "=1+2",
    '=HYPERLINK("http://example.com","点我")',
    "+86 138",
    "-陈",
    "@SUM(A1:A9)",
]


def _sheets(response: Any) -> list[list[tuple[object, ...]]]:
    content = b"".join(response) if response.streaming else response.content
    book = load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row), "a formula in an export"
    return [list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_the_roster_export_writes_any_stored_text_as_text(admin: Client, world: World, text: str) -> None:
    person = make_person(world.liangcheng, "王芳", area=world.xiuyuan, employer=world.jiachun)
    Person.objects.filter(pk=person.pk).update(name=text)
    ResidentialArea.objects.filter(pk=world.xiuyuan.pk).update(name=f"秀苑{text}")
    Unit.objects.filter(pk=world.jiachun.pk).update(name=f"{text}有限公司")

    response = admin.get(reverse("people:export"))

    assert response.status_code == 200
    rows = _sheets(response)[0]
    row = next(r for r in rows if r[0] == xml_text(text))
    assert row[4:6] == (xml_text(f"秀苑{text}"), xml_text(f"{text}有限公司"))


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_the_import_template_writes_any_stored_area_and_unit_name_as_text(
    admin: Client, world: World, text: str
) -> None:
    ResidentialArea.objects.filter(pk=world.xiuyuan.pk).update(name=text)
    Unit.objects.filter(pk=world.jiachun.pk).update(name=f"{text}单位")

    response = admin.get(reverse("people:import_template"))

    assert response.status_code == 200
    notes = [value for row in _sheets(response)[1] for value in row]
    assert xml_text(text) in notes and xml_text(f"{text}单位") in notes


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_the_attendance_export_writes_any_stored_text_as_text(admin: Client, world: World, text: str) -> None:
    session = session_of(world, meeting(world))
    person = make_person(world.liangcheng, "王芳", employer=world.jiachun)
    activity_services.sign_in(session=session, person=person, method="manual")
    Person.objects.filter(pk=person.pk).update(name=text)
    Unit.objects.filter(pk=world.jiachun.pk).update(name=f"{text}公司")
    assert Attendance.objects.filter(session=session).exists()

    response = admin.get(reverse("activities:export", args=[session.pk]))

    assert response.status_code == 200
    row = _sheets(response)[0][1]
    assert (row[1], row[4]) == (xml_text(text), xml_text(f"{text}公司"))
