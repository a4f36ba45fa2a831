"""The waitlist: join, leave, and the offers of freed slots (first come, first
offered; an offer holds the slot until it expires, then goes to the next one)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.models import AuditEntry
from jiedao.counselling.models import ACTIVE_STATUSES, Appointment, Slot, Studio, WaitlistEntry
from jiedao.counselling.notifications import notify_offer
from jiedao.counselling.selectors import current_consent
from jiedao.counselling.selectors.booking import OPEN_WAITLIST
from jiedao.counselling.services.consent import agreed_now
from jiedao.counselling.services.errors import AlreadyWaiting, ConsentRequired
from jiedao.people.models import Person


def _check_dates(studio: Studio, date_from: dt.date | None, date_to: dt.date | None) -> None:
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
        raise ValidationError(errors)


def waitlist_join(
    *,
    actor: Actor,
    person: Person,
    studio: Studio,
    date_from: dt.date | None,
    date_to: dt.date | None,
    consent: bool = False,
    request: HttpRequest | None = None,
) -> WaitlistEntry:
    """Wait for a slot of ``studio`` between the dates (``consent``: the consent box
    of the form, ticked now)."""
    _check_dates(studio, date_from, date_to)
    assert date_from is not None and date_to is not None
    agreed_now(actor=actor, person=person, consent=consent, request=request)
    with transaction.atomic():
        if current_consent(person) is None:
            raise ConsentRequired()
        if WaitlistEntry.objects.filter(person=person, studio=studio, status__in=OPEN_WAITLIST).exists():
            raise AlreadyWaiting()
        try:
            with transaction.atomic():
                entry = WaitlistEntry.objects.create(
                    subdistrict_id=studio.subdistrict_id,
                    studio=studio,
                    person=person,
                    date_from=date_from,
                    date_to=date_to,
                )
        except IntegrityError:
            raise AlreadyWaiting() from None
        audit.record(actor=actor, action=AuditEntry.Action.CREATE, obj=entry, object_repr="waitlist", request=request)
    return entry


@transaction.atomic
def waitlist_leave(*, actor: Actor, entry: WaitlistEntry, request: HttpRequest | None = None) -> None:
    # The row as it is now (an offer may have come since the page was shown).
    current = (
        WaitlistEntry.objects.select_for_update(of=("self",))
        .select_related("offered_slot__room__studio")
        .filter(pk=entry.pk, status__in=OPEN_WAITLIST)
        .first()
    )
    if current is not None:
        WaitlistEntry.objects.filter(pk=current.pk).update(status=WaitlistEntry.Status.CANCELLED)
        audit.record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=entry,
            object_repr="waitlist",
            detail={"status": "cancelled"},
            request=request,
        )
        if current.status == WaitlistEntry.Status.OFFERED and current.offered_slot is not None:
            offer_next(current.offered_slot)


def end_waiting(person: Person, studio: Studio, slot: Slot, *, now: dt.datetime) -> None:
    """The person booked ``slot``: their waiting for its date at this studio ends, and
    an offer they held for another slot goes to the next one waiting instead of
    blocking it until it expires."""
    day = timezone.localdate(slot.starts_at)
    ended = list(
        WaitlistEntry.objects.select_for_update(of=("self",))
        .select_related("offered_slot__room__studio")
        .filter(person=person, studio=studio, status__in=OPEN_WAITLIST, date_from__lte=day, date_to__gte=day)
    )
    WaitlistEntry.objects.filter(pk__in=[e.pk for e in ended]).update(status=WaitlistEntry.Status.BOOKED)
    for entry in ended:
        held = entry.offered_slot
        if entry.status == WaitlistEntry.Status.OFFERED and held is not None and held.pk != slot.pk:
            offer_next(held, now=now)


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
    transaction.on_commit(lambda: notify_offer(entry.pk))
    return entry


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
