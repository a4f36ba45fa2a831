"""The workbook stream of an xls (an OLE2 compound file), found as calamine finds it.

calamine follows the file's sector chains without looking back and sizes some
of its buffers from header fields, so a 2 KB file with a chain that loops or a
header that lies makes it loop or allocate without end. This reads the same
chains the same way (sector N at ``(N + 1) × sector size``, the FAT from the
DIFAT, the directory, the mini stream, then the first directory entry named
Workbook, Book, WORKBOOK or BOOK) and refuses a chain that loops or leaves the
file, and header fields that would make calamine reserve more than the file
could hold. The whole file is in memory: it is at most ``max_file_bytes``.
"""

from __future__ import annotations

import struct
import sys
from array import array
from dataclasses import dataclass

from jiedao.core.spreadsheets.limits import damaged, protected, unreadable

SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
_FAT_SECTOR_LIMIT = 0xFFFFFFFC  # DIFSECT: ids from here on name no FAT sector
_RESERVED = 0xFFFFFFFA
_MINI_SECTOR = 64
_MINI_STREAM_CUTOFF = 4096
_MAX_RESERVED_IDS = 1 << 24  # calamine reserves this header field's count of 4-byte ids (64 MB)
_WORKBOOK_NAMES = ("Workbook", "Book", "WORKBOOK", "BOOK")
# A zip's end record: calamine tries an xls that it cannot read as an xlsx next.
_ZIP_END = b"PK\x05\x06"


@dataclass(frozen=True)
class _Entry:
    name: str
    start: int
    size: int


def _ids(data: bytes) -> array[int]:
    ids = array("I", data)
    if sys.byteorder == "big":
        ids.byteswap()
    return ids


class _Compound:
    def __init__(self, data: bytes) -> None:
        if len(data) < 512 or not data.startswith(SIGNATURE):
            raise unreadable()
        shift, mini_shift = struct.unpack_from("<HH", data, 30)
        if shift not in (9, 12) or mini_shift != 6:
            raise damaged()
        self.data = data
        self.version = struct.unpack_from("<H", data, 26)[0]
        self.size = 1 << shift
        self.last_id = len(data) // self.size  # calamine's bound on a sector id
        if len(data) < self.size:
            raise damaged()

    def sector(self, number: int) -> bytes:
        start = (number + 1) * self.size
        if number > self.last_id or start + self.size > len(self.data):
            raise damaged()  # past the end of the file (calamine would read a short sector)
        return self.data[start : start + self.size]

    def chain(self, first: int, fat: array[int], length: int, sectors: _Compound | _MiniStream | None = None) -> bytes:
        """The bytes of the chain from ``first``, cut at ``length``; a loop or a stray id is refused."""
        source = sectors or self
        out = bytearray()
        seen: set[int] = set()
        number = first
        while number != _END_OF_CHAIN and len(out) < length:
            if number in seen:
                raise damaged()  # a loop: calamine would go round it until memory runs out
            seen.add(number)
            out += source.sector(number)[: length - len(out)]
            if len(out) < length:
                if number >= len(fat):
                    raise damaged()  # calamine would index past its table
                number = fat[number]
        return bytes(out)


class _MiniStream:
    size = _MINI_SECTOR

    def __init__(self, data: bytes) -> None:
        self.data = data

    def sector(self, number: int) -> bytes:
        start = number * _MINI_SECTOR
        if start + _MINI_SECTOR > len(self.data):
            raise damaged()  # calamine would read on from wherever the file happens to be
        return self.data[start : start + _MINI_SECTOR]


def _fat(compound: _Compound) -> array[int]:
    data = compound.data
    (fat_sectors,) = struct.unpack_from("<I", data, 44)
    (reserved,) = struct.unpack_from("<I", data, 62)  # calamine reads the DIFAT length from here
    if fat_sectors > compound.last_id + 1 or reserved > _MAX_RESERVED_IDS:
        raise damaged()
    difat = list(_ids(data[76:512]))
    (number,) = struct.unpack_from("<I", data, 68)
    seen: set[int] = set()
    while number < _RESERVED:
        if number in seen:
            raise damaged()  # a DIFAT chain that loops: calamine would never stop
        seen.add(number)
        difat.extend(_ids(compound.sector(number)))
        number = difat.pop()
    listed = [number for number in difat if number < _FAT_SECTOR_LIMIT]
    if len(set(listed)) != len(listed):
        raise damaged()
    fat = array("I")
    for number in listed:
        fat.extend(_ids(compound.sector(number)))
    return fat


def _directory(compound: _Compound, fat: array[int]) -> list[_Entry]:
    (start,) = struct.unpack_from("<I", compound.data, 48)
    raw = compound.chain(start, fat, len(compound.data))
    entries = []
    for offset in range(0, len(raw) - 127, 128):
        name = raw[offset : offset + 64].decode("utf-16-le", "replace").split("\0", 1)[0]
        (first,) = struct.unpack_from("<I", raw, offset + 116)
        size = struct.unpack_from("<I" if compound.size == 512 else "<Q", raw, offset + 120)[0]
        entries.append(_Entry(name, first, size))
    if not entries or (compound.version != 3 and entries[0].start == _END_OF_CHAIN):
        raise damaged()
    return entries


def workbook_stream(data: bytes) -> bytes:
    """The workbook stream of an xls file, or ``SpreadsheetRefused``."""
    if _ZIP_END in data[-(22 + 0xFFFF) :]:
        raise unreadable()  # an xls with a zip at its end: calamine could read the zip instead
    compound = _Compound(data)
    fat = _fat(compound)
    entries = _directory(compound, fat)
    if any(entry.name == "EncryptedPackage" for entry in entries):
        raise protected()  # an xlsx saved with a password
    for entry in entries:
        if entry.size > len(data):
            raise damaged()
    mini_fat_start, mini_fat_sectors = struct.unpack_from("<II", data, 60)
    mini: _MiniStream | None = None
    mini_fat = array("I")
    if mini_fat_sectors:
        root = entries[0]
        mini = _MiniStream(compound.chain(root.start, fat, root.size))
        if mini_fat_sectors * compound.size > len(data):
            raise damaged()
        mini_fat = _ids(compound.chain(mini_fat_start, fat, mini_fat_sectors * compound.size))
    for name in _WORKBOOK_NAMES:
        found = next((e for e in entries if e.name == name), None)
        if found is None:
            continue
        if found.size < _MINI_STREAM_CUTOFF:
            if mini is None:
                raise damaged()
            return compound.chain(found.start, mini_fat, found.size, mini)
        return compound.chain(found.start, fat, found.size)
    raise unreadable()  # a Word document, or another compound file
