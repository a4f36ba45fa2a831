"""Each level's share of what was received: a largest-remainder split in whole fen
(never a negative part, never a fen taken off the enterprise union by rounding), and
each payment shared by the split of the channel it came through."""

import datetime as dt
from decimal import Decimal

from jiedao.dues import selectors, services
from jiedao.dues.access import assessments_visible_to
from jiedao.dues.models import DuesAssessment
from jiedao.dues.tests.conftest import DuesSetup
from jiedao.testing import World, make_unit

LEVELS = ("enterprise_union", "subdistrict_federation", "district_union", "city_union")


def _split(d: DuesSetup, year: int, channel: str, *percentages: int) -> None:
    ours, federation, district, city = map(Decimal, percentages)
    services.split_set(
        actor=d.union,
        year=year,
        channel=channel,
        enterprise_union=ours,
        subdistrict_federation=federation,
        district_union=district,
        city_union=city,
    )


def _paid(world: World, d: DuesSetup, name: str, payments: list[tuple[str, str]], channel: str = "tax") -> int:
    """A 2020 assessment of a new enterprise with ``payments`` ((amount, channel), …); its id."""
    a = services.assessment_create(
        actor=d.union,
        unit=make_unit(world.liangcheng, name),
        year=2020,
        payroll_base=Decimal(10_000),
        channel=channel,
    )
    for amount, via in payments:
        services.payment_add(
            actor=d.union, assessment=a, paid_on=dt.date(2020, 5, 1), amount=Decimal(amount), channel=via
        )
    return a.pk


def _shares(d: DuesSetup, pk: int) -> dict[str, Decimal] | None:
    qs = selectors.ledger_queryset(assessments_visible_to(d.union).filter(pk=pk), 2020)
    (row,) = selectors.ledger_rows(qs, selectors.splits_of(d.union.subdistrict_id or 0, 2020))
    return row.shares


def _fen(*values: str) -> dict[str, Decimal]:
    return dict(zip(LEVELS, map(Decimal, values), strict=True))


def test_two_fen_in_four_equal_shares_leave_no_share_negative(world: World, dues: DuesSetup) -> None:
    _split(dues, 2020, "tax", 25, 25, 25, 25)
    pk = _paid(world, dues, "上海两分有限公司", [("0.02", "tax")])
    # Each share is half a fen: the two fen go to the first two, none is −0.01.
    assert _shares(dues, pk) == _fen("0.01", "0.01", "0.00", "0.00")


def test_rounding_does_not_dock_the_enterprise_union_a_fen(world: World, dues: DuesSetup) -> None:
    _split(dues, 2020, "tax", 60, 15, 15, 10)
    pk = _paid(world, dues, "上海一元一角有限公司", [("1.10", "tax")])
    # 66 fen exactly to the enterprise union; the fen left by the two halves to the first of them.
    assert _shares(dues, pk) == _fen("0.66", "0.17", "0.16", "0.11")


def test_each_payment_is_shared_by_the_split_of_its_own_channel(world: World, dues: DuesSetup) -> None:
    _split(dues, 2020, "tax", 60, 10, 15, 15)
    _split(dues, 2020, "transfer", 100, 0, 0, 0)
    # Assessed for the tax bureau, but 100.00 came by direct transfer and 100.00 through the tax bureau.
    pk = _paid(world, dues, "上海两路有限公司", [("100.00", "transfer"), ("100.00", "tax")])
    assert _shares(dues, pk) == _fen("160.00", "10.00", "15.00", "15.00")
    assert DuesAssessment.objects.get(pk=pk).channel == "tax"


def test_no_share_is_shown_while_a_channel_paid_through_has_no_split(world: World, dues: DuesSetup) -> None:
    _split(dues, 2020, "tax", 60, 10, 15, 15)
    pk = _paid(world, dues, "上海缺比例有限公司", [("10.00", "transfer")])
    assert _shares(dues, pk) is None
    nothing_paid = _paid(world, dues, "上海未缴有限公司", [])
    assert _shares(dues, nothing_paid) == _fen("0.00", "0.00", "0.00", "0.00")
