"""Hostile spreadsheets, built in memory at test time.

Minimal but real xlsx, ods and xls files (python-calamine reads them), written
by hand so that a test can put a cell anywhere, lie in any header or size, and
break the container in any way; and the usual disguises of a file that is not
a spreadsheet at all.
"""

import io
import struct
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

MIB = 1024 * 1024
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# The far corner of an Excel sheet: one cell there and calamine would hold 17 billion cells.
FAR_CORNERS = ("XFD1048576", "XFD1", "A1048576", "ZZ300000", "CW1")

# ---------------------------------------------------------------- xlsx


def sheet_xml(cells: Iterable[tuple[str | None, object]], *, prefix: str = "") -> str:
    """A worksheet holding ``cells`` ((reference, value) pairs; a reference of None
    leaves out ``r``); numbers as numbers, strings inline."""
    p = f"{prefix}:" if prefix else ""
    body = []
    for reference, value in cells:
        r = f' r="{reference}"' if reference else ""
        if isinstance(value, str):
            body.append(f'<{p}c{r} t="inlineStr"><{p}is><{p}t>{escape(value)}</{p}t></{p}is></{p}c>')
        else:
            body.append(f"<{p}c{r}><{p}v>{value}</{p}v></{p}c>")
    xmlns = f' xmlns:{prefix}="{MAIN}"' if prefix else f' xmlns="{MAIN}"'
    return f"<{p}worksheet{xmlns}><{p}sheetData><{p}row>{''.join(body)}</{p}row></{p}sheetData></{p}worksheet>"


def xlsx_parts(sheet: str | bytes, *, shared_strings: str | bytes | None = None) -> dict[str, bytes]:
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/></Types>'
        ),
        "_rels/.rels": f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
        f'Type="{OFFICE_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{OFFICE_RELS}"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{RELS}">'
        f'<Relationship Id="rId1" Type="{OFFICE_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{OFFICE_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>",
        "xl/worksheets/sheet1.xml": sheet,
    }
    if shared_strings is not None:
        parts["xl/sharedStrings.xml"] = shared_strings
    return {name: data.encode() if isinstance(data, str) else data for name, data in parts.items()}


