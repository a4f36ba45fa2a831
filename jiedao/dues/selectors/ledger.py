"""The ledger: each assessment with what was paid, the arrears and each level's share."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BigIntegerField, F, Q, QuerySet, Sum, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, Coalesce, Round

from jiedao.core.numbers import split_by_largest_remainder, to_fen
from jiedao.dues.models import ArrearsStep, Channel, DuesAssessment, DuesPayment, DuesSplit, DuesYear, ReminderSchedule

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
    return to_fen(Decimal(fen or 0) / 100)


def live(qs: QuerySet[DuesAssessment]) -> QuerySet[DuesAssessment]:
    """The assessments not voided."""
    return qs.filter(LIVE)


def paid_via(channel: str) -> str:
    """The ``with_money`` annotation of what was paid through ``channel``, in fen."""
    return f"paid_{channel}_fen"


def with_money(qs: QuerySet[DuesAssessment]) -> QuerySet[DuesAssessment]:
    """``paid_fen``, ``paid_on_time_fen`` (by the due date), ``arrears_fen`` and what
    was paid through each channel (``paid_via``) on each assessment, in whole fen
    (exact), counting the payments not voided."""
    return qs.annotate(
        paid_fen=sum_fen("payments__amount", LIVE_PAYMENTS),
        **{
            paid_via(channel): sum_fen("payments__amount", LIVE_PAYMENTS & Q(payments__channel=channel))
            for channel in Channel.values
        },
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


def voided_payments(qs: QuerySet[DuesAssessment], year: int, limit: int = 50) -> list[DuesPayment]:
    """The voided payments of ``year`` among the assessments ``qs`` (the latest
    voided first, at most ``limit`` + 1 so that a page can say there are more; one query)."""
    return list(
        DuesPayment.objects.filter(assessment__in=qs.filter(year=year).values("pk"), voided_at__isnull=False)
        .select_related("assessment__unit")
        .order_by("-voided_at", "-pk")[: limit + 1]
    )


def payments_of(assessment: DuesAssessment) -> QuerySet[DuesPayment]:
    """Every payment of ``assessment``, voided ones too (the page strikes them)."""
    return assessment.payments.select_related("voided_by").order_by("paid_on", "pk")


def steps_of(assessment: DuesAssessment) -> QuerySet[ArrearsStep]:
    """The steps taken about ``assessment``'s arrears, oldest first."""
    return assessment.steps.select_related("by").order_by("taken_on", "pk")


def assessment_money(assessment: DuesAssessment) -> tuple[Decimal, Decimal]:
    """(paid, arrears) of one assessment, counting the payments not voided (exact)."""
    paid = yuan(assessment.payments.filter(LIVE).aggregate(s=sum_fen("amount"))["s"])
    return paid, to_fen(assessment.assessed - paid)


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
    # Each level's share of what was received (None: a channel paid through has no split).
    shares: dict[str, Decimal] | None


def level_shares(paid: dict[str, Decimal], splits: dict[str, DuesSplit]) -> dict[str, Decimal] | None:
    """Each level's share of the money ``paid`` through each channel, every channel's
    amount shared by that channel's split (largest remainders, in whole fen: the
    parts add up to the amount, none is negative); None when money came through a
    channel whose split is not set."""
    total = dict.fromkeys(DuesSplit.LEVELS, Decimal("0.00"))
    for channel, amount in paid.items():
        if not amount:
            continue
        split = splits.get(channel)
        if split is None:
            return None
        weights = {level: getattr(split, level) for level in DuesSplit.LEVELS}
        for level, part in split_by_largest_remainder(amount, weights).items():
            total[level] += part
    return total


def ledger_rows(assessments: Iterable[DuesAssessment], splits: dict[str, DuesSplit]) -> list[LedgerRow]:
    """Rows of ``with_money`` assessments with each level's share of what was paid,
    each payment by the split of the channel it came through. With nothing paid
    the shares are nought where the assessment's own channel has a split."""
    rows = []
    for a in assessments:
        paid = paid_of(a)
        by_channel = {channel: yuan(getattr(a, paid_via(channel))) for channel in Channel.values}
        shares = level_shares(by_channel, splits) if paid or a.channel in splits else None
        rows.append(LedgerRow(assessment=a, paid=paid, arrears=arrears_of(a), shares=shares))
    return rows


def ledger_totals(qs: QuerySet[DuesAssessment]) -> dict[str, Decimal]:
    """Assessed, paid and arrears over the assessments of ``qs`` not voided (two
    queries; exact sums in fen)."""
    qs = live(qs)
    assessed = yuan(qs.aggregate(s=sum_fen("assessed"))["s"])
    paid = yuan(DuesPayment.objects.filter(LIVE, assessment__in=qs.values("pk")).aggregate(s=sum_fen("amount"))["s"])
    return {"assessed": assessed, "paid": paid, "arrears": to_fen(assessed - paid)}
