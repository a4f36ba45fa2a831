"""/api/v1/volunteering: the shifts open to claim, claiming and cancelling, the
caller's hours, and the public verification of a certificate. Same services and
scope rules as the pages.

``POST /shifts/{id}/claim`` answers 201 for a new claim (or an offered place
accepted), 200 for a repeat (nothing changes), 409 ``shift_full`` when no place is
left (``details.waiting_list``: ``POST /shifts/{id}/waitlist`` joins it).
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Status
from pydantic import BaseModel

from jiedao.accounts.policy import public, request_actor, signed_in
from jiedao.api.pagination import Page, PageQuery, paginate
from jiedao.api.responses import refuses
from jiedao.api.types import Id
from jiedao.core.certificates import mask_name
from jiedao.core.errors import Conflict
from jiedao.volunteering import access, selectors, services
from jiedao.volunteering.models import Claim, Shift

router = Router(tags=["volunteering"])


class ShiftOut(BaseModel):
    id: int
    task: str
    start: dt.datetime
    end: dt.datetime
    place: str
    capacity: int
    claimed: int
    hours: Decimal = Field(description="每班次计入的服务时长（小时）")


class ShiftFilters(PageQuery):
    date_from: dt.date | None = Field(None, description="最早日期（含），默认为现在起")
    date_to: dt.date | None = Field(None, description="最晚日期（含）")


class ClaimOut(BaseModel):
    id: int
    shift: int
    task: str
    start: dt.datetime
    status: str = Field(description="claimed、waiting、offered、cancelled、lapsed")
    offer_expires_at: dt.datetime | None = Field(description="候补递补的确认截止时间")


class ServiceRecordOut(BaseModel):
    claim: int
    task: str
    start: dt.datetime
    hours: Decimal
    source: str = Field(description="attendance（扫码签到签退）或 reported（本人申报）")
    status: str = Field(description="pending、verified、rejected")


class ServiceHoursOut(BaseModel):
    year: int
    hours: Decimal = Field(description="已核实的服务时长合计（小时）")
    pending: Decimal = Field(description="待审核的申报时长（小时）")
    records: list[ServiceRecordOut]


class HoursQuery(BaseModel):
    year: int | None = Field(None, ge=2000, le=2100, description="年份，默认为今年")


class ServiceCertificateOut(BaseModel):
    number: str
    valid: bool
    name: str = Field(description="脱敏姓名")
    hours: Decimal
    period_start: dt.date
    period_end: dt.date
    issuer: str
    issued_on: dt.date
    revoked_on: dt.date | None = Field(None, description="作废日期（有效的证明为空）")


def _shift(shift: Shift) -> dict[str, Any]:
    session = shift.session
    return {
        "id": shift.pk,
        "task": shift.task.activity.title,
        "start": session.starts_at,
        "end": session.ends_at,
        "place": session.place,
        "capacity": shift.capacity,
        "claimed": shift.claimed,
        "hours": shift.task.hours_per_shift,
    }


def _claim(claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.pk,
        "shift": claim.shift_id,
        "task": claim.shift.task.activity.title,
        "start": claim.shift.session.starts_at,
        "status": claim.status,
        "offer_expires_at": claim.offer_expires_at,
    }


@router.get("/shifts", response=Page[ShiftOut], summary="可认领的班次")
@signed_in
def list_shifts(request: HttpRequest, filters: Query[ShiftFilters]) -> dict[str, Any]:
    actor = request_actor(request)
    page = paginate(selectors.shifts_between(actor.subdistrict_id or 0, filters.date_from, filters.date_to), filters)
    page["items"] = [_shift(s) for s in page["items"]]
    return page


@router.post("/shifts/{int:shift_id}/claim", response={200: ClaimOut, 201: ClaimOut}, summary="认领班次")
@signed_in
@refuses(Conflict)
def claim_shift(request: HttpRequest, shift_id: Id) -> Status[dict[str, Any]]:
    actor = request_actor(request)
    shift = access.shift_to_claim(actor, shift_id)
    claim, created = services.claim_shift(actor=actor, shift=shift, request=request)
    return Status(201 if created else 200, _claim(access.own_claim(actor, claim.pk)))


@router.post("/shifts/{int:shift_id}/waitlist", response={200: ClaimOut}, summary="加入候补")
@signed_in
@refuses(Conflict)
def join_waitlist(request: HttpRequest, shift_id: Id) -> dict[str, Any]:
    actor = request_actor(request)
    shift = access.shift_to_claim(actor, shift_id)
    claim = services.join_waitlist(actor=actor, shift=shift, request=request)
    return _claim(access.own_claim(actor, claim.pk))


@router.post("/claims/{int:claim_id}/cancel", response=ClaimOut, summary="取消认领（或退出候补、放弃递补）")
@signed_in
@refuses(Conflict)
def cancel_claim(request: HttpRequest, claim_id: Id) -> dict[str, Any]:
    actor = request_actor(request)
    claim = access.own_claim(actor, claim_id)
    services.cancel_claim(actor=actor, claim=claim, request=request)
    return _claim(access.own_claim(actor, claim_id))


@router.get("/hours/me", response=ServiceHoursOut, summary="我的服务时长")
@signed_in
@refuses(Conflict)
def my_hours(request: HttpRequest, query: Query[HoursQuery]) -> dict[str, Any]:
    person = services.claimant(request_actor(request))
    found = selectors.hours_of_year(person, query.year or timezone.localdate().year)
    return {
        "year": found.year,
        "hours": found.verified,
        "pending": found.pending,
        "records": [
            {
                "claim": r.claim_id,
                "task": r.claim.shift.task.activity.title,
                "start": r.claim.shift.session.starts_at,
                "hours": r.hours,
                "source": r.source,
                "status": r.status,
            }
            for r in found.records
        ],
    }


@router.get("/certificates/{number}", auth=None, response=ServiceCertificateOut, summary="志愿服务记录证明核验（公开）")
@public
def verify_certificate(request: HttpRequest, number: str) -> dict[str, Any]:
    certificate = selectors.certificate_by_number(number[:64])
    if certificate is None:
        raise Http404
    return {
        "number": certificate.number,
        "valid": certificate.is_valid,
        "name": mask_name(certificate.name),
        "hours": certificate.hours,
        "period_start": certificate.period_start,
        "period_end": certificate.period_end,
        "issuer": certificate.issuer_name,
        "issued_on": certificate.issued_on,
        "revoked_on": timezone.localdate(certificate.revoked_at) if certificate.revoked_at else None,
    }
