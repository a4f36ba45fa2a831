"""/api/v1/counselling: slots, appointments, consent — the booking side.

Same services and scope rules as the pages (``booking``, ``booking_access``):
``GET /slots`` the free slots of the caller's sub-district; ``POST /appointments``
``{"slot"}`` books for the caller (an office may add ``"person"``: a phone call) →
201, or 409 ``slot_taken`` with ``details.alternatives``, 409 ``consent_required``
before the consent (``GET``/``POST /consent``), 409 ``weekly_limit``, 422 for the other
rules; ``GET /appointments`` the caller's own (a counsellor: also their caseload; an
office: the sub-district's); cancel; the ICS file.
"""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel

from jiedao.accounts.actor import Actor
from jiedao.accounts.policy import request_actor, signed_in
from jiedao.api.errors import ApiError
from jiedao.api.pagination import Page, PageQuery, paginate
from jiedao.counselling import booking, consent
from jiedao.counselling.booking_access import (
    appointment_for_actor,
    appointments_visible_to,
    can_manage,
    client_label,
    own_person,
    studios_visible_to,
)
from jiedao.counselling.ics import appointment_ics
from jiedao.counselling.models import Appointment
from jiedao.people.access import person_for_actor
from jiedao.people.models import Person

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
    studio: int | None = Field(None, description="咨询室编号")


class AppointmentIn(Schema):
    slot: int
    person: int | None = Field(None, description="代约对象（仅限街道、党群服务中心等工作人员）")
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


def _refusal(exc: booking.BookingRefused) -> ApiError:
    return ApiError(exc.status, exc.code, exc.message, exc.details)


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
        "client": client_label(actor, a),
        "is_anonymous": a.is_anonymous,
        "pseudonym": a.pseudonym,
    }


@router.get("/slots", response=Page[SlotOut], summary="可预约时段")
@signed_in
def list_slots(request: HttpRequest, filters: Query[SlotFilters]) -> dict[str, Any]:
    actor = request_actor(request)
    studio = None
    if filters.studio is not None:
        studio = studios_visible_to(actor).filter(pk=filters.studio).first()
        if studio is None:
            raise ApiError(404, "not_found", "未找到该咨询室。")
    qs = booking.available_slots(
        actor.subdistrict_id or 0, studio=studio, date_from=filters.date_from, date_to=filters.date_to
    )
    page = paginate(qs, filters)
    page["items"] = [booking.slot_dict(s) for s in page["items"]]
    return page


def _client(actor: Actor, person_id: int | None) -> Person:
    if person_id is not None:
        if not can_manage(actor):
            raise ApiError(403, "forbidden", "只能为自己预约。")
        return person_for_actor(actor, person_id)
    person = own_person(actor)
    if person is None:
        raise ApiError(409, "no_person", "您的账号尚未关联人员信息。")
    return person


@router.post("/appointments", response={201: AppointmentOut}, summary="预约")
@signed_in
def create_appointment(request: HttpRequest, payload: AppointmentIn) -> Status[dict[str, Any]]:
    actor = request_actor(request)
    person = _client(actor, payload.person)
    try:
        appointment = booking.book(
            actor=actor,
            person=person,
            slot_id=payload.slot,
            anonymous=payload.anonymous,
            pseudonym=payload.pseudonym,
            request=request,
        )
    except booking.BookingRefused as exc:
        raise _refusal(exc) from None
    return Status(201, _appointment(actor, appointment_for_actor(actor, appointment.pk)))


@router.get("/appointments", response=Page[AppointmentOut], summary="我的预约（咨询师：我的来访者）")
@signed_in
def list_appointments(request: HttpRequest, filters: Query[AppointmentFilters]) -> dict[str, Any]:
    actor = request_actor(request)
    qs = appointments_visible_to(actor).select_related("slot__room__studio", "counsellor__person", "person")
    if filters.status:
        qs = qs.filter(status=filters.status)
    page = paginate(qs.order_by("-starts_at", "-id"), filters)
    page["items"] = [_appointment(actor, a) for a in page["items"]]
    return page


@router.post("/appointments/{int:appointment_id}/cancel", response=AppointmentOut, summary="取消预约")
@signed_in
def cancel_appointment(request: HttpRequest, appointment_id: int, payload: CancelIn) -> dict[str, Any]:
    actor = request_actor(request)
    appointment = appointment_for_actor(actor, appointment_id)
    try:
        booking.cancel(actor=actor, appointment=appointment, reason=payload.reason, request=request)
    except booking.BookingRefused as exc:
        raise _refusal(exc) from None
    return _appointment(actor, appointment_for_actor(actor, appointment_id))


@router.get("/appointments/{int:appointment_id}.ics", summary="日历文件（iCalendar）")
@signed_in
def appointment_calendar(request: HttpRequest, appointment_id: int) -> HttpResponse:
    appointment = appointment_for_actor(request_actor(request), appointment_id)
    response = HttpResponse(appointment_ics(appointment), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="appointment-{appointment.pk}.ics"'
    return response


@router.get("/consent", response=ConsentOut, summary="单独同意书（当前版本）及本人是否已同意")
@signed_in
def get_consent(request: HttpRequest) -> dict[str, Any]:
    person = own_person(request_actor(request))
    given = booking.current_consent(person) if person else None
    return {
        "version": consent.CURRENT_VERSION,
        "text": consent.current_text(),
        "agreed": given is not None,
        "agreed_at": given.agreed_at if given else None,
    }


@router.post("/consent", response={201: ConsentOut}, summary="同意单独同意书")
@signed_in
def give_consent(request: HttpRequest, payload: ConsentIn) -> Status[dict[str, Any]]:
    actor = request_actor(request)
    person = _client(actor, None)
    try:
        given = booking.consent_give(actor=actor, person=person, version=payload.version, request=request)
    except booking.BookingRefused as exc:
        raise _refusal(exc) from None
    return Status(
        201,
        {"version": given.version, "text": given.text, "agreed": True, "agreed_at": given.agreed_at},
    )
