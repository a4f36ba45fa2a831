"""The quick scan of an xlsx part for cells, used when every cell is written the usual way.

Excel, WPS, LibreOffice and openpyxl write each cell as ``<c r="B7" …>`` with
``r`` first. Counting those with regular expressions (in C, a list per 64 KiB)
is four times quicker than an XML parser calling Python for every element, and
needs no trust in the part's structure: no match holds the start of another
tag (only its own and an end tag), so every ``<c`` in the bytes is seen, wherever it stands (in a
comment, an attribute, a part that is not XML at all), exactly as calamine
would see it if it read the part as a sheet. When a ``<c`` tag is not of the
usual form, or a ``<v>`` holds more than text, or the part may not be UTF-8,
the scan gives up (``usable`` is False) and the part is scanned again exactly.

Counted: the cells that hold something (not ``<c …/>`` nor ``<c …></c>``), and
the shared string that any ``<v>`` would make calamine copy into its cell
(``tally.shared_string_size``). The ``<v>`` of numbers count too, which only
ever counts more; text over the limit is therefore left to the exact scan to
refuse. A ``<v>`` must hold plain text and close at once, else the part is
scanned exactly.
"""

from __future__ import annotations

import re
from array import array
from operator import itemgetter

from jiedao.core.spreadsheets.tally import Tally, shared_string_size

_PREFIX = rb"(?:[^\s<>/=\"'!?]*:)?"
_TAGS = re.compile(rb"<([cv])[\s/>]")
_PREFIXED_TAGS = re.compile(rb"<" + _PREFIX + rb"([cv])[\s/>]")
# Without a prefix, so that the regular expression engine looks for their first bytes as a whole.
# Empty (``/>`` or ``></c>`` at once) only when calamine would read it so: anything else may hold a value.
_USUAL_CELLS = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"(?: (?!r=)[A-Za-z][\w:.\-]*="[^"<]*")* ?(/?)>(</c>)?')
_VALUES = re.compile(rb"<v>([^<&]*)</v>")
_OTHER_ENCODINGS = (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")  # UTF-16, with or without its mark
_DECLARED = re.compile(rb"""encoding\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
_MAX_CARRY = 1024 * 1024  # a tag or text longer than this is no usual sheet
# calamine reads cells only after a sheetData tag (in any encoding it decodes).
_SHEET_MARKS = (b"sheetData", "sheetData".encode("utf-16-le"), "sheetData".encode("utf-16-be"))
_MARK_TAIL = max(len(mark) for mark in _SHEET_MARKS)
_GETTERS = (itemgetter(0), itemgetter(1))


def _column(letters: bytes) -> int:
    column = 0
    for letter in letters:
        column = column * 26 + letter - 64
    return column


def _tags(data: bytes) -> tuple[int, int]:
    """How many start tags of cells and of values (with any prefix) ``data`` holds."""
    pattern = _PREFIXED_TAGS if b":c" in data or b":v" in data else _TAGS  # the slower one if need be
    names = pattern.findall(data)
    return names.count(b"c"), names.count(b"v")


class FastCellScan:
    """Feed the chunks of one part, then ``close()``; if ``usable`` the tally has its figures."""

    def __init__(self, tally: Tally, shared_string_sizes: array[int]) -> None:
        self.tally = tally
        self.usable = True
        self.may_be_sheet = False  # holds "sheetData": calamine could read cells from it
        self._tail = b""
        self._sizes = shared_string_sizes
        self._carry = b""
        self._started = False
        self._rows = self._columns = 0
        self._letters: set[bytes] = set()
        self._text = 0

    def feed(self, chunk: bytes) -> None:
        if not self.may_be_sheet:
            window = self._tail + chunk
            self.may_be_sheet = any(mark in window for mark in _SHEET_MARKS)
            self._tail = chunk[-_MARK_TAIL:]
        if not self.usable:
            return
        if not self._started:
            self._started = True
            declared = _DECLARED.search(chunk[:1024])
            if chunk.startswith(_OTHER_ENCODINGS) or (
                declared is not None and declared.group(1).lower() not in (b"utf-8", b"utf8", b"us-ascii")
            ):
                self.usable = False  # calamine decodes it first: only the exact scan sees the same
                return
        data = self._carry + chunk
        cut = len(data)
        while (cut := data.rfind(b"<", 0, cut)) >= 0 and data[cut + 1 : cut + 2] in (b"/", b""):
            # Cut before the last start tag, so that what it holds is whole in one piece;
            # a "<" ending the chunk may be the start of "</v>": cut before the tag it closes.
            pass
        if cut <= 0:
            self._carry = data
            self.usable = len(data) <= _MAX_CARRY
            return
        self._carry = data[cut:]
        self._scan(data[:cut])

    def close(self) -> None:
        if self.usable:
            self._scan(self._carry)
        if self.usable and self.tally.text_bytes + self._text > self.tally.limits.max_text_bytes:
            self.usable = False  # as in ``_scan``: the exact scan decides
        if self.usable and self._rows:
            self.tally.add_sheet(self._rows, self._columns)
            self.tally.add_text(self._text)

    def _scan(self, data: bytes) -> None:
        found = _USUAL_CELLS.findall(data)
        values = _VALUES.findall(data)
        if (len(found), len(values)) != _tags(data):
            self.usable = False
            return
        held = [cell for cell in found if not (cell[2] or cell[3])]
        if held:
            letters, digits = _GETTERS
            new = set(map(letters, held)) - self._letters
            if new:
                self._letters |= new
                self._columns = max(self._columns, *map(_column, new))
            self._rows = max(self._rows, *map(int, map(digits, held)))
            self.tally.check_extent(self._rows, self._columns)
        sizes = self._sizes
        if values and sizes:
            self._text += sum(shared_string_size(sizes, value) for value in values if value)
            if self._text > self.tally.limits.max_text_bytes:
                self.usable = False  # perhaps only by counting numbers as indices: the exact scan decides
