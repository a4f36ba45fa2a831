from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from jiedao.core.numbers import half_up, parse_decimal, parse_money, percent, split_by_largest_remainder, to_fen


def test_half_up_not_half_even() -> None:
    assert to_fen("0.005") == Decimal("0.01")
    assert to_fen("0.015") == Decimal("0.02")
    assert half_up("0.25", Decimal("0.1")) == Decimal("0.3")


def test_parse_decimal_reads_forms_cells_and_json() -> None:
    assert parse_decimal(1234.5, step=Decimal("0.1")) == Decimal("1234.5")
    assert parse_decimal("¥1,234.56", step=Decimal("0.01")) == Decimal("1234.56")
    assert parse_decimal("2.25", step=Decimal("0.1")) == Decimal("2.3")
    for bad in (None, True, "", "abc", "NaN", "Infinity", "1e30", 1e30, "-1e12"):
        assert parse_decimal(bad, step=Decimal("0.1")) is None


def test_parse_money_refuses_a_third_decimal_and_negatives() -> None:
    assert parse_money("12.30") == Decimal("12.30")
    assert parse_money(0.1 + 0.2) is None  # 0.30000000000000004 is no amount
    assert parse_money("1.005") is None
    assert parse_money("-1") is None
    assert parse_money("1e30") is None and parse_money("999999999999.99") == Decimal("999999999999.99")


def test_split_small_amounts_never_negative() -> None:
    assert split_by_largest_remainder(Decimal("0.02"), {"a": 2500, "b": 2500, "c": 2500, "d": 2500}) == {
        "a": Decimal("0.01"),
        "b": Decimal("0.01"),
        "c": Decimal("0"),
        "d": Decimal("0"),
    }
    parts = split_by_largest_remainder(Decimal("1.10"), {"city": 6000, "district": 1500, "street": 1500, "firm": 1000})
    assert parts == {
        "city": Decimal("0.66"),
        "district": Decimal("0.17"),
        "street": Decimal("0.16"),
        "firm": Decimal("0.11"),
    }


@given(
    cents=st.integers(min_value=0, max_value=10**12),
    weights=st.lists(st.integers(min_value=1, max_value=10_000), min_size=1, max_size=6),
)
def test_split_adds_up_and_stays_within_a_fen(cents: int, weights: list[int]) -> None:
    amount = Decimal(cents) / 100
    named = {f"k{i}": w for i, w in enumerate(weights)}
    parts = split_by_largest_remainder(amount, named)
    assert sum(parts.values()) == amount
    total = sum(weights)
    for key, weight in named.items():
        exact = amount * weight / total
        assert parts[key] >= 0
        assert abs(parts[key] - exact) < Decimal("0.01")


def test_percent_of_nothing_is_none() -> None:
    assert percent(1, 3) == Decimal("33.3")
    assert percent(2, 3) == Decimal("66.7")
    assert percent(0, 0) is None
