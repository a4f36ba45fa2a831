"""Slots derived from the weekly rules and the exceptions, materialised as ``Slot`` rows
for a studio's booking horizon.

``generate_slots`` is idempotent: it computes the slots the rules want from today to the
horizon, creates the missing ones, restores withdrawn ones the rules want again, and
removes the ones no rule wants any more — deleting a slot nobody ever booked, withdrawing
(never deleting) one that carries an appointment. Past slots are never touched.

Calendar: no slots on a statutory holiday; on a make-up workday (调休, a weekend day that
is a workday) the studio opens only if ``open_on_makeup_workdays``, and then its rules of
that weekday apply. An extra day (exception) opens even on a holiday: staff chose it.
Leave removes the slots that overlap it (the whole day when it has no times).
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jiedao.core.holidays import calendar_between
from jiedao.counselling.models import AvailabilityException, AvailabilityRule, Counsellor, Slot, Studio


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_today() -> dt.date:
    return timezone.localdate()


def at(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=local_zone())


@dataclass(frozen=True)
class WantedSlot:
    counsellor_id: int
    room_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime


@dataclass
class GenerateResult:
    created: int = 0
    restored: int = 0
    withdrawn: int = 0
    deleted: int = 0


def cut(
    day: dt.date, start: dt.time, end: dt.time, session: int, buffer: int
) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """Sessions of ``session`` minutes with ``buffer`` minutes between them, within [start, end]."""
    begin, stop = at(day, start), at(day, end)
    length, step = dt.timedelta(minutes=session), dt.timedelta(minutes=session + buffer)
    while begin + length <= stop:
        yield begin, begin + length
        begin += step


def wanted_slots(studio: Studio, start: dt.date, end: dt.date) -> list[WantedSlot]:
    """The slots the rules and exceptions of ``studio`` want from ``start`` to ``end``."""
    calendar = calendar_between(start, end)
    counsellors = {c.pk: c for c in Counsellor.objects.filter(studios=studio, is_active=True)}
    rules = list(
        AvailabilityRule.objects.filter(
            counsellor_id__in=counsellors, room__studio=studio, valid_from__lte=end
        ).exclude(valid_to__lt=start)
    )
    exceptions = list(
        AvailabilityException.objects.filter(counsellor_id__in=counsellors, date__gte=start, date__lte=end)
    )
    leave: dict[tuple[int, dt.date], list[AvailabilityException]] = {}
    for e in exceptions:
        if e.kind == AvailabilityException.Kind.LEAVE:
            leave.setdefault((e.counsellor_id, e.date), []).append(e)

    def on_leave(counsellor_id: int, day: dt.date, begin: dt.datetime, finish: dt.datetime) -> bool:
        for e in leave.get((counsellor_id, day), []):
            if e.start_time is None or e.end_time is None:
                return True
            if begin < at(day, e.end_time) and at(day, e.start_time) < finish:
                return True
        return False

    result: dict[tuple[int, dt.datetime], WantedSlot] = {}
    day = start
    while day <= end:
        info = calendar[day]
        open_today = not info.is_holiday and (not info.is_makeup_workday or studio.open_on_makeup_workdays)
        if open_today:
            for rule in rules:
                if rule.weekday != day.weekday() or rule.valid_from > day or (rule.valid_to and rule.valid_to < day):
                    continue
                for begin, finish in cut(
                    day, rule.start_time, rule.end_time, rule.session_minutes, rule.buffer_minutes
                ):
                    if not on_leave(rule.counsellor_id, day, begin, finish):
                        result.setdefault(
                            (rule.counsellor_id, begin), WantedSlot(rule.counsellor_id, rule.room_id, begin, finish)
                        )
        day += dt.timedelta(days=1)
    for e in exceptions:
        if (
            e.kind != AvailabilityException.Kind.EXTRA
            or e.room_id is None
            or e.start_time is None
            or e.end_time is None
        ):
            continue
        if e.room is not None and e.room.studio_id != studio.pk:
            continue
        for begin, finish in cut(e.date, e.start_time, e.end_time, e.session_minutes, e.buffer_minutes):
            result.setdefault((e.counsellor_id, begin), WantedSlot(e.counsellor_id, e.room_id, begin, finish))
    return sorted(result.values(), key=lambda w: (w.starts_at, w.counsellor_id))


@transaction.atomic
def generate_slots(studio: Studio, *, start: dt.date | None = None, end: dt.date | None = None) -> GenerateResult:
    """Bring the studio's slots from ``start`` (today) to ``end`` (today + horizon) in line
    with its rules. Safe to run again and again (the daily task does)."""
    start = start or local_today()
    end = end or local_today() + dt.timedelta(days=studio.horizon_days)
    now = timezone.now()
    Studio.objects.select_for_update().filter(pk=studio.pk).first()  # one regeneration per studio at a time
    wanted = [w for w in wanted_slots(studio, start, end) if w.starts_at > now]
    window_start = max(at(start, dt.time.min), now)
    window_end = at(end + dt.timedelta(days=1), dt.time.min)
    existing = {
        (s.counsellor_id, s.starts_at): s
        for s in Slot.objects.filter(room__studio=studio, starts_at__gte=window_start, starts_at__lt=window_end)
    }
    # A counsellor's slot at that time in another studio's room wins: never two at once.
    elsewhere = set(
        Slot.objects.filter(
            counsellor_id__in={w.counsellor_id for w in wanted}, starts_at__gte=window_start, starts_at__lt=window_end
        )
        .exclude(room__studio=studio)
        .values_list("counsellor_id", "starts_at")
    )
    result = GenerateResult()
    keys = set()
    to_create = []
    for w in wanted:
        key = (w.counsellor_id, w.starts_at)
        keys.add(key)
        slot = existing.get(key)
        if slot is None:
            if key not in elsewhere:
                to_create.append(
                    Slot(
                        subdistrict_id=studio.subdistrict_id,
                        counsellor_id=w.counsellor_id,
                        room_id=w.room_id,
                        starts_at=w.starts_at,
                        ends_at=w.ends_at,
                    )
                )
        elif slot.is_withdrawn:
            Slot.objects.filter(pk=slot.pk).update(is_withdrawn=False, room_id=w.room_id, ends_at=w.ends_at)
            result.restored += 1
    Slot.objects.bulk_create(to_create, ignore_conflicts=True)
    result.created = len(to_create)
    gone = [s.pk for key, s in existing.items() if key not in keys and not s.is_withdrawn]
    if gone:
        booked = set(Slot.objects.filter(pk__in=gone, appointments__isnull=False).values_list("pk", flat=True))
        result.withdrawn = Slot.objects.filter(pk__in=booked).update(is_withdrawn=True)
        result.deleted, _ = Slot.objects.filter(pk__in=set(gone) - booked).delete()
    return result


def generate_all(*, start: dt.date | None = None) -> dict[int, GenerateResult]:
    """Every active studio (the daily command and task)."""
    return {s.pk: generate_slots(s, start=start) for s in Studio.objects.filter(is_active=True)}
