"""Booking services: book, cancel, attended / no-show, accepting a waitlist offer.

Every rule is checked here, once, for the pages, the API, the admin and the commands.
The database has the last word on double bookings (one active appointment per slot,
no overlapping active appointments per counsellor — migration 0002): the insert runs
in a savepoint and an ``IntegrityError`` becomes ``SlotTaken`` with the nearest free
alternatives. The weekly limit is kept under concurrency by locking the person's row
(``select_for_update``; SQLite serialises writers anyway).
"""

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.errors import DomainError, Forbidden, NotFound
from jiedao.core.models import AuditEntry
from jiedao.core.services import clean_text, new_errors, raise_if
from jiedao.counselling import access
from jiedao.counselling.models import Appointment, Slot, WaitlistEntry
from jiedao.counselling.notifications import notify_cancelled
from jiedao.counselling.selectors import alternatives, bookable_window, current_consent, is_taken, week_is_full
from jiedao.counselling.services.consent import agreed_now
from jiedao.counselling.services.errors import (
    ConsentRequired,
    LimitReached,
    NotCancellable,
    OfferGone,
    Purged,
    SlotTaken,
)
from jiedao.counselling.services.waitlist import end_waiting, offer_next
from jiedao.people.models import Person


def new_pseudonym() -> str:
    return _("来访者") + "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _i in range(4))


def book(
    *,
    actor: Actor,
    person: Person,
    slot_id: int,
    anonymous: bool = False,
    pseudonym: str = "",
    consent: bool = False,
    by_phone: bool = False,
    request: HttpRequest | None = None,
    via_offer: WaitlistEntry | None = None,
) -> Appointment:
    """Book ``slot_id`` for ``person`` (themself, or staff on their behalf). ``consent``:
    the confirm form's consent box, ticked now (read out on the phone: ``by_phone``),
    recorded first. Raises ``SlotTaken``, ``ConsentRequired``, ``LimitReached``, …"""
    now = timezone.now()
    on_behalf = actor.user is None or person.user_id != actor.user.pk
    if on_behalf and not access.can_manage(actor):
        raise Forbidden(_("只能为自己预约。"))
    if on_behalf and person.subdistrict_id != actor.subdistrict_id:
        # Offices book for people of their own sub-district only.
        raise NotFound(_("未找到该来访者。"))
    errors = new_errors()
    pseudonym = clean_text(errors, "pseudonym", pseudonym, max_length=32)
    raise_if(errors)
    agreed_now(actor=actor, person=person, consent=consent, by_phone=by_phone, request=request)
    with transaction.atomic():
        # Lock the person's row: two bookings of one person (two tabs, two staff) queue
        # here, so the weekly count below sees the other's appointment.
        locked = Person.objects.select_for_update().filter(pk=person.pk, subdistrict_id=person.subdistrict_id).first()
        if locked is None:
            raise NotFound(_("未找到该来访者。"))
        if via_offer is not None:
            # The offer must still stand, for this person and slot, when the booking is
            # made: an expiry run or a second tap in between turns it into a refusal.
            offer = (
                WaitlistEntry.objects.select_for_update()
                .filter(
                    pk=via_offer.pk,
                    person=person,
                    offered_slot_id=slot_id,
                    status=WaitlistEntry.Status.OFFERED,
                    offer_expires_at__gt=now,
                )
                .first()
            )
            if offer is None:
                raise OfferGone()
        slot = (
            Slot.objects.select_related("room__studio", "counsellor__person")
            .filter(pk=slot_id, subdistrict_id=person.subdistrict_id)
            .first()
        )
        if slot is None or slot.is_withdrawn or not slot.room.studio.is_active or not slot.counsellor.is_active:
            raise DomainError(_("该时段不可预约，请选择其他时段。"), code="slot_unavailable")
        studio = slot.room.studio
        if slot.counsellor.person_id == person.pk:
            raise DomainError(_("不能预约自己的咨询时段。"), code="own_slot")
        first, last = bookable_window(studio, now)
        if slot.starts_at < first:
            raise DomainError(_("请至少提前%(h)d小时预约。") % {"h": studio.min_notice_hours}, code="too_soon")
        if slot.starts_at > last:
            raise DomainError(_("只能预约%(d)d天内的时段。") % {"d": studio.horizon_days}, code="beyond_horizon")
        held = WaitlistEntry.objects.filter(
            offered_slot=slot, status=WaitlistEntry.Status.OFFERED, offer_expires_at__gt=now
        )
        if via_offer is not None:
            held = held.exclude(pk=via_offer.pk)
        if held.exclude(person=person).exists() or is_taken(slot):
            raise SlotTaken(alternatives(slot, now=now))
        if current_consent(person) is None:
            raise ConsentRequired()
        if week_is_full(person, studio, slot.starts_at):
            raise LimitReached(studio.max_active_per_week)
        if anonymous and not pseudonym:
            pseudonym = new_pseudonym()
        appointment: Appointment | None
        try:
            with transaction.atomic():  # a savepoint: the loser of the race lands here
                appointment = Appointment.on_slot(
                    slot,
                    person,
                    is_anonymous=anonymous,
                    pseudonym=pseudonym if anonymous else "",
                    booked_by=actor.user,
                )
                appointment.save(force_insert=True)
        except IntegrityError:
            appointment = None
        if appointment is not None:
            end_waiting(person, studio, slot, now=now)
            audit.record(
                actor=actor,
                action=AuditEntry.Action.CREATE,
                obj=appointment,
                detail={"slot": slot.pk, "on_behalf": on_behalf, "anonymous": anonymous},
                request=request,
            )
            return appointment
    # Outside the failed transaction: find the alternatives with a clean connection.
    raise SlotTaken(alternatives(slot, now=now))


