"""Importing a roster spreadsheet (xlsx, xls or ods) into the people registry.

Two passes. First every row is read and validated with ``person_values`` (the
one validation of a person); any problem anywhere and nothing is written.
Then, in one transaction and batch by batch, people are matched by
``id_number_hash`` within the sub-district, new ones inserted, changed ones
bulk-updated and unchanged ones left alone, so importing the same file twice
writes nothing.

Memory: calamine holds the whole sheet (about 45 MB for 100 000 rows of eight
columns, more while it parses), so the validated rows are kept as compressed
marshalled batches (well under 200 bytes a row instead of about 900 as Python
objects). See bench/import_people.py for the figures.
"""

import datetime as dt
import marshal
import zlib
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from os import PathLike
from typing import IO, Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.models import AuditEntry
from jiedao.org.models import ResidentialArea, Unit
from jiedao.people.models import ROLE_FIELDS, Person
from jiedao.people.roster import columns as col
from jiedao.people.services import person_values

Cell = Any  # what calamine yields: str, int, float, bool, date, datetime, time, timedelta
Source = str | PathLike[str] | IO[bytes]

# Rows per batch: one query to match a batch's ID hashes with stored people, one
# executemany for the new ones, one bulk_update for the changed ones.
WRITE_BATCH = 1000
UPDATE_BATCH = 250  # bulk_update builds one CASE per field per row: keep its statements modest


@dataclass(frozen=True)
class RowError:
    """One problem: the row as Excel numbers it (header = 1; None for the file), the column header, the reason."""

    row: int | None
    column: str
    message: str


@dataclass
class ImportResult:
    file_name: str
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


class RosterFileError(Exception):
    """The file as a whole cannot be imported (not a spreadsheet, missing headers, …)."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


class _Record(NamedTuple):
    """One validated row; only types ``marshal`` handles (the birth date as an ordinal)."""

    row: int
    id_number: str
    id_number_hash: str
    search_text: str
    phone: str
    name: str
    gender: str
    birth_ordinal: int
    phone_hash: str
    residential_area_id: int | None
    employer_id: int | None
    roles: tuple[bool, ...]  # in ROLE_FIELDS order
    party_category: str


# Fields compared with what is stored to decide whether a person changed. The
# phone is compared through its blind index, so nothing needs decrypting.
_COMPARED = (
    "name",
    "gender",
    "birth_date",
    "phone_hash",
    "residential_area_id",
    "employer_id",
    *ROLE_FIELDS,
    "party_category",
)
# What an import writes on an existing person (the ID number itself matched, so it stays).
_UPDATED = [
    "name",
    "search_text",
    "gender",
    "birth_date",
    "phone",
    "phone_hash",
    "residential_area",
    "employer",
    *ROLE_FIELDS,
    "party_category",
    "updated_at",
]


# ---------------------------------------------------------------- reading


def _unreadable() -> RosterFileError:
    return RosterFileError(
        [RowError(None, "", _("无法读取该文件：请上传 Excel（.xlsx、.xls）或 WPS/LibreOffice（.ods）表格文件。"))]
    )


def read_rows(source: Source) -> Iterator[list[Cell]]:
    """The rows of the first sheet; row i (from 0) is Excel row i + 1, blank rows included."""
    try:
        workbook = CalamineWorkbook.from_object(source)
        if not workbook.sheet_names:
            raise _unreadable()
        sheet = workbook.get_sheet_by_index(0)
        # calamine keeps the leading blank rows (so row numbers match Excel) but
        # drops leading blank columns, which is harmless: columns go by header.
        yield from sheet.iter_rows()
    except CalamineError:
        raise _unreadable() from None


def cell_text(value: Cell) -> str:
    """A cell as text: whole numbers without ``.0`` (a phone typed as a number), blanks as ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _is_number(value: Cell) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def header_positions(header: Sequence[Cell]) -> dict[str, int]:
    """{header name: column index}; raises ``RosterFileError`` listing every missing or repeated header."""
    positions: dict[str, int] = {}
    errors: list[RowError] = []
    for index, value in enumerate(header):
        name = "".join(cell_text(value).split())
        if name not in col.HEADERS:
            continue  # extra columns (序号, 备注, …) are ignored
        if name in positions:
            errors.append(RowError(1, name, _("表头“%(h)s”出现了不止一次。") % {"h": name}))
        positions.setdefault(name, index)
    errors.extend(
        RowError(1, h, _("缺少“%(h)s”列（第1行应为表头）。") % {"h": h})
        for h in col.REQUIRED_HEADERS
        if h not in positions
    )
    if errors:
        raise RosterFileError(errors)
    return positions


