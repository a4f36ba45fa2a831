"""A ledger's period: a year ``YYYY`` or a month ``YYYY-MM``, the current year by
default; anything else is refused with a message people read."""

import datetime as dt
import re

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from jiedao.core.errors import Invalid
from jiedao.core.ledgers import Ledger, Period, Table

SHAPE = re.compile(r"\s*[0-9]{4}(-[0-9]{2})?\s*", re.ASCII)


@time_machine.travel(dt.datetime(2026, 12, 31, 16, 30, tzinfo=dt.UTC))  # 2027-01-01 00:30 in Shanghai
def test_no_period_is_the_current_local_year() -> None:
    assert Period.parse(None) == Period.parse("  ") == Period(2027)


def test_a_year_and_a_month_with_their_days() -> None:
    year, month = Period.parse("2020"), Period.parse(" 2020-02 ")
    assert (year.start, year.last, year.end) == (dt.date(2020, 1, 1), dt.date(2020, 12, 31), dt.date(2021, 1, 1))
    assert (month.start, month.last, month.end) == (dt.date(2020, 2, 1), dt.date(2020, 2, 29), dt.date(2020, 3, 1))
    assert str(year) == "2020" and str(month) == "2020-02" and month.label == "2020年2月" and year.label == "2020年"
    start, end = month.bounds()
    assert start.utcoffset() == dt.timedelta(hours=8) and (end - start).days == 29
    assert Period.parse("2020-12").end == dt.date(2021, 1, 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("20", "期间应写作年份（如 2020）或年月（如 2020-03）。"),
        ("2020-3", "期间应写作年份（如 2020）或年月（如 2020-03）。"),
        ("2020/03", "期间应写作年份（如 2020）或年月（如 2020-03）。"),
        ("２０２０", "期间应写作年份（如 2020）或年月（如 2020-03）。"),  # full-width digits
        ("2020-13", "月份应在01至12之间。"),
        ("2020-00", "月份应在01至12之间。"),
        ("1900", "年份应在1949年至2100年之间。"),
        ("2101-01", "年份应在1949年至2100年之间。"),
    ],
)
def test_anything_else_is_refused_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(Invalid) as refused:
        Period.parse(text)
    assert refused.value.message == message and refused.value.code == "bad_period" and refused.value.field == "period"


@given(st.text(max_size=12))
def test_any_text_is_a_period_or_refused(text: str) -> None:
    try:
        period = Period.parse(text)
    except Invalid:
        assert text.strip() and not (
            SHAPE.fullmatch(text)
            and 1949 <= int(text.strip()[:4]) <= 2100
            and text.strip()[5:] in {"", *map("{:02d}".format, range(1, 13))}
        )
        return
    assert not text.strip() or str(period) == text.strip()


@given(st.integers(1949, 2100), st.none() | st.integers(1, 12))
def test_a_period_written_out_reads_back_the_same(year: int, month: int | None) -> None:
    period = Period(year, month)
    assert Period.parse(str(period)) == period and period.start <= period.last < period.end


def test_a_yearly_ledger_refuses_a_month() -> None:
    ledger = Ledger(
        key="x.y", title="学时台账", readers=frozenset(), build=lambda actor, period: Table("t", []), monthly=False
    )
    assert ledger.table(None, Period(2020)).title == "t"
    with pytest.raises(Invalid, match="“学时台账”按年度生成，请选择年份。"):
        ledger.table(None, Period(2020, 3))
