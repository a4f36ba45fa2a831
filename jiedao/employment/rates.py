"""The arithmetic of the training and employment rates, apart from the queries
(``selectors.rates`` feeds it rows; the benchmark and the tests feed it directly).

Per course and provider (and in total):

- completion rate: trainees who met the completion rule / trainees enrolled;
- certificate rate: trainees with a completion certificate (not revoked) / trainees;
- employment rate at each follow-up offset (30, 90, 180 days by default; 90 and 180
  are the "3 months" and "6 months" of the labour office's reports): (employed +
  self-employed) / follow-ups with a known situation (employed, self-employed, in
  further training, not employed). A follow-up not done yet ("unknown") and a
  trainee who could not be reached are *not* in the denominator — never counted as
  "not employed" — and are shown beside the rate so the reader sees its coverage.

Rates are ``Decimal`` percentages rounded half up to one decimal
(``core.numbers.percent``, the house's one rate); ``None`` when the denominator is
zero (shown as "—", never 0 %).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from jiedao.core.numbers import percent

# Outcome codes (``models.FollowUp.Outcome``), here as plain text so this module
# needs no database.
EMPLOYED = "employed"
SELF_EMPLOYED = "self_employed"
FURTHER_TRAINING = "further_training"
NOT_EMPLOYED = "not_employed"
UNREACHABLE = "unreachable"
UNKNOWN = "unknown"
IN_WORK = frozenset({EMPLOYED, SELF_EMPLOYED})
KNOWN = frozenset({EMPLOYED, SELF_EMPLOYED, FURTHER_TRAINING, NOT_EMPLOYED})
OUTCOMES = (EMPLOYED, SELF_EMPLOYED, FURTHER_TRAINING, NOT_EMPLOYED, UNREACHABLE, UNKNOWN)


@dataclass
class OffsetFigures:
    """The follow-ups of one offset (days after the class ended) of one group."""

    offset_days: int
    counts: dict[str, int] = field(default_factory=dict)

    def n(self, outcome: str) -> int:
        return self.counts.get(outcome, 0)

    @property
    def in_work(self) -> int:
        return sum(self.n(o) for o in IN_WORK)

    @property
    def known(self) -> int:
        return sum(self.n(o) for o in KNOWN)

    @property
    def unknown(self) -> int:
        return self.n(UNKNOWN)

    @property
    def unreachable(self) -> int:
        return self.n(UNREACHABLE)

    @property
    def employment_rate(self) -> Decimal | None:
        return percent(self.in_work, self.known)


@dataclass
class RateRow:
    """One course at one provider (or the total: ``course`` and ``provider`` empty)."""

    course: str
    provider: str
    trainees: int = 0
    completed: int = 0
    certified: int = 0
    offsets: dict[int, OffsetFigures] = field(default_factory=dict)

    @property
    def completion_rate(self) -> Decimal | None:
        return percent(self.completed, self.trainees)

    @property
    def certificate_rate(self) -> Decimal | None:
        return percent(self.certified, self.trainees)

    def at(self, offset_days: int) -> OffsetFigures:
        return self.offsets.setdefault(offset_days, OffsetFigures(offset_days))

    def figures(self, offsets: Iterable[int]) -> list[OffsetFigures]:
        """The figures of ``offsets`` in that order (empty ones for offsets never followed)."""
        return [self.at(days) for days in offsets]


@dataclass(frozen=True)
class EnrolmentGroup:
    """Counts over the enrolments of one course at one provider."""

    course: str
    provider: str
    trainees: int
    completed: int
    certified: int


@dataclass(frozen=True)
class FollowUpGroup:
    """How many follow-ups of one course at one provider, at one offset, had one outcome."""

    course: str
    provider: str
    offset_days: int
    outcome: str
    n: int


@dataclass
class Rates:
    rows: list[RateRow]
    total: RateRow
    offsets: list[int]


def combine(
    enrolments: Iterable[EnrolmentGroup], follow_ups: Iterable[FollowUpGroup], *, offsets: Iterable[int]
) -> Rates:
    """The rate table from the grouped counts: a row per (course, provider) in name
    order, and the total. ``offsets`` are the configured ones; an offset found in
    the records but no longer configured is shown too (after them)."""
    rows: dict[tuple[str, str], RateRow] = {}
    total = RateRow(course="", provider="")
    for g in enrolments:
        row = rows.setdefault((g.course, g.provider), RateRow(g.course, g.provider))
        for target in (row, total):
            target.trainees += g.trainees
            target.completed += g.completed
            target.certified += g.certified
    shown = list(dict.fromkeys(offsets))
    for f in follow_ups:
        row = rows.setdefault((f.course, f.provider), RateRow(f.course, f.provider))
        for target in (row, total):
            figures = target.at(f.offset_days)
            figures.counts[f.outcome] = figures.counts.get(f.outcome, 0) + f.n
        if f.offset_days not in shown:
            shown.append(f.offset_days)
    ordered = [rows[key] for key in sorted(rows)]
    return Rates(rows=ordered, total=total, offsets=shown)
