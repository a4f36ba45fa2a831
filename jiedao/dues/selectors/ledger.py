"""The ledger: each assessment with what was paid, the arrears and each level's share."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from jiedao.dues.models import MONEY, DuesAssessment, DuesPayment, DuesSplit, DuesYear, ReminderSchedule
from jiedao.dues.money import split_amount

ZERO = Decimal("0.00")
# SQLite sums decimals as binary floats (29318.18 + 29318.19 = 58636.369999…), so a
# comparison of sums in SQL allows half a fen; amounts are whole fen, so on
# PostgreSQL (exact) it means the same.
HALF_FEN = Decimal("0.005")


def _money_field() -> Any:
    return DecimalField(max_digits=MONEY["max_digits"], decimal_places=MONEY["decimal_places"])


def with_money(qs: QuerySet[DuesAssessment]) -> QuerySet[DuesAssessment]:
    """``paid``, ``paid_on_time`` (by the due date) and ``arrears`` on each assessment."""
    zero = Value(ZERO, output_field=_money_field())
    return qs.annotate(
        paid=Coalesce(Sum("payments__amount"), zero, output_field=_money_field()),
        paid_on_time=Coalesce(
            Sum("payments__amount", filter=Q(payments__paid_on__lte=F("due_on"))), zero, output_field=_money_field()
        ),
    ).annotate(arrears=F("assessed") - F("paid"))


def ledger_queryset(qs: QuerySet[DuesAssessment], year: int) -> QuerySet[DuesAssessment]:
    return with_money(qs.filter(year=year)).select_related("unit").order_by("unit__name", "pk")


def assessment_money(assessment: DuesAssessment) -> tuple[Decimal, Decimal]:
    """(paid, arrears) of one assessment."""
    paid = assessment.payments.aggregate(s=Sum("amount"))["s"] or ZERO
    return fen2(paid), fen2(assessment.assessed - paid)


def fen2(value: Decimal) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


def splits_of(subdistrict_id: int, year: int) -> dict[str, DuesSplit]:
    """The split of each channel for ``year`` (one query)."""
    return {s.channel: s for s in DuesSplit.objects.filter(subdistrict_id=subdistrict_id, year=year)}


def year_of(subdistrict_id: int, year: int) -> DuesYear | None:
    return DuesYear.objects.filter(subdistrict_id=subdistrict_id, year=year).first()


def years_of(subdistrict_id: int) -> list[int]:
    """The years with an assessment or a year's settings, newest first."""
    years = set(DuesYear.objects.filter(subdistrict_id=subdistrict_id).values_list("year", flat=True))
    years |= set(DuesAssessment.objects.filter(subdistrict_id=subdistrict_id).values_list("year", flat=True).distinct())
    return sorted(years, reverse=True)


def schedule_of(subdistrict_id: int) -> ReminderSchedule:
    """The sub-district's reminder schedule (the defaults while none is saved)."""
    return ReminderSchedule.objects.filter(subdistrict_id=subdistrict_id).first() or ReminderSchedule(
        subdistrict_id=subdistrict_id
    )


@dataclass(frozen=True)
class LedgerRow:
    assessment: DuesAssessment
    paid: Decimal
    arrears: Decimal
    # Each level's share of what was received (None: no split set for the channel).
    shares: dict[str, Decimal] | None


def _shares(split: DuesSplit | None) -> dict[str, int] | None:
    return None if split is None else {level: getattr(split, level) for level in DuesSplit.LEVELS}


def ledger_rows(assessments: Iterable[DuesAssessment], splits: dict[str, DuesSplit]) -> list[LedgerRow]:
    """Rows of ``with_money`` assessments with each level's share of what was paid."""
    rows = []
    for a in assessments:
        paid: Decimal = fen2(a.paid)  # type: ignore[attr-defined]
        shares = _shares(splits.get(a.channel))
        rows.append(
            LedgerRow(
                assessment=a,
                paid=paid,
                arrears=fen2(a.arrears),  # type: ignore[attr-defined]
                shares=None if shares is None else split_amount(paid, shares),
            )
        )
    return rows


def ledger_totals(qs: QuerySet[DuesAssessment]) -> dict[str, Decimal]:
    """Assessed, paid and arrears over ``qs`` (two queries)."""
    assessed = qs.aggregate(s=Sum("assessed"))["s"] or ZERO
    paid = DuesPayment.objects.filter(assessment__in=qs.values("pk")).aggregate(s=Sum("amount"))["s"] or ZERO
    return {"assessed": fen2(assessed), "paid": fen2(paid), "arrears": fen2(assessed - paid)}
