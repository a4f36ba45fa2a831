"""Checking an xls (BIFF8) before calamine opens it.

calamine reads every sheet of an xls as soon as it opens the file, each as one
block of cells from the first used to the last, after reserving room for the
block its DIMENSIONS record declares; a cell with a shared string (LABELSST)
gets its own copy of the string. So the whole workbook stream is scanned the
way calamine walks it: the globals up to their EOF (sheet offsets, shared
strings), then each sheet from its offset to its EOF, skipping the records of
embedded charts as calamine does. Sheets may not overlap (a thousand sheets
made of one would make calamine parse it a thousand times). Excel 95 and older
files (BIFF5 and before) are refused: no office still writes them.
"""

from __future__ import annotations

import struct
from array import array
from collections.abc import Iterator
from itertools import pairwise

from jiedao.core.spreadsheets.limits import Limits, damaged, protected, too_many_cells, unsupported_kind
from jiedao.core.spreadsheets.ole import workbook_stream
from jiedao.core.spreadsheets.tally import Tally

BOF, EOF, CONTINUE = 0x0809, 0x000A, 0x003C
FILEPASS, BOUNDSHEET, SST, DIMENSIONS, MULRK, LABELSST = 0x002F, 0x0085, 0x00FC, 0x0200, 0x00BD, 0x00FD
# NUMBER, LABEL, RSTRING, BOOLERR, RK, LABELSST, FORMULA: each starts with its row and column.
CELLS = frozenset([0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, LABELSST, 0x0006])
_OLD_VERSIONS = frozenset([0x0200, 0x0002, 0x0007, 0x0300, 0x0400, 0x0500])
# UTF-8 bytes a character of a shared string can become, whatever the code page.
_BYTES_PER_CHARACTER = 6
_U16 = struct.Struct("<H")
_U32 = struct.Struct("<I")


def _records(stream: bytes, at: int) -> Iterator[tuple[int, int, int]]:
    """(type, data start, data end) of each record from ``at``; a cut record is refused (calamine does)."""
    while at < len(stream):
        if len(stream) - at < 4:
            raise damaged()
        kind, length = struct.unpack_from("<HH", stream, at)
        end = at + 4 + length
        if end > len(stream):
            raise damaged()
        yield kind, at + 4, end
        at = end


class _Pieces:
    """A record's data followed by its CONTINUE records, read as calamine reads a string table."""

    def __init__(self, pieces: list[bytes]) -> None:
        self._pieces, self._next = pieces, 1
        self.data, self.at = pieces[0], 0

    def left(self) -> int:
        return len(self.data) - self.at

    def take(self, count: int) -> bytes:
        if self.left() < count:
            raise damaged()  # calamine would index past the record
        self.at += count
        return self.data[self.at - count : self.at]

    def next_piece(self) -> bool:
        if self._next >= len(self._pieces):
            return False
        self.data, self.at = self._pieces[self._next], 0
        self._next += 1
        return True

    def skip(self, count: int) -> None:
        while count > 0:
            if not self.left() and not self.next_piece():
                raise damaged()
            step = min(count, self.left())
            self.at += step
            count -= step


