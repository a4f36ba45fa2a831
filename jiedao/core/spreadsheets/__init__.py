"""Spreadsheets in and out: one guarded reader and one safe writer for every import and export.

Reading (``first_sheet_rows``, here): an xlsx, xls or ods is recognised by its
content and checked against ``Limits`` (file size, parts, decompressed size and
ratio, rows, columns, cells, text) by streaming over it before python-calamine
sees it; a refusal is a ``SpreadsheetRefused`` with a Chinese message that
gives the limit. Writing (``writing.XlsxWriter``): every string is written as
text, never as a formula, with what XML cannot hold replaced. The writer is
imported from its module so that an import never loads openpyxl (memory).
"""

from jiedao.core.spreadsheets.limits import LIMITS, Limits, SpreadsheetRefused
from jiedao.core.spreadsheets.reading import Cell, Source, check_spreadsheet, first_sheet_rows

__all__ = ["LIMITS", "Cell", "Limits", "Source", "SpreadsheetRefused", "check_spreadsheet", "first_sheet_rows"]
