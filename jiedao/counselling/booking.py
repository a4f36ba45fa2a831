"""Booking services: consent, book, cancel, attended / no-show, waitlist offers.

Every rule is checked here, once, for the pages, the API, the admin and the commands.
The database has the last word on double bookings (one active appointment per slot,
no overlapping active appointments per counsellor — migration 0002): the insert runs
in a savepoint and an ``IntegrityError`` becomes ``SlotTaken`` with the nearest free
alternatives. The weekly limit is kept under concurrency by locking the person's row
(``select_for_update``; SQLite serialises writers anyway).
"""

import datetime as dt
import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.counselling import booking_access
from jiedao.counselling import consent as consent_texts
from jiedao.counselling.booking_access import can_manage, own_counsellor
from jiedao.counselling.models import ACTIVE_STATUSES, Appointment, Consent, Slot, Studio, WaitlistEntry
from jiedao.people.models import Person


class BookingRefused(Exception):
    """A business refusal with an API code, a Chinese message and an HTTP status."""

    status = 422
    code = "booking_refused"

    def __init__(
        self, message: str, details: dict[str, Any] | None = None, *, code: str | None = None, status: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}
        if code:
            self.code = code
        if status:
            self.status = status


class SlotTaken(BookingRefused):
    status = 409
    code = "slot_taken"

    def __init__(self, alternatives: list[Slot]) -> None:
        self.alternatives = alternatives
        super().__init__(_("该时段已被预约。"), {"alternatives": [slot_dict(s) for s in alternatives]})


class ConsentRequired(BookingRefused):
    status = 409
    code = "consent_required"

    def __init__(self) -> None:
        super().__init__(
            _("预约前请先阅读并同意《畅心屋心理咨询单独同意书》。"), {"version": consent_texts.CURRENT_VERSION}
        )


class LimitReached(BookingRefused):
    status = 409
    code = "weekly_limit"


def slot_dict(slot: Slot) -> dict[str, Any]:
    return {
        "id": slot.pk,
        "start": slot.starts_at.isoformat(),
        "end": slot.ends_at.isoformat(),
        "counsellor": slot.counsellor.person.name,
        "place": f"{slot.room.studio.name} {slot.room.name}",
    }


# ---------------------------------------------------------------- consent


def current_consent(person: Person) -> Consent | None:
    return Consent.objects.filter(
        person=person, version=consent_texts.CURRENT_VERSION, withdrawn_at__isnull=True
    ).first()


