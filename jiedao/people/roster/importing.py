"""Importing a roster spreadsheet (xlsx, xls or ods) into the people registry.

The header row is the first of the first ten rows that names both 姓名 and
身份证号 (a title such as “XX街道花名册” may sit above it); row numbers in
messages stay as Excel shows them.

Two passes. First every row is read, matched by ``id_number_hash`` with the
people of the sub-district (one query per batch), merged with what is stored and
validated with ``person_values`` (the one validation of a person); any problem
anywhere and nothing is written. Then, in one transaction, new people are
inserted and changed ones bulk-updated, so importing the same file twice writes
nothing.

Nothing already stored is lost: for a registered person a blank cell keeps the
stored value and only filled cells replace it. Rosters from different offices
fill different columns; clearing a value is done on the person's edit page.

Memory: calamine holds the whole sheet (about 45 MB for 100 000 rows of eight
columns, more while it parses), so the rows to write are kept as compressed
marshalled batches (well under 200 bytes a row instead of about 900 as Python
objects). See bench/import_people.py for the figures.
"""

import datetime as dt
import marshal
import zlib
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from operator import itemgetter
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
from jiedao.core.validators import normalise
from jiedao.org.models import ResidentialArea, Unit
from jiedao.people.models import ROLE_FIELDS, PartyCategory, Person
from jiedao.people.roster import columns as col
from jiedao.people.services import id_number_hash, person_values

Cell = Any  # what calamine yields: str, int, float, bool, date, datetime, time, timedelta
Source = str | PathLike[str] | IO[bytes]

# Rows per batch: one query to match a batch's ID hashes with stored people; when
# writing, one executemany for the new ones and bulk_update for the changed ones.
WRITE_BATCH = 1000
UPDATE_BATCH = 250  # bulk_update builds one CASE per field per row: keep its statements modest
HEADER_SEARCH_ROWS = 10  # the header row is looked for among the first rows (titles may sit above it)
UPDATED_IDS_KEPT = 1000  # ids of updated people kept in the result and the audit entry; the count is exact


@dataclass(frozen=True)
class RowError:
    """One problem: the row as Excel numbers it (None for the file), the column header, the reason."""

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
    # The first UPDATED_IDS_KEPT of the people updated (``updated`` is the full count).
    updated_ids: list[int] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