# ---------------------------------------------------------------- validating


class _Lookups:
    """Name → object dicts for the sub-district's residential areas and units (two queries)."""

    def __init__(self, subdistrict_id: int) -> None:
        self.areas = {a.name: a for a in ResidentialArea.objects.filter(subdistrict_id=subdistrict_id)}
        self.units = {u.name: u for u in Unit.objects.filter(subdistrict_id=subdistrict_id)}
        self.gender_codes = col.gender_codes()
        self.party_categories = col.party_category_codes()


def _split_roles(text: str) -> set[str]:
    # Unknown words go through unchanged: person_values reports them.
    return {col.ROLE_OF_WORD.get(word, word) for word in col.ROLE_SEPARATORS.split(text) if word}


def _validate_row(
    row: int, cells: Sequence[Cell], positions: dict[str, int], subdistrict_id: int, lookups: _Lookups
) -> _Record | list[RowError]:
    def get(header: str) -> Cell:
        index = positions.get(header)
        return cells[index] if index is not None and index < len(cells) else ""

    problems: dict[str, str] = {}  # column → our own reason (takes precedence over person_values')

    raw_id = get(col.ID_NUMBER)
    id_number = cell_text(raw_id)
    if _is_number(raw_id):
        # Excel keeps 15 significant digits: the last digits are already gone, so never guess them.
        problems[col.ID_NUMBER] = _(
            "身份证号单元格是数字格式，Excel 只保留15位有效数字，末几位可能已经丢失。请把该列设为文本格式后重新输入。"
        )
        id_number = ""
    elif not id_number:
        problems[col.ID_NUMBER] = _("身份证号不能为空。")

    gender_text = cell_text(get(col.GENDER))
    gender = lookups.gender_codes.get(gender_text, "")
    if gender_text and not gender:
        problems[col.GENDER] = _("性别应填写“男”或“女”。")

    area_name = cell_text(get(col.AREA))
    area = lookups.areas.get(area_name) if area_name else None
    if area_name and area is None:
        problems[col.AREA] = _("本街道没有名为“%(name)s”的居民区。") % {"name": area_name}

    employer_name = cell_text(get(col.EMPLOYER))
    employer = lookups.units.get(employer_name) if employer_name else None
    if employer_name and employer is None:
        problems[col.EMPLOYER] = _("本街道的单位名单中没有“%(name)s”。") % {"name": employer_name}

    category_text = cell_text(get(col.PARTY_CATEGORY))
    try:
        values = person_values(
            subdistrict_id=subdistrict_id,
            name=cell_text(get(col.NAME)),
            id_number=id_number,
            gender=gender,
            phone=cell_text(get(col.PHONE)),
            residential_area=area,
            employer=employer,
            roles=_split_roles(cell_text(get(col.ROLES))),
            party_category=lookups.party_categories.get(category_text, category_text),
        )
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            column = col.COLUMN_OF_FIELD.get(key, key)
            if column not in problems:
                problems[column] = " ".join(messages)
        values = {}
    if problems:
        order = {h: i for i, h in enumerate(col.HEADERS)}
        return [RowError(row, c, m) for c, m in sorted(problems.items(), key=lambda p: order.get(p[0], 99))]
    return _Record(
        row=row,
        id_number=values["id_number"],
        id_number_hash=values["id_number_hash"],
        search_text=values["search_text"],
        phone=values["phone"],
        name=values["name"],
        gender=values["gender"],
        birth_ordinal=values["birth_date"].toordinal(),
        phone_hash=values["phone_hash"],
        residential_area_id=area.pk if area else None,
        employer_id=employer.pk if employer else None,
        roles=tuple(values[f] for f in ROLE_FIELDS),
        party_category=values["party_category"],
    )


_ID_HASH = _Record._fields.index("id_number_hash")
_PHONE_HASH = _Record._fields.index("phone_hash")


