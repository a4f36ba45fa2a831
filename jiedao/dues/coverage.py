"""Which enterprises have a union of their own, are covered by a joint union, or
by none: asked of the unions app (``dues → unions`` is an allowed edge)."""

from collections.abc import Iterable

from jiedao.unions.selectors import union_status_of_units


def union_status(*, subdistrict_id: int, unit_ids: Iterable[int]) -> dict[int, str]:
    """{unit id: "own" | "joint" | "none"}."""
    return union_status_of_units(subdistrict_id=subdistrict_id, unit_ids=list(unit_ids))
