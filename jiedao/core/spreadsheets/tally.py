"""What python-calamine would build from a file, added up while the file is scanned.

Every scan (xlsx and ods parts, xls records) reports here the sheets it finds,
the last row and column each uses and the text the cells would copy; the first
figure beyond ``Limits`` raises ``SpreadsheetRefused``.
"""

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
