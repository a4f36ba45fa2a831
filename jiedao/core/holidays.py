"""The national holiday calendar: statutory holidays and make-up workdays (调休).

Staff-maintained ``CalendarDay`` rows come first; then the ``chinesecalendar``
library; for a year the library does not know (it raises ``NotImplementedError``)
and no row covers, a plain week: Saturday and Sunday off. Never raises for a date.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import chinese_calendar
from django.db import transaction
from django.utils.translation import gettext as _

from jiedao.core import audit
from jiedao.core.models import CalendarDay
from jiedao.core.services import clean_text, new_errors, raise_if


@dataclass(frozen=True)
class DayInfo:
    date: dt.date
    is_workday: bool
    is_holiday: bool  # a statutory holiday (not merely a weekend)
    is_makeup_workday: bool  # 调休: a weekend day that is a workday
    name: str = ""
    source: str = "weekend"  # "staff", "library" or "weekend"


def _library(day: dt.date) -> DayInfo | None:
    try:
        workday = chinese_calendar.is_workday(day)
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
    except (NotImplementedError, ValueError, KeyError):
        return None
    weekend = day.weekday() >= 5
    return DayInfo(
        date=day,
        is_workday=workday,
        is_holiday=bool(on_holiday and name),
        is_makeup_workday=workday and weekend,
        name=str(name or ""),
        source="library",
    )


def _plain(day: dt.date) -> DayInfo:
    weekend = day.weekday() >= 5
    return DayInfo(date=day, is_workday=not weekend, is_holiday=False, is_makeup_workday=False)


def _from_row(row: CalendarDay) -> DayInfo:
    holiday = row.kind == CalendarDay.Kind.HOLIDAY
    return DayInfo(
        date=row.date,
        is_workday=not holiday,
        is_holiday=holiday,
        is_makeup_workday=not holiday and row.date.weekday() >= 5,
        name=row.name,
        source="staff",
    )


def day_info(day: dt.date) -> DayInfo:
    return calendar_between(day, day)[day]


def calendar_between(start: dt.date, end: dt.date) -> dict[dt.date, DayInfo]:
    """Every day from ``start`` to ``end`` inclusive, with one query."""
    rows = {r.date: r for r in CalendarDay.objects.filter(date__gte=start, date__lte=end)}
    result: dict[dt.date, DayInfo] = {}
    day = start
    while day <= end:
        row = rows.get(day)
        result[day] = _from_row(row) if row else (_library(day) or _plain(day))
        day += dt.timedelta(days=1)
    return result


def library_knows(year: int) -> bool:
    return _library(dt.date(year, 1, 1)) is not None


def calendar_day_values(*, date: dt.date | None, kind: str, name: str = "") -> dict[str, object]:
    errors = new_errors()
    if date is None:
        errors["date"].append(_("请填写日期。"))
    if kind not in CalendarDay.Kind.values:
        errors["kind"].append(_("请选择类型。"))
    name = clean_text(errors, "name", name, max_length=32)
    raise_if(errors)
    return {"date": date, "kind": kind, "name": name}


@transaction.atomic
def calendar_day_save(*, actor: object, date: dt.date | None, kind: str, name: str = "") -> CalendarDay:
    """Create or replace the row of one date."""
    values = calendar_day_values(date=date, kind=kind, name=name)
    row, created = CalendarDay.objects.update_or_create(date=values["date"], defaults=values)
    audit.record(actor=actor, action="create" if created else "update", obj=row, detail={"kind": row.kind})
    return row


@transaction.atomic
def calendar_day_delete(*, actor: object, row: CalendarDay) -> None:
    audit.record(actor=actor, action="delete", obj=row, detail={"kind": row.kind})
    row.delete()


def days_of_year(year: int) -> Iterable[CalendarDay]:
    return CalendarDay.objects.filter(date__year=year).order_by("date")
