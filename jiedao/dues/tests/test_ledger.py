"""Assessments, money, the split between levels and payments by hand."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from jiedao.accounts.actor import actor_for
from jiedao.core.errors import Forbidden
from jiedao.core.numbers import parse_money, split_by_largest_remainder, to_fen
from jiedao.dues import selectors, services
from jiedao.dues.access import assessments_visible_to
from jiedao.dues.models import DuesSplit
from jiedao.dues.money import assessed_amount
from jiedao.dues.tests.conftest import DuesSetup
from jiedao.testing import World


def test_money_is_rounded_half_up_to_the_fen() -> None:
    assert to_fen(Decimal("0.005")) == Decimal("0.01")
    assert to_fen(Decimal("2.675")) == Decimal("2.68")  # a float would give 2.67
    assert assessed_amount(Decimal("1234567.25"), Decimal("0.02")) == Decimal("24691.35")
    assert assessed_amount(Decimal("100.25"), Decimal("0.02")) == Decimal("2.01")  # 2.005 → 2.01


def test_amounts_are_read_without_floats() -> None:
    assert parse_money(1234.5) == Decimal("1234.50")
    assert parse_money("1,234.56") == Decimal("1234.56")
    assert parse_money(0.1 + 0.2) is None  # 0.30000000000000004: not a whole fen
    assert parse_money("1.234") is None
    assert parse_money("-1") is None
    assert parse_money(True) is None


def test_a_split_always_adds_up_to_the_amount() -> None:
    shares = {"enterprise_union": 3333, "subdistrict_federation": 3333, "district_union": 3334, "city_union": 0}
    parts = split_by_largest_remainder(Decimal("100.00"), shares)
    assert sum(parts.values()) == Decimal("100.00")
    assert parts["district_union"] == Decimal("33.34")


def test_the_assessment_is_two_per_cent_of_the_payroll(dues: DuesSetup) -> None:
    a = dues.jiachun_2019
    assert (a.rate, a.assessed, a.due_on) == (Decimal("0.0200"), Decimal("24691.35"), dt.date(2019, 12, 31))


def test_an_enterprise_is_assessed_once_a_year(world: World, dues: DuesSetup) -> None:
    with pytest.raises(ValidationError) as e:
        services.assessment_create(
            actor=dues.union, unit=world.jiachun, year=2019, payroll_base=Decimal(1), channel="tax"
        )
    assert "unit" in e.value.message_dict


def test_a_year_without_settings_cannot_be_assessed(world: World, dues: DuesSetup) -> None:
    with pytest.raises(ValidationError) as e:
        services.assessment_create(
            actor=dues.union, unit=world.jiachun, year=2021, payroll_base=Decimal(1), channel="tax"
        )
    assert "year" in e.value.message_dict


def test_only_the_federation_changes_the_ledger(world: World, dues: DuesSetup) -> None:
    admin = actor_for(world.users["admin"])
    with pytest.raises(Forbidden):
        services.payment_add(actor=admin, assessment=dues.gongzhi_2019, paid_on=dt.date(2019, 7, 1), amount=Decimal(1))


def test_shares_must_add_up_to_100(dues: DuesSetup) -> None:
    with pytest.raises(ValidationError) as e:
        services.split_set(
            actor=dues.union,
            year=2020,
            channel="tax",
            enterprise_union=Decimal(60),
            subdistrict_federation=Decimal(10),
            district_union=Decimal(15),
            city_union=Decimal(10),
        )
    assert "95" in str(e.value.message_dict["__all__"])
    # And the database refuses it whatever the path.
    with pytest.raises(IntegrityError), transaction.atomic():
        DuesSplit.objects.create(
            subdistrict_id=dues.jiachun_2019.subdistrict_id,
            year=2020,
            channel="tax",
            enterprise_union=6000,
            subdistrict_federation=1000,
            district_union=1500,
            city_union=1000,
        )


def test_the_ledger_shows_each_levels_share_of_what_was_received(dues: DuesSetup) -> None:
    qs = selectors.ledger_queryset(assessments_visible_to(dues.union), 2019)
    rows = {
        r.assessment.pk: r for r in selectors.ledger_rows(qs, selectors.splits_of(dues.union.subdistrict_id or 0, 2019))
    }
    jiachun = rows[dues.jiachun_2019.pk]
    assert jiachun.arrears == Decimal("0.00")
    assert jiachun.shares == {
        "enterprise_union": Decimal("14814.81"),
        "subdistrict_federation": Decimal("2469.14"),
        "district_union": Decimal("3703.70"),
        "city_union": Decimal("3703.70"),
    }
    assert rows[dues.gongzhi_2019.pk].arrears == Decimal("30000.00")
    assert selectors.ledger_totals(qs) == {
        "assessed": Decimal("64691.35"),
        "paid": Decimal("34691.35"),
        "arrears": Decimal("30000.00"),
    }


def test_a_payment_may_not_exceed_the_arrears_nor_reuse_a_reference(dues: DuesSetup) -> None:
    with pytest.raises(ValidationError) as e:
        services.payment_add(
            actor=dues.union, assessment=dues.gongzhi_2019, paid_on=dt.date(2019, 7, 1), amount=Decimal("30000.01")
        )
    assert "amount" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.payment_add(
            actor=dues.union,
            assessment=dues.gongzhi_2019,
            paid_on=dt.date(2019, 7, 1),
            amount=Decimal(1),
            reference="GZ1",
        )
    assert "reference" in e.value.message_dict


def test_a_chair_sees_their_own_units_assessments_only(world: World, dues: DuesSetup) -> None:
    chair = actor_for(world.users["jiachun"])
    assert list(assessments_visible_to(chair)) == [dues.jiachun_2019]
    assert not assessments_visible_to(actor_for(world.users["other_admin"])).exists()
    assert not assessments_visible_to(actor_for(world.users["labour"])).exists()


def test_an_enterprise_without_a_union_pays_the_preparatory_fund(dues: DuesSetup) -> None:
    # The test world has no unions: 嘉春 and 共志 are covered by none.
    assert dues.jiachun_2019.kind == "preparatory"
    assert dues.jiachun_2019.assessed == Decimal("24691.35")  # at the same rate


def test_a_corrected_declaration_recomputes_at_the_rate_it_was_made_with(dues: DuesSetup) -> None:
    services.year_set(actor=dues.union, year=2019, rate_percent=Decimal("2.5"), due_on=dt.date(2019, 12, 31))
    a = services.assessment_update(
        actor=dues.union, assessment=dues.gongzhi_2019, payroll_base=Decimal("1000000.25"), channel="transfer"
    )
    assert (a.rate, a.assessed, a.channel) == (Decimal("0.0200"), Decimal("20000.01"), "transfer")
    # Not below what was paid (10 000.00).
    with pytest.raises(ValidationError) as e:
        services.assessment_update(actor=dues.union, assessment=a, payroll_base=Decimal("100000"), channel="transfer")
    assert "payroll_base" in e.value.message_dict
