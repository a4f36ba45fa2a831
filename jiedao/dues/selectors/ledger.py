"""The ledger: each assessment with what was paid, the arrears and each level's share."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BigIntegerField, F, Q, QuerySet, Sum, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, Coalesce, Round

from jiedao.dues.models import DuesAssessment, DuesPayment, DuesSplit, DuesYear, ReminderSchedule
from jiedao.dues.money import FEN, split_amount

ZERO = Decimal("0.00")
#: Payments that count: not voided. (Through an assessment: ``LIVE_PAYMENTS``.)
LIVE = Q(voided_at__isnull=True)
LIVE_PAYMENTS = Q(payments__voided_at__isnull=True)


def in_fen(expression: Combinable) -> Cast:
    """An amount of money as a whole number of fen, in SQL.

    SQLite keeps decimals as binary floats and sums them as floats (29318.18 +
    29318.19 = 58636.369999…); a whole number of fen is exact on SQLite and
    PostgreSQL alike, and so is its sum. Amounts are stored in whole fen, so the
    rounding only removes the float's error."""
    return Cast(Round(expression * Value(100)), BigIntegerField())


def sum_fen(field: str, condition: Q | None = None) -> Coalesce:
    """The exact sum of ``field`` in fen (0 for none)."""
    return Coalesce(Sum(in_fen(F(field)), filter=condition), Value(0), output_field=BigIntegerField())


def yuan(fen: int | None) -> Decimal:
    """A whole number of fen as yuan (``Decimal``, two places)."""
    return (Decimal(fen or 0) / 100).quantize(FEN)


def live(qs: QuerySet[DuesAssessment]) -> QuerySet[DuesAssessment]:
    """The assessments not voided."""
    return qs.filter(LIVE)


def with_money(qs: QuerySet[DuesAssessment]) -> QuerySet[DuesAssessment]:
    """``paid_fen``, ``paid_on_time_fen`` (by the due date) and ``arrears_fen`` on
    each assessment, in whole fen (exact), counting the payments not voided."""
    return qs.annotate(
        paid_fen=sum_fen("payments__amount", LIVE_PAYMENTS),
        paid_on_time_fen=sum_fen("payments__amount", LIVE_PAYMENTS & Q(payments__paid_on__lte=F("due_on"))),
        assessed_fen=in_fen(F("assessed")),
    ).annotate(arrears_fen=F("assessed_fen") - F("paid_fen"))


def paid_of(a: DuesAssessment) -> Decimal:
    """What was paid on a ``with_money`` assessment."""
    return yuan(a.paid_fen)  # type: ignore[attr-defined]


def arrears_of(a: DuesAssessment) -> Decimal:
    """What a ``with_money`` assessment still owes (nothing for a voided one)."""
    return ZERO if a.is_voided else yuan(a.arrears_fen)  # type: ignore[attr-defined]


def ledger_queryset(qs: QuerySet[DuesAssessment], year: int, *, with_voided: bool = False) -> QuerySet[DuesAssessment]:
    """The assessments of ``year`` with their money; the voided ones only when asked (the API)."""
    qs = qs.filter(year=year) if with_voided else live(qs.filter(year=year))
    return with_money(qs).select_related("unit").order_by("unit__name", "pk")


def assessment_money(assessment: DuesAssessment) -> tuple[Decimal, Decimal]:
    """(paid, arrears) of one assessment, counting the payments not voided (exact)."""
    paid = yuan(assessment.payments.filter(LIVE).aggregate(s=sum_fen("amount"))["s"])
    return paid, (assessment.assessed - paid).quantize(FEN)


def fen2(value: Decimal) -> Decimal:
    return Decimal(value).quantize(FEN)


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
        paid = paid_of(a)
        shares = _shares(splits.get(a.channel))
        rows.append(
            LedgerRow(
                assessment=a,
                paid=paid,
                arrears=arrears_of(a),
                shares=None if shares is None else split_amount(paid, shares),
            )
        )
    return rows


def ledger_totals(qs: QuerySet[DuesAssessment]) -> dict[str, Decimal]:
    """Assessed, paid and arrears over the assessments of ``qs`` not voided (two
    queries; exact sums in fen)."""
    qs = live(qs)
    assessed = yuan(qs.aggregate(s=sum_fen("assessed"))["s"])
    paid = yuan(DuesPayment.objects.filter(LIVE, assessment__in=qs.values("pk")).aggregate(s=sum_fen("amount"))["s"])
    return {"assessed": assessed, "paid": paid, "arrears": (assessed - paid).quantize(FEN)}
