"""Which enterprises have a union of their own, are covered by a joint union, or
by none: asked of the unions app (``dues → unions`` is an allowed edge)."""

import datetime as dt
from collections.abc import Iterable

from jiedao.unions.selectors import union_counts, union_status_of_units


def union_status(*, subdistrict_id: int, unit_ids: Iterable[int]) -> dict[int, str]:
    """{unit id: "own" | "joint" | "none"}."""
    return union_status_of_units(subdistrict_id=subdistrict_id, unit_ids=list(unit_ids))


def unions_by_kind(*, subdistrict_id: int, year: int) -> dict[str, int]:
    """{"federation" | "joint" | "enterprise": how many} founded by the end of ``year``."""
    return union_counts(subdistrict_id=subdistrict_id, by=dt.date(year, 12, 31))
