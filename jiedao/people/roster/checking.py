"""Checking a roster's rows: the first pass of an import, which writes nothing.

Every row is matched by ``id_number_hash`` with the people of the sub-district
(one query per batch), merged with what is stored and validated with
``person_values`` (the one validation of a person); the same ID number twice is
an error naming both rows.

Nothing already stored is lost: for a registered person a blank cell keeps the
stored value and only filled cells replace it. Rosters from different offices
fill different columns; clearing a value is done on the person's edit page.

Memory: calamine holds the whole sheet (about 45 MB for 100 000 rows of eight
columns, more while it parses), so the rows to write are kept as compressed
marshalled batches (well under 200 bytes a row instead of about 900 as Python
objects). See bench/import_people.py for the figures.
"""

import marshal
import zlib
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jiedao.org.models import ResidentialArea, Unit
from jiedao.people.models import ROLE_FIELDS, PartyCategory, Person
from jiedao.people.roster import columns as col
from jiedao.people.roster.column_fields import BIT, GROUPS, STORED, STORED_INDEX, STORED_ROLES
from jiedao.people.roster.problems import RowError
from jiedao.people.roster.reading import Cell, Lookups, Row, cell_text, locate_header, read_row
from jiedao.people.services import person_values

# Rows per batch: one query to match a batch's ID hashes with stored people; when
# writing, one executemany for the new ones and bulk_update for the changed ones.
WRITE_BATCH = 1000
UPDATED_IDS_KEPT = 1000  # ids of updated people kept in the result and the audit entry; the count is exact


class Record(NamedTuple):
    """One row to write; only types ``marshal`` handles (the birth date as an ordinal)."""

    row: int
    pk: int  # the registered person to update; 0 for a new one
    changes: int  # for an update, bits of BIT: the columns whose fields to write
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
    """``person_values``' output in the order of STORED."""
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


def _without_party(parsed: Row, stored: tuple[int, tuple[Any, ...]] | None) -> Row:
    """The row as an importer who may not see party membership may write it: the 党员
    word and a party category refused, the stored membership kept."""
    problems = dict(parsed.problems)
    roles = parsed.roles
    if roles is not None and "is_party_member" in roles:
        problems.setdefault(col.ROLES, _("您无权填写党员信息。"))
    if parsed.party_category:
        problems.setdefault(col.PARTY_CATEGORY, _("您无权填写党员信息。"))
    was = stored[1] if stored is not None else None
    if roles is not None:
        roles = set(roles) - {"is_party_member"}
        if was is not None and was[STORED_INDEX["is_party_member"]]:
            roles.add("is_party_member")
    category = was[STORED_INDEX["party_category"]] if was is not None else ""
    return replace(parsed, roles=roles, party_category=category, problems=problems)


def _check_row(
    parsed: Row, stored: tuple[int, tuple[Any, ...]] | None, subdistrict_id: int, lookups: Lookups, party: bool = True
) -> Record | list[RowError]:
    """Validate the row merged with the stored person (``stored``: its pk and STORED values), if any.

    For a registered person a blank cell keeps the stored value; the merged values
    go through ``person_values`` so the rules that tie fields together (a party
    category only for a party member) hold for the person as it will be."""
    if not party:
        parsed = _without_party(parsed, stored)
    problems = parsed.problems
    area, employer, roles, category = parsed.area, parsed.employer, parsed.roles, parsed.party_category
    kept_category = ""
    if stored is not None:
        given, was = parsed.given, stored[1]
        if not given & BIT[col.AREA]:
            area = lookups.area_by_id.get(was[STORED_INDEX["residential_area_id"]])
        if not given & BIT[col.EMPLOYER]:
            employer = lookups.unit_by_id.get(was[STORED_INDEX["employer_id"]])
        if roles is None:
            roles = {f for f, on in zip(ROLE_FIELDS, was[STORED_ROLES], strict=True) if on}
        if not category:
            category = kept_category = was[STORED_INDEX["party_category"]]
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
            for group in GROUPS:
                if (group.column is None or parsed.given & group.bit) and group.compared(mine) != group.compared(was):
                    changes |= group.bit
    return Record(
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


_ID_HASH = Record._fields.index("id_number_hash")
_PHONE_HASH = Record._fields.index("phone_hash")


class Spool:
    """The rows to write as marshalled batches, replayed batch by batch when writing.

    Well under 200 bytes a row instead of about 900 as Python objects (the two
    blind-index hashes kept as 32 raw bytes rather than 64 hex characters)."""

    def __init__(self) -> None:
        self._blobs: list[bytes] = []
        self._pending: list[tuple[Any, ...]] = []
        self.count = 0

    def append(self, record: Record) -> None:
        packed: list[Any] = list(record)
        packed[_ID_HASH] = bytes.fromhex(record.id_number_hash)
        packed[_PHONE_HASH] = bytes.fromhex(record.phone_hash)
        self._pending.append(tuple(packed))
        self.count += 1
        if len(self._pending) >= WRITE_BATCH:
            self._blobs.append(zlib.compress(marshal.dumps(self._pending), 1))
            self._pending = []

    @staticmethod
    def _unpack(packed: tuple[Any, ...]) -> Record:
        return Record._make(packed)._replace(
            id_number_hash=packed[_ID_HASH].hex(), phone_hash=packed[_PHONE_HASH].hex()
        )

    def batches(self) -> Iterator[list[Record]]:
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
class Counts:
    """What importing a roster does: the problems found, or the rows and what
    becomes of them. The check computes it; the import's result reports it."""

    errors: list[RowError] = field(default_factory=list)
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # The first UPDATED_IDS_KEPT of the people updated (``updated`` is the full count).
    updated_ids: list[int] = field(default_factory=list)


@dataclass
class Checked(Counts):
    """The outcome of the first pass: what to write and what it will do."""

    spool: Spool = field(default_factory=Spool)


def _stored(subdistrict_id: int, hashes: list[str]) -> dict[str, tuple[int, tuple[Any, ...]]]:
    """{id_number_hash: (pk, STORED values)} for those of ``hashes`` already registered (one query)."""
    qs = Person.objects.filter(subdistrict_id=subdistrict_id, id_number_hash__in=hashes).order_by()
    return {hash_: (pk, tuple(values)) for pk, hash_, *values in qs.values_list("pk", "id_number_hash", *STORED)}


def validate_rows(rows: Iterable[Sequence[Cell]], subdistrict_id: int, *, party: bool = True) -> Checked:
    """Every row checked against what is stored; blank rows skipped; the same ID
    number twice is an error naming both rows. Reads the database, writes nothing.
    Without ``party`` (an importer who may not see party membership) the 党员 word
    and the party category are refused and the stored membership is kept."""
    iterator = iter(rows)
    header_row, positions = locate_header(iterator)
    lookups = Lookups(subdistrict_id)
    checked = Checked()
    duplicates = _Duplicates()
    pending: list[Row] = []

    def check(batch: list[Row]) -> None:
        stored = _stored(subdistrict_id, [r.key for r in batch if r.key])
        for parsed in batch:
            outcome = _check_row(parsed, stored.get(parsed.key), subdistrict_id, lookups, party)
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
        pending.append(read_row(row, cells, positions, lookups))
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
