"""Aggregate statistics of the 畅心屋: sessions per month, topics, no-show rate.

What the offices and the supervisor see instead of records. Rules:

* a calendar year at a time, completed months only (the current month joins when it
  is over), so a figure once published never changes and two answers cannot be
  subtracted from each other to isolate a week or a person;
* any figure covering fewer than ``MIN_PEOPLE`` distinct people is suppressed (``None``
  with ``suppressed: True``; the page shows "<5"); a zero is shown as zero;
* complementary suppression: when exactly one cell of a group whose total is shown
  is suppressed, the smallest other non-zero cell is suppressed too (or, if there is
  none, the total), so that no suppressed cell can be recomputed by subtraction;
  the no-show rate goes with the no-show count (rate × sessions would give it back).

Two queries whatever the number of appointments: the appointments of the year (a
few columns) and the topics of their records (encrypted, so counted in Python).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from jiedao.counselling.models import Appointment, SessionRecord, Topic, person_key

MIN_PEOPLE = 5


@dataclass
class Cell:
    """One published figure: its value, or None when suppressed."""

    key: str
    label: str
    value: int | None
    people: int | None
    suppressed: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "value": self.value,
            "people": self.people,
            "suppressed": self.suppressed,
        }


def _cell(key: str, label: str, value: int, people: set[str]) -> Cell:
    if 0 < len(people) < MIN_PEOPLE:
        return Cell(key, label, None, None, True)
    return Cell(key, label, value, len(people), False)


def _protect(cells: list[Cell], raw: dict[str, int]) -> bool:
    """Complementary suppression within a group whose total is published. Returns
    False when the total itself must be withheld."""
    suppressed = [c for c in cells if c.suppressed]
    if len(suppressed) != 1:
        return True
    candidates = sorted((c for c in cells if not c.suppressed and raw[c.key] > 0), key=lambda c: (raw[c.key], c.key))
    if not candidates:
        return False
    partner = candidates[0]
    partner.value = partner.people = None
    partner.suppressed = True
    return True


def year_bounds(year: int, *, now: dt.datetime | None = None) -> tuple[dt.datetime, dt.datetime, list[dt.date]]:
    """Start and end (exclusive) of the published part of ``year`` and its months:
    January to the last completed month, in local time."""
    tz = ZoneInfo(settings.TIME_ZONE)
    now = timezone.localtime(now or timezone.now(), tz)
    start = dt.datetime(year, 1, 1, tzinfo=tz)
    end = dt.datetime(year + 1, 1, 1, tzinfo=tz)
    this_month = dt.datetime(now.year, now.month, 1, tzinfo=tz)
    end = min(end, this_month)
    months = []
    month = dt.date(year, 1, 1)
    while dt.datetime(month.year, month.month, 1, tzinfo=tz) < end:
        months.append(month)
        month = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return start, max(start, end), months


def _topic_rows(appointment_ids: Iterable[int], subdistrict_id: int) -> list[tuple[int, str]]:
    ids = list(appointment_ids)
    if not ids:
        return []
    return list(
        SessionRecord.objects.filter(subdistrict_id=subdistrict_id, appointment_id__in=ids).values_list(
            "appointment_id", "topics"
        )
    )


def counselling_stats(*, subdistrict_id: int, year: int, now: dt.datetime | None = None) -> dict[str, Any]:
    """The published figures of one sub-district and year (see the module's rules)."""
    tz = ZoneInfo(settings.TIME_ZONE)
    start, end, months = year_bounds(year, now=now)
    rows = list(
        Appointment.objects.filter(
            subdistrict_id=subdistrict_id,
            starts_at__gte=start,
            starts_at__lt=end,
            status__in=(Appointment.Status.ATTENDED, Appointment.Status.NO_SHOW),
        ).values_list("pk", "starts_at", "person_id", "person_key", "status")
    )
    month_sessions: dict[str, int] = defaultdict(int)
    month_people: dict[str, set[str]] = defaultdict(set)
    attended_people: set[str] = set()
    no_show_people: set[str] = set()
    attended = no_shows = 0
    person_of: dict[int, str] = {}
    keys_of: dict[int, str] = {}
    for pk, starts_at, linked_id, unlinked_key, status in rows:
        # One key per person whether or not the appointment is past retention (purged
        # appointments keep only the keyed hash of their former person).
        if linked_id is not None and linked_id not in keys_of:
            keys_of[linked_id] = person_key(linked_id)
        who = keys_of[linked_id] if linked_id is not None else unlinked_key
        if status == Appointment.Status.NO_SHOW:
            no_shows += 1
            no_show_people.add(who)
            continue
        key = timezone.localtime(starts_at, tz).strftime("%Y-%m")
        month_sessions[key] += 1
        month_people[key].add(who)
        attended_people.add(who)
        attended += 1
        person_of[pk] = who

    keys = [m.strftime("%Y-%m") for m in months]
    month_cells = [_cell(key, key, month_sessions[key], month_people[key]) for key in keys]
    total = _cell("total", "total", attended, attended_people)
    if not _protect(month_cells, month_sessions):
        total = Cell("total", "total", None, None, True)

    topic_sessions: dict[str, int] = defaultdict(int)
    topic_people: dict[str, set[str]] = defaultdict(set)
    for appointment_id, topics in _topic_rows(person_of, subdistrict_id):
        for topic in {t for t in (topics or "").split(",") if t}:
            topic_sessions[topic] += 1
            topic_people[topic].add(person_of[appointment_id])
    topic_cells = [_cell(t.value, str(t.label), topic_sessions[t.value], topic_people[t.value]) for t in Topic]
    # Topics have no published total, but a session often has one topic only, so the
    # sessions total would give a lone suppressed topic back: protect it the same way.
    _protect(topic_cells, topic_sessions)

    no_show_cell = _cell("no_show", "no_show", no_shows, no_show_people)
    booked_people = attended_people | no_show_people
    rate: float | None = None
    rate_suppressed = no_show_cell.suppressed or total.suppressed or 0 < len(booked_people) < MIN_PEOPLE
    if not rate_suppressed and attended + no_shows:
        rate = round(no_shows / (attended + no_shows), 3)
    return {
        "year": year,
        "date_from": start.date(),
        "date_to": (end - dt.timedelta(days=1)).date() if end > start else None,
        "min_people": MIN_PEOPLE,
        "months": [c.as_dict() for c in month_cells],
        "sessions": total.as_dict(),
        "topics": [c.as_dict() for c in topic_cells],
        "no_shows": no_show_cell.as_dict(),
        "no_show_rate": rate,
        "no_show_rate_suppressed": rate_suppressed,
    }


def default_stats_year() -> int:
    """The year of the last completed month (January shows last year)."""
    today = timezone.localdate()
    return (today.replace(day=1) - dt.timedelta(days=1)).year
