"""/api/v1/counselling: one router for booking, the session record of an
appointment and the statistics. Same services and scope rules as the pages.

Booking: ``GET /slots`` the free slots of the caller's sub-district; ``POST
/appointments`` ``{"slot"}`` books for the caller (an office may add ``"person"``: a
phone call) → 201, or 409 ``slot_taken`` with ``details.alternatives``, 409
``consent_required`` before the consent (``GET``/``POST /consent``), 409
``weekly_limit``, 422 for the other rules; ``GET /appointments`` the caller's own (a
counsellor: also their caseload; an office: the sub-district's); cancel; the ICS file.

Records: ``GET``/``PUT /appointments/{id}/record``: the assigned counsellor only. Any
other role is refused by the gate (403); a counsellor asking for someone else's
appointment gets 404, like an appointment that does not exist. Supervisors read
records on the page, after stating a reason; the client never reads them. Every
read and write is audited (``services.records``).
"""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel

from jiedao.accounts.actor import Actor
from jiedao.accounts.policy import request_actor, signed_in, staff
from jiedao.api.pagination import Page, PageQuery, paginate
from jiedao.api.responses import refuses
from jiedao.api.types import Id
from jiedao.core.downloads import download_response
from jiedao.core.errors import Conflict, DomainError, Forbidden, NotFound
from jiedao.counselling import access, consent, selectors, services
from jiedao.counselling.ics import appointment_ics
from jiedao.counselling.models import Appointment, RiskLevel, Slot, Topic
from jiedao.people.access import own_person

router = Router(tags=["counselling"])


class SlotOut(BaseModel):
    id: int
    start: dt.datetime
    end: dt.datetime
    counsellor: str
    place: str


class SlotFilters(PageQuery):
    date_from: dt.date | None = Field(None, description="最早日期（含）")
    date_to: dt.date | None = Field(None, description="最晚日期（含）")
    studio: Id | None = Field(None, description="咨询室编号")


class AppointmentIn(Schema):
    slot: Id
    person: Id | None = Field(None, description="代约对象（仅限街道、党群服务中心等工作人员）")
    anonymous: bool = False
    pseudonym: str = Field("", max_length=32)


class AppointmentOut(BaseModel):
    id: int
    slot: int
    start: dt.datetime
    end: dt.datetime
    status: str
    counsellor: str
    place: str
    client: str = Field(description="来访者：本人、咨询师看到姓名；工作人员看到姓名或化名")
    is_anonymous: bool
    pseudonym: str


class AppointmentFilters(PageQuery):
    # An unknown status is a 422 with the field named, not an empty list.
    status: Literal["", "booked", "attended", "no_show", "cancelled"] = Field(
        "", description="booked、attended、no_show、cancelled"
    )


class CancelIn(Schema):
    reason: str = Field("", max_length=200, description="工作人员、咨询师取消时必填")


class ConsentOut(BaseModel):
    version: str
    text: str
    agreed: bool
    agreed_at: dt.datetime | None


class ConsentIn(Schema):
    version: str = Field(max_length=16, description="所阅读的同意书版本")


def _slot(slot: Slot) -> dict[str, Any]:
    return {
        "id": slot.pk,
        "start": slot.starts_at.isoformat(),
        "end": slot.ends_at.isoformat(),
        "counsellor": slot.counsellor.person.name,
        "place": f"{slot.room.studio.name} {slot.room.name}",
    }


def _appointment(actor: Actor, a: Appointment) -> dict[str, Any]:
    slot = a.slot
    return {
        "id": a.pk,
        "slot": a.slot_id,
        "start": a.starts_at,
        "end": a.ends_at,
        "status": a.status,
        "counsellor": a.counsellor.person.name,
        "place": f"{slot.room.studio.name} {slot.room.name}",
        "client": access.client_label(actor, a),
        "is_anonymous": a.is_anonymous,
        "pseudonym": a.pseudonym,
    }


