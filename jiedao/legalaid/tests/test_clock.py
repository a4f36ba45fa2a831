"""The limitation clock (劳动争议调解仲裁法 art. 27): the issue's examples, and its
properties for any dates."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiedao.legalaid.clock import (
    APPROACHING_DAYS,
    URGENT_DAYS,
    Alert,
    Limitation,
    Rule,
    alert,
    limitation,
    one_year_after,
)
from jiedao.legalaid.models import DisputeType

D = dt.date
days = st.dates(min_value=D(1995, 1, 1), max_value=D(2090, 12, 31))
types = st.sampled_from(DisputeType.values)
other_types = st.sampled_from([t for t in DisputeType.values if t != "wage_arrears"])


def test_one_year_from_the_day_the_worker_knew() -> None:
    assert limitation(dispute_type="dismissal", knew_on=D(2026, 1, 10), employment_ended_on=None) == Limitation(
        D(2027, 1, 10), Rule.KNEW, D(2026, 1, 10)
    )


def test_wage_arrears_while_employed_have_no_deadline_yet() -> None:
    got = limitation(dispute_type="wage_arrears", knew_on=D(2025, 6, 1), employment_ended_on=None)
    assert got == Limitation(None, Rule.WAGES_EMPLOYED, None)


def test_wage_arrears_run_from_the_end_of_the_employment() -> None:
    got = limitation(dispute_type="wage_arrears", knew_on=D(2025, 6, 1), employment_ended_on=D(2026, 3, 1))
    assert got == Limitation(D(2027, 3, 1), Rule.WAGES_ENDED, D(2026, 3, 1))


def test_wage_arrears_learnt_of_after_the_end_run_from_that_day() -> None:
    got = limitation(dispute_type="wage_arrears", knew_on=D(2026, 4, 15), employment_ended_on=D(2026, 3, 1))
    assert got.deadline == D(2027, 4, 15)


def test_29_february_ends_on_28_february() -> None:
    assert one_year_after(D(2024, 2, 29)) == D(2025, 2, 28)
    assert one_year_after(D(2027, 2, 28)) == D(2028, 2, 28)


def test_an_interruption_restarts_the_year() -> None:
    got = limitation(
        dispute_type="overtime", knew_on=D(2026, 1, 10), employment_ended_on=None, interruptions=[D(2026, 9, 1)]
    )
    assert got == Limitation(D(2027, 9, 1), Rule.INTERRUPTED, D(2026, 9, 1))


def test_an_interruption_after_the_deadline_revives_nothing() -> None:
    got = limitation(
        dispute_type="overtime", knew_on=D(2024, 1, 10), employment_ended_on=None, interruptions=[D(2025, 1, 11)]
    )
    assert got.deadline == D(2025, 1, 10) and got.rule == Rule.KNEW


def test_the_last_day_itself_still_counts() -> None:
    deadline = D(2027, 1, 10)
    assert alert(deadline, deadline) == Alert.URGENT
    assert alert(deadline, deadline + dt.timedelta(days=1)) == Alert.EXPIRED
    assert alert(deadline, deadline - dt.timedelta(days=URGENT_DAYS + 1)) == Alert.APPROACHING
    assert alert(deadline, deadline - dt.timedelta(days=APPROACHING_DAYS + 1)) == Alert.NONE
    assert alert(None, deadline) == Alert.NONE


@given(days)
def test_the_deadline_is_the_same_calendar_day_a_year_later(day: dt.date) -> None:
    after = one_year_after(day)
    assert (after.year, after.month) == (day.year + 1, day.month)
    assert after.day == day.day or (day.month, day.day, after.day) == (2, 29, 28)
    assert (after - day).days in (365, 366)


@given(other_types, days, st.one_of(st.none(), days))
def test_outside_wage_arrears_the_end_of_employment_changes_nothing(
    kind: str, knew: dt.date, ended: dt.date | None
) -> None:
    assert limitation(dispute_type=kind, knew_on=knew, employment_ended_on=ended) == limitation(
        dispute_type=kind, knew_on=knew, employment_ended_on=None
    )


@given(days, st.lists(days, max_size=4))
def test_still_employed_wage_arrears_never_have_a_deadline(knew: dt.date, interruptions: list[dt.date]) -> None:
    got = limitation(dispute_type="wage_arrears", knew_on=knew, employment_ended_on=None, interruptions=interruptions)
    assert got.deadline is None


@given(types, days, st.one_of(st.none(), days), days, days)
def test_knowing_later_never_brings_the_deadline_forward(
    kind: str, knew: dt.date, ended: dt.date | None, a: dt.date, b: dt.date
) -> None:
    early, late = sorted((knew, a))
    first = limitation(dispute_type=kind, knew_on=early, employment_ended_on=ended, interruptions=[b])
    second = limitation(dispute_type=kind, knew_on=late, employment_ended_on=ended, interruptions=[b])
    if first.deadline is not None and second.deadline is not None:
        assert second.deadline >= first.deadline


@given(types, days, st.one_of(st.none(), days), st.lists(days, max_size=5))
def test_interruptions_only_ever_extend_and_their_order_does_not_matter(
    kind: str, knew: dt.date, ended: dt.date | None, interruptions: list[dt.date]
) -> None:
    plain = limitation(dispute_type=kind, knew_on=knew, employment_ended_on=ended)
    got = limitation(dispute_type=kind, knew_on=knew, employment_ended_on=ended, interruptions=interruptions)
    backwards = limitation(
        dispute_type=kind, knew_on=knew, employment_ended_on=ended, interruptions=list(reversed(interruptions))
    )
    assert got == backwards
    if plain.deadline is None:
        assert got.deadline is None
        return
    assert got.deadline is not None and got.deadline >= plain.deadline
    # The year that runs is always one year from the day it began.
    assert got.runs_from is not None and got.deadline == one_year_after(got.runs_from)
    # It began on the day of the trigger or on one of the interruptions.
    assert got.runs_from == plain.runs_from or got.runs_from in interruptions


@given(types, days, st.one_of(st.none(), days), st.lists(days, max_size=5))
def test_an_interruption_after_the_deadline_changes_nothing(
    kind: str, knew: dt.date, ended: dt.date | None, interruptions: list[dt.date]
) -> None:
    got = limitation(dispute_type=kind, knew_on=knew, employment_ended_on=ended, interruptions=interruptions)
    if got.deadline is None:
        return
    late = got.deadline + dt.timedelta(days=1)
    again = limitation(dispute_type=kind, knew_on=knew, employment_ended_on=ended, interruptions=[*interruptions, late])
    assert again == got


@given(st.one_of(st.none(), days), days)
def test_alerts_grow_as_the_deadline_nears(deadline: dt.date | None, today: dt.date) -> None:
    order = [Alert.NONE, Alert.APPROACHING, Alert.URGENT, Alert.EXPIRED]
    assert order.index(alert(deadline, today + dt.timedelta(days=1))) >= order.index(alert(deadline, today))


@pytest.mark.parametrize(
    ("knew", "deadline"),
    [(D(2026, 1, 10), D(2027, 1, 10)), (D(2028, 2, 29), D(2029, 2, 28)), (D(2026, 12, 31), D(2027, 12, 31))],
)
def test_examples(knew: dt.date, deadline: dt.date) -> None:
    assert limitation(dispute_type="work_injury", knew_on=knew, employment_ended_on=None).deadline == deadline


# Suspension (中止, art. 27(3)): the period stops, then continues.


def test_a_suspension_adds_the_days_it_lasted() -> None:
    got = limitation(
        dispute_type="dismissal",
        knew_on=D(2026, 1, 10),
        employment_ended_on=None,
        suspensions=[(D(2026, 5, 1), D(2026, 5, 31))],
    )
    assert got == Limitation(D(2027, 2, 9), Rule.KNEW, D(2026, 1, 10), suspended_days=30)


def test_while_suspended_there_is_no_deadline_but_the_days_left_are_kept() -> None:
    got = limitation(
        dispute_type="dismissal", knew_on=D(2026, 1, 10), employment_ended_on=None, suspensions=[(D(2026, 12, 1), None)]
    )
    assert got == Limitation(None, Rule.SUSPENDED, D(2026, 1, 10), 0, paused_left=40)


def test_a_suspension_after_the_deadline_revives_nothing() -> None:
    got = limitation(
        dispute_type="dismissal",
        knew_on=D(2025, 1, 10),
        employment_ended_on=None,
        suspensions=[(D(2026, 2, 1), None)],
    )
    assert got == Limitation(D(2026, 1, 10), Rule.KNEW, D(2025, 1, 10))


def test_an_interruption_after_a_suspension_starts_a_whole_new_year() -> None:
    got = limitation(
        dispute_type="dismissal",
        knew_on=D(2026, 1, 10),
        employment_ended_on=None,
        interruptions=[D(2026, 8, 1)],
        suspensions=[(D(2026, 3, 1), D(2026, 4, 1))],
    )
    assert got == Limitation(D(2027, 8, 1), Rule.INTERRUPTED, D(2026, 8, 1))


def test_still_employed_wage_arrears_ignore_suspensions() -> None:
    got = limitation(
        dispute_type="wage_arrears",
        knew_on=D(2026, 1, 10),
        employment_ended_on=None,
        suspensions=[(D(2026, 2, 1), None)],
    )
    assert got == Limitation(None, Rule.WAGES_EMPLOYED, None)


periods = st.tuples(days, st.integers(min_value=0, max_value=400))


@given(types, days, st.one_of(st.none(), days), st.lists(days, max_size=3), st.lists(periods, max_size=3))
def test_ended_suspensions_only_ever_postpone_the_deadline(
    kind: str, knew: dt.date, ended: dt.date | None, interruptions: list[dt.date], spans: list[tuple[dt.date, int]]
) -> None:
    suspensions = [(begin, begin + dt.timedelta(days=n)) for begin, n in spans]
    plain = limitation(dispute_type=kind, knew_on=knew, employment_ended_on=ended, interruptions=interruptions)
    got = limitation(
        dispute_type=kind,
        knew_on=knew,
        employment_ended_on=ended,
        interruptions=interruptions,
        suspensions=suspensions,
    )
    if plain.deadline is None:
        assert got.deadline is None
        return
    assert got.deadline is not None and got.deadline >= plain.deadline
    # What was added is exactly the days of the suspensions that counted.
    assert got.runs_from is not None
    assert got.deadline == one_year_after(got.runs_from) + dt.timedelta(days=got.suspended_days)
    assert got.suspended_days <= sum(n for _begin, n in spans)


@given(other_types, days, days)
def test_an_open_suspension_keeps_the_days_that_were_left(kind: str, knew: dt.date, begin: dt.date) -> None:
    plain = limitation(dispute_type=kind, knew_on=knew, employment_ended_on=None)
    got = limitation(dispute_type=kind, knew_on=knew, employment_ended_on=None, suspensions=[(begin, None)])
    assert plain.deadline is not None
    if knew <= begin <= plain.deadline:
        assert got.deadline is None and got.rule == Rule.SUSPENDED
        assert got.paused_left == (plain.deadline - begin).days
    else:
        assert got == plain
