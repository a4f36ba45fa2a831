"""Reads of the union network. ``union_status_of_units`` and ``union_counts`` are
used by the dues app."""

import datetime as dt
from collections.abc import Collection

from django.db.models import Count, Q

from jiedao.unions.models import CoveredUnit, UnionKind, UnionOrganisation

OWN = "own"
JOINT = "joint"
NONE = "none"


def union_status_of_units(*, subdistrict_id: int, unit_ids: Collection[int]) -> dict[int, str]:
    """For each unit id: "own" (its own enterprise union), "joint" (covered by a joint
    union) or "none". Two queries whatever the number of units."""
    ids = list(unit_ids)
    status = dict.fromkeys(ids, NONE)
    if not ids:
        return status
    for unit_id in CoveredUnit.objects.filter(subdistrict_id=subdistrict_id, unit_id__in=ids).values_list(
        "unit_id", flat=True
    ):
        status[unit_id] = JOINT
    for unit_id in UnionOrganisation.objects.filter(
        subdistrict_id=subdistrict_id, kind=UnionKind.ENTERPRISE, unit_id__in=ids
    ).values_list("unit_id", flat=True):
        if unit_id is not None:
            status[unit_id] = OWN
    return status


def union_counts(*, subdistrict_id: int, by: dt.date | None = None) -> dict[str, int]:
    """How many union organisations of each kind (``UnionKind`` values) the
    sub-district has, those founded after ``by`` left out (undated ones count). One query."""
    qs = UnionOrganisation.objects.filter(subdistrict_id=subdistrict_id)
    if by is not None:
        qs = qs.filter(Q(founded_on__isnull=True) | Q(founded_on__lte=by))
    counts = dict.fromkeys(UnionKind.values, 0)
    counts.update(qs.values("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    return counts