@transaction.atomic
def consent_give(
    *, actor: Actor, person: Person, version: str, by_phone: bool = False, request: HttpRequest | None = None
) -> Consent:
    """Record that ``person`` read the consent text of ``version`` and agreed (by phone:
    a staff member read it to them). Only the person, or an office of their
    sub-district on the phone, gives it."""
    own = actor.user is not None and person.user_id == actor.user.pk
    if not own and not (by_phone and can_manage(actor) and actor.subdistrict_id == person.subdistrict_id):
        raise BookingRefused(_("只有本人可以同意（或由工作人员电话宣读后代为登记）。"), code="forbidden", status=403)
    if version != consent_texts.CURRENT_VERSION:
        raise BookingRefused(_("同意书已更新，请重新阅读后再同意。"), code="consent_outdated")
    consent = current_consent(person)
    if consent is not None:
        return consent
    # A withdrawn consent of this version stays as history; this agreement is a new row.
    consent = Consent.objects.create(
        subdistrict_id=person.subdistrict_id,
        person=person,
        version=version,
        text=consent_texts.text_of(version),
        agreed_at=timezone.now(),
    )
    audit.record(
        actor=actor,
        action="create",
        obj=consent,
        object_repr=f"consent {version}",
        detail={"version": version, "by_phone": by_phone},
        request=request,
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor: Actor, person: Person, request: HttpRequest | None = None) -> int:
    """PIPL art. 15: the person withdraws their consent (no new bookings after it)."""
    if actor.user is None or person.user_id != actor.user.pk:
        raise BookingRefused(_("只有本人可以撤回同意。"), code="forbidden", status=403)
    count = Consent.objects.filter(person=person, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
    if count:
        audit.record(
            actor=actor,
            action="update",
            object_type="counselling.consent",
            object_id=str(person.pk),
            object_repr="consent withdrawn",
            subdistrict_id=person.subdistrict_id,
            request=request,
        )
    return count


# ---------------------------------------------------------------- availability


def _held_by_offer(now: dt.datetime) -> QuerySet[WaitlistEntry]:
    return WaitlistEntry.objects.filter(
        offered_slot=OuterRef("pk"), status=WaitlistEntry.Status.OFFERED, offer_expires_at__gt=now
    )


def bookable_window(studio: Studio, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    return now + dt.timedelta(hours=studio.min_notice_hours), now + dt.timedelta(days=studio.horizon_days)


def available_slots(
    subdistrict_id: int,
    *,
    studio: Studio | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    now: dt.datetime | None = None,
) -> QuerySet[Slot]:
    """Free slots within each studio's notice and horizon: not withdrawn, no active
    appointment, not held for a waitlist offer."""
    now = now or timezone.now()
    studios = Studio.objects.filter(subdistrict_id=subdistrict_id, is_active=True)
    if studio is not None:
        studios = studios.filter(pk=studio.pk)
    window = Q(pk__in=[])
    for s in studios:
        first, last = bookable_window(s, now)
        window |= Q(room__studio=s, starts_at__gte=first, starts_at__lte=last)
    qs = Slot.objects.filter(window, subdistrict_id=subdistrict_id, is_withdrawn=False, counsellor__is_active=True)
    if date_from is not None:
        qs = qs.filter(
            starts_at__gte=dt.datetime.combine(date_from, dt.time.min, tzinfo=timezone.get_current_timezone())
        )
    if date_to is not None:
        end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone())
        qs = qs.filter(starts_at__lt=end)
    taken = Appointment.objects.filter(slot=OuterRef("pk"), status__in=ACTIVE_STATUSES)
    return (
        qs.exclude(Exists(taken))
        .exclude(Exists(_held_by_offer(now)))
        .select_related("counsellor__person", "room__studio")
        .order_by("starts_at", "id")
    )


def alternatives(slot: Slot, *, count: int = 3, now: dt.datetime | None = None) -> list[Slot]:
    """The free slots of the same studio closest in time to ``slot``."""
    qs = available_slots(slot.subdistrict_id, studio=slot.room.studio, now=now).exclude(pk=slot.pk)
    after = list(qs.filter(starts_at__gte=slot.starts_at)[:count])
    before = list(qs.filter(starts_at__lt=slot.starts_at).order_by("-starts_at", "-id")[:count])
    both = sorted(after + before, key=lambda s: (abs((s.starts_at - slot.starts_at).total_seconds()), s.starts_at))
    return sorted(both[:count], key=lambda s: s.starts_at)


# ---------------------------------------------------------------- booking


def new_pseudonym() -> str:
    return _("来访者") + "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _i in range(4))


def iso_week_bounds(moment: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    local = timezone.localtime(moment)
    monday = local.date() - dt.timedelta(days=local.weekday())
    start = dt.datetime.combine(monday, dt.time.min, tzinfo=local.tzinfo)
    return start, start + dt.timedelta(days=7)


def is_taken(slot: Slot) -> bool:
    """An active appointment on the slot, or one of its counsellor overlapping it."""
    return (
        Appointment.objects.filter(status__in=ACTIVE_STATUSES)
        .filter(
            Q(slot=slot) | Q(counsellor_id=slot.counsellor_id, starts_at__lt=slot.ends_at, ends_at__gt=slot.starts_at)
        )
        .exists()
    )


def book(
    *,
    actor: Actor,
    person: Person,
    slot_id: int,
    anonymous: bool = False,
    pseudonym: str = "",
    request: HttpRequest | None = None,
    via_offer: WaitlistEntry | None = None,
) -> Appointment:
    """Book ``slot_id`` for ``person`` (themself, or staff on their behalf). Raises
    ``BookingRefused`` (``SlotTaken``, ``ConsentRequired``, ``LimitReached``, …)."""
    now = timezone.now()
    on_behalf = actor.user is None or person.user_id != actor.user.pk
    if on_behalf and not can_manage(actor):
        raise BookingRefused(_("只能为自己预约。"), code="forbidden", status=403)
    if on_behalf and person.subdistrict_id != actor.subdistrict_id:
        # Offices book for people of their own sub-district only.
        raise BookingRefused(_("未找到该来访者。"), code="not_found", status=404)
    with transaction.atomic():
        # Lock the person's row: two bookings of one person (two tabs, two staff) queue
        # here, so the weekly count below sees the other's appointment.
        locked = Person.objects.select_for_update().filter(pk=person.pk, subdistrict_id=person.subdistrict_id).first()
        if locked is None:
            raise BookingRefused(_("未找到该来访者。"), code="not_found", status=404)
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
                raise BookingRefused(_("该候补通知已失效。"), code="offer_gone", status=409)
        slot = (
            Slot.objects.select_related("room__studio", "counsellor__person")
            .filter(pk=slot_id, subdistrict_id=person.subdistrict_id)
            .first()
        )
        if slot is None or slot.is_withdrawn or not slot.room.studio.is_active or not slot.counsellor.is_active:
            raise BookingRefused(_("该时段不可预约，请选择其他时段。"), code="slot_unavailable")
        studio = slot.room.studio
        if slot.counsellor.person_id == person.pk:
            raise BookingRefused(_("不能预约自己的咨询时段。"), code="own_slot")
        first, last = bookable_window(studio, now)
        if slot.starts_at < first:
            raise BookingRefused(_("请至少提前%(h)d小时预约。") % {"h": studio.min_notice_hours}, code="too_soon")
        if slot.starts_at > last:
            raise BookingRefused(_("只能预约%(d)d天内的时段。") % {"d": studio.horizon_days}, code="beyond_horizon")
        held = WaitlistEntry.objects.filter(
            offered_slot=slot, status=WaitlistEntry.Status.OFFERED, offer_expires_at__gt=now
        )
        if via_offer is not None:
            held = held.exclude(pk=via_offer.pk)
        if held.exclude(person=person).exists() or is_taken(slot):
            raise SlotTaken(alternatives(slot, now=now))
        if current_consent(person) is None:
            raise ConsentRequired()
        week_start, week_end = iso_week_bounds(slot.starts_at)
        in_week = Appointment.objects.filter(
            person=person, status__in=ACTIVE_STATUSES, starts_at__gte=week_start, starts_at__lt=week_end
        ).count()
        if in_week >= studio.max_active_per_week:
            raise LimitReached(
                _("每人每周最多预约%(n)d次，您本周已有预约。") % {"n": studio.max_active_per_week},
                {"limit": studio.max_active_per_week},
            )
        pseudonym = " ".join((pseudonym or "").split())[:32]
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
            _end_waiting(person, studio, slot, now=now)
            audit.record(
                actor=actor,
                action="create",
                obj=appointment,
                detail={"slot": slot.pk, "on_behalf": on_behalf, "anonymous": anonymous},
                request=request,
            )
            return appointment
    # Outside the failed transaction: find the alternatives with a clean connection.
    raise SlotTaken(alternatives(slot, now=now))


def _end_waiting(person: Person, studio: Studio, slot: Slot, *, now: dt.datetime) -> None:
    """The person booked ``slot``: their waiting for its date at this studio ends, and
    an offer they held for another slot goes to the next one waiting instead of
    blocking it until it expires."""
    day = timezone.localdate(slot.starts_at)
    ended = list(
        WaitlistEntry.objects.select_for_update(of=("self",))
        .select_related("offered_slot__room__studio")
        .filter(
            person=person,
            studio=studio,
            status__in=(WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED),
            date_from__lte=day,
            date_to__gte=day,
        )
    )
    WaitlistEntry.objects.filter(pk__in=[e.pk for e in ended]).update(status=WaitlistEntry.Status.BOOKED)
    for entry in ended:
        held = entry.offered_slot
        if entry.status == WaitlistEntry.Status.OFFERED and held is not None and held.pk != slot.pk:
            offer_next(held, now=now)


# ---------------------------------------------------------------- cancel, attend


def _refuse_if_unlinked(appointment: Appointment) -> None:
    """Past retention an appointment names nobody: nothing can be done with it."""
    if appointment.person_id is None:
        raise BookingRefused(_("该预约已过保存期限，不能再操作。"), code="purged", status=409)


def cancel(
    *, actor: Actor, appointment: Appointment, reason: str = "", request: HttpRequest | None = None
) -> Appointment:
    """The client before the cut-off; staff and the assigned counsellor at any time,
    with a reason. The freed slot goes to the first one waiting."""
    now = timezone.now()
    reason = " ".join((reason or "").split())
    _refuse_if_unlinked(appointment)
    is_client = booking_access.is_client(actor, appointment)
    counsellor = own_counsellor(actor)
    is_counsellor = counsellor is not None and counsellor.pk == appointment.counsellor_id
    is_staff = can_manage(actor) and actor.subdistrict_id == appointment.subdistrict_id
    if not (is_client or is_counsellor or is_staff):
        raise BookingRefused(_("无权取消该预约。"), code="forbidden", status=403)
    with transaction.atomic():
        current = (
            Appointment.objects.select_for_update(of=("self",))
            .select_related("slot__room__studio")
            .get(pk=appointment.pk)
        )
        if current.status != Appointment.Status.BOOKED:
            raise BookingRefused(_("该预约已不能取消。"), code="not_cancellable", status=409)
        studio = current.slot.room.studio
        if is_counsellor or is_staff:
            if not reason:
                raise BookingRefused(_("请填写取消原因。"), {"reason": [_("请填写取消原因。")]}, code="reason_required")
        elif current.starts_at - now < dt.timedelta(hours=studio.cancel_cutoff_hours):
            raise BookingRefused(
                _("开始前%(h)d小时内不能在线取消，请致电咨询室。") % {"h": studio.cancel_cutoff_hours},
                code="cancel_too_late",
            )
        if current.starts_at <= now and not (is_counsellor or is_staff):
            raise BookingRefused(_("该预约已开始。"), code="not_cancellable")
        current.status = Appointment.Status.CANCELLED
        current.cancelled_at = now
        current.cancel_reason = reason[:200]
        current.save(update_fields=["status", "cancelled_at", "cancel_reason"])
        audit.record(
            actor=actor,
            action="update",
            obj=current,
            detail={
                "status": "cancelled",
                "by": "client" if is_client and not (is_staff or is_counsellor) else "staff",
            },
            request=request,
        )
        if current.starts_at > now:
            offer_next(current.slot, now=now)
            if not is_client:
                from jiedao.counselling.notifications import notify_cancelled

                transaction.on_commit(lambda: notify_cancelled(current.pk))
    return current


def mark(*, actor: Actor, appointment: Appointment, status: str, request: HttpRequest | None = None) -> Appointment:
    """The assigned counsellor marks a started appointment attended or no-show."""
    if status not in (Appointment.Status.ATTENDED, Appointment.Status.NO_SHOW):
        raise BookingRefused(_("状态无效。"), code="invalid_status")
    _refuse_if_unlinked(appointment)
    counsellor = own_counsellor(actor)
    if counsellor is None or counsellor.pk != appointment.counsellor_id:
        raise BookingRefused(_("只有负责的咨询师可以登记到访情况。"), code="forbidden", status=403)
    with transaction.atomic():
        current = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if current.status == Appointment.Status.CANCELLED:
            raise BookingRefused(_("已取消的预约不能登记。"), code="cancelled")
        if current.starts_at > timezone.now():
            raise BookingRefused(_("咨询开始后才能登记到访情况。"), code="not_started")
        current.status = status
        current.save(update_fields=["status"])
        audit.record(actor=actor, action="update", obj=current, detail={"status": status}, request=request)
    return current


# ---------------------------------------------------------------- waitlist


@transaction.atomic
def waitlist_join(
    *,
    actor: Actor,
    person: Person,
    studio: Studio,
    date_from: dt.date | None,
    date_to: dt.date | None,
    request: HttpRequest | None = None,
) -> WaitlistEntry:
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if date_from is None:
        errors["date_from"] = [_("请填写最早日期。")]
    elif date_from < today:
        errors["date_from"] = [_("最早日期不能早于今天。")]
    if date_to is None:
        errors["date_to"] = [_("请填写最晚日期。")]
    elif date_from is not None and date_to < date_from:
        errors["date_to"] = [_("最晚日期不能早于最早日期。")]
    elif date_to > today + dt.timedelta(days=studio.horizon_days):
        errors["date_to"] = [_("只能候补%(d)d天内的日期。") % {"d": studio.horizon_days}]
    if errors:
        raise BookingRefused(_("请检查日期。"), errors, code="invalid")
    if current_consent(person) is None:
        raise ConsentRequired()
    if WaitlistEntry.objects.filter(person=person, studio=studio, status__in=("waiting", "offered")).exists():
        raise BookingRefused(_("您已在候补名单中。"), code="already_waiting", status=409)
    assert date_from is not None and date_to is not None
    try:
        with transaction.atomic():
            entry = WaitlistEntry.objects.create(
                subdistrict_id=studio.subdistrict_id, studio=studio, person=person, date_from=date_from, date_to=date_to
            )
    except IntegrityError:
        raise BookingRefused(_("您已在候补名单中。"), code="already_waiting", status=409) from None
    audit.record(actor=actor, action="create", obj=entry, object_repr="waitlist", request=request)
    return entry


@transaction.atomic
def waitlist_leave(*, actor: Actor, entry: WaitlistEntry, request: HttpRequest | None = None) -> None:
    # The row as it is now (an offer may have come since the page was shown).
    current = (
        WaitlistEntry.objects.select_for_update(of=("self",))
        .select_related("offered_slot__room__studio")
        .filter(pk=entry.pk, status__in=("waiting", "offered"))
        .first()
    )
    if current is not None:
        WaitlistEntry.objects.filter(pk=current.pk).update(status=WaitlistEntry.Status.CANCELLED)
        audit.record(
            actor=actor,
            action="update",
            obj=entry,
            object_repr="waitlist",
            detail={"status": "cancelled"},
            request=request,
        )
        if current.status == WaitlistEntry.Status.OFFERED and current.offered_slot is not None:
            offer_next(current.offered_slot)


def offer_next(slot: Slot, *, now: dt.datetime | None = None) -> WaitlistEntry | None:
    """Offer a freed slot to the first one waiting whose dates cover it (call inside a
    transaction). Returns the entry offered, if any."""
    now = now or timezone.now()
    studio = slot.room.studio
    if slot.is_withdrawn or slot.starts_at <= now + dt.timedelta(hours=studio.min_notice_hours):
        return None
    if Appointment.objects.filter(slot=slot, status__in=ACTIVE_STATUSES).exists():
        return None
    if WaitlistEntry.objects.filter(offered_slot=slot, status=WaitlistEntry.Status.OFFERED).exists():
        return None
    day = timezone.localdate(slot.starts_at)
    entry = (
        WaitlistEntry.objects.select_for_update()
        .filter(studio=studio, status=WaitlistEntry.Status.WAITING, date_from__lte=day, date_to__gte=day)
        .order_by("created_at", "id")
        .first()
    )
    if entry is None:
        return None
    expires = min(
        now + dt.timedelta(hours=studio.waitlist_offer_hours),
        slot.starts_at - dt.timedelta(hours=studio.min_notice_hours),
    )
    entry.status = WaitlistEntry.Status.OFFERED
    entry.offered_slot = slot
    entry.offer_expires_at = expires
    entry.save(update_fields=["status", "offered_slot", "offer_expires_at"])
    from jiedao.counselling.notifications import notify_offer

    transaction.on_commit(lambda: notify_offer(entry.pk))
    return entry


def offer_accept(*, actor: Actor, entry: WaitlistEntry, request: HttpRequest | None = None) -> Appointment:
    now = timezone.now()
    if entry.status != WaitlistEntry.Status.OFFERED or entry.offered_slot_id is None:
        raise BookingRefused(_("该候补通知已失效。"), code="offer_gone")
    if entry.offer_expires_at is None or entry.offer_expires_at <= now:
        raise BookingRefused(_("该候补通知已过期。"), code="offer_expired")
    return book(actor=actor, person=entry.person, slot_id=entry.offered_slot_id, request=request, via_offer=entry)


def expire_offers(*, now: dt.datetime | None = None) -> int:
    """Expire the offers past their time and offer each slot to the next one waiting."""
    now = now or timezone.now()
    count = 0
    for entry in WaitlistEntry.objects.filter(
        status=WaitlistEntry.Status.OFFERED, offer_expires_at__lte=now
    ).select_related("offered_slot__room__studio"):
        with transaction.atomic():
            if WaitlistEntry.objects.filter(pk=entry.pk, status=WaitlistEntry.Status.OFFERED).update(
                status=WaitlistEntry.Status.EXPIRED
            ):
                count += 1
                if entry.offered_slot is not None:
                    offer_next(entry.offered_slot, now=now)
    return count