def zipped(parts: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def xlsx(cells: Iterable[tuple[str | None, object]], **options: str) -> bytes:
    return zipped(xlsx_parts(sheet_xml(cells, **options)))


def sparse_xlsx(*far: str) -> bytes:
    """A 1 KB xlsx with a header in A1 and a number at each ``far`` cell."""
    return xlsx([("A1", "姓名"), *((reference, 1) for reference in far)])


def shared_strings_xml(strings: Sequence[str], *, unique_count: int | None = None) -> str:
    count = len(strings) if unique_count is None else unique_count
    items = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
    return f'<sst xmlns="{MAIN}" count="{count}" uniqueCount="{count}">{items}</sst>'


def shared_string_cells(index: int | str, count: int, *, prefix: str = "") -> str:
    """A sheet of ``count`` cells (A1 down) that all show shared string ``index``, written as given."""
    p = f"{prefix}:" if prefix else ""
    cells = "".join(f'<{p}c r="A{row}" t="s"><{p}v>{index}</{p}v></{p}c>' for row in range(1, count + 1))
    xmlns = f' xmlns:{prefix}="{MAIN}"' if prefix else f' xmlns="{MAIN}"'
    return f"<{p}worksheet{xmlns}><{p}sheetData><{p}row>{cells}</{p}row></{p}sheetData></{p}worksheet>"


# ---------------------------------------------------------------- ods

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def ods_cell(value: object = None, *, columns: int = 1) -> str:
    repeat = f' table:number-columns-repeated="{columns}"' if columns > 1 else ""
    if value is None:
        return f"<table:table-cell{repeat}/>"
    if isinstance(value, str):
        return (
            f'<table:table-cell office:value-type="string"{repeat}><text:p>{escape(value)}</text:p></table:table-cell>'
        )
    return f'<table:table-cell office:value-type="float" office:value="{value}"{repeat}><text:p>{value}</text:p></table:table-cell>'


def ods_row(*cells: str, rows: int = 1) -> str:
    repeat = f' table:number-rows-repeated="{rows}"' if rows > 1 else ""
    return f"<table:table-row{repeat}>{''.join(cells)}</table:table-row>"


def ods_content(*rows: str) -> str:
    """The content.xml of an ods whose one sheet holds ``rows``."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NAMESPACES} office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Sheet1">{"".join(rows)}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )


def ods(*rows: str) -> bytes:
    return ods_file(ods_content(*rows).encode())


def ods_file(content: bytes) -> bytes:
    """An ods with ``content`` as its content.xml."""
    manifest = (
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", ODS_MIMETYPE, zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


# ---------------------------------------------------------------- xls (BIFF8 in an OLE2 compound file)

SECTOR = 512
END_OF_CHAIN, FREE, FAT_SECTOR = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD


def _record(kind: int, data: bytes) -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _bof(kind: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x0206))


def xls_cell(row: int, column: int, value: object) -> bytes:
    """A NUMBER or LABEL record."""
    if isinstance(value, str):
        text = value.encode("utf-16-le")
        return _record(0x0204, struct.pack("<HHHHB", row, column, 0, len(value), 1) + text)
    return _record(0x0203, struct.pack("<HHHd", row, column, 0, float(str(value))))


def xls_dimensions(first_row: int, row_end: int, first_column: int, column_end: int) -> bytes:
    return _record(0x0200, struct.pack("<IIHHH", first_row, row_end, first_column, column_end, 0))


def workbook_stream(*sheets: bytes, globals_records: bytes = b"") -> bytes:
    """BIFF8 globals and one sheet for each of ``sheets`` (the records between its BOF and EOF)."""
    names = [f"Sheet{number}" for number in range(1, len(sheets) + 1)]

    def boundsheet(offset: int, name: str) -> bytes:
        return _record(0x0085, struct.pack("<IBBBB", offset, 0, 0, len(name), 0) + name.encode())

    head = _bof(0x0005) + _record(0x0042, struct.pack("<H", 1200)) + globals_records
    tail = _record(0x000A, b"")
    bodies = [_bof(0x0010) + records + _record(0x000A, b"") for records in sheets]
    offset = len(head) + sum(len(boundsheet(0, name)) for name in names) + len(tail)
    listed = b""
    for name, body in zip(names, bodies, strict=True):
        listed += boundsheet(offset, name)
        offset += len(body)
    return head + listed + tail + b"".join(bodies)


def _directory_entry(name: str, kind: int, start: int, size: int, child: int = FREE) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", FREE, FREE, child)
        + bytes(16 + 4 + 16)
        + struct.pack("<III", start, size, 0)
    )


def _chain(first: int, count: int) -> list[int]:
    return [*range(first + 1, first + count), END_OF_CHAIN] if count else []


def compound_file(
    stream: bytes, *, name: str = "Workbook", fat_patch: dict[int, int] | None = None, mini: bool = False
) -> bytes:
    """An OLE2 file (version 3) holding ``stream``: the FAT in sector 0, the directory in 1,
    then the stream (at least 4 096 bytes); or, with ``mini``, the stream (under 4 096
    bytes) in the mini stream, whose table is sector 2 and which is kept from sector 3."""
    if mini:
        assert len(stream) < 4096
        small = stream.ljust(-(-len(stream) // 64) * 64, b"\0")
        container = small.ljust(-(-len(small) // SECTOR) * SECTOR, b"\0")
        mini_fat = _chain(0, len(small) // 64)
        sectors = [struct.pack(f"<{SECTOR // 4}I", *mini_fat, *[FREE] * (SECTOR // 4 - len(mini_fat))), container]
        fat = [FAT_SECTOR, END_OF_CHAIN, END_OF_CHAIN, *_chain(3, len(container) // SECTOR)]
        root = _directory_entry("Root Entry", 5, 3, len(small), child=1)
        entry = _directory_entry(name, 2, 0, len(stream))
        mini_fat_start, mini_fat_sectors = 2, 1
    else:
        stream = stream.ljust(max(4096, -(-len(stream) // SECTOR) * SECTOR), b"\0")
        sectors = [stream]
        fat = [FAT_SECTOR, END_OF_CHAIN, *_chain(2, len(stream) // SECTOR)]
        root = _directory_entry("Root Entry", 5, END_OF_CHAIN, 0, child=1)
        entry = _directory_entry(name, 2, 2, len(stream))
        mini_fat_start, mini_fat_sectors = END_OF_CHAIN, 0
    fat += [FREE] * (SECTOR // 4 - len(fat))
    for index, value in (fat_patch or {}).items():
        fat[index] = value
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x003E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, mini_fat_start, mini_fat_sectors, END_OF_CHAIN, 0)
        + struct.pack("<I", 0)
        + struct.pack("<108I", *[FREE] * 108)
    )
    assert len(header) == SECTOR
    fat_sector = struct.pack(f"<{SECTOR // 4}I", *fat)
    return header + fat_sector + (root + entry).ljust(SECTOR, b"\0") + b"".join(sectors)


def xls(cells: Iterable[tuple[int, int, object]], *, dimensions: bytes | None = None) -> bytes:
    """An xls with ``cells`` ((row, column, value), from 0) on its one sheet."""
    cells = list(cells)
    if dimensions is None:
        rows = max((row for row, _, _ in cells), default=0) + 1
        columns = max((column for _, column, _ in cells), default=0) + 1
        dimensions = xls_dimensions(0, rows, 0, min(columns, 0xFFFF))
    return compound_file(workbook_stream(dimensions + b"".join(xls_cell(*cell) for cell in cells)))


# ---------------------------------------------------------------- crafted zips


@dataclass(frozen=True)
class RawEntry:
    """A zip entry written exactly as given: data already compressed, sizes and CRC as declared."""

    name: str
    data: bytes
    size: int
    crc: int
    method: int = zipfile.ZIP_DEFLATED
    flags: int = 0
    offset: int | None = None  # the local header to point at (another entry's, to overlap)


def deflated(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


def honest(name: str, data: bytes) -> RawEntry:
    return RawEntry(name, deflated(data), len(data), zlib.crc32(data))


def zeros(mebibytes: int) -> tuple[bytes, int]:
    """``mebibytes`` MiB of zero bytes deflated (about 1 KB a MiB) and their CRC, built
    from one compressed block repeated, so a bomb costs nothing to make."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = compressor.compress(bytes(MIB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(mebibytes):
        crc = zlib.crc32(bytes(MIB), crc)
    return block * mebibytes + b"\x03\x00", crc


def _header_fields(entry: RawEntry) -> tuple[int, ...]:
    """What a local header and a central directory entry both say of ``entry``, from its flags
    to its name's length (the time and date fixed)."""
    return (entry.flags, entry.method, 0, 0x21, entry.crc, len(entry.data), entry.size, len(entry.name.encode()))


def raw_zip(entries: Sequence[RawEntry], *, before: bytes = b"", after: bytes = b"") -> bytes:
    out = bytearray(before)
    central = bytearray()
    offsets: list[int] = []
    for entry in entries:
        name = entry.name.encode()
        if entry.offset is None:
            offsets.append(len(out))
            out += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, *_header_fields(entry), 0) + name + entry.data
        else:
            offsets.append(entry.offset)
    start = len(out)
    for entry, offset in zip(entries, offsets, strict=True):
        fields = _header_fields(entry)
        central += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, *fields, 0, 0, 0, 0, 0, offset)
        central += entry.name.encode()
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), start, 0)
    return bytes(out + central + end + after)


