"""The limitation clock of a labour dispute (劳动争议调解仲裁法 art. 27): a pure function
of the case's dates, no database, no "now" except where it is passed in.

The rules, as this module applies them (docs/legalaid.md):

- one year from the day the worker knew or should have known of the infringement
  (``knew_on``); the deadline is the same calendar day a year later (2026-01-10 →
  2027-01-10). A year counted from 29 February ends on 28 February: 民法典 art. 202
  makes the last day of the month the end when the month has no corresponding day;
- wage arrears (拖欠劳动报酬) during the employment: the year does not run while the
  employment lasts (no deadline yet); once it has ended it runs from the day it ended
  (ended 2026-03-01 → 2027-03-01), or from ``knew_on`` if the worker learnt of the
  arrears only after that;
- an interruption (中断: the worker claimed their rights from the employer, asked the
  union or an authority for help, or the employer agreed to pay) restarts the year
  from its own day. Only an interruption while the clock runs counts: one on or
  before the day the year began, or after it had already run out, changes nothing;
- not applied: suspension (中止, force majeure) and the move of a deadline that falls
  on a holiday to the next working day (民法典 art. 203). Both can only make the true
  deadline later, so the reminder errs on the early side.

This is a reminder for the handler and the worker, not legal advice: the page says so.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

WAGE_ARREARS = "wage_arrears"

# Warnings as the deadline approaches (days left, inclusive).
APPROACHING_DAYS = 60
URGENT_DAYS = 14


class Rule(StrEnum):
    """Where a deadline comes from."""

    KNEW = "knew"  # one year from the day the worker knew
    WAGES_EMPLOYED = "wages_employed"  # wage arrears, still employed: no deadline yet
    WAGES_ENDED = "wages_ended"  # wage arrears: one year from the end of the employment
    INTERRUPTED = "interrupted"  # restarted by an interruption


class Alert(StrEnum):
    NONE = "none"  # no deadline, or more than APPROACHING_DAYS left
    APPROACHING = "approaching"
    URGENT = "urgent"
    EXPIRED = "expired"


@dataclass(frozen=True)
class Limitation:
    """The clock of one case: the deadline (None while it does not run), the rule it
    came from, and the day the running year began (None likewise)."""

    deadline: dt.date | None
    rule: Rule
    runs_from: dt.date | None


def one_year_after(day: dt.date) -> dt.date:
    """The same calendar day a year later; 29 February → 28 February."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February, and the next year is not a leap year
        return day.replace(year=day.year + 1, day=28)


def limitation(
    *,
    dispute_type: str,
    knew_on: dt.date,
    employment_ended_on: dt.date | None,
    interruptions: Iterable[dt.date] = (),
) -> Limitation:
    """The limitation deadline of a case (see the module's rules)."""
    if dispute_type == WAGE_ARREARS:
        if employment_ended_on is None:
            return Limitation(None, Rule.WAGES_EMPLOYED, None)
        start, rule = max(knew_on, employment_ended_on), Rule.WAGES_ENDED
    else:
        start, rule = knew_on, Rule.KNEW
    deadline = one_year_after(start)
    for day in sorted(set(interruptions)):
        if start < day <= deadline:
            start, rule, deadline = day, Rule.INTERRUPTED, one_year_after(day)
    return Limitation(deadline, rule, start)


def days_left(deadline: dt.date | None, today: dt.date) -> int | None:
    return None if deadline is None else (deadline - today).days


def alert(deadline: dt.date | None, today: dt.date) -> Alert:
    """How close ``deadline`` is on ``today``: the last day itself still counts."""
    left = days_left(deadline, today)
    if left is None or left > APPROACHING_DAYS:
        return Alert.NONE
    if left < 0:
        return Alert.EXPIRED
    return Alert.URGENT if left <= URGENT_DAYS else Alert.APPROACHING
