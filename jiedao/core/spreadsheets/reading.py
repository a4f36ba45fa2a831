"""The one way a spreadsheet is read: checked first, then opened with python-calamine.

calamine builds each sheet as one dense block in memory before a single row
can be read (python-calamine 0.9.1 has no lazy reader and reads its size from
the cells, not from any declaration), so an unchecked 2 KB file can make it ask
for 512 GiB and abort the process. The file is recognised by its content, not
its name: a zip must be an xlsx or ods (``zipped``), an OLE2 compound file an
xls (``xls``); anything else is refused. Only a file within ``Limits`` reaches
calamine.
"""

from collections.abc import Iterator
from contextlib import ExitStack
from os import PathLike
from typing import IO, Any

from python_calamine import CalamineError, CalamineWorkbook, PasswordError

from jiedao.core.spreadsheets.limits import LIMITS, Limits, damaged, protected, too_big_file, unreadable
from jiedao.core.spreadsheets.ole import SIGNATURE as OLE_SIGNATURE
from jiedao.core.spreadsheets.xls import check_xls
from jiedao.core.spreadsheets.zipped import check_zip

Cell = Any  # what calamine yields: str, int, float, bool, date, datetime, time, timedelta
Source = str | PathLike[str] | IO[bytes]
ZIP_SIGNATURE = b"PK\x03\x04"


def check_spreadsheet(file: IO[bytes], limits: Limits = LIMITS) -> None:
    """Raise ``SpreadsheetRefused`` unless ``file`` is an xlsx, xls or ods within ``limits``."""
    size = file.seek(0, 2)
    if size > limits.max_file_bytes:
        raise too_big_file(limits)
    file.seek(0)
    head = file.read(len(OLE_SIGNATURE))
    if head.startswith(ZIP_SIGNATURE):
        check_zip(file, size, limits)
    elif head == OLE_SIGNATURE:
        file.seek(0)
        check_xls(file.read(), limits)
    else:
        raise unreadable()


def first_sheet_rows(source: Source, limits: Limits = LIMITS) -> Iterator[list[Cell]]:
    """The rows of the first sheet, row i (from 0) being Excel row i + 1, blank rows
    included; or ``SpreadsheetRefused`` before anything is read into memory."""
    with ExitStack() as stack:
        file: IO[bytes] = stack.enter_context(open(source, "rb")) if isinstance(source, str | PathLike) else source
        check_spreadsheet(file, limits)
        file.seek(0)
        try:
            workbook = CalamineWorkbook.from_filelike(file)
            if not workbook.sheet_names:
                raise unreadable()
            sheet = workbook.get_sheet_by_index(0)
            workbook.close()  # the sheet keeps its cells; the rest is freed
        except PasswordError:
            raise protected() from None
        except CalamineError:
            raise unreadable() from None
        except BaseException as exc:
            # A Rust panic (pyo3's PanicException derives from BaseException): a file
            # that passed the checks but that calamine cannot parse.
            if type(exc).__name__ != "PanicException":
                raise
            raise damaged() from None
    # calamine keeps the leading blank rows (so row numbers match Excel) but may
    # drop leading blank columns, which is harmless when columns go by header.
    return sheet.iter_rows()
