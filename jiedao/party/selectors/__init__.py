"""Reads of the party programme: the study-hour ledger and the 三个一 checklist."""

from jiedao.party.selectors.hours import (
    Credit,
    MemberHours,
    default_year,
    hours_of,
    lecture_credits,
    ledger,
    members_of_year,
    rules_for,
    summary,
    year_bounds,
)
from jiedao.party.selectors.lists import (
    branch_rows,
    lecture_rows,
    member_entries,
    member_rows,
    pending_count,
    review_rows,
)
from jiedao.party.selectors.steps import (
    STEP_LABELS,
    STEPS,
    Onboarding,
    Step,
    StepRecord,
    newcomers,
    onboarding,
    onboarding_of,
)

__all__ = [
    "STEPS",
    "STEP_LABELS",
    "Credit",
    "MemberHours",
    "Onboarding",
    "Step",
    "StepRecord",
    "branch_rows",
    "default_year",
    "hours_of",
    "lecture_credits",
    "lecture_rows",
    "ledger",
    "member_entries",
    "member_rows",
    "members_of_year",
    "newcomers",
    "onboarding",
    "onboarding_of",
    "pending_count",
    "review_rows",
    "rules_for",
    "summary",
    "year_bounds",
]