class _Spool:
    """Validated rows as marshalled batches, replayed batch by batch when writing.

    Well under 200 bytes a row instead of about 900 as Python objects (the two
    blind-index hashes kept as 32 raw bytes rather than 64 hex characters)."""

    def __init__(self) -> None:
        self._blobs: list[bytes] = []
        self._pending: list[tuple[Any, ...]] = []
        self.count = 0

    def append(self, record: _Record) -> None:
        packed: list[Any] = list(record)
        packed[_ID_HASH] = bytes.fromhex(record.id_number_hash)
        packed[_PHONE_HASH] = bytes.fromhex(record.phone_hash)
        self._pending.append(tuple(packed))
        self.count += 1
        if len(self._pending) >= WRITE_BATCH:
            self._blobs.append(zlib.compress(marshal.dumps(self._pending), 1))
            self._pending = []

    @staticmethod
    def _unpack(packed: tuple[Any, ...]) -> _Record:
        return _Record._make(packed)._replace(
            id_number_hash=packed[_ID_HASH].hex(), phone_hash=packed[_PHONE_HASH].hex()
        )

    def batches(self) -> Iterator[list[_Record]]:
        for blob in self._blobs:
            # Only ever our own bytes from this very import, never anything from outside.
            yield [self._unpack(t) for t in marshal.loads(zlib.decompress(blob))]  # noqa: S302
        if self._pending:
            yield [self._unpack(t) for t in self._pending]


class _Duplicates:
    """The ID number of every good row, to find those given twice.

    Two flat arrays (16 bytes a row) sorted once at the end, rather than a dict
    of 100 000 entries (about 100 bytes each) next to the sheet in memory."""

    def __init__(self) -> None:
        self._keys = array("Q")  # the number as one int, X as 10: 19 digits at most, < 2**64
        self._rows = array("L")

    def add(self, number: str, row: int) -> None:
        self._keys.append(int(number[:17] + ("10" if number[17] == "X" else number[17])))
        self._rows.append(row)

    def errors(self) -> list[RowError]:
        """Each repeat of a number, naming the row where it first appeared."""
        found: list[RowError] = []
        order = sorted(range(len(self._keys)), key=self._keys.__getitem__)  # stable: rows ascend within a key
        first = order[0] if order else 0
        for previous, current in pairwise(order):
            if self._keys[previous] != self._keys[current]:
                first = current
                continue
            rows = {"first": self._rows[first], "row": self._rows[current]}
            message = _("与第%(first)d行的身份证号相同（第%(first)d行、第%(row)d行重复）。") % rows
            found.append(RowError(self._rows[current], col.ID_NUMBER, message))
        return found


def validate_rows(rows: Iterable[Sequence[Cell]], subdistrict_id: int) -> tuple[_Spool, list[RowError]]:
    """Every row checked; blank rows skipped; the same ID number twice is an error naming both rows."""
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None or not any(cell_text(c) for c in header):
        raise RosterFileError([RowError(1, "", _("表格是空的：第1行应为表头（姓名、身份证号……）。"))])
    positions = header_positions(header)
    lookups = _Lookups(subdistrict_id)
    spool = _Spool()
    errors: list[RowError] = []
    duplicates = _Duplicates()
    for row, cells in enumerate(iterator, start=2):
        if not any(cell_text(c) for c in cells):
            continue
        outcome = _validate_row(row, cells, positions, subdistrict_id, lookups)
        if isinstance(outcome, list):
            errors.extend(outcome)
            continue
        duplicates.add(outcome.id_number, row)
        if not errors:  # once a row is bad nothing will be written: stop keeping rows
            spool.append(outcome)
    if found := duplicates.errors():
        errors = sorted([*errors, *found], key=lambda e: e.row or 0)
    if not spool.count and not errors:
        errors.append(RowError(None, "", _("表格中没有人员数据（第1行表头之下都是空行）。")))
    return spool, errors


# ---------------------------------------------------------------- writing


def _existing(subdistrict_id: int, hashes: list[str]) -> dict[str, tuple[Any, ...]]:
    """{id_number_hash: (pk, *compared values)} for those of ``hashes`` already registered (one query)."""
    qs = Person.objects.filter(subdistrict_id=subdistrict_id, id_number_hash__in=hashes).order_by()
    return {hash_: (pk, *values) for pk, hash_, *values in qs.values_list("pk", "id_number_hash", *_COMPARED)}


def _compared(record: _Record) -> tuple[Any, ...]:
    return (
        record.name,
        record.gender,
        dt.date.fromordinal(record.birth_ordinal),
        record.phone_hash,
        record.residential_area_id,
        record.employer_id,
        *record.roles,
        record.party_category,
    )


