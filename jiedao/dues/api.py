"""/api/v1/dues: the ledger of a year, statement import, the commendation shortlist.
Same services and scope rules as the pages.

``GET /assessments?year=`` the assessments of a year (the federation and the admin:
the sub-district's; an enterprise union chair: their own unit's; voided ones marked); ``POST
/statements`` a payment statement as multipart (``file``, ``channel``: ``tax`` or
``transfer``) → 201 with the counts, or 400 ``invalid`` with every bad row in
``details.errors`` (the federation only); ``GET /shortlist?year=`` the ranked
commendation shortlist with each entry's reasons (the federation and the admin).
"""

from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Form, Query, Router, Status
from ninja.files import UploadedFile
from ninja.params import functions as param_functions
from pydantic import BaseModel

from jiedao.accounts.policy import request_actor, staff
from jiedao.api.pagination import Page, PageQuery, paginate
from jiedao.api.responses import refuses
from jiedao.core.errors import Invalid
from jiedao.dues import access, selectors, services
from jiedao.dues.models import FIRST_YEAR, LAST_YEAR, DuesAssessment
from jiedao.dues.selectors.ledger import arrears_of, paid_of

router = Router(tags=["dues"])
# Optional in the signature so that the role gate answers before a missing file does.
NO_FILE: Any = param_functions.File(None)


def _last_year() -> int:
    return timezone.localdate().year - 1


class DuesYearQuery(PageQuery):
    year: int = Field(default_factory=_last_year, ge=FIRST_YEAR, le=LAST_YEAR, description="年度，如2019；默认为上一年")


class UnitRef(BaseModel):
    id: int
    name: str


class AssessmentOut(BaseModel):
    id: int
    unit: UnitRef
    credit_code: str
    year: int
    kind: str
    channel: str
    payroll_base: Decimal
    rate: Decimal
    assessed: Decimal
    paid: Decimal
    arrears: Decimal
    due_on: str
    voided: bool = Field(description="已作废（作废的核定不计入应缴、欠缴和统计）")
    voided_at: str | None
    void_reason: str


class StatementOut(BaseModel):
    rows: int
    created: int
    unchanged: int


class ShortlistOut(BaseModel):
    rank: int
    unit: UnitRef
    assessed: Decimal
    paid: Decimal
    completed_on: str
    days_early: int
    consecutive_years: int
    reasons: list[str]


def _assessment(a: DuesAssessment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "unit": {"id": a.unit_id, "name": a.unit.name},
        "credit_code": a.unit.credit_code,
        "year": a.year,
        "kind": a.kind,
        "channel": a.channel,
        "payroll_base": a.payroll_base,
        "rate": a.rate,
        "assessed": a.assessed,
        "paid": paid_of(a),
        "arrears": arrears_of(a),
        "due_on": a.due_on.isoformat(),
        "voided": a.is_voided,
        "voided_at": a.voided_at.isoformat() if a.voided_at else None,
        "void_reason": a.void_reason,
    }


@router.get("/assessments", response=Page[AssessmentOut])
@staff(*access.LEDGER_ROLES)
def assessment_list(request: HttpRequest, filters: Query[DuesYearQuery]) -> dict[str, Any]:
    """The assessments of a year with what was paid and the arrears (money as decimal
    strings); voided ones are listed too, marked ``voided`` (arrears 0), and their
    voided payments are not counted."""
    qs = selectors.ledger_queryset(
        access.assessments_visible_to(request_actor(request)), filters.year, with_voided=True
    )
    page = paginate(qs, filters)
    page["items"] = [_assessment(a) for a in page["items"]]
    return page


@router.post("/statements", response={201: StatementOut})
@refuses(Invalid)
@staff(*access.MANAGE_ROLES)
def statement_import(
    request: HttpRequest,
    channel: Form[Literal["tax", "transfer"]] = "tax",
    file: UploadedFile | None = NO_FILE,
) -> Status[StatementOut]:
    """Import a payment statement (xlsx, xls or ods): all rows or none."""
    if file is None:
        raise Invalid(_("请上传对账单文件（file）。"), details={"errors": []})
    result = services.statement_import(
        actor=request_actor(request), source=file, file_name=file.name or "", channel=channel, request=request
    )
    if result.errors:
        raise Invalid(
            _("对账单有误，未导入任何数据。"),
            details={"errors": [{"row": e.row, "column": e.column, "message": e.message} for e in result.errors]},
        )
    return Status(201, StatementOut(rows=result.rows, created=result.created, unchanged=result.unchanged))


@router.get("/shortlist", response=Page[ShortlistOut])
@staff(*access.OVERVIEW_ROLES)
def shortlist(request: HttpRequest, filters: Query[DuesYearQuery]) -> dict[str, Any]:
    """The ranked commendation shortlist of a year, each entry with its reasons."""
    actor = request_actor(request)
    entries = selectors.shortlist(access.assessments_visible_to(actor), filters.year)
    items = [
        {
            "rank": e.rank,
            "unit": {"id": e.unit.pk, "name": e.unit.name},
            "assessed": e.assessed,
            "paid": e.paid,
            "completed_on": e.completed_on.isoformat(),
            "days_early": e.days_early,
            "consecutive_years": e.consecutive_years,
            "reasons": e.reasons,
        }
        for e in entries[filters.offset : filters.offset + filters.limit]
    ]
    return {"items": items, "count": len(entries)}
