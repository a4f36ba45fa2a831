"""Checking an xlsx or ods (a zip) before calamine opens it.

The container first: one end record, at the very end; the central directory
right before it; parts in order from the first byte, none overlapping another
or the directory (an image with a zip appended, a zip inside a zip, many names
for one compressed block; a gap stays allowed, where a data descriptor goes); names
unique as calamine looks them up (without case, ``\\`` as ``/``); parts only
stored or deflated, not encrypted. Then the sizes the headers declare: all
parts together, and each against its compressed size. Then every part is
decompressed in 64 KiB chunks and refused as soon as it yields more than its
header declared (so no header can lie its way past those checks) or ends with
another size or CRC; nothing decompressed is kept. Each chunk is scanned for
what calamine would build: the shared strings and an ods's content.xml exactly
(``xml_parts``), every other part quickly (``fast_cells``), again exactly if
the quick scan cannot vouch for it.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from jiedao.core.spreadsheets.fast_cells import FastCellScan
from jiedao.core.spreadsheets.limits import (
    Limits,
    damaged,
    protected,
    too_compressed,
    too_expanded,
    too_many_entries,
    unreadable,
    unsupported_kind,
)
from jiedao.core.spreadsheets.tally import Tally
from jiedao.core.spreadsheets.xml_parts import XmlPartScan

CHUNK = 64 * 1024
_END = struct.Struct("<4sHHHHIIH")  # end of central directory record
_LOCAL = struct.Struct("<4sHHHHHIIIHH")  # local file header
_END_SIGNATURE = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_TAIL = _END.size + 0xFFFF  # where zip readers look for the end record
_CENTRAL_BYTES_PER_ENTRY = 4096  # a central directory entry with a long name and extras


@dataclass(frozen=True)
class _Part:
    info: zipfile.ZipInfo
    name: str  # as calamine looks it up
    data_start: int


def _central_directory(file: IO[bytes], size: int, limits: Limits) -> int:
    """The offset of the central directory, after checking the end record."""
    tail_start = max(0, size - _TAIL)
    file.seek(tail_start)
    tail = file.read()
    at = tail.rfind(_END_SIGNATURE)
    if at < 0 or len(tail) - at < _END.size or tail.count(_END_SIGNATURE) != 1:
        raise damaged()  # truncated, or two end records that readers may choose between
    _, disk, directory_disk, entries_here, entries, directory_size, directory_offset, comment = _END.unpack_from(
        tail, at
    )
    if at + _END.size + comment != len(tail) or tail[max(0, at - 20) : at - 16] == _ZIP64_LOCATOR:
        raise damaged()  # something after the zip, or a zip64 record this check does not follow
    if disk or directory_disk or entries_here != entries:
        raise damaged()
    if entries > limits.max_entries or directory_size > limits.max_entries * _CENTRAL_BYTES_PER_ENTRY:
        raise too_many_entries(limits)
    if directory_offset + directory_size != tail_start + at:
        raise damaged()  # bytes before the zip (a polyglot) or between its directory and its end
    return int(directory_offset)


def _parts(file: IO[bytes], infos: list[zipfile.ZipInfo], directory_offset: int) -> list[_Part]:
    """The parts in file order, after checking each local header against the directory,
    that the first part starts the file and that none overlaps the one before."""
    parts: list[_Part] = []
    seen: set[str] = set()
    end = 0
    for info in sorted(infos, key=lambda i: i.header_offset):
        name = info.filename.replace("\\", "/").lower()
        if name in seen:
            raise damaged()
        seen.add(name)
        if info.flag_bits & 0x1:
            raise protected()
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise damaged()  # calamine reads no other compression
        file.seek(info.header_offset)
        header = file.read(_LOCAL.size)
        if len(header) < _LOCAL.size:
            raise damaged()
        signature, _, flags, method, _, _, _, _, _, name_length, extra_length = _LOCAL.unpack(header)
        raw_name = info.orig_filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437")
        if signature != b"PK\x03\x04" or method != info.compress_type or file.read(name_length) != raw_name:
            raise damaged()
        if flags & 0x1:
            raise protected()
        if (not parts and info.header_offset) or info.header_offset < end:
            raise damaged()  # data before the first part, or parts that overlap
        data_start = info.header_offset + _LOCAL.size + name_length + extra_length
        end = data_start + info.compress_size
        if end > directory_offset:
            raise damaged()
        parts.append(_Part(info, name, data_start))
    return parts


def _kind(names: set[str]) -> None:
    """Refuse what calamine would read as no sheet we checked (xlsb) or as no sheet at all."""
    if any(name == "workbook.bin" or name.endswith("/workbook.bin") for name in names):
        raise unsupported_kind()
    is_xlsx = "_rels/.rels" in names and any(name.endswith("workbook.xml") for name in names)
    is_ods = "mimetype" in names and "content.xml" in names
    if not (is_xlsx or is_ods):
        raise unreadable()


def _inflate(file: IO[bytes], part: _Part) -> Iterator[bytes]:
    """The part's bytes, decompressed in bounded chunks; refused as soon as they outgrow its
    declared size (which ``_check_declared`` bounded), and unless they match its size and CRC."""
    info = part.info
    inflater = zlib.decompressobj(-zlib.MAX_WBITS) if info.compress_type == zipfile.ZIP_DEFLATED else None
    file.seek(part.data_start)
    left, produced, crc = info.compress_size, 0, 0
    while left and (inflater is None or not inflater.eof):
        chunk = file.read(min(CHUNK, left))
        if not chunk:
            raise damaged()
        left -= len(chunk)
        pending = chunk
        while pending:
            if inflater is None:
                piece, pending = pending, b""
            else:
                try:
                    piece = inflater.decompress(pending, CHUNK)
                except zlib.error:
                    raise damaged() from None  # not a deflate stream: calamine would fail on it too
                pending = b"" if inflater.eof else inflater.unconsumed_tail
            produced += len(piece)
            if produced > info.file_size:
                raise damaged()  # more than its header says: the declared size binds
            crc = zlib.crc32(piece, crc)
            yield piece
    if (inflater is not None and not inflater.eof) or produced != info.file_size or crc != info.CRC:
        raise damaged()


def _check_declared(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Refuse from the headers alone what would be refused once decompressed."""
    if sum(info.file_size for info in infos) > limits.max_expanded_bytes:
        raise too_expanded(limits)
    for info in infos:
        if info.file_size > limits.ratio_floor_bytes and info.file_size > limits.max_ratio * info.compress_size:
            raise too_compressed(limits)


