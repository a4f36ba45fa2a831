"""What goes wrong in a roster import: a problem of one row (or of the whole file)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class RowError:
    """One problem: the row as Excel numbers it (None for the file), the column header, the reason."""

    row: int | None
    column: str
    message: str


class RosterFileError(Exception):
    """The file as a whole cannot be imported (not a spreadsheet, missing headers, …)."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors
