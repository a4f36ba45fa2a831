"""The one way an xlsx is written: every string as text, every row written whole.

Exports write what people typed: a name such as ``=HYPERLINK("http://x","y")``
or ``+1`` must stay the text it is, not become a formula in the reader's
spreadsheet, and a character an XML file cannot hold (U+0007, a lone surrogate,
U+FFFE, stored before input refused them) must not break the export of a
whole sub-district: it is shown as U+FFFD instead. Sheets are written
streaming (openpyxl's write-only mode), so an export of 100 000 rows holds one
row at a time.
"""

import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT_FORMAT = "@"  # a column Excel keeps as text: an 18-digit ID number typed there keeps its digits
LAST_ROW = 1_048_576
MAX_CELL_TEXT = 32_767  # Excel refuses to open a file with a longer cell
REPLACEMENT = "\ufffd"
# What XML 1.0 cannot hold: controls but tab and line breaks, surrogates, U+FFFE and U+FFFF.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
BOLD = Font(bold=True)

Value = str | int | float | dt.datetime | None


def xml_text(value: str) -> str:
    """``value`` with what an xlsx cannot hold replaced by U+FFFD, cut to Excel's cell length."""
    return NOT_XML.sub(REPLACEMENT, value)[:MAX_CELL_TEXT]


def column_letter(index: int) -> str:
    """The letter of the column ``index`` (from 0)."""
    return str(get_column_letter(index + 1))


class SheetWriter:
    """One sheet, written row by row."""

    def __init__(self, sheet: WriteOnlyWorksheet) -> None:
        self.sheet = sheet
        self.rows = 0

    def cell(self, value: Value, *, font: Font | None = None) -> Cell:
        """A cell holding ``value``: a string always as text, never as a formula."""
        if isinstance(value, str):
            cell = WriteOnlyCell(self.sheet, value=xml_text(value))
            cell.data_type = "s"  # openpyxl would read a leading "=" as a formula
        else:
            cell = WriteOnlyCell(self.sheet, value=value)
        if font is not None:
            cell.font = font
        return cell

    def append(self, values: Iterable[Value], *, font: Font | None = None) -> None:
        self.sheet.append([self.cell(value, font=font) for value in values])
        self.rows += 1

    def validate(self, validation: DataValidation, *, column: int, first_row: int = 2) -> None:
        """Offer ``validation`` on column ``column`` (from 0) from ``first_row`` down."""
        letter = column_letter(column)
        validation.add(f"{letter}{first_row}:{letter}{LAST_ROW}")
        # Write-only sheets get the validation list from Worksheet._setup; the stubs do not know it.
        self.sheet.data_validations.append(validation)  # type: ignore[attr-defined]


class XlsxWriter:
    """A workbook written as it is built; ``content()`` gives the file."""

    def __init__(self) -> None:
        self._book = Workbook(write_only=True)

    def sheet(
        self,
        title: str,
        *,
        header: Iterable[str] = (),
        widths: Mapping[int, float] | None = None,
        text_columns: Iterable[int] = (),
        freeze_header: bool = False,
    ) -> SheetWriter:
        """A new sheet; column options (by index from 0) must come before any row, as openpyxl writes them first."""
        sheet = self._book.create_sheet(xml_text(title)[:31])
        for index, width in (widths or {}).items():
            sheet.column_dimensions[column_letter(index)].width = width
        for index in text_columns:
            sheet.column_dimensions[column_letter(index)].number_format = TEXT_FORMAT
        if freeze_header:
            sheet.freeze_panes = "A2"
        writer = SheetWriter(sheet)
        if header := list(header):
            writer.append(header, font=BOLD)
        return writer

    def content(self) -> bytes:
        buffer = io.BytesIO()
        self._book.save(buffer)
        return buffer.getvalue()
