"""Scanning one XML part of an xlsx or ods exactly, streamed, for what calamine would build.

Used for the parts calamine always reads whole (an xlsx's shared strings, an
ods's content.xml) and for a sheet the quick scan (``fast_cells``) cannot
vouch for. Each part is fed in chunks to expat, which must find it well-formed
(else the part is refused: calamine reads XML leniently, so the two could
differ) and without a DTD. Elements are told apart by local name whatever
their prefix, and both kinds of sheet are looked for, so a file cannot hide a
sheet from the scan by its prefixes or its kind. Where the scan and calamine
could differ the scan counts more, never less:

- xlsx (``<row>``/``<c>``): a cell counts once it holds an element (a value, an
  inline string, a formula); its position is its ``r`` or follows the one
  before, as calamine reckons it. A ``t="s"`` cell adds the size of the shared
  string calamine copies into it (``tally.shared_string_size``), and is refused
  if its index is not written plainly; a shared-strings part records those
  sizes, and may not nest one string in another (calamine would then number
  the strings differently).
- ods (``table``/``table-row``/``table-cell``): a cell counts when it has a
  value, a formula or any content; its position is the sum of the repeats
  (``number-columns-repeated``, ``number-rows-repeated``) before it, and its
  text is counted once for each copy the repeats make.
"""

from __future__ import annotations

import re
from array import array
from typing import Any
from xml.parsers import expat

from jiedao.core.spreadsheets.limits import damaged, too_much_text, unreadable
from jiedao.core.spreadsheets.tally import Tally, shared_string_size

_REFERENCE = re.compile(r"([A-Za-z]*)([0-9]*)")
_REPEAT = re.compile(r"\+?[0-9]+")
_FAR = 10**9  # a coordinate or repeat count of more digits than any limit: beyond them all
# Attributes (by local name) that give an ods cell a value calamine keeps.
_ODS_VALUES = frozenset(["value", "string-value", "boolean-value", "date-value", "time-value", "value-type", "formula"])
_ODS_CELLS = frozenset(["table-cell", "covered-table-cell"])


def _local(name: str) -> str:
    return name.rpartition(":")[2]


_DIGITS = "0123456789"
# Letters → column for the letters met so far (a sheet uses few): most references skip the regex.
_COLUMNS: dict[str, int] = {}


def reference(text: str, *, needs_column: bool) -> tuple[int, int]:
    """(row, column) from 1 of an A1 reference, as calamine parses it (any case)."""
    letters = text.rstrip(_DIGITS)
    column = _COLUMNS.get(letters)
    digits = text[len(letters) :]
    if column is not None and 0 < len(digits) < 10 and digits[0] != "0":
        return int(digits), column
    match = _REFERENCE.fullmatch(text)
    if match is None:
        raise unreadable()  # calamine refuses it too
    letters, digits = match.groups()
    if len(letters) > 6 or len(digits) > 9:
        return _FAR, _FAR
    column = 0
    for letter in letters.upper():
        column = column * 26 + ord(letter) - 64
    row = int(digits) if digits else 0
    if row == 0 or (needs_column and column == 0):
        raise unreadable()
    if column and len(_COLUMNS) < 100_000:
        _COLUMNS[letters] = column
    return row, column


def _repeat(text: str) -> int:
    if _REPEAT.fullmatch(text) is None:
        raise unreadable()  # calamine refuses it too
    digits = text.lstrip("+")
    return _FAR if len(digits) > 9 else int(digits)


