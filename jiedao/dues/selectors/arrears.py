"""Arrears by age: assessments past their due date with money still owed, how long
overdue, the steps already taken and the step the schedule suggests next."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jiedao.dues.models import ArrearsStep, DuesAssessment, ReminderSchedule
from jiedao.dues.selectors.ledger import arrears_of, live, with_money

# (key, label, first day overdue, last day overdue or None)
AGE_BUCKETS: tuple[tuple[str, object, int, int | None], ...] = (
    ("90", _("逾期90天以内"), 1, 90),
    ("180", _("逾期91–180天"), 91, 180),
    ("365", _("逾期181–365天"), 181, 365),
    ("more", _("逾期一年以上"), 366, None),
)


def _due_between(today: dt.date, first: int, last: int | None) -> Q:
    """Due dates that make an assessment ``first``..``last`` days overdue ``today``."""
    q = Q(due_on__lte=today - dt.timedelta(days=first))
    if last is not None:
        q &= Q(due_on__gte=today - dt.timedelta(days=last))
    return q


def in_arrears(qs: QuerySet[DuesAssessment], today: dt.date) -> QuerySet[DuesAssessment]:
    """Assessments (not voided) overdue on ``today`` with money still owed (``with_money`` annotations)."""
    return with_money(live(qs).filter(due_on__lt=today)).filter(Q(arrears_fen__gt=0))


@dataclass(frozen=True)
class ArrearsRow:
    assessment: DuesAssessment
    arrears: Decimal
    days_overdue: int
    steps: list[ArrearsStep]
    suggested: str  # the ArrearsStep.Step the schedule suggests now ("" = none)


def suggested_step(days: int, steps: list[ArrearsStep], schedule: ReminderSchedule, today: dt.date) -> str:
    taken = {s.step for s in steps}
    if (
        days >= schedule.order_after_days
        and ArrearsStep.Step.FORMAL_NOTICE in taken
        and ArrearsStep.Step.PAYMENT_ORDER not in taken
    ):
        return ArrearsStep.Step.PAYMENT_ORDER
    if days >= schedule.notice_after_days and ArrearsStep.Step.FORMAL_NOTICE not in taken:
        return ArrearsStep.Step.FORMAL_NOTICE
    reminders = [s.taken_on for s in steps if s.step == ArrearsStep.Step.REMINDER]
    if days >= schedule.first_after_days and (not reminders or (today - max(reminders)).days >= schedule.every_days):
        return ArrearsStep.Step.REMINDER
    return ""


def arrears_queryset(qs: QuerySet[DuesAssessment], today: dt.date, bucket: str = "") -> QuerySet[DuesAssessment]:
    qs = in_arrears(qs, today)
    for key, _label, first, last in AGE_BUCKETS:
        if key == bucket:
            qs = qs.filter(_due_between(today, first, last))
    return (
        qs.select_related("unit")
        .prefetch_related(Prefetch("steps", queryset=ArrearsStep.objects.order_by("taken_on", "pk")))
        .order_by("due_on", "unit__name", "pk")
    )


def arrears_rows(assessments: list[DuesAssessment], schedule: ReminderSchedule, today: dt.date) -> list[ArrearsRow]:
    rows = []
    for a in assessments:
        steps = list(a.steps.all())
        days = (today - a.due_on).days
        rows.append(
            ArrearsRow(
                assessment=a,
                arrears=arrears_of(a),
                days_overdue=days,
                steps=steps,
                suggested=suggested_step(days, steps, schedule, today),
            )
        )
    return rows


def arrears_summary(qs: QuerySet[DuesAssessment], today: dt.date) -> list[dict[str, object]]:
    """How many assessments are in each age bucket (one query)."""
    overdue = in_arrears(qs, today)
    counts = DuesAssessment.objects.filter(pk__in=overdue.values("pk")).aggregate(
        **{key: Count("pk", filter=_due_between(today, first, last)) for key, _l, first, last in AGE_BUCKETS}
    )
    return [{"key": key, "label": label, "count": counts[key]} for key, label, _f, _l in AGE_BUCKETS]
