"""The commendation shortlist of a year: enterprises that paid in full and on time,
ranked by criteria anyone can check, each with its reasons. It reads only
assessments and payments.

Ranking, in order: (1) more consecutive years paid in full and on time, counting
back from the year; (2) paid in full earlier (more days before the due date);
(3) the larger assessment; (4) the name.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Max, Q, QuerySet
from django.utils.translation import gettext as _

from jiedao.core.numbers import to_fen
from jiedao.dues.models import DuesAssessment, DuesPayment
from jiedao.dues.selectors.ledger import LIVE, live, paid_of, with_money
from jiedao.org.models import Unit


@dataclass
class ShortlistEntry:
    rank: int
    unit: Unit
    assessment: DuesAssessment
    assessed: Decimal
    paid: Decimal
    completed_on: dt.date  # the date the last on-time payment was made
    days_early: int
    consecutive_years: int
    reasons: list[str] = field(default_factory=list)


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def _full_and_on_time(qs: QuerySet[DuesAssessment]) -> QuerySet[DuesAssessment]:
    return with_money(live(qs).filter(assessed__gt=0)).filter(Q(paid_on_time_fen__gte=F("assessed_fen")))


def shortlist(qs: QuerySet[DuesAssessment], year: int) -> list[ShortlistEntry]:
    """The ranked shortlist of ``year`` among the assessments ``qs`` (three queries)."""
    good = list(_full_and_on_time(qs.filter(year=year)).select_related("unit"))
    if not good:
        return []
    unit_ids = [a.unit_id for a in good]
    # The day each was completed: the last payment made by the due date.
    completed = dict(
        DuesPayment.objects.filter(LIVE, assessment__in=[a.pk for a in good])
        .filter(paid_on__lte=F("assessment__due_on"))
        .values("assessment_id")
        .annotate(last=Max("paid_on"))
        .values_list("assessment_id", "last")
    )
    earlier: dict[int, set[int]] = defaultdict(set)
    for unit_id, y in _full_and_on_time(qs.filter(unit_id__in=unit_ids, year__lt=year)).values_list("unit_id", "year"):
        earlier[unit_id].add(y)
    entries = []
    for a in good:
        n = 1
        while year - n in earlier[a.unit_id]:
            n += 1
        done = completed.get(a.pk, a.due_on)
        entries.append(
            ShortlistEntry(
                rank=0,
                unit=a.unit,
                assessment=a,
                assessed=to_fen(a.assessed),
                paid=paid_of(a),
                completed_on=done,
                days_early=(a.due_on - done).days,
                consecutive_years=n,
            )
        )
    entries.sort(key=lambda e: (-e.consecutive_years, -e.days_early, -e.assessed, e.unit.name))
    for rank, e in enumerate(entries, start=1):
        e.rank = rank
        e.reasons = reasons_of(e, year)
    return entries


def reasons_of(e: ShortlistEntry, year: int) -> list[str]:
    reasons = [
        _("足额：%(year)d年度应缴%(assessed)s元，已缴%(paid)s元。")
        % {"year": year, "assessed": _money(e.assessed), "paid": _money(e.paid)},
        _("按时：%(done)s交清，早于截止日期（%(due)s）%(days)d天。")
        % {"done": e.completed_on, "due": e.assessment.due_on, "days": e.days_early}
        if e.days_early
        else _("按时：于截止日期（%(due)s）当天交清。") % {"due": e.assessment.due_on},
    ]
    if e.consecutive_years > 1:
        reasons.append(
            _("连续：%(first)d–%(year)d年连续%(n)d年按时足额交纳。")
            % {"first": year - e.consecutive_years + 1, "year": year, "n": e.consecutive_years}
        )
    return reasons