def offer_accept(*, actor: Actor, entry: WaitlistEntry, request: HttpRequest | None = None) -> Appointment:
    now = timezone.now()
    if entry.status != WaitlistEntry.Status.OFFERED or entry.offered_slot_id is None:
        raise OfferGone()
    if entry.offer_expires_at is None or entry.offer_expires_at <= now:
        raise DomainError(_("该候补通知已过期。"), code="offer_expired")
    return book(actor=actor, person=entry.person, slot_id=entry.offered_slot_id, request=request, via_offer=entry)


# ---------------------------------------------------------------- cancel, attend


def cancel(
    *, actor: Actor, appointment: Appointment, reason: str = "", request: HttpRequest | None = None
) -> Appointment:
    """The client before the cut-off; staff and the assigned counsellor at any time,
    with a reason. The freed slot goes to the first one waiting."""
    now = timezone.now()
    errors = new_errors()
    reason = clean_text(errors, "reason", reason, max_length=200)
    if appointment.person_id is None:
        raise Purged()
    is_client = access.is_client(actor, appointment)
    is_staff = access.is_own_counsellor(actor, appointment) or access.manages(actor, appointment)
    if not (is_client or is_staff):
        raise Forbidden(_("无权取消该预约。"))
    raise_if(errors)
    with transaction.atomic():
        current = (
            Appointment.objects.select_for_update(of=("self",))
            .select_related("slot__room__studio")
            .get(pk=appointment.pk)
        )
        if current.status != Appointment.Status.BOOKED:
            raise NotCancellable()
        studio = current.slot.room.studio
        if is_staff:
            if not reason:
                message = _("请填写取消原因。")
                raise DomainError(message, code="reason_required", details={"reason": [message]}, field="reason")
        elif current.starts_at - now < dt.timedelta(hours=studio.cancel_cutoff_hours):
            raise DomainError(
                _("开始前%(h)d小时内不能在线取消，请致电咨询室。") % {"h": studio.cancel_cutoff_hours},
                code="cancel_too_late",
            )
        if current.starts_at <= now and not is_staff:
            raise DomainError(_("该预约已开始。"), code="not_cancellable")
        current.status = Appointment.Status.CANCELLED
        current.cancelled_at = now
        current.cancel_reason = reason
        current.save(update_fields=["status", "cancelled_at", "cancel_reason"])
        audit.record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=current,
            detail={"status": "cancelled", "by": "staff" if is_staff else "client"},
            request=request,
        )
        if current.starts_at > now:
            offer_next(current.slot, now=now)
            if not is_client:
                transaction.on_commit(lambda: notify_cancelled(current.pk))
    return current


def mark(*, actor: Actor, appointment: Appointment, status: str, request: HttpRequest | None = None) -> Appointment:
    """The assigned counsellor marks a started appointment attended or no-show."""
    if status not in (Appointment.Status.ATTENDED, Appointment.Status.NO_SHOW):
        raise DomainError(_("状态无效。"), code="invalid_status")
    if appointment.person_id is None:
        raise Purged()
    if not access.is_own_counsellor(actor, appointment):
        raise Forbidden(_("只有负责的咨询师可以登记到访情况。"))
    with transaction.atomic():
        current = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if current.status == Appointment.Status.CANCELLED:
            raise DomainError(_("已取消的预约不能登记。"), code="cancelled")
        if current.starts_at > timezone.now():
            raise DomainError(_("咨询开始后才能登记到访情况。"), code="not_started")
        current.status = status
        current.save(update_fields=["status"])
        audit.record(
            actor=actor, action=AuditEntry.Action.UPDATE, obj=current, detail={"status": status}, request=request
        )
    return current