class XmlPartScan:
    """Feed the chunks of one part, then ``close()``."""

    def __init__(self, tally: Tally, *, shared_strings: array[int] | None, is_shared_strings: bool) -> None:
        self.tally = tally
        self.well_formed = True
        self._locals: dict[str, str] = {}  # element name → local name
        self._parser = parser = expat.ParserCreate()
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.StartDoctypeDeclHandler = self._doctype
        # xlsx
        self._row = 0  # from 0, as calamine counts; the next cell without "r" takes (row, column)
        self._column = 0
        self._pending: tuple[int, int] | None = None  # a cell not yet known to hold something
        self._shared_cell = False
        self._index_text: list[str] | None = None
        self._index_start = -1  # where the index's text began, in the part's bytes
        self._rows = self._columns = 0  # this part's extent, from 1
        self._shared = shared_strings if shared_strings is not None else array("L")
        self._collect_strings = is_shared_strings
        self._string_start = -1  # where the <si> being read began
        # ods
        self._tables = 0  # depth of table elements (not counting tables inside cells)
        self._in_row = False
        self._cell_depth = 0
        self._ods: dict[str, int] = {}
        self._cell: list[int] = []  # first column, repeats, has value, attribute bytes, content start

    def feed(self, chunk: bytes) -> None:
        self._parse(chunk, final=False)

    def close(self) -> None:
        self._parse(b"", final=True)
        if self.well_formed and self._rows:
            self.tally.add_sheet(self._rows, self._columns)

    def _parse(self, data: bytes, *, final: bool) -> None:
        if self.well_formed:
            try:
                self._parser.Parse(data, final)
            except (expat.ExpatError, LookupError, ValueError):
                # LookupError, ValueError: a declared encoding expat cannot decode (unknown, or multi-byte)
                self.well_formed = False

    def _doctype(self, *args: Any) -> None:
        raise damaged()  # no spreadsheet part declares a DTD; entities are a bomb of their own

    # ------------------------------------------------------------ xlsx

    def _index_piece(self, text: str) -> None:
        """Text of a shared string's index: expat may hand it over in pieces."""
        if self._index_start < 0:
            self._index_start = self._parser.CurrentByteIndex
        assert self._index_text is not None
        self._index_text.append(text)

    def _count_cell(self) -> None:
        assert self._pending is not None
        row, column = self._pending
        self._pending = None
        if row > self._rows or column > self._columns:
            self._rows, self._columns = max(row, self._rows), max(column, self._columns)
            self.tally.check_extent(self._rows, self._columns)

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        local = self._locals.get(name)
        if local is None:
            local = self._locals[name] = _local(name)
        if self._index_text is not None:
            raise damaged()  # an element inside a shared string's index: read no further
        if self._pending is not None:
            self._count_cell()  # the first element inside a <c>: it holds something
        if self._cell_depth:
            self._ods_cell_content()
        if local == "c":
            ref = attrs.get("r")
            row, column = (self._row + 1, self._column + 1) if ref is None else reference(ref, needs_column=True)
            self._column = column  # the next cell without "r" follows this one
            self._pending = (row, column)
            self._shared_cell = attrs.get("t") == "s"
        elif local == "v" and self._shared_cell:
            self._index_text = []
            self._index_start = -1
            self._parser.CharacterDataHandler = self._index_piece
        elif local == "row":
            ref = attrs.get("r")
            if ref is not None:
                self._row = reference(ref, needs_column=False)[0] - 1
        elif self._collect_strings and local == "si":
            if self._string_start >= 0:
                raise damaged()  # calamine would end both strings at the inner </si>: indices would shift
            self._string_start = self._parser.CurrentByteIndex
            self.tally.add_strings(1)
        elif self._collect_strings and local == "sst":
            declared = attrs.get("uniqueCount", "")
            # calamine reserves room for uniqueCount strings before reading any
            if declared.isdecimal() and (len(declared) > 9 or int(declared) > self.tally.limits.max_cells):
                raise too_much_text(self.tally.limits)
        elif not self._cell_depth:
            self._ods_start(local, attrs)

    def _end(self, name: str) -> None:
        local = self._locals[name]
        in_ods_cell = bool(self._cell_depth)
        if in_ods_cell:
            self._cell_depth -= 1
            if not self._cell_depth:
                self._ods_cell_end()
        if local == "c":
            self._pending = None
            self._shared_cell = False
        elif local == "v" and self._index_text is not None:
            self._parser.CharacterDataHandler = None
            text, self._index_text = "".join(self._index_text), None
            if text:
                index = text.encode()
                if self._parser.CurrentByteIndex - self._index_start != len(index):
                    # A reference, CDATA or a line break in the index: calamine reads the raw bytes.
                    raise damaged()
                self.tally.add_text(shared_string_size(self._shared, index))
        elif local == "row":
            self._row += 1
            self._column = 0
        elif self._collect_strings and local == "si":
            self._shared.append(min(self._parser.CurrentByteIndex - self._string_start, 2**32 - 1))
            self._string_start = -1
        elif in_ods_cell:
            return
        elif local == "table-row" and self._in_row:
            self._ods_row_end()
        elif local == "table" and self._tables:
            self._tables -= 1
            if not self._tables:
                self._ods_table_end()

    # ------------------------------------------------------------ ods

    def _ods_start(self, local: str, attrs: dict[str, str]) -> None:
        ods = self._ods
        if local == "table":
            if not self._tables:
                self._ods = {"rows": 0, "row_elements": 0, "last_row": 0, "columns": 0}
            self._tables += 1
        elif local == "table-row" and self._tables:
            repeats = 1
            for key, value in attrs.items():
                if _local(key) == "number-rows-repeated":
                    repeats = max(repeats, _repeat(value))
            ods["rows"] += repeats
            ods["row_elements"] += 1
            if ods["row_elements"] > self.tally.limits.max_rows:
                self.tally.check_extent(ods["row_elements"], 1)
            ods.update(row_repeats=repeats, row_column=0, row_last=0, row_text=0)
            self._in_row = True
        elif local in _ODS_CELLS and self._in_row:
            repeats, has_value, attribute_bytes = 1, False, 0
            for key, value in attrs.items():
                key = _local(key)
                if key == "number-columns-repeated":
                    repeats = max(repeats, _repeat(value))
                elif key in _ODS_VALUES:
                    has_value = True
                attribute_bytes += len(value.encode())
            self._cell = [ods["row_column"], repeats, has_value, attribute_bytes, 0]
            ods["row_column"] += repeats
            self._cell_depth = 1

    def _ods_cell_content(self) -> None:
        self._cell_depth += 1
        cell = self._cell
        if not cell[4]:
            cell[4] = self._parser.CurrentByteIndex
        cell[2] = True

    def _ods_cell_end(self) -> None:
        first, repeats, has_value, attribute_bytes, content_start = self._cell
        if not has_value:
            return  # calamine keeps no empty cell unless a later one in the row has a value
        ods = self._ods
        last = first + repeats
        content = self._parser.CurrentByteIndex - content_start if content_start else 0
        ods["row_last"] = max(ods["row_last"], last)
        ods["row_text"] += (attribute_bytes + content) * repeats
        self.tally.check_extent(ods["rows"], last)

    def _ods_row_end(self) -> None:
        ods = self._ods
        self._in_row = False
        if ods["row_last"]:
            ods["last_row"] = ods["rows"]
            ods["columns"] = max(ods["columns"], ods["row_last"])
            self.tally.add_text(ods["row_text"] * ods["row_repeats"])

    def _ods_table_end(self) -> None:
        ods = self._ods
        if ods["last_row"]:
            self.tally.add_sheet(ods["last_row"], ods["columns"])
