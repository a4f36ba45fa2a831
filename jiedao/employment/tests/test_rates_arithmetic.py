"""The rate arithmetic alone (``employment.rates``): no database."""

from decimal import Decimal

from jiedao.core.numbers import percent
from jiedao.employment.rates import EnrolmentGroup, FollowUpGroup, combine


def test_percent_rounds_half_up_and_has_no_rate_without_denominator() -> None:
    assert percent(1, 8) == Decimal("12.5")
    assert percent(1, 3) == Decimal("33.3")
    assert percent(2, 3) == Decimal("66.7")
    assert percent(1, 16) == Decimal("6.3")  # 6.25 half up
    assert percent(0, 0) is None


def test_unknown_and_unreachable_are_never_counted_as_not_employed() -> None:
    rates = combine(
        [EnrolmentGroup("干花艺术插花", "理想学校", trainees=45, completed=41, certified=40)],
        [
            FollowUpGroup("干花艺术插花", "理想学校", 90, "employed", 12),
            FollowUpGroup("干花艺术插花", "理想学校", 90, "self_employed", 3),
            FollowUpGroup("干花艺术插花", "理想学校", 90, "not_employed", 5),
            FollowUpGroup("干花艺术插花", "理想学校", 90, "unreachable", 4),
            FollowUpGroup("干花艺术插花", "理想学校", 90, "unknown", 21),
        ],
        offsets=[30, 90, 180],
    )
    (row,) = rates.rows
    assert row.completion_rate == Decimal("91.1")
    assert row.certificate_rate == Decimal("88.9")
    three_months = row.at(90)
    assert (three_months.in_work, three_months.known) == (15, 20)
    assert three_months.employment_rate == Decimal("75.0")  # 15 of 20 known, not 15 of 45
    assert (three_months.unknown, three_months.unreachable) == (21, 4)
    assert row.at(180).employment_rate is None  # nothing followed yet: no rate, not 0 %
    assert rates.offsets == [30, 90, 180]


def test_rows_per_course_and_provider_and_a_total() -> None:
    rates = combine(
        [
            EnrolmentGroup("插花", "乙校", 10, 5, 5),
            EnrolmentGroup("插花", "甲校", 10, 10, 8),
            EnrolmentGroup("烘焙", "甲校", 20, 10, 0),
        ],
        [
            FollowUpGroup("插花", "甲校", 180, "employed", 4),
            FollowUpGroup("插花", "甲校", 180, "further_training", 4),
            FollowUpGroup("烘焙", "甲校", 180, "not_employed", 2),
            FollowUpGroup("烘焙", "甲校", 60, "employed", 1),  # an offset no longer configured
        ],
        offsets=[90, 180],
    )
    assert [(r.course, r.provider) for r in rates.rows] == [("插花", "乙校"), ("插花", "甲校"), ("烘焙", "甲校")]
    assert (rates.total.trainees, rates.total.completed, rates.total.certified) == (40, 25, 13)
    assert rates.total.completion_rate == Decimal("62.5")
    assert rates.total.at(180).employment_rate == Decimal("40.0")  # 4 of 10 known
    assert rates.offsets == [90, 180, 60]
    assert [f.offset_days for f in rates.rows[0].figures(rates.offsets)] == [90, 180, 60]