def _values(record: _Record, subdistrict_id: int) -> dict[str, Any]:
    """The row as ``Person`` attribute values."""
    return {
        "subdistrict_id": subdistrict_id,
        "name": record.name,
        "search_text": record.search_text,
        "gender": record.gender,
        "birth_date": dt.date.fromordinal(record.birth_ordinal),
        "id_number": record.id_number,
        "id_number_hash": record.id_number_hash,
        "phone": record.phone,
        "phone_hash": record.phone_hash,
        "residential_area_id": record.residential_area_id,
        "employer_id": record.employer_id,
        "party_category": record.party_category,
        **dict(zip(ROLE_FIELDS, record.roles, strict=True)),
    }


def _insert(records: list[_Record], subdistrict_id: int, now: dt.datetime) -> None:
    """Insert new people with one ``executemany`` (pipelined by psycopg).

    Like ``bulk_create`` every value goes through its field's own
    ``get_db_prep_save`` (so the ID number and phone are encrypted by
    ``EncryptedTextField``), but without a model instance and an SQL compiler
    pass per value, which cost more than half the time of an import. One short
    statement, parsed once, rather than multi-row ones that the drivers re-parse."""
    fields = [f for f in Person._meta.concrete_fields if not f.primary_key]
    conn = connections[DEFAULT_DB_ALIAS]  # the proxy's per-access lookup showed in profiles
    first = _values(records[0], subdistrict_id) if records else {}
    # Values every row shares (defaults, timestamps) are prepared once; the rest per row.
    timestamps = {"created_at": now, "updated_at": now}
    shared = {
        f.attname: f.get_db_prep_save(timestamps.get(f.attname, f.get_default()), conn)
        for f in fields
        if f.attname not in first
    }
    per_row = [f for f in fields if f.attname not in shared]
    quote = conn.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    # Names from the model, quoted; every value is a parameter.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(Person._meta.db_table), columns, ", ".join(["%s"] * len(fields))
    )
    rows = []
    for record in records:
        values = _values(record, subdistrict_id)
        prepared = shared | {f.attname: f.get_db_prep_save(values[f.attname], conn) for f in per_row}
        rows.append(tuple(prepared[f.attname] for f in fields))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY streams the rows in one command: three times faster than
            # executemany for a large roster, and the same values.
            copy_sql = f"COPY {quote(Person._meta.db_table)} ({columns}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(sql, rows)


def _write(
    spool: _Spool, subdistrict_id: int, result: ImportResult, actor: Actor | None, request: HttpRequest | None
) -> None:
    now = timezone.now()
    for batch in spool.batches():
        existing = _existing(subdistrict_id, [r.id_number_hash for r in batch])
        new = [r for r in batch if r.id_number_hash not in existing]
        changed = [
            Person(pk=existing[r.id_number_hash][0], updated_at=now, **_values(r, subdistrict_id))
            for r in batch
            if r.id_number_hash in existing and existing[r.id_number_hash][1:] != _compared(r)
        ]
        result.created += len(new)
        result.updated += len(changed)
        result.unchanged += len(batch) - len(new) - len(changed)
        if not result.dry_run:
            if new:
                _insert(new, subdistrict_id, now)
            Person.objects.bulk_update(changed, _UPDATED, batch_size=UPDATE_BATCH)
    if result.dry_run or not (result.created or result.updated):
        return  # nothing written, nothing worth an audit entry
    # One entry for the whole file, not one per person: the counts and the file
    # name say what happened; a 100 000-row import must not flood the log.
    audit.record(
        actor=actor,
        action=AuditEntry.Action.IMPORT,
        object_type=Person._meta.label_lower,
        object_repr=result.file_name[:200],
        subdistrict_id=subdistrict_id,
        detail={
            "file": result.file_name,
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        },
        request=request,
    )


def roster_import(
    *,
    subdistrict_id: int,
    source: Source,
    file_name: str,
    actor: Actor | None,
    request: HttpRequest | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Import a roster file into a sub-district: all rows or none.

    ``actor`` is None for the management command. With ``dry_run`` the file is
    checked and the counts computed, but nothing is written."""
    result = ImportResult(file_name=file_name, dry_run=dry_run)
    try:
        spool, result.errors = validate_rows(read_rows(source), subdistrict_id)
    except RosterFileError as exc:
        result.errors = exc.errors
        return result
    if result.errors:
        return result
    result.rows = spool.count
    try:
        with transaction.atomic():
            _write(spool, subdistrict_id, result, actor, request)
    except IntegrityError:
        # Someone registered one of these ID numbers while we were writing; all was rolled back.
        result.created = result.updated = result.unchanged = 0
        result.errors = [
            RowError(None, col.ID_NUMBER, _("导入时有人同时登记了其中的身份证号，本次未导入任何数据，请重新导入。"))
        ]
    return result
