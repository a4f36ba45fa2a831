"""The shared spreadsheet reader and writer, directly (``jiedao.core.spreadsheets``).

Hostile files come from ``tests.hostile.spreadsheets``; the same files go
through the upload page and the import command in tests/test_hostile_spreadsheets.py.
"""

import datetime as dt
import io
import struct
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from jiedao.core.spreadsheets import LIMITS, Limits, SpreadsheetRefused, first_sheet_rows, reading
from jiedao.core.spreadsheets.writing import XlsxWriter, xml_text
from tests.hostile import spreadsheets as hostile

SMALL = Limits(max_rows=50, max_columns=10, max_cells=300, max_text_bytes=10_000, max_entries=20)
SHEET = "xl/worksheets/sheet1.xml"


def rows_of(data: bytes, limits: Limits = LIMITS) -> list[list[Any]]:
    return list(first_sheet_rows(io.BytesIO(data), limits))


def refusal(data: bytes, limits: Limits = LIMITS) -> SpreadsheetRefused:
    with pytest.raises(SpreadsheetRefused) as caught:
        rows_of(data, limits)
    return caught.value


@pytest.fixture
def calamine_never_called(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fails the test if the file reaches python-calamine."""

    class Tripwire:
        @staticmethod
        def from_filelike(*args: object) -> None:
            raise AssertionError("calamine was given a file the checks should have refused")

    monkeypatch.setattr(reading, "CalamineWorkbook", Tripwire)
    yield


# ---------------------------------------------------------------- files within the limits are read


def test_it_reads_the_first_sheet_of_an_xlsx_an_ods_and_an_xls() -> None:
    expected = [["姓名", ""], ["", 5.0]]
    assert rows_of(hostile.xlsx([("A1", "姓名"), ("B2", 5)])) == expected
    assert rows_of(hostile.xlsx([("A1", "姓名"), ("B2", 5)], prefix="x")) == expected  # read exactly
    assert rows_of(hostile.xls([(0, 0, "姓名"), (1, 1, 5)])) == expected
    assert rows_of(
        hostile.ods(hostile.ods_row(hostile.ods_cell("姓名")), hostile.ods_row(hostile.ods_cell(), hostile.ods_cell(5)))
    ) == [
        ["姓名", ""],
        ["", 5.0],
    ]


def test_a_path_is_read_like_an_upload(tmp_path: Any) -> None:
    path = tmp_path / "名单.xlsx"
    path.write_bytes(hostile.xlsx([("A1", "姓名")]))

    assert list(first_sheet_rows(str(path))) == [["姓名"]]


# ---------------------------------------------------------------- sparse-far cells: refused before calamine

# Cells given as (row, column) from 1; the limits are SMALL's: 50 rows, 10 columns, 300 cells.
positions = st.tuples(st.integers(1, 1_048_576), st.integers(1, 16_384)) | st.tuples(
    st.integers(1, 60), st.integers(1, 12)
)


def _assert_read_or_refused(data: bytes, row: int, column: int) -> None:
    """``data`` holds 7 at (row, column): read there within SMALL, refused beyond it."""
    if row > SMALL.max_rows or column > SMALL.max_columns or row * column > SMALL.max_cells:
        assert refusal(data, SMALL).code == "too_large"
    else:
        assert rows_of(data, SMALL)[row - 1][column - 1] == 7.0


@settings(max_examples=40, deadline=None)
@given(position=positions, prefix=st.sampled_from(["", "x"]))
def test_an_xlsx_cell_is_read_within_the_limits_and_refused_beyond_them(position: tuple[int, int], prefix: str) -> None:
    row, column = position
    data = hostile.xlsx([("A1", "姓名"), (f"{get_column_letter(column)}{row}", 7)], prefix=prefix)
    _assert_read_or_refused(data, row, column)


@settings(max_examples=40, deadline=None)
@given(position=positions)
def test_an_ods_cell_is_read_within_the_limits_and_refused_beyond_them(position: tuple[int, int]) -> None:
    row, column = position
    if row == 1 and column == 1:
        return  # the header's own cell
    header = hostile.ods_cell("姓名")
    if row == 1:
        gap = hostile.ods_cell(None, columns=column - 2) if column > 2 else ""
        data = hostile.ods(hostile.ods_row(header, gap, hostile.ods_cell(7)))
    else:
        blank = [hostile.ods_row(hostile.ods_cell(), rows=row - 2)] if row > 2 else []  # as LibreOffice writes them
        gap = hostile.ods_cell(None, columns=column - 1) if column > 1 else ""
        data = hostile.ods(hostile.ods_row(header), *blank, hostile.ods_row(gap, hostile.ods_cell(7)))
    _assert_read_or_refused(data, row, column)


@settings(max_examples=40, deadline=None)
@given(
    position=st.tuples(st.integers(1, 65_536), st.integers(1, 65_536))
    | st.tuples(st.integers(1, 60), st.integers(1, 12))
)
def test_an_xls_cell_is_read_within_the_limits_and_refused_beyond_them(position: tuple[int, int]) -> None:
    row, column = position
    data = hostile.xls([(0, 0, "姓名"), (row - 1, column - 1, 7)])
    _assert_read_or_refused(data, row, column)


@pytest.mark.parametrize("corner", hostile.FAR_CORNERS)
def test_a_far_cell_is_refused_with_the_limits_in_the_message(corner: str) -> None:
    # Without the check calamine would try to allocate up to 512 GiB and abort this process.
    error = refusal(hostile.sparse_xlsx(corner, "B2"))

    assert error.code == "too_large"
    assert "表格过大" in error.message and "200000行" in error.message and "100列" in error.message


def test_a_far_xls_cell_is_refused_before_calamine_allocates_the_sheet() -> None:
    # 65 536 × 65 536 cells of 32 bytes: calamine would abort this process.
    assert refusal(hostile.xls([(0, 0, "姓名"), (65_535, 65_535, 1)])).code == "too_large"


@pytest.mark.usefixtures("calamine_never_called")
@pytest.mark.parametrize(
    "data",
    [
        hostile.sparse_xlsx("XFD1048576"),
        hostile.xlsx([("A1", "姓名"), ("xfd1048576", 1)]),  # lower case: the exact scan
        hostile.zipped(
            hostile.xlsx_parts(
                f'<worksheet xmlns="{hostile.MAIN}"><sheetData><row r="1048576"><c><v>1</v></c></row></sheetData></worksheet>'
            )
        ),
        hostile.zipped(hostile.xlsx_parts(hostile.sheet_xml([(None, 1)] * 101))),  # no r: 101 cells in a row
        hostile.zipped(hostile.xlsx_parts(hostile.sheet_xml([("A1", 1), ("XFD1048576", 2)]).encode("utf-16"))),
        # calamine reads on past </row> to the next value and puts it in the far cell
        hostile.zipped(
            hostile.xlsx_parts(
                f'<worksheet xmlns="{hostile.MAIN}"><sheetData><row><c r="XFD1048576"></row>'
                '<row><c r="A2"><v>1</v></c></row></sheetData></worksheet>'
            )
        ),
        hostile.ods(
            hostile.ods_row(hostile.ods_cell("a")),
            hostile.ods_row(hostile.ods_cell(), rows=1_000_000),
            hostile.ods_row(hostile.ods_cell(1)),
        ),
        hostile.ods(
            hostile.ods_row(hostile.ods_cell("a"), hostile.ods_cell(None, columns=16_000), hostile.ods_cell(1))
        ),
        hostile.ods(hostile.ods_row(hostile.ods_cell(1, columns=200))),
        hostile.ods(hostile.ods_row(hostile.ods_cell(1), rows=1_048_576)),
        hostile.xls([(0, 0, "a"), (65_535, 255, 1)]),
        hostile.xls([(0, 0, "a")], dimensions=hostile.xls_dimensions(0, 0xFFFFFFFF, 0, 255)),
        hostile.xls([(0, 0, "a")], dimensions=hostile.xls_dimensions(5, 2, 0, 3)),  # wraps round in calamine
    ],
    ids=[
        "xlsx far corner",
        "xlsx lower-case reference",
        "xlsx far row without r",
        "xlsx 101 columns without r",
        "xlsx in UTF-16",
        "xlsx far cell closed by another tag",
        "ods rows repeated",
        "ods columns repeated",
        "ods value repeated across",
        "ods value repeated down",
        "xls far cell",
        "xls lying DIMENSIONS",
        "xls DIMENSIONS ending before they start",
    ],
)
def test_a_file_beyond_the_limits_never_reaches_calamine(data: bytes) -> None:
    assert refusal(data).code == "too_large"


def test_the_cells_of_every_sheet_count_together() -> None:
    # A sheet of 30 × 5 cells fits; three together pass 300 (calamine holds every sheet of an xls at once).
    sheet = hostile.xls_cell(0, 0, "姓名") + b"".join(hostile.xls_cell(row, 4, 1) for row in range(30))

    assert rows_of(hostile.compound_file(hostile.workbook_stream(sheet)), SMALL)[29][4] == 1.0
    assert refusal(hostile.compound_file(hostile.workbook_stream(sheet, sheet, sheet)), SMALL).code == "too_large"


# ---------------------------------------------------------------- text that calamine would copy into every cell


def test_a_shared_string_used_by_many_cells_counts_once_per_cell() -> None:
    strings = hostile.shared_strings_xml(["x" * 1_000])
    few = hostile.zipped(hostile.xlsx_parts(hostile.shared_string_cells(0, 5), shared_strings=strings))
    many = hostile.zipped(hostile.xlsx_parts(hostile.shared_string_cells(0, 20), shared_strings=strings))

    assert rows_of(few, SMALL)[4][0] == "x" * 1_000
    assert refusal(many, SMALL).code == "too_large"


# calamine reads a t="s" cell's index as a plain number, or else as 0: each of these shows the first string.
ODD_INDICES = ["x", " 1", "1 ", "+1", "-1", "1.0", "1e0", "²", "١"]


@pytest.mark.parametrize("prefix", ["", "x"], ids=["quick scan", "exact scan"])
@pytest.mark.parametrize("index", ODD_INDICES)
def test_an_index_that_is_no_plain_number_counts_as_the_first_string(index: str, prefix: str) -> None:
    def book(first: str) -> bytes:
        sheet = hostile.shared_string_cells(index, 20, prefix=prefix)
        return hostile.zipped(hostile.xlsx_parts(sheet, shared_strings=hostile.shared_strings_xml([first, "b"])))

    assert rows_of(book("a"), SMALL)[19][0] == "a"
    assert refusal(book("x" * 1_000), SMALL).code == "too_large"  # 20 copies of 1 000: over SMALL's 10 000


@pytest.mark.parametrize("prefix", ["", "x"], ids=["quick scan", "exact scan"])
@pytest.mark.parametrize("index", ["01", "0000000001", "0" * 30 + "1"])
def test_an_index_with_leading_zeros_counts_as_the_string_it_numbers(index: str, prefix: str) -> None:
    sheet = hostile.shared_string_cells(index, 20, prefix=prefix)
    data = hostile.zipped(hostile.xlsx_parts(sheet, shared_strings=hostile.shared_strings_xml(["a", "x" * 1_000])))

    assert refusal(data, SMALL).code == "too_large"


@pytest.mark.usefixtures("calamine_never_called")
@pytest.mark.parametrize("index", ["&#49;", "1&#49;", "<![CDATA[1]]>", "1<!-- -->1"])
def test_an_index_written_other_than_plainly_is_refused(index: str) -> None:
    # calamine reads an index's raw bytes: the scan cannot tell which string it would copy.
    sheet = hostile.shared_string_cells(index, 1)
    data = hostile.zipped(hostile.xlsx_parts(sheet, shared_strings=hostile.shared_strings_xml(["a", "b"])))

    assert refusal(data).code == "damaged"


@pytest.mark.usefixtures("calamine_never_called")
def test_a_shared_string_table_that_lies_about_its_size_or_nests_is_refused() -> None:
    lying = hostile.shared_strings_xml(["a"], unique_count=4_000_000_000)
    nested = f'<sst xmlns="{hostile.MAIN}"><si><t>a</t><si><t>b</t></si></si></sst>'
    laughs = '<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">]><sst xmlns="x"><si><t>&a;</t></si></sst>'
    sheet = hostile.shared_string_cells(0, 1)

    assert refusal(hostile.zipped(hostile.xlsx_parts(sheet, shared_strings=lying))).code == "too_large"
    assert refusal(hostile.zipped(hostile.xlsx_parts(sheet, shared_strings=nested))).code == "damaged"
    assert refusal(hostile.zipped(hostile.xlsx_parts(sheet, shared_strings=laughs))).code == "damaged"
    split_index = f'<worksheet xmlns="{hostile.MAIN}"><sheetData><row><c r="A1" t="s"><v>0<x/>0</v></c></row></sheetData></worksheet>'
    assert (
        refusal(hostile.zipped(hostile.xlsx_parts(split_index, shared_strings=lying.replace("4000000000", "1")))).code
        == "damaged"
    )


@pytest.mark.usefixtures("calamine_never_called")
def test_an_ods_value_repeated_many_times_counts_its_text_each_time() -> None:
    text = "x" * 500
    assert refusal(hostile.ods(hostile.ods_row(hostile.ods_cell(text, columns=10), rows=5)), SMALL).code == "too_large"


# ---------------------------------------------------------------- deflate bombs


@pytest.mark.usefixtures("calamine_never_called")
def test_one_part_that_expands_too_much_is_refused_unread() -> None:
    error = refusal(hostile.deflate_bomb(150))  # 150 MiB from 150 KB

    assert error.code == "too_large" and "200倍" in error.message


@pytest.mark.usefixtures("calamine_never_called")
@pytest.mark.parametrize("declared", [100, 0, 200_000])
def test_a_part_bigger_than_it_declares_is_refused_as_soon_as_it_outgrows_it(declared: int) -> None:
    assert refusal(hostile.deflate_bomb(2, declared=declared)).code == "damaged"


@pytest.mark.usefixtures("calamine_never_called")
def test_many_parts_that_expand_too_much_together_are_refused() -> None:
    data, crc = hostile.zeros(1)  # 1 MiB each: small enough to be spared the ratio
    parts = [hostile.RawEntry(f"xl/media/image{i}.bin", data, hostile.MIB, crc) for i in range(201)]
    error = refusal(hostile.raw_zip([*hostile.xlsx_entries(hostile.honest(SHEET, b"<worksheet/>")), *parts]))

    assert error.code == "too_large" and "200 MB" in error.message


@pytest.mark.usefixtures("calamine_never_called")
def test_too_many_parts_are_refused() -> None:
    parts = hostile.xlsx_parts(hostile.sheet_xml([("A1", "a")]))
    parts.update({f"xl/media/{i}.txt": b"" for i in range(LIMITS.max_entries)})

    assert refusal(hostile.zipped(parts)).code == "too_large"


@pytest.mark.usefixtures("calamine_never_called")
def test_parts_sharing_one_compressed_block_are_refused() -> None:
    data, crc = hostile.zeros(1)
    shared = hostile.RawEntry(SHEET, data, hostile.MIB, crc)
    echoes = [hostile.RawEntry(f"xl/media/{i}.bin", data, hostile.MIB, crc, offset=0) for i in range(50)]
    entries = hostile.xlsx_entries(shared)

    assert refusal(hostile.raw_zip([shared, *entries[:-1], *echoes])).code == "damaged"


# ---------------------------------------------------------------- wrong formats, disguises, damage


@pytest.mark.usefixtures("calamine_never_called")
@pytest.mark.parametrize("name", list(hostile.not_spreadsheets()))
def test_a_file_that_is_not_a_spreadsheet_is_refused_by_its_content(name: str) -> None:
    error = refusal(hostile.not_spreadsheets()[name])

    assert error.code == "unreadable" and "无法读取该文件" in error.message


def _good() -> bytes:
    return hostile.xlsx([("A1", "姓名"), ("B2", 1)])


@pytest.mark.usefixtures("calamine_never_called")
@pytest.mark.parametrize(
    ("data", "code"),
    [
        (hostile.PNG + _good(), "unreadable"),  # a zip appended to an image
        (_good() + hostile.PNG, "damaged"),  # something after the zip
        (_good()[: len(_good()) // 2], "damaged"),  # cut short
        (_good() + _good(), "damaged"),  # two zips, two end records
        (hostile.compound_file(hostile.workbook_stream(b"")) + _good(), "unreadable"),  # an xls with a zip at its end
        (hostile.raw_zip([hostile.honest("a.xml", b"<a/>")], before=b"MZ" * 10), "unreadable"),
        (hostile.zipped({**hostile.xlsx_parts(""), "xl/workbook.bin": b""}), "unsupported"),  # xlsb
        (hostile.zipped({**hostile.xlsx_parts(""), "XL/Workbook.xml": b"<workbook/>"}), "damaged"),  # same name twice
    ],
    ids=["image+zip", "zip+image", "truncated", "zip+zip", "xls+zip", "exe+zip", "xlsb", "names differing in case"],
)
def test_a_disguised_or_damaged_container_is_refused(data: bytes, code: str) -> None:
    assert refusal(data).code == code


@pytest.mark.usefixtures("calamine_never_called")
def test_an_encrypted_part_or_a_foreign_compression_is_refused() -> None:
    entries = hostile.xlsx_entries(hostile.honest(SHEET, b"<worksheet/>"))
    locked = [*entries[:-1], hostile.RawEntry(SHEET, entries[-1].data, entries[-1].size, entries[-1].crc, flags=1)]
    bzip = [*entries[:-1], hostile.RawEntry(SHEET, entries[-1].data, entries[-1].size, entries[-1].crc, method=12)]

    assert refusal(hostile.raw_zip(locked)).code == "password"
    assert refusal(hostile.raw_zip(bzip)).code == "damaged"


def test_a_picture_that_happens_to_hold_cell_like_bytes_is_no_sheet() -> None:
    picture = hostile.PNG + b'<c x><c r="ZZZ999999"><v>1</v>\x00\xff' * 50
    parts = hostile.xlsx_parts(hostile.sheet_xml([("A1", "姓名")]))
    parts["xl/media/image1.png"] = picture

    assert rows_of(hostile.zipped(parts)) == [["姓名"]]


@pytest.mark.usefixtures("calamine_never_called")
def test_a_sheet_that_is_not_well_formed_and_not_usual_is_refused() -> None:
    sheet = f'<worksheet xmlns="{hostile.MAIN}"><sheetData><row><c t=n><v>1</v></c></row></sheetData>'

    assert refusal(hostile.zipped(hostile.xlsx_parts(sheet))).code == "damaged"


@pytest.mark.usefixtures("calamine_never_called")
def test_a_file_over_the_size_limit_is_refused_unread() -> None:
    error = refusal(_good() + bytes(hostile.MIB), Limits(max_file_bytes=hostile.MIB))

    assert error.code == "too_large" and "文件超过1 MB" in error.message


# ---------------------------------------------------------------- xls containers that would make calamine loop


@pytest.mark.usefixtures("calamine_never_called")
@pytest.mark.parametrize(
    "data",
    [
        hostile.compound_file(hostile.workbook_stream(b""), fat_patch={1: 1}),  # directory chain loops
        hostile.compound_file(hostile.workbook_stream(b""), fat_patch={3: 2}),  # stream chain loops
        hostile.compound_file(hostile.workbook_stream(b""), fat_patch={2: 5_000}),  # past the FAT
    ],
    ids=["directory loop", "stream loop", "stray sector"],
)
def test_an_xls_whose_chains_loop_or_stray_is_refused(data: bytes) -> None:
    assert refusal(data).code == "damaged"


@pytest.mark.usefixtures("calamine_never_called")
@pytest.mark.parametrize(
    "patches",
    [{44: 0xFFFFFFF0}, {62: 0xFFFFFFFF}, {68: 1, 1024 + 508: 1}],
    ids=["FAT count", "DIFAT reservation", "DIFAT chain that loops"],
)
def test_an_xls_header_that_lies_is_refused(patches: dict[int, int]) -> None:
    data = bytearray(hostile.xls([(0, 0, "a")]))
    for offset, value in patches.items():
        struct.pack_into("<I", data, offset, value)

    assert refusal(bytes(data)).code == "damaged"


@pytest.mark.usefixtures("calamine_never_called")
def test_an_old_or_protected_xls_is_refused_with_its_reason() -> None:
    old = bytearray(hostile.xls([(0, 0, "a")]))
    struct.pack_into("<H", old, 512 * 3 + 4, 0x0500)  # the globals' BOF says BIFF5
    protected = hostile.compound_file(hostile.workbook_stream(b"", globals_records=b"\x2f\x00\x02\x00\x01\x00"))

    assert refusal(bytes(old)).code == "unsupported"
    assert refusal(protected).code == "password"
    assert refusal(hostile.compound_file(b"\0" * 4096, name="EncryptedPackage")).code == "password"  # an xlsx


def test_a_small_xls_kept_in_the_mini_stream_is_read_and_checked_too() -> None:
    small = hostile.workbook_stream(hostile.xls_cell(0, 0, "姓名") + hostile.xls_cell(1, 1, 5))
    far = hostile.workbook_stream(hostile.xls_cell(0, 0, "姓名") + hostile.xls_cell(65_535, 65_535, 5))

    assert rows_of(hostile.compound_file(small, mini=True)) == [["姓名", ""], ["", 5.0]]
    assert refusal(hostile.compound_file(far, mini=True)).code == "too_large"


# ---------------------------------------------------------------- writing


FORMULA_LOOKING = ["=1+2", '=HYPERLINK("http://example.com","点我")', "+1", "-1", "@SUM(A1)", "=", "\t=1"]


def _written(values: list[Any]) -> list[Any]:
    book = XlsxWriter()
    book.sheet("名单", header=["值"]).append(values)
    sheet = load_workbook(io.BytesIO(book.content())).worksheets[0]
    cells = next(iter(sheet.iter_rows(min_row=2, max_row=2)))
    assert all(cell.data_type != "f" for cell in cells)
    return [cell.value for cell in cells]


def test_strings_that_look_like_formulas_are_written_as_text() -> None:
    assert _written(FORMULA_LOOKING) == FORMULA_LOOKING


def test_numbers_and_dates_keep_their_types() -> None:
    assert _written([1, 2.5, True, dt.datetime(2026, 1, 2, 3, 4)]) == [1, 2.5, True, dt.datetime(2026, 1, 2, 3, 4)]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(st.characters(codec="utf-8") | st.characters(max_codepoint=0x1F) | st.sampled_from("\ufffe\uffff=+-@")),
        min_size=1,
        max_size=4,
    )
)
def test_any_text_is_written_as_that_text_with_what_xml_cannot_hold_replaced(values: list[str]) -> None:
    def read_back(text: str) -> str | None:
        return text.replace("\r\n", "\n").replace("\r", "\n") or None  # what any XML reader does to line ends

    assert _written(values) == [read_back(xml_text(value)) for value in values]
    assert all(len(xml_text(value)) == len(value) for value in values)  # one character for one


@given(
    st.text(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF) | st.characters(max_codepoint=0x1F), min_size=1)
)
def test_xml_text_keeps_tabs_and_line_breaks_and_replaces_the_rest(value: str) -> None:
    text = xml_text(value)

    assert all(c in "\t\n\r\ufffd" for c in text) and len(text) == len(value)


def test_a_zip_built_by_the_writer_passes_the_reader() -> None:
    book = XlsxWriter()
    sheet = book.sheet("名单", header=["姓名"], widths={0: 12}, text_columns=[0], freeze_header=True)
    sheet.append(["=1+2"])

    content = book.content()
    assert zipfile.is_zipfile(io.BytesIO(content))
    assert rows_of(content) == [["姓名"], ["=1+2"]]