@router.get("/slots", response=Page[SlotOut], summary="可预约时段")
@signed_in
@refuses(NotFound)
def list_slots(request: HttpRequest, filters: Query[SlotFilters]) -> dict[str, Any]:
    actor = request_actor(request)
    studio = access.studio_for_actor(actor, filters.studio) if filters.studio is not None else None
    qs = selectors.available_slots(
        actor.subdistrict_id or 0, studio=studio, date_from=filters.date_from, date_to=filters.date_to
    )
    page = paginate(qs, filters)
    page["items"] = [_slot(s) for s in page["items"]]
    return page


@router.post("/appointments", response={201: AppointmentOut}, summary="预约")
@signed_in
@refuses(Forbidden, NotFound, Conflict, DomainError)
def create_appointment(request: HttpRequest, payload: AppointmentIn) -> Status[dict[str, Any]]:
    actor = request_actor(request)
    person = access.client_for(actor, payload.person)
    try:
        appointment = services.book(
            actor=actor,
            person=person,
            slot_id=payload.slot,
            anonymous=payload.anonymous,
            pseudonym=payload.pseudonym,
            request=request,
        )
    except services.SlotTaken as exc:
        # The nearest free slots, as this API shows slots.
        exc.details = {"alternatives": [_slot(s) for s in exc.alternatives]}
        raise
    return Status(201, _appointment(actor, access.appointment_for_actor(actor, appointment.pk)))


@router.get("/appointments", response=Page[AppointmentOut], summary="我的预约（咨询师：我的来访者）")
@signed_in
def list_appointments(request: HttpRequest, filters: Query[AppointmentFilters]) -> dict[str, Any]:
    actor = request_actor(request)
    qs = access.appointments_visible_to(actor).select_related("slot__room__studio", "counsellor__person", "person")
    if filters.status:
        qs = qs.filter(status=filters.status)
    page = paginate(qs.order_by("-starts_at", "-id"), filters)
    page["items"] = [_appointment(actor, a) for a in page["items"]]
    return page


@router.post("/appointments/{int:appointment_id}/cancel", response=AppointmentOut, summary="取消预约")
@signed_in
@refuses(Forbidden, Conflict, DomainError)
def cancel_appointment(request: HttpRequest, appointment_id: Id, payload: CancelIn) -> dict[str, Any]:
    actor = request_actor(request)
    appointment = access.appointment_for_actor(actor, appointment_id)
    services.cancel(actor=actor, appointment=appointment, reason=payload.reason, request=request)
    return _appointment(actor, access.appointment_for_actor(actor, appointment_id))


@router.get("/appointments/{int:appointment_id}.ics", summary="日历文件（iCalendar）")
@signed_in
def appointment_calendar(request: HttpRequest, appointment_id: Id) -> HttpResponse:
    appointment = access.appointment_for_actor(request_actor(request), appointment_id)
    return download_response(
        appointment_ics(appointment),
        filename=f"appointment-{appointment.pk}.ics",
        content_type="text/calendar; charset=utf-8",
    )


@router.get("/consent", response=ConsentOut, summary="单独同意书（当前版本）及本人是否已同意")
@signed_in
def get_consent(request: HttpRequest) -> dict[str, Any]:
    person = own_person(request_actor(request))
    given = selectors.current_consent(person) if person else None
    return {
        "version": consent.CURRENT_VERSION,
        "text": consent.current_text(),
        "agreed": given is not None,
        "agreed_at": given.agreed_at if given else None,
    }


@router.post("/consent", response={201: ConsentOut}, summary="同意单独同意书")
@signed_in
@refuses(Conflict, DomainError)
def give_consent(request: HttpRequest, payload: ConsentIn) -> Status[dict[str, Any]]:
    actor = request_actor(request)
    person = access.client_for(actor, None)
    given = services.consent_give(actor=actor, person=person, version=payload.version, request=request)
    return Status(
        201,
        {"version": given.version, "text": given.text, "agreed": True, "agreed_at": given.agreed_at},
    )


# ---------------------------------------------------------------- records and statistics


