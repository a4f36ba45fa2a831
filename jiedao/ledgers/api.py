"""/api/v1/ledgers: the ledgers the caller may read and each one's xlsx, built as the
page's job builds it.

``GET /`` → ``{items, count}``, each ``key``, ``title``, ``programme``;
``GET /{key}.xlsx?period=`` (``YYYY`` or ``YYYY-MM``, default the current year) → the
file, synchronously: 400 ``bad_period`` for a period that is neither (or a month of a
yearly ledger), 404 for a key that does not exist or that the caller may not read, 403
for anyone without a staff role (residents). Each download is audited.
"""

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from pydantic import BaseModel

from jiedao.accounts.policy import request_actor, staff
from jiedao.api.pagination import Page, PageQuery
from jiedao.api.responses import refuses
from jiedao.core.downloads import download_response
from jiedao.core.errors import Invalid, NotFound
from jiedao.core.ledgers import Period
from jiedao.ledgers import registry
from jiedao.ledgers.services import CONTENT_TYPE, generate

router = Router(tags=["ledgers"])


class LedgerOut(BaseModel):
    key: str
    title: str
    programme: str = Field(description="生成该台账的业务（应用标识，如 party）")
    programme_title: str
    monthly: bool = Field(description="是否可按月生成（否：仅按年度）")


class PeriodQuery(Schema):
    period: str = Field("", max_length=16, description="YYYY 或 YYYY-MM，默认当年")


@router.get("", response=Page[LedgerOut])
@staff()
def ledger_list(request: HttpRequest, filters: Query[PageQuery]) -> dict[str, object]:
    entries = registry.ledgers_for(request_actor(request))
    items = [
        {
            "key": e.key,
            "title": e.title,
            "programme": e.programme,
            "programme_title": e.programme_title,
            "monthly": e.ledger.monthly,
        }
        for e in entries
    ]
    return {"items": items[filters.offset : filters.offset + filters.limit], "count": len(items)}


@router.get("/{key}.xlsx")
@staff()
@refuses(Invalid, NotFound)
def ledger_xlsx(request: HttpRequest, key: str, query: Query[PeriodQuery]) -> HttpResponse:
    made = generate(actor=request_actor(request), key=key, period=Period.parse(query.period))
    return download_response(made.content, filename=made.filename, content_type=CONTENT_TYPE)
