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
- a suspension (中止, art. 27(3): force majeure or another proper reason kept the
  worker from applying) stops the clock from its first day; once its cause is gone the
  period "continues": the days it lasted are added to the deadline. A suspension
  still in force leaves no deadline for now (rule ``suspended``, with the days that
  were left when it began). Only a suspension that begins while the period runs
  counts; an interruption restarts a whole new year, dropping earlier suspensions;
- not applied: the move of a deadline that falls on a holiday to the next working day
  (民法典 art. 203). It can only make the true deadline later, so the reminder errs
  on the early side.

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
    SUSPENDED = "suspended"  # suspended (中止) now: no deadline until it ends


class Alert(StrEnum):
    NONE = "none"  # no deadline, or more than APPROACHING_DAYS left
    APPROACHING = "approaching"
    URGENT = "urgent"
    EXPIRED = "expired"


@dataclass(frozen=True)
class Limitation:
    """The clock of one case: the deadline (None while it does not run), the rule it
    came from, the day the running year began (None likewise), the days added by
    suspensions that have ended, and, while suspended, the days that were left when
    the suspension began."""

    deadline: dt.date | None
    rule: Rule
    runs_from: dt.date | None
    suspended_days: int = 0
    paused_left: int | None = None


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
    suspensions: Iterable[tuple[dt.date, dt.date | None]] = (),
) -> Limitation:
    """The limitation deadline of a case (see the module's rules). ``suspensions`` are
    (first day, day its cause ended or None while it lasts)."""
    if dispute_type == WAGE_ARREARS:
        if employment_ended_on is None:
            return Limitation(None, Rule.WAGES_EMPLOYED, None)
        start, rule = max(knew_on, employment_ended_on), Rule.WAGES_ENDED
    else:
        start, rule = knew_on, Rule.KNEW
    deadline = one_year_after(start)
    added = 0
    # By day; on the same day an interruption comes before a suspension.
    events = sorted(
        [(day, 0, None) for day in set(interruptions)] + [(begin, 1, end) for begin, end in set(suspensions)],
        key=lambda event: (event[0], event[1]),
    )
    for day, kind, end in events:
        if kind == 0:
            if start < day <= deadline:
                start, rule, deadline, added = day, Rule.INTERRUPTED, one_year_after(day), 0
        elif start <= day <= deadline:
            if end is None:
                return Limitation(None, Rule.SUSPENDED, start, added, (deadline - day).days)
            pause = max((end - day).days, 0)
            deadline, added = deadline + dt.timedelta(days=pause), added + pause
    return Limitation(deadline, rule, start, added)


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
