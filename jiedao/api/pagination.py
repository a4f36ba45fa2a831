"""One list shape for the API: ``{"items": [...], "count": N}``, driven by
``limit`` and ``offset`` query parameters.

    @router.get("/things", response=Page[ThingOut])
    @staff()
    def thing_list(request, limit: int | None = None, offset: int = 0):
        return paginate(things_visible_to(actor), limit, offset)
"""

from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db.models import QuerySet
from ninja import Schema

MAX_LIMIT = 200
T = TypeVar("T")


class Page(Schema, Generic[T]):
    items: list[T]
    count: int


def paginate(qs: QuerySet[Any], limit: int | None = None, offset: int = 0) -> dict[str, Any]:
    """One slice of an ordered queryset and the total count (two queries).

    ``limit`` defaults to ``JIEDAO_PAGE_SIZE`` and is held between 1 and
    ``MAX_LIMIT``, so no request can ask for a whole table at once."""
    size = settings.JIEDAO_PAGE_SIZE if limit is None else limit
    size = max(1, min(size, MAX_LIMIT))
    start = max(0, offset)
    return {"items": list(qs[start : start + size]), "count": qs.count()}
