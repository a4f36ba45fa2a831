"""Limit/offset pagination shared by every list endpoint: ``{"items", "count"}``."""

from typing import Any, TypeVar

from django.db.models import Model, QuerySet

MAX_LIMIT = 200

M = TypeVar("M", bound=Model)


def paginate(qs: QuerySet[M], *, limit: int, offset: int) -> dict[str, Any]:
    """One page of ``qs`` and the total count: two queries whatever the size.
    ``limit`` is clamped to 1..``MAX_LIMIT`` and ``offset`` to ≥ 0, so no caller
    can ask for the whole table at once."""
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    return {"items": list(qs[offset : offset + limit]), "count": qs.count()}
