"""Importing a roster spreadsheet (xlsx, xls or ods) into the people registry.

Two passes. First every row is read (``reading``: the header row, cells as
text), matched by ``id_number_hash`` with the people of the sub-district, merged
with what is stored and validated with ``person_values`` (``checking``); any
problem anywhere and nothing is written. Then, in one transaction, new people
are inserted and changed ones bulk-updated (``writing``), so importing the same
file twice writes nothing.

Nothing already stored is lost: for a registered person a blank cell keeps the
stored value and only filled cells replace it.
"""

from dataclasses import dataclass

from django.db import IntegrityError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.people.access import sees_party
from jiedao.people.roster.checking import Counts, validate_rows
from jiedao.people.roster.problems import RosterFileError, RowError
from jiedao.people.roster.reading import Source, read_rows
from jiedao.people.roster.writing import ConcurrentChange, write_checked


@dataclass(kw_only=True)
class ImportResult(Counts):
    file_name: str
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


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
        party = actor is None or sees_party(actor)  # the command runs for the whole sub-district
        checked = validate_rows(read_rows(source), subdistrict_id, party=party)
    except RosterFileError as exc:
        result.errors = exc.errors
        return result
    if checked.errors:
        result.errors = checked.errors
        return result
    result.rows, result.created, result.updated = checked.rows, checked.created, checked.updated
    result.unchanged, result.updated_ids = checked.unchanged, checked.updated_ids
    if dry_run or not checked.spool.count:
        return result  # nothing written, nothing worth an audit entry
    try:
        write_checked(
            checked, subdistrict_id=subdistrict_id, file_name=file_name, actor=actor, request=request, party=party
        )
    except (IntegrityError, ConcurrentChange):
        # Someone registered, changed or deleted one of these people between the
        # check and the write; all was rolled back.
        result.created = result.updated = result.unchanged = 0
        result.updated_ids = []
        result.errors = [
            RowError(None, "", _("导入期间有人同时登记、修改或删除了其中的人员，本次未导入任何数据，请重新导入。"))
        ]
    return result