class ReferralIn(Schema):
    referred_to: str = Field(max_length=200, description="转介对象（机构或人员）")
    referred_at: dt.datetime = Field(description="转介时间")
    reason: str = Field(max_length=services.MAX_REASON_LENGTH, description="转介原因")


class RecordIn(Schema):
    notes: str = Field("", max_length=services.MAX_NOTES_LENGTH, description="谈话记录（不含诊断）")
    topics: list[str] = Field(default_factory=list, description=f"主题代码：{'、'.join(Topic.values)}")
    risk_level: str = Field(RiskLevel.NONE.value, description=f"风险等级：{'、'.join(RiskLevel.values)}")
    referral: ReferralIn | None = Field(None, description="转介；风险等级为 high 且尚无转介时必填")


class ReferralOut(BaseModel):
    id: int
    referred_to: str
    referred_at: dt.datetime
    reason: str


class RecordOut(BaseModel):
    appointment: int
    exists: bool
    notes: str
    topics: list[str]
    risk_level: str
    referrals: list[ReferralOut]
    created_at: dt.datetime | None
    updated_at: dt.datetime | None


def _out(view: services.RecordView) -> dict[str, Any]:
    record = view.record
    return {
        "appointment": view.appointment.pk,
        "exists": record is not None,
        "notes": record.notes if record else "",
        "topics": view.topics,
        "risk_level": record.risk_level if record else RiskLevel.NONE.value,
        "referrals": [
            {"id": r.pk, "referred_to": r.referred_to, "referred_at": r.referred_at, "reason": r.reason}
            for r in view.referrals
        ],
        "created_at": record.created_at if record else None,
        "updated_at": record.updated_at if record else None,
    }


@router.get("/appointments/{int:appointment_id}/record", response=RecordOut, summary="咨询记录（仅限该预约的咨询师）")
@staff(*access.WRITE_ROLES)
def get_record(request: HttpRequest, appointment_id: Id, response: HttpResponse) -> dict[str, Any]:
    actor = request_actor(request)
    appointment = access.appointment_for_counsellor(actor, appointment_id)
    response["Cache-Control"] = "no-store, private"
    return _out(services.record_read(actor=actor, appointment=appointment, request=request))


@router.put("/appointments/{int:appointment_id}/record", response=RecordOut, summary="填写或修改咨询记录")
@staff(*access.WRITE_ROLES)
def put_record(request: HttpRequest, appointment_id: Id, payload: RecordIn, response: HttpResponse) -> dict[str, Any]:
    actor = request_actor(request)
    appointment = access.appointment_for_counsellor(actor, appointment_id)
    services.record_save(
        actor=actor,
        appointment=appointment,
        notes=payload.notes,
        topics=payload.topics,
        risk_level=payload.risk_level,
        referral=payload.referral.model_dump() if payload.referral else None,
        request=request,
    )
    response["Cache-Control"] = "no-store, private"
    # The answer is a read of what was stored (audited like any other read).
    return _out(services.record_read(actor=actor, appointment=appointment, request=request))


class Cell(BaseModel):
    key: str
    label: str
    value: int | None = Field(description="null 表示涉及不足5人，不公布")
    people: int | None
    suppressed: bool


class StatsOut(BaseModel):
    year: int
    date_from: dt.date
    date_to: dt.date | None = Field(description="只含已结束的月份；尚无则为 null")
    min_people: int
    months: list[Cell]
    sessions: Cell
    topics: list[Cell]
    no_shows: Cell
    no_show_rate: float | None
    no_show_rate_suppressed: bool


class StatsQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="年份；默认为最近一个已结束月份所在的年份")


@router.get("/stats", response=StatsOut, summary="畅心屋汇总统计（不足5人的数字不公布）")
@staff(*access.STATS_ROLES)
def get_stats(request: HttpRequest, query: Query[StatsQuery]) -> dict[str, Any]:
    actor = request_actor(request)
    assert actor.subdistrict_id is not None
    year = query.year or selectors.default_stats_year()
    return selectors.counselling_stats(subdistrict_id=actor.subdistrict_id, year=min(year, timezone.localdate().year))