def _exact(file: IO[bytes], part: _Part, scan: XmlPartScan) -> None:
    for piece in _inflate(file, part):
        scan.feed(piece)
    scan.close()
    if not scan.well_formed:
        raise damaged()  # calamine would read it leniently: we could not see what it sees


def _scan_part(file: IO[bytes], part: _Part, tally: Tally, sizes: array[int]) -> None:
    """Count what calamine could build from ``part``: quickly if the part is usual, else exactly."""
    fast = FastCellScan(tally, sizes)
    for piece in _inflate(file, part):
        fast.feed(piece)
    fast.close()
    if not fast.usable and fast.may_be_sheet:
        _exact(file, part, XmlPartScan(tally, shared_strings=sizes, is_shared_strings=False))


def check_zip(file: IO[bytes], size: int, limits: Limits) -> None:
    """Raise ``SpreadsheetRefused`` unless the zip is an xlsx or ods within ``limits``."""
    directory_offset = _central_directory(file, size, limits)
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, ValueError):
        raise damaged() from None  # NotImplementedError: a part needing a later zip version than 6.3
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_entries:
            raise too_many_entries(limits)
        parts = _parts(file, infos, directory_offset)
    _kind({part.name for part in parts})
    _check_declared(infos, limits)
    tally = Tally(limits)
    shared = [part for part in parts if part.name.endswith("sharedstrings.xml")]
    if len(shared) > 1:
        raise damaged()
    sizes: array[int] = array("L")
    for part in shared:  # first: the cells of the sheets name its strings
        _exact(file, part, XmlPartScan(tally, shared_strings=sizes, is_shared_strings=True))
    for part in parts:
        if part.name == "content.xml":  # what calamine reads of an ods
            _exact(file, part, XmlPartScan(tally, shared_strings=sizes, is_shared_strings=False))
        elif part not in shared:
            _scan_part(file, part, tally, sizes)
