"""Which ``Person`` fields each roster column sets: what an import compares and writes.

A stored person is read as a tuple in STORED order (after its pk); each column's
Group picks its values out of such a tuple to compare them with the row's, and
names the fields to write when they differ.
"""

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any, NamedTuple

from jiedao.people.models import ROLE_FIELDS
from jiedao.people.roster import columns as col

# What is read of a stored person, in this order after its pk: what an import may
# change. The phone is compared through its blind index, so nothing is decrypted.
STORED = (
    "name",
    "birth_date",
    "gender",
    "phone_hash",
    "residential_area_id",
    "employer_id",
    *ROLE_FIELDS,
    "party_category",
)
STORED_INDEX = {name: index for index, name in enumerate(STORED)}


class Group(NamedTuple):
    """Fields that one column (None: the required name and ID number) sets on a person."""

    column: str | None
    bit: int  # in reading.Row.given and checking.Record.changes
    compared: Callable[[Sequence[Any]], Any]  # picks the group's values out of a tuple in STORED order
    written: tuple[str, ...]  # Person fields for bulk_update


def _groups(*specs: tuple[str | None, tuple[str, ...], tuple[str, ...]]) -> tuple[Group, ...]:
    return tuple(
        Group(column, 1 << i, itemgetter(*(STORED_INDEX[name] for name in compared)), written)
        for i, (column, compared, written) in enumerate(specs)
    )


GROUPS = _groups(
    (None, ("name", "birth_date"), ("name", "search_text", "birth_date")),
    (col.GENDER, ("gender",), ("gender",)),
    (col.PHONE, ("phone_hash",), ("phone", "phone_hash")),
    (col.AREA, ("residential_area_id",), ("residential_area",)),
    (col.EMPLOYER, ("employer_id",), ("employer",)),
    (col.ROLES, tuple(ROLE_FIELDS), tuple(ROLE_FIELDS)),
    (col.PARTY_CATEGORY, ("party_category",), ("party_category",)),
)
BIT = {g.column: g.bit for g in GROUPS}
_FIRST_ROLE = STORED_INDEX[next(iter(ROLE_FIELDS))]
STORED_ROLES = slice(_FIRST_ROLE, _FIRST_ROLE + len(ROLE_FIELDS))  # the role flags of a STORED tuple
