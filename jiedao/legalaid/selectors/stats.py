"""Aggregate statistics of 职工法律援助: what everyone who does not read cases sees
(the offices, the union chairs; the handlers and the supervisor too).

Rules, those of the 畅心屋 statistics (``docs/counselling-records.md``):

* a calendar year at a time, by the month a case was opened, completed months only,
  so a published figure never changes and two answers cannot be subtracted to
  isolate a week or a worker;
* everything is **as of the end of the last completed month** (``as_of``): the
  stage each case was in then and the amounts recovered by then, read from the
  steps recorded by then (a step recorded later, even one dated earlier, and a
  correction made later count from the next month on). Today's figures would move
  day by day, and two days' figures would tell which case closed and for how much;
* any figure covering fewer than ``MIN_PEOPLE`` distinct workers is suppressed
  (``None`` with ``suppressed: True``; the page shows "<5"); a zero stays a zero;
* complementary suppression in each group whose total is published (months, dispute
  types, stages): when exactly one cell is suppressed, the smallest other non-zero
  cell is suppressed too, or the total if there is none;
* the amount recovered (closed cases of the year) is published only when it comes
  from at least ``MIN_PEOPLE`` workers.

A month × type grid would be almost all "<5" at a sub-district's volume, so types and
stages are published for the year; the months give the trend.

Two queries whatever the number of cases (the cases; their opening and stage steps).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from jiedao.legalaid.models import CaseStep, DisputeType, LegalAidCase, Stage

MIN_PEOPLE = 5


@dataclass
class Cell:
    key: str
    label: str
    value: int | None
    suppressed: bool

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "value": self.value, "suppressed": self.suppressed}


def _cell(key: str, label: str, value: int, people: set[str]) -> Cell:
    if 0 < len(people) < MIN_PEOPLE:
        return Cell(key, label, None, True)
    return Cell(key, label, value, False)


def _protect(cells: list[Cell], raw: dict[str, int]) -> bool:
    """Complementary suppression; False when the group's total must be withheld."""
    suppressed = [c for c in cells if c.suppressed]
    if len(suppressed) != 1:
        return True
    candidates = sorted((c for c in cells if not c.suppressed and raw[c.key] > 0), key=lambda c: (raw[c.key], c.key))
    if not candidates:
        return False
    candidates[0].value, candidates[0].suppressed = None, True
    return True


def _group(keys: list[tuple[str, str]], counts: dict[str, int], people: dict[str, set[str]]) -> tuple[list[Cell], bool]:
    cells = [_cell(key, label, counts[key], people[key]) for key, label in keys]
    return cells, _protect(cells, counts)


def months_of(year: int, today: dt.date) -> list[dt.date]:
    """The completed months of ``year`` on ``today``."""
    months = []
    month = dt.date(year, 1, 1)
    this_month = today.replace(day=1)
    while month < this_month and month.year == year:
        months.append(month)
        month = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return months


def stages_as_of(cases: QuerySet[Any, Any], as_of: dt.datetime) -> dict[int, tuple[str, Decimal | None]]:
    """Each case's stage, and the amount recovered if it was closed, as the records
    stood at ``as_of``: the latest standing opening or stage step dated and recorded
    before it (a correction counts from when it was recorded)."""
    day = as_of.date()
    steps = list(
        CaseStep.objects.filter(
            case__in=cases,
            kind__in=[CaseStep.Kind.OPENED, CaseStep.Kind.STAGE],
            on__lt=day,
            created_at__lt=as_of,
        ).values_list("case_id", "pk", "stage", "on", "corrects_id", "amount")
    )
    superseded = {corrects for *_rest, corrects, _amount in steps if corrects is not None}
    latest: dict[int, tuple[dt.date, int, str, Decimal | None]] = {}
    for case_id, pk, stage, on, _corrects, amount in steps:
        if pk in superseded:
            continue
        if case_id not in latest or (on, pk) > latest[case_id][:2]:
            latest[case_id] = (on, pk, stage, amount)
    return {case_id: (stage, amount) for case_id, (_on, _pk, stage, amount) in latest.items()}


def legal_aid_stats(*, subdistrict_id: int, year: int, now: dt.datetime | None = None) -> dict[str, Any]:
    zone = ZoneInfo(settings.TIME_ZONE)
    today = timezone.localtime(now or timezone.now(), zone).date()
    months = months_of(year, today)
    end = dt.date(year + (months[-1].month == 12), months[-1].month % 12 + 1, 1) if months else dt.date(year, 1, 1)
    this_month = today.replace(day=1)
    as_of = dt.datetime.combine(this_month, dt.time(), tzinfo=zone)
    of_year = LegalAidCase.objects.filter(
        subdistrict_id=subdistrict_id, opened_on__gte=dt.date(year, 1, 1), opened_on__lt=end
    )
    cases = list(of_year.values_list("pk", "opened_on", "person_key", "dispute_type"))
    then = stages_as_of(of_year.values("pk"), as_of)
    rows = [
        (opened_on, key, dispute_type, *then.get(pk, (Stage.CONSULTATION.value, None)))
        for pk, opened_on, key, dispute_type in cases
    ]
    by_month: dict[str, int] = defaultdict(int)
    month_people: dict[str, set[str]] = defaultdict(set)
    by_type: dict[str, int] = defaultdict(int)
    type_people: dict[str, set[str]] = defaultdict(set)
    by_stage: dict[str, int] = defaultdict(int)
    stage_people: dict[str, set[str]] = defaultdict(set)
    everyone: set[str] = set()
    recovered = Decimal("0.00")
    recovered_people: set[str] = set()
    for opened_on, person_id, dispute_type, stage, amount in rows:
        key = opened_on.strftime("%Y-%m")
        by_month[key] += 1
        month_people[key].add(person_id)
        by_type[dispute_type] += 1
        type_people[dispute_type].add(person_id)
        by_stage[stage] += 1
        stage_people[stage].add(person_id)
        everyone.add(person_id)
        if stage == Stage.CLOSED and amount is not None and amount > 0:
            recovered += amount
            recovered_people.add(person_id)

    month_cells, total_ok = _group([(m.strftime("%Y-%m"), m.strftime("%Y-%m")) for m in months], by_month, month_people)
    type_cells, type_ok = _group([(t.value, str(t.label)) for t in DisputeType], by_type, type_people)
    stage_cells, stage_ok = _group([(s.value, str(s.label)) for s in Stage], by_stage, stage_people)
    total = _cell("total", "total", len(rows), everyone)
    if not (total_ok and type_ok and stage_ok):
        total = Cell("total", "total", None, True)
    amount_suppressed = 0 < len(recovered_people) < MIN_PEOPLE
    return {
        "year": year,
        "as_of": this_month - dt.timedelta(days=1),
        "date_from": dt.date(year, 1, 1),
        "date_to": end - dt.timedelta(days=1) if months else None,
        "min_people": MIN_PEOPLE,
        "months": [c.as_dict() for c in month_cells],
        "types": [c.as_dict() for c in type_cells],
        "stages": [c.as_dict() for c in stage_cells],
        "cases": total.as_dict(),
        "amount_recovered": None if amount_suppressed else str(recovered),
        "amount_recovered_suppressed": amount_suppressed,
    }


def default_stats_year() -> int:
    """The year of the last completed month (January shows last year)."""
    today = timezone.localdate()
    return (today.replace(day=1) - dt.timedelta(days=1)).year