def xlsx_entries(sheet: RawEntry) -> list[RawEntry]:
    """The parts of a minimal xlsx, honest, with ``sheet`` as its worksheet."""
    parts = xlsx_parts("")
    return [honest(name, data) for name, data in parts.items() if name != sheet.name] + [sheet]


def deflate_bomb(mebibytes: int, *, declared: int | None = None) -> bytes:
    """An xlsx whose sheet is ``mebibytes`` MiB of zeros (about 1 KB a MiB), declaring
    that size or ``declared``."""
    data, crc = zeros(mebibytes)
    size = mebibytes * MIB if declared is None else declared
    return raw_zip(xlsx_entries(RawEntry("xl/worksheets/sheet1.xml", data, size, crc)))


# ---------------------------------------------------------------- not spreadsheets at all

PNG = b"\x89PNG\r\n\x1a\n" + struct.pack(">I4sIIBBBBB", 13, b"IHDR", 1, 1, 8, 2, 0, 0, 0) + b"\0" * 4
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML_XLS = "<html><body><table><tr><td>姓名</td><td>身份证号</td></tr></table></body></html>".encode()
CSV = "姓名,身份证号\n张伟,310109197803091317\n".encode()


def not_spreadsheets() -> dict[str, bytes]:
    """Files that are no spreadsheet, by what they are."""
    docx = zipped(
        {"[Content_Types].xml": b"<Types/>", "_rels/.rels": b"<Relationships/>", "word/document.xml": b"<w/>"}
    )
    return {
        "png": PNG,
        "pdf": PDF,
        "html": HTML_XLS,
        "csv": CSV,
        "text": "只是一段文字".encode(),
        "empty": b"",
        "zip of a text file": zipped({"readme.txt": b"hello"}),
        "docx": docx,
        "ole2 without a workbook (a .doc)": compound_file(b"\0" * 4096, name="WordDocument"),
    }