def _string_length(pieces: _Pieces) -> int:
    """The characters of one XLUnicodeRichExtendedString, read past it."""
    if not pieces.left():
        return 0
    characters: int
    flags: int
    characters, flags = struct.unpack("<HB", pieces.take(3))
    runs = _U16.unpack(pieces.take(2))[0] if flags & 0x8 else 0
    extra = struct.unpack("<i", pieces.take(4))[0] if flags & 0x4 else 0
    if extra < 0:
        raise damaged()
    width, left = (2 if flags & 0x1 else 1), characters
    while left:
        step = min(pieces.left() // width, left)
        pieces.take(step * width)
        left -= step
        if left:
            if not pieces.next_piece():
                raise damaged()
            width = 2 if pieces.take(1)[0] & 0x1 else 1
    pieces.skip(runs * 4 + extra)
    return characters


def _shared_strings(pieces: _Pieces, tally: Tally) -> array[int]:
    pieces.take(8)  # total and unique counts: calamine does not use them
    lengths = array("L")
    while pieces.left() or pieces.next_piece():
        lengths.append(_string_length(pieces))
        tally.add_strings(1)
    return lengths


def _globals(stream: bytes, tally: Tally) -> tuple[list[int], array[int]]:
    """The offsets of the sheets and the length of each shared string."""
    sheets: list[int] = []
    strings = array("L")
    for kind, start, end in _records(stream, 0):
        data = stream[start:end]
        if start == 4 and kind != BOF:
            raise damaged()  # a workbook stream starts with its BOF
        if kind == BOF:
            version, subtype = struct.unpack("<HH", data[:4].ljust(4, b"\0"))
            if version in _OLD_VERSIONS or (version == 0 and subtype == 0x1000):
                raise unsupported_kind()
        elif kind == FILEPASS and data[:2] != b"\0\0":
            raise protected()
        elif kind == BOUNDSHEET:
            if len(data) < 6:
                raise damaged()
            sheets.append(_U32.unpack_from(data)[0])
        elif kind == SST:
            continues = []
            for following, piece_start, piece_end in _records(stream, end):
                if following != CONTINUE:
                    break
                continues.append(stream[piece_start:piece_end])
            strings = _shared_strings(_Pieces([data, *continues]), tally)
        elif kind == EOF:
            break
    return sheets, strings


def _check_dimensions(data: bytes, limits: Limits) -> None:
    """calamine reserves the block a DIMENSIONS record declares (u32 arithmetic, wrapping)."""
    if len(data) == 10:
        first_row, row_end, first_column, column_end = struct.unpack("<HHHH", data[:8])
    elif len(data) == 14:
        first_row, row_end, first_column, column_end = struct.unpack("<IIHH", data[:12])
    else:
        raise damaged()
    if first_column > 0xFF or column_end < first_column:
        first_column = 0
    last_row, last_column = (row_end - 1, column_end - 1) if row_end and column_end else (first_row, first_column)
    rows = ((last_row - first_row) % 2**32 + 1) % 2**32
    columns = ((last_column - first_column) % 2**32 + 1) % 2**32
    if rows * columns > limits.max_cells:
        raise too_many_cells(limits, rows=last_row + 1, columns=last_column + 1)


def _sheet(stream: bytes, at: int, strings: array[int], tally: Tally) -> int:
    """Scan one sheet from its BOF; return where calamine stops reading it."""
    rows = columns = depth = 0
    seen_bof = False
    for kind, start, end in _records(stream, at):
        if depth:
            depth += 1 if kind == BOF else -1 if kind == EOF else 0
            continue
        if kind == BOF:
            depth, seen_bof = (1, True) if seen_bof else (0, True)
        elif kind in CELLS and end - start >= 4:
            row, column = struct.unpack_from("<HH", stream, start)
            rows, columns = max(rows, row + 1), max(columns, column + 1)
            if kind == LABELSST and end - start >= 10:
                index = _U32.unpack_from(stream, start + 6)[0]
                if index < len(strings):
                    tally.add_text(strings[index] * _BYTES_PER_CHARACTER)
        elif kind == MULRK and end - start >= 6:
            row, first = struct.unpack_from("<HH", stream, start)
            last = _U16.unpack_from(stream, end - 2)[0]
            count = -(-(end - start - 6) // 6)
            rows, columns = max(rows, row + 1), max(columns, last + 1, first + count)
        elif kind == DIMENSIONS:
            _check_dimensions(stream[start:end], tally.limits)
        elif kind == EOF:
            at = end
            break
    else:
        at = len(stream)
    if rows:
        tally.add_sheet(rows, columns)
    return at


def check_xls(data: bytes, limits: Limits) -> None:
    """Raise ``SpreadsheetRefused`` unless ``data`` is a BIFF8 xls within ``limits``."""
    stream = workbook_stream(data)
    tally = Tally(limits)
    offsets, strings = _globals(stream, tally)
    ordered = sorted(offsets)
    if len(set(ordered)) != len(ordered) or (ordered and ordered[-1] > len(stream)):
        raise damaged()
    for offset, following in pairwise([*ordered, len(stream)]):
        if _sheet(stream, offset, strings, tally) > following:
            raise damaged()  # sheets that overlap
