"""What python-calamine would build from a file, added up while the file is scanned.

Every scan (xlsx and ods parts, xls records) reports here the sheets it finds,
the last row and column each uses and the text the cells would copy; the first
figure beyond ``Limits`` raises ``SpreadsheetRefused``.
"""

from __future__ import annotations

from array import array

from jiedao.core.spreadsheets.limits import Limits, too_many_cells, too_much_text


class Tally:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.cells = 0  # rows × columns of the sheets finished so far
        self.text_bytes = 0
        self.strings = 0

    def check_extent(self, rows: int, columns: int) -> None:
        """A sheet reaches row ``rows`` and column ``columns`` (from 1): refused beyond the limits."""
        limits = self.limits
        if rows > limits.max_rows or columns > limits.max_columns or rows * columns > limits.max_cells:
            raise too_many_cells(limits, rows=rows, columns=columns)

    def add_sheet(self, rows: int, columns: int) -> None:
        """A finished sheet: calamine holds it as a block of ``rows`` × ``columns`` cells."""
        self.check_extent(rows, columns)
        self.cells += rows * columns
        if self.cells > self.limits.max_cells:
            raise too_many_cells(self.limits, rows=rows, columns=columns)

    def add_text(self, size: int) -> None:
        self.text_bytes += size
        if self.text_bytes > self.limits.max_text_bytes:
            raise too_much_text(self.limits)

    def add_strings(self, count: int) -> None:
        """Strings kept (or room reserved for them) apart from the cells."""
        self.strings += count
        if self.strings > self.limits.max_cells:
            raise too_much_text(self.limits)


def shared_string_size(sizes: array[int], index: bytes) -> int:
    """The size of the shared string that calamine copies into a ``t="s"`` cell whose ``<v>``
    holds ``index`` (not empty). calamine reads an index of ASCII digits as that number (leading
    zeros too) and anything else as 0 (``x``, `` 1``, ``+1``, ``1.0``); digits that might not
    fit in 64 bits count as 0 as well. Nothing beyond the table: calamine refuses the file."""
    if not sizes:
        return 0
    number = int(index) if index.isdigit() and len(index.lstrip(b"0")) <= 20 else 0
    size = sizes[number] if number < len(sizes) else 0
    return max(size, sizes[0]) if len(index) >= 20 else size
