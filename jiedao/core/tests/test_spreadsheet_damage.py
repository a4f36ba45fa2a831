"""Damaged spreadsheets: whatever the damage, the shared reader refuses the file
with a ``SpreadsheetRefused`` or reads it within the limits; no other error
reaches the page (a 500) or the import command (a traceback).

The explicit cases are the classes random damage found: a part whose data is
not deflate, a zip asking for a later version than Python reads, an XML part
declaring an encoding expat cannot decode, an xls without a sheet.
"""

import contextlib
import io
import struct
from random import Random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiedao.core.spreadsheets import Limits, SpreadsheetRefused, first_sheet_rows
from tests.hostile import spreadsheets as hostile

SMALL = Limits(max_rows=50, max_columns=10, max_cells=300, max_text_bytes=10_000, max_entries=20)
SHEET = "xl/worksheets/sheet1.xml"


def _needing_zip_version(data: bytes, version: int) -> bytes:
    """``data`` with its central directory saying that ``version`` (6.4 is 64) is needed to extract."""
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at >= 0:
        struct.pack_into("<H", out, at + 6, version)
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


def _declaring(encoding: str) -> bytes:
    return hostile.zipped(
        hostile.xlsx_parts(f'<?xml version="1.0" encoding="{encoding}"?><worksheet><sheetData/></worksheet>')
    )


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (hostile.raw_zip(hostile.xlsx_entries(hostile.RawEntry(SHEET, b"\xff" * 100, 1_000, 0))), "damaged"),
        (hostile.raw_zip(hostile.xlsx_entries(hostile.RawEntry(SHEET, b"\x00" * 100, 1_000, 0))), "damaged"),
        (_needing_zip_version(hostile.xlsx([("A1", "姓名")]), 64), "damaged"),
        (_needing_zip_version(hostile.ods(hostile.ods_row(hostile.ods_cell("姓名"))), 99), "damaged"),
        (_declaring("x-no-such-encoding"), "damaged"),
        (_declaring("GBK"), "damaged"),  # multi-byte: expat reads none
        (_declaring("UTF-16"), "damaged"),  # declared, but the bytes are not
        (hostile.compound_file(hostile.workbook_stream()), "unreadable"),  # no sheet at all
    ],
    ids=["not deflate", "not deflate 2", "xlsx 6.4", "ods 9.9", "unknown", "gbk", "utf-16", "xls no sheet"],
)
def test_damage_found_by_fuzzing_is_refused_with_its_reason(data: bytes, code: str) -> None:
    with pytest.raises(SpreadsheetRefused) as caught:
        list(first_sheet_rows(io.BytesIO(data)))

    assert caught.value.code == code


def _good_files() -> dict[str, bytes]:
    sheet = hostile.xls_cell(0, 0, "姓名") + b"".join(hostile.xls_cell(row, 4, 1) for row in range(10))
    return {
        "xlsx": hostile.xlsx([("A1", "姓名"), ("B2", 5), ("C3", "abc")]),
        "xlsx stored": hostile.zipped(hostile.xlsx_parts(hostile.sheet_xml([("A1", "姓名")])), compression=0),
        "ods": hostile.ods(hostile.ods_row(hostile.ods_cell("姓名")), hostile.ods_row(hostile.ods_cell(5), rows=3)),
        "xls": hostile.compound_file(hostile.workbook_stream(sheet, sheet)),
        "xls mini stream": hostile.compound_file(hostile.workbook_stream(sheet), mini=True),
    }


GOOD = _good_files()


@settings(max_examples=100, deadline=None)
@given(kind=st.sampled_from(sorted(GOOD)), random=st.randoms(use_true_random=False))
def test_a_file_damaged_anywhere_is_refused_or_read(kind: str, random: Random) -> None:
    # Positions drawn evenly: hypothesis's own favour the ends and seldom hit the compressed data.
    data = bytearray(GOOD[kind])
    for _ in range(random.randint(1, 8)):
        data[random.randrange(len(data))] = random.randrange(256)
    if random.random() < 0.2:
        del data[random.randrange(1, len(data)) :]  # cut short too
    with contextlib.suppress(SpreadsheetRefused):  # anything else fails the test
        list(first_sheet_rows(io.BytesIO(bytes(data))))


# Pieces of markup that move, open, close or repeat cells when dropped into a sheet.
MARKUP = [
    b"<",
    b">",
    b"/",
    b'"',
    b"9",
    b"0",
    b"Z",
    b"x:",
    b"<c>",
    b"</c>",
    b"<v>1</v>",
    b"<v>x</v>",
    b' t="s"',
    b'<c r="J1">',
    b'<c r="J2" t="s"><v>0</v></c>',
    b"<row>",
    b"</row>",
    b'<table:table-cell office:value="1">',
    b"</table:table-cell>",
    b"<table:table-row>",
    b"</table:table-row>",
    b' table:number-rows-repeated="9"',
    b' table:number-columns-repeated="9"',
]
Edit = tuple[float, bytes | int]
edits = st.lists(
    st.tuples(st.floats(0, 1, exclude_max=True), st.sampled_from(MARKUP) | st.integers(1, 15)), min_size=1, max_size=3
)


def _edited(text: str, changes: list[Edit]) -> bytes:
    """``text`` with each change made where it points: markup inserted, or that many bytes deleted."""
    data = bytearray(text.encode())
    for where, change in changes:
        at = int(where * len(data))
        if isinstance(change, bytes):
            data[at:at] = change
        else:
            del data[at : at + change]
    return bytes(data)


def _damaged_ods(changes: list[Edit]) -> bytes:
    rows = (
        hostile.ods_row(hostile.ods_cell("a")),
        hostile.ods_row(hostile.ods_cell(), rows=20),
        hostile.ods_row(hostile.ods_cell(None, columns=5), hostile.ods_cell(1, columns=3)),
    )
    return hostile.ods_file(_edited(hostile.ods_content(*rows), changes))


def _damaged_xlsx(changes: list[Edit]) -> bytes:
    # 19 cells showing a 450-character shared string: 8 550 of SMALL's 10 000 bytes of text.
    copies = hostile.shared_string_cells(0, 19).replace("</row>", '<c r="J5"><v>1</v></c></row>')
    strings = hostile.shared_strings_xml(["x" * 450, "b"])
    return hostile.zipped(hostile.xlsx_parts(_edited(copies, changes), shared_strings=strings))


@settings(max_examples=150, deadline=None)
@given(is_ods=st.booleans(), changes=edits)
def test_a_damaged_sheet_is_refused_or_read_within_the_limits(is_ods: bool, changes: list[Edit]) -> None:
    # Within SMALL as written: whatever the damage makes of it, calamine never gets a
    # sheet beyond the limits, nor more text than they allow.
    data = _damaged_ods(changes) if is_ods else _damaged_xlsx(changes)
    try:
        rows = list(first_sheet_rows(io.BytesIO(data), SMALL))
    except SpreadsheetRefused:
        return
    height, width = len(rows), max((len(row) for row in rows), default=0)
    assert height <= SMALL.max_rows and width <= SMALL.max_columns and height * width <= SMALL.max_cells
    text = sum(len(cell.encode()) for row in rows for cell in row if isinstance(cell, str))
    assert text <= SMALL.max_text_bytes
