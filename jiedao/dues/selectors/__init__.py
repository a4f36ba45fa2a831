"""Reads of the dues ledger: the ledger with each level's share, arrears by age,
the commendation shortlist and the annual statistics."""

from jiedao.dues.selectors.arrears import AGE_BUCKETS, ArrearsRow, arrears_rows, arrears_summary
from jiedao.dues.selectors.ledger import (
    LedgerRow,
    assessment_money,
    ledger_queryset,
    ledger_rows,
    ledger_totals,
    payments_of,
    schedule_of,
    splits_of,
    steps_of,
    voided_payments,
    with_money,
    year_of,
    years_of,
)
from jiedao.dues.selectors.setup import all_splits, years_set
from jiedao.dues.selectors.shortlist import ShortlistEntry, shortlist
from jiedao.dues.selectors.statistics import Statistics, annual_statistics

__all__ = [
    "AGE_BUCKETS",
    "ArrearsRow",
    "LedgerRow",
    "ShortlistEntry",
    "Statistics",
    "all_splits",
    "annual_statistics",
    "arrears_rows",
    "arrears_summary",
    "assessment_money",
    "ledger_queryset",
    "ledger_rows",
    "ledger_totals",
    "payments_of",
    "schedule_of",
    "shortlist",
    "splits_of",
    "steps_of",
    "voided_payments",
    "with_money",
    "year_of",
    "years_of",
    "years_set",
]