class RosterFileError(Exception):
    """The file as a whole cannot be imported (not a spreadsheet, missing headers, …)."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


class _ConcurrentChange(Exception):
    """A person matched when checking was deleted before writing."""


# ---------------------------------------------------------------- what is compared and written

# What is read of a stored person, in this order after its pk: what an import may
# change. The phone is compared through its blind index, so nothing is decrypted.
_STORED = (
    "name",
    "birth_date",
    "gender",
    "phone_hash",
    "residential_area_id",
    "employer_id",
    *ROLE_FIELDS,
    "party_category",
)
_AT = {name: index for index, name in enumerate(_STORED)}


class _Group(NamedTuple):
    """Fields that one column (None: the required name and ID number) sets on a person."""

    column: str | None
    bit: int  # in _Row.given and _Record.changes
    compared: Callable[[Sequence[Any]], Any]  # picks the group's values out of a tuple in _STORED order
    written: tuple[str, ...]  # Person fields for bulk_update


def _groups(*specs: tuple[str | None, tuple[str, ...], tuple[str, ...]]) -> tuple[_Group, ...]:
    return tuple(
        _Group(column, 1 << i, itemgetter(*(_AT[name] for name in compared)), written)
        for i, (column, compared, written) in enumerate(specs)
    )


_GROUPS = _groups(
    (None, ("name", "birth_date"), ("name", "search_text", "birth_date")),
    (col.GENDER, ("gender",), ("gender",)),
    (col.PHONE, ("phone_hash",), ("phone", "phone_hash")),
    (col.AREA, ("residential_area_id",), ("residential_area",)),
    (col.EMPLOYER, ("employer_id",), ("employer",)),
    (col.ROLES, tuple(ROLE_FIELDS), tuple(ROLE_FIELDS)),
    (col.PARTY_CATEGORY, ("party_category",), ("party_category",)),
)
_BIT = {g.column: g.bit for g in _GROUPS}
_ROLES = slice(_AT[next(iter(ROLE_FIELDS))], _AT[next(iter(ROLE_FIELDS))] + len(ROLE_FIELDS))


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
        # may drop leading blank columns, which is harmless: columns go by header.
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


def _header_names(cells: Sequence[Cell]) -> list[str]:
    return ["".join(cell_text(value).split()) for value in cells]


def header_positions(header: Sequence[Cell], row: int = 1) -> dict[str, int]:
    """{header name: column index} of the header row (Excel row ``row``); raises
    ``RosterFileError`` listing every missing or repeated header."""
    positions: dict[str, int] = {}
    errors: list[RowError] = []
    for index, name in enumerate(_header_names(header)):
        if name not in col.HEADERS:
            continue  # extra columns (序号, 备注, …) are ignored
        if name in positions:
            errors.append(RowError(row, name, _("表头“%(h)s”出现了不止一次。") % {"h": name}))
        positions.setdefault(name, index)
    errors.extend(
        RowError(row, h, _("表头（第%(row)d行）中缺少“%(h)s”列。") % {"row": row, "h": h})
        for h in col.REQUIRED_HEADERS
        if h not in positions
    )
    if errors:
        raise RosterFileError(errors)
    return positions


def locate_header(rows: Iterator[Sequence[Cell]]) -> tuple[int, dict[str, int]]:
    """(Excel row of the header, its column positions), consuming ``rows`` up to the header.

    The header is the first of the first HEADER_SEARCH_ROWS rows that names every
    one of ``col.KEY_HEADERS``; rows above it (titles, blank rows) are ignored."""
    scanned: list[tuple[int, set[str]]] = []
    for number, cells in enumerate(rows, start=1):
        names = set(_header_names(cells))
        if names.issuperset(col.KEY_HEADERS):
            return number, header_positions(cells, number)
        scanned.append((number, names - {""}))
        if number == HEADER_SEARCH_ROWS:
            break
    if not any(names for _, names in scanned) and not any(any(cell_text(c) for c in cells) for cells in rows):
        raise RosterFileError([RowError(None, "", _("表格是空的：没有表头（姓名、身份证号……），也没有人员数据。"))])
    # Report against the row that looks most like a header (None when none does).
    best_row, best = None, set[str]()
    for number, names in scanned:
        known = names & set(col.HEADERS)
        if len(known) > len(best):
            best_row, best = number, known
    message = _("缺少“%(h)s”列：前%(n)d行中没有同时含“姓名”和“身份证号”的表头行。")
    raise RosterFileError(
        [
            RowError(best_row, h, message % {"h": h, "n": HEADER_SEARCH_ROWS})
            for h in col.REQUIRED_HEADERS
            if h not in best
        ]
    )


# ---------------------------------------------------------------- validating


class _Lookups:
    """Name → object dicts for the sub-district's residential areas and units (two queries)."""

    def __init__(self, subdistrict_id: int) -> None:
        self.areas = {a.name: a for a in ResidentialArea.objects.filter(subdistrict_id=subdistrict_id)}
        self.units = {u.name: u for u in Unit.objects.filter(subdistrict_id=subdistrict_id)}
        self.area_by_id = {a.pk: a for a in self.areas.values()}
        self.unit_by_id = {u.pk: u for u in self.units.values()}
        self.gender_codes = col.gender_codes()
        self.party_categories = col.party_category_codes()


def _split_roles(text: str) -> set[str]:
    # Unknown words go through unchanged: person_values reports them.
    return {col.ROLE_OF_WORD.get(word, word) for word in col.ROLE_SEPARATORS.split(text) if word}


@dataclass(slots=True)
class _Row:
    """One row as read, before it is merged with a stored person; blank cells are '' / None."""

    row: int
    name: str
    id_number: str
    key: str  # the ID number's blind index, to match a stored person
    gender: str
    phone: str
    area: ResidentialArea | None
    employer: Unit | None
    roles: set[str] | None
    party_category: str
    given: int  # bits of _BIT: the optional columns filled in
    problems: dict[str, str]  # column → our own reason (takes precedence over person_values')


def _read_row(row: int, cells: Sequence[Cell], positions: dict[str, int], lookups: _Lookups) -> _Row:
    def get(header: str) -> Cell:
        index = positions.get(header)
        return cells[index] if index is not None and index < len(cells) else ""

    problems: dict[str, str] = {}
    given = 0

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
    # The form parse_id_number gives a valid number, without checking it twice: an
    # invalid number matches nobody and person_values reports it.
    key = id_number_hash(normalise(id_number).upper()) if id_number else ""

    gender_text = cell_text(get(col.GENDER))
    gender = lookups.gender_codes.get(gender_text, "")
    if gender_text:
        given |= _BIT[col.GENDER]
        if not gender:
            problems[col.GENDER] = _("性别应填写“男”或“女”。")

    phone = cell_text(get(col.PHONE))
    if phone:
        given |= _BIT[col.PHONE]

    area_name = cell_text(get(col.AREA))
    area = lookups.areas.get(area_name) if area_name else None
    if area_name:
        given |= _BIT[col.AREA]
        if area is None:
            problems[col.AREA] = _("本街道没有名为“%(name)s”的居民区。") % {"name": area_name}

    employer_name = cell_text(get(col.EMPLOYER))
    employer = lookups.units.get(employer_name) if employer_name else None
    if employer_name:
        given |= _BIT[col.EMPLOYER]
        if employer is None:
            problems[col.EMPLOYER] = _("本街道的单位名单中没有“%(name)s”。") % {"name": employer_name}

    roles = _split_roles(cell_text(get(col.ROLES))) or None  # "、" alone is as blank as nothing
    if roles is not None:
        given |= _BIT[col.ROLES]

    category_text = cell_text(get(col.PARTY_CATEGORY))
    if category_text:
        given |= _BIT[col.PARTY_CATEGORY]

    return _Row(
        row=row,
        name=cell_text(get(col.NAME)),
        id_number=id_number,
        key=key,
        gender=gender,
        phone=phone,
        area=area,
        employer=employer,
        roles=roles,
        party_category=lookups.party_categories.get(category_text, category_text),
        given=given,
        problems=problems,
    )


