"""Writing a checked roster: the second pass of an import, in one transaction.

New people are inserted (one ``executemany``, or COPY on PostgreSQL) and changed
ones bulk-updated on the fields of the columns that changed only, so importing
the same file twice writes nothing; one audit entry records the whole file.
"""

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.http import HttpRequest
from django.utils import timezone

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.models import AuditEntry
from jiedao.people.access import PARTY_FIELDS
from jiedao.people.models import ROLE_FIELDS, Person
from jiedao.people.roster.checking import Checked, Record, Spool
from jiedao.people.roster.column_fields import GROUPS

UPDATE_BATCH = 250  # bulk_update builds one CASE per field per row: keep its statements modest


class ConcurrentChange(Exception):
    """A person matched when checking was deleted before writing."""


def _values(record: Record, subdistrict_id: int) -> dict[str, Any]:
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


def _insert(records: list[Record], subdistrict_id: int, now: dt.datetime) -> None:
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


def _update(records: list[Record], subdistrict_id: int, now: dt.datetime, *, party: bool) -> None:
    """Write, on each registered person, only the fields of the columns that changed
    (a blank cell keeps the stored value): one bulk_update per set of columns. An
    importer who may not see party membership never writes its fields: the values
    checked were the stored ones, and the party office may have changed them since."""
    by_changes: dict[int, list[Person]] = defaultdict(list)
    for record in records:
        by_changes[record.changes].append(Person(pk=record.pk, updated_at=now, **_values(record, subdistrict_id)))
    for changes, people in by_changes.items():
        fields = [name for g in GROUPS if changes & g.bit for name in g.written if party or name not in PARTY_FIELDS]
        matched = Person.objects.bulk_update(people, [*fields, "updated_at"], batch_size=UPDATE_BATCH)
        if matched != len(people):
            raise ConcurrentChange


def _write(spool: Spool, subdistrict_id: int, *, party: bool) -> None:
    now = timezone.now()
    for batch in spool.batches():
        new = [r for r in batch if not r.pk]
        if new:
            _insert(new, subdistrict_id, now)
        _update([r for r in batch if r.pk], subdistrict_id, now, party=party)


def write_checked(
    checked: Checked,
    *,
    subdistrict_id: int,
    file_name: str,
    actor: Actor | None,
    request: HttpRequest | None,
    party: bool = True,
) -> None:
    """Write the checked rows and the import's audit entry, all or nothing.

    Raises ``ConcurrentChange`` or ``IntegrityError`` (everything rolled back) if
    someone registered, changed or deleted one of these people since the check."""
    with transaction.atomic():
        _write(checked.spool, subdistrict_id, party=party)
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
                "rows": checked.rows,
                "created": checked.created,
                "updated": checked.updated,
                "unchanged": checked.unchanged,
                "updated_ids": checked.updated_ids,
            },
            request=request,
        )
