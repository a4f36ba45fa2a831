"""Reads of the booking side: free slots, the weekly limit, and what each page lists
(each in a fixed number of queries, whatever the number of rows)."""

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from jiedao.accounts.actor import Actor
from jiedao.core.models import CalendarDay
from jiedao.counselling import consent as consent_texts
from jiedao.counselling.access import client_label, studios_visible_to
from jiedao.counselling.models import (
    ACTIVE_STATUSES,
    Appointment,
    AvailabilityException,
    AvailabilityRule,
    Consent,
    Counsellor,
    Slot,
    Studio,
    WaitlistEntry,
)
from jiedao.people.access import people_visible_to
from jiedao.people.models import Person

# The finder shows at most this many days as buttons.
DAYS_SHOWN = 14
OPEN_WAITLIST = (WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED)


def _local(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def current_consent(person: Person) -> Consent | None:
    return Consent.objects.filter(
        person=person, version=consent_texts.CURRENT_VERSION, withdrawn_at__isnull=True
    ).first()


# ---------------------------------------------------------------- availability


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
        qs = qs.filter(starts_at__gte=_local(date_from))
    if date_to is not None:
        qs = qs.filter(starts_at__lt=_local(date_to + dt.timedelta(days=1)))
    taken = Appointment.objects.filter(slot=OuterRef("pk"), status__in=ACTIVE_STATUSES)
    held = WaitlistEntry.objects.filter(
        offered_slot=OuterRef("pk"), status=WaitlistEntry.Status.OFFERED, offer_expires_at__gt=now
    )
    return (
        qs.exclude(Exists(taken))
        .exclude(Exists(held))
        .select_related("counsellor__person", "room__studio")
        .order_by("starts_at", "id")
    )


def is_bookable(slot: Slot) -> bool:
    return available_slots(slot.subdistrict_id, studio=slot.room.studio).filter(pk=slot.pk).exists()


def alternatives(slot: Slot, *, count: int = 3, now: dt.datetime | None = None) -> list[Slot]:
    """The free slots of the same studio closest in time to ``slot``."""
    qs = available_slots(slot.subdistrict_id, studio=slot.room.studio, now=now).exclude(pk=slot.pk)
    after = list(qs.filter(starts_at__gte=slot.starts_at)[:count])
    before = list(qs.filter(starts_at__lt=slot.starts_at).order_by("-starts_at", "-id")[:count])
    both = sorted(after + before, key=lambda s: (abs((s.starts_at - slot.starts_at).total_seconds()), s.starts_at))
    return sorted(both[:count], key=lambda s: s.starts_at)


def alternatives_if_gone(studio: Studio, slot_id: int | None) -> list[Slot]:
    """After a refused booking of ``slot_id``: the nearest free slots of ``studio``
    when that slot can no longer be booked (none when it still can)."""
    slot = None if slot_id is None else Slot.objects.filter(room__studio=studio, pk=slot_id).first()
    if slot is None or is_bookable(slot):
        return []
    return alternatives(slot)


def is_taken(slot: Slot) -> bool:
    """An active appointment on the slot, or one of its counsellor overlapping it."""
    return (
        Appointment.objects.filter(status__in=ACTIVE_STATUSES)
        .filter(
            Q(slot=slot) | Q(counsellor_id=slot.counsellor_id, starts_at__lt=slot.ends_at, ends_at__gt=slot.starts_at)
        )
        .exists()
    )


def iso_week_bounds(moment: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    local = timezone.localtime(moment)
    monday = local.date() - dt.timedelta(days=local.weekday())
    start = dt.datetime.combine(monday, dt.time.min, tzinfo=local.tzinfo)
    return start, start + dt.timedelta(days=7)


def week_is_full(person: Person, studio: Studio, moment: dt.datetime) -> bool:
    """The weekly limit (每人每周最多预约n次): ``person`` has as many active
    appointments in the ISO week of ``moment`` as ``studio`` allows."""
    week_start, week_end = iso_week_bounds(moment)
    in_week = Appointment.objects.filter(
        person=person, status__in=ACTIVE_STATUSES, starts_at__gte=week_start, starts_at__lt=week_end
    ).count()
    return in_week >= studio.max_active_per_week


# ---------------------------------------------------------------- residents


def finder(actor: Actor, person: Person | None, *, studio: Studio | None, day: dt.date) -> dict[str, Any]:
    """The finder page: the next days, the free slots of ``day`` (moved into the
    studio's horizon), the person's next appointment and whether the day's week is
    already used up (said before a slot is picked; the booking refuses it)."""
    today = timezone.localdate()
    horizon = studio.horizon_days if studio else DAYS_SHOWN
    day = min(max(day, today), today + dt.timedelta(days=horizon))
    slots: list[Slot] = []
    if studio is not None:
        slots = list(available_slots(actor.subdistrict_id or 0, studio=studio, date_from=day, date_to=day))
    upcoming = None
    week_full = False
    if person is not None:
        upcoming = (
            Appointment.objects.filter(person=person, status=Appointment.Status.BOOKED, starts_at__gte=timezone.now())
            .select_related("slot__room__studio", "counsellor__person")
            .order_by("starts_at")
            .first()
        )
        if studio is not None and slots:
            week_full = week_is_full(person, studio, timezone.make_aware(dt.datetime.combine(day, dt.time(12))))
    return {
        "studio": studio,
        "studios": studios_visible_to(actor).filter(is_active=True),
        "day": day,
        "days": [today + dt.timedelta(days=i) for i in range(min(horizon, DAYS_SHOWN) + 1)],
        "slots": slots,
        "upcoming": upcoming,
        "week_full": week_full,
    }


def my_appointments(person: Person | None) -> QuerySet[Appointment]:
    if person is None:
        return Appointment.objects.none()
    return (
        Appointment.objects.filter(person=person)
        .select_related("slot__room__studio", "counsellor__person")
        .order_by("-starts_at", "-id")
    )


def my_waitlist(person: Person | None) -> QuerySet[WaitlistEntry]:
    if person is None:
        return WaitlistEntry.objects.none()
    return (
        WaitlistEntry.objects.filter(person=person, status__in=OPEN_WAITLIST)
        .select_related("studio", "offered_slot__counsellor__person")
        .order_by("created_at")
    )


# ---------------------------------------------------------------- counsellors and offices


def caseload(counsellor: Counsellor | None, *, upcoming: bool, now: dt.datetime) -> QuerySet[Appointment]:
    """A counsellor's appointments still to end (soonest first) or past (latest first)."""
    if counsellor is None:
        return Appointment.objects.none()
    qs = Appointment.objects.filter(counsellor=counsellor).select_related(
        "slot__room__studio", "person", "counsellor__person"
    )
    if upcoming:
        return qs.filter(ends_at__gte=now).order_by("starts_at", "id")
    return qs.filter(ends_at__lt=now).order_by("-starts_at", "-id")


def studio_rows(actor: Actor) -> QuerySet[Studio]:
    return studios_visible_to(actor).annotate(
        n_counsellors=Count("counsellors", distinct=True), n_rooms=Count("rooms", distinct=True)
    )


def counsellor_rows(actor: Actor) -> QuerySet[Counsellor]:
    upcoming = Q(appointments__status=Appointment.Status.BOOKED, appointments__starts_at__gte=timezone.now())
    return (
        Counsellor.objects.filter(subdistrict_id=actor.subdistrict_id or 0)
        .select_related("person")
        .prefetch_related("studios")
        .annotate(upcoming=Count("appointments", filter=upcoming))
        .order_by("person__name", "id")
    )


def week_schedule(actor: Actor, studio: Studio, monday: dt.date) -> dict[str, Any]:
    """A studio's week: every slot with its booking (a name, or the pseudonym of an
    anonymous client; never the employer), its rules, rooms and exceptions."""
    start = _local(monday)
    slots = list(
        Slot.objects.filter(room__studio=studio, starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=7))
        .select_related("counsellor__person", "room")
        .order_by("starts_at", "counsellor__person__name")
    )
    active = {
        a.slot_id: a
        for a in Appointment.objects.filter(slot__in=slots, status__in=ACTIVE_STATUSES).select_related(
            "person", "counsellor__person"
        )
    }
    days: dict[dt.date, list[dict[str, Any]]] = {monday + dt.timedelta(days=i): [] for i in range(7)}
    for slot in slots:
        a = active.get(slot.pk)
        days[timezone.localdate(slot.starts_at)].append(
            {"slot": slot, "appointment": a, "client": client_label(actor, a) if a else ""}
        )
    return {
        "days": days,
        "rules": AvailabilityRule.objects.filter(room__studio=studio).select_related("counsellor__person", "room"),
        "rooms": studio.rooms.all(),
        "counsellors": studio.counsellors.select_related("person"),
        "exceptions": AvailabilityException.objects.filter(
            counsellor__studios=studio, date__gte=timezone.localdate()
        ).select_related("counsellor__person", "room"),
        "waiting": WaitlistEntry.objects.filter(studio=studio, status__in=OPEN_WAITLIST).count(),
    }


def calendar_rows(year: int) -> QuerySet[CalendarDay]:
    return CalendarDay.objects.filter(date__year=year).order_by("date")


def people_named(actor: Actor, text: str) -> list[Person]:
    """Booking on someone's behalf: up to 20 people in the actor's scope whose name
    contains ``text`` (digits dropped: no ID numbers in URLs)."""
    q = "".join(ch for ch in text if not ch.isdigit()).strip()
    if not q:
        return []
    return list(people_visible_to(actor).filter(Q(name__contains=q) | Q(search_text__contains=q.lower()))[:20])
