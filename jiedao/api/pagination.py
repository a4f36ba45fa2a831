"""One list rule for the whole API: ``limit`` and ``offset`` query parameters,
validated the same way everywhere, and one answer shape ``{"items", "count"}``.

A list endpoint declares its filters as a subclass of ``PageQuery`` (so the
page parameters come with them) and returns ``paginate(qs, filters)``:

    class ThingFilters(PageQuery):
        q: str = ""

    @router.get("/things", response=Page[ThingOut])
    @staff()
    def thing_list(request, filters: Query[ThingFilters]):
        return paginate(things_visible_to(actor).filter(...), filters)

A ``limit`` outside 1..``MAX_LIMIT`` or an ``offset`` outside 0..``MAX_OFFSET``
is refused (422, the API's error shape) rather than quietly changed: a client that
asked for 1000 rows and got 200 would believe it had them all.
"""

from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db.models import QuerySet
from ninja import Field, Schema

MAX_LIMIT = 200
# No list here comes near a billion rows (a sub-district registers tens of thousands
# of people), so a larger offset is a client's mistake. The bound also keeps
# ``offset + limit`` far inside the 64-bit integers the databases take for
# OFFSET/LIMIT: beyond them the driver failed (OverflowError, DataError), a 500.
MAX_OFFSET = 10**9
# Lists are counted up to this many rows; beyond, ``count`` is COUNT_CAP + 1.
COUNT_CAP = 100_000
T = TypeVar("T")


def _default_limit() -> int:
    # Read per request, not at import: the setting comes from the environment
    # (and tests change it).
    return int(settings.JIEDAO_PAGE_SIZE)


class PageQuery(Schema):
    """The page parameters of every list endpoint; filters subclass it."""

    limit: int = Field(
        default_factory=_default_limit, ge=1, le=MAX_LIMIT, description=f"每页条数，1–{MAX_LIMIT}，默认为系统分页大小"
    )
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description=f"跳过的条数，0–{MAX_OFFSET}")


class Page(Schema, Generic[T]):
    items: list[T]
    count: int


def capped_count(qs: QuerySet[Any]) -> int:
    """The number of rows, counted up to ``COUNT_CAP + 1``: an exact count over
    millions of rows (a city-wide audit or attendance list) reads them all, while
    a sub-district's lists stay far below the cap and are counted exactly."""
    return qs.order_by()[: COUNT_CAP + 1].count()


def paginate(qs: QuerySet[Any], page: PageQuery) -> dict[str, Any]:
    """One slice of an ordered queryset and its count (two queries); a count of
    ``COUNT_CAP + 1`` means "more than ``COUNT_CAP``" (docs/api.md)."""
    return {"items": list(qs[page.offset : page.offset + page.limit]), "count": capped_count(qs)}