class _Record(NamedTuple):
    """One row to write; only types ``marshal`` handles (the birth date as an ordinal)."""

    row: int
    pk: int  # the registered person to update; 0 for a new one
    changes: int  # for an update, bits of _BIT: the columns whose fields to write
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


def _as_stored(values: dict[str, Any], area: ResidentialArea | None, employer: Unit | None) -> tuple[Any, ...]:
    """``person_values``' output in the order of _STORED."""
    return (
        values["name"],
        values["birth_date"],
        values["gender"],
        values["phone_hash"],
        area.pk if area else None,
        employer.pk if employer else None,
        *(values[f] for f in ROLE_FIELDS),
        values["party_category"],
    )


def _check_row(
    parsed: _Row, stored: tuple[int, tuple[Any, ...]] | None, subdistrict_id: int, lookups: _Lookups
) -> _Record | list[RowError]:
    """Validate the row merged with the stored person (``stored``: its pk and _STORED values), if any.

    For a registered person a blank cell keeps the stored value; the merged values
    go through ``person_values`` so the rules that tie fields together (a party
    category only for a party member) hold for the person as it will be."""
    problems = parsed.problems
    area, employer, roles, category = parsed.area, parsed.employer, parsed.roles, parsed.party_category
    kept_category = ""
    if stored is not None:
        given, was = parsed.given, stored[1]
        if not given & _BIT[col.AREA]:
            area = lookups.area_by_id.get(was[_AT["residential_area_id"]])
        if not given & _BIT[col.EMPLOYER]:
            employer = lookups.unit_by_id.get(was[_AT["employer_id"]])
        if roles is None:
            roles = {f for f, on in zip(ROLE_FIELDS, was[_ROLES], strict=True) if on}
        if not category:
            category = kept_category = was[_AT["party_category"]]
    try:
        values = person_values(
            subdistrict_id=subdistrict_id,
            name=parsed.name,
            id_number=parsed.id_number,
            gender=parsed.gender,  # blank: follows from the ID number, as stored
            # A kept phone is not decrypted to be checked again: it was valid when
            # stored and no rule ties it to another field.
            phone=parsed.phone,
            residential_area=area,
            employer=employer,
            roles=roles or set(),
            party_category=category,
        )
    except ValidationError as exc:
        problems = dict(problems)
        for key, messages in exc.message_dict.items():
            column = col.COLUMN_OF_FIELD.get(key, key)
            if key == "party_category" and kept_category:
                # The category is the stored one: the 身份 cell is what to look at.
                column = col.ROLES
                messages = [
                    _(
                        "已登记的党员类别为“%(category)s”，身份中须含“党员”；"
                        "如已不是党员，请先在该人员的编辑页清除党员类别。"
                    )
                    % {"category": PartyCategory(kept_category).label}
                ]
            if column not in problems:
                problems[column] = " ".join(messages)
        values = {}
    if problems:
        order = {h: i for i, h in enumerate(col.HEADERS)}
        return [RowError(parsed.row, c, m) for c, m in sorted(problems.items(), key=lambda p: order.get(p[0], 99))]
    changes = 0
    if stored is not None:
        mine, was = _as_stored(values, area, employer), stored[1]
        if mine != was:  # kept values equal the stored ones, so this settles most rows of a re-import
            for group in _GROUPS:
                if (group.column is None or parsed.given & group.bit) and group.compared(mine) != group.compared(was):
                    changes |= group.bit
    return _Record(
        row=parsed.row,
        pk=stored[0] if stored is not None else 0,
        changes=changes,
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
    """The rows to write as marshalled batches, replayed batch by batch when writing.

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


@dataclass
class Checked:
    """The outcome of the first pass: what to write and what it will do."""

    spool: _Spool = field(default_factory=_Spool)
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    updated_ids: list[int] = field(default_factory=list)


def _stored(subdistrict_id: int, hashes: list[str]) -> dict[str, tuple[int, tuple[Any, ...]]]:
    """{id_number_hash: (pk, _STORED values)} for those of ``hashes`` already registered (one query)."""
    qs = Person.objects.filter(subdistrict_id=subdistrict_id, id_number_hash__in=hashes).order_by()
    return {hash_: (pk, tuple(values)) for pk, hash_, *values in qs.values_list("pk", "id_number_hash", *_STORED)}


def validate_rows(rows: Iterable[Sequence[Cell]], subdistrict_id: int) -> Checked:
    """Every row checked against what is stored; blank rows skipped; the same ID
    number twice is an error naming both rows. Reads the database, writes nothing."""
    iterator = iter(rows)
    header_row, positions = locate_header(iterator)
    lookups = _Lookups(subdistrict_id)
    checked = Checked()
    duplicates = _Duplicates()
    pending: list[_Row] = []

    def check(batch: list[_Row]) -> None:
        stored = _stored(subdistrict_id, [r.key for r in batch if r.key])
        for parsed in batch:
            outcome = _check_row(parsed, stored.get(parsed.key), subdistrict_id, lookups)
            if isinstance(outcome, list):
                checked.errors.extend(outcome)
                continue
            duplicates.add(outcome.id_number, outcome.row)
            checked.rows += 1
            if not outcome.pk:
                checked.created += 1
            elif outcome.changes:
                checked.updated += 1
                if len(checked.updated_ids) < UPDATED_IDS_KEPT:
                    checked.updated_ids.append(outcome.pk)
            else:
                checked.unchanged += 1
                continue  # nothing to write
            if not checked.errors:  # once a row is bad nothing will be written: stop keeping rows
                checked.spool.append(outcome)

    for row, cells in enumerate(iterator, start=header_row + 1):
        if not any(cell_text(c) for c in cells):
            continue
        pending.append(_read_row(row, cells, positions, lookups))
        if len(pending) >= WRITE_BATCH:
            check(pending)
            pending = []
    check(pending)
    if found := duplicates.errors():
        checked.errors = sorted([*checked.errors, *found], key=lambda e: e.row or 0)
    if not checked.rows and not checked.errors:
        checked.errors.append(
            RowError(None, "", _("表格中没有人员数据（第%(row)d行表头之下都是空行）。") % {"row": header_row})
        )
    return checked


# ---------------------------------------------------------------- writing


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


def _update(records: list[_Record], subdistrict_id: int, now: dt.datetime) -> None:
    """Write, on each registered person, only the fields of the columns that changed
    (a blank cell keeps the stored value): one bulk_update per set of columns."""
    by_changes: dict[int, list[Person]] = defaultdict(list)
    for record in records:
        by_changes[record.changes].append(Person(pk=record.pk, updated_at=now, **_values(record, subdistrict_id)))
    for changes, people in by_changes.items():
        fields = [name for g in _GROUPS if changes & g.bit for name in g.written]
        matched = Person.objects.bulk_update(people, [*fields, "updated_at"], batch_size=UPDATE_BATCH)
        if matched != len(people):
            raise _ConcurrentChange


def _write(spool: _Spool, subdistrict_id: int) -> None:
    now = timezone.now()
    for batch in spool.batches():
        new = [r for r in batch if not r.pk]
        if new:
            _insert(new, subdistrict_id, now)
        _update([r for r in batch if r.pk], subdistrict_id, now)


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
        checked = validate_rows(read_rows(source), subdistrict_id)
    except RosterFileError as exc:
        result.errors = exc.errors
        return result
    if checked.errors:
        result.errors = checked.errors
        return result
    result.rows, result.created, result.updated, result.unchanged = (
        checked.rows,
        checked.created,
        checked.updated,
        checked.unchanged,
    )
    result.updated_ids = checked.updated_ids
    if dry_run or not checked.spool.count:
        return result  # nothing written, nothing worth an audit entry
    try:
        with transaction.atomic():
            _write(checked.spool, subdistrict_id)
            # One entry for the whole file, not one per person: the counts, the file
            # name and the ids of the people updated say what happened; a 100 000-row
            # import must not flood the log.
            audit.record(
                actor=actor,
                action=AuditEntry.Action.IMPORT,
                object_type=Person._meta.label_lower,
                object_repr=file_name[:200],
                subdistrict_id=subdistrict_id,
                detail={
                    "file": file_name,
                    "rows": result.rows,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "updated_ids": result.updated_ids,
                },
                request=request,
            )
    except (IntegrityError, _ConcurrentChange):
        # Someone registered, changed or deleted one of these people between the
        # check and the write; all was rolled back.
        result.created = result.updated = result.unchanged = 0
        result.updated_ids = []
        result.errors = [
            RowError(None, "", _("导入期间有人同时登记、修改或删除了其中的人员，本次未导入任何数据，请重新导入。"))
        ]
    return result
