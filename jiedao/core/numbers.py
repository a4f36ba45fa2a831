"""Exact numbers shared by every programme: money to the fen, hours and rates to a
fixed step, always ``Decimal`` rounded half up (the way a cashier and a form expect;
Python's default half-even turns 0.25 h into 0.2), never a float."""

from collections.abc import Mapping
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation

FEN = Decimal("0.01")
TENTH = Decimal("0.1")
LARGEST = Decimal(10) ** 12  # read_decimal refuses anything this large or larger


def half_up(value: Decimal | int | str, step: Decimal = FEN) -> Decimal:
    """``value`` rounded half up to ``step`` (0.005 → 0.01 at the fen, 0.25 → 0.3 at a tenth)."""
    return Decimal(value).quantize(step, rounding=ROUND_HALF_UP)


def to_fen(value: Decimal | int | str) -> Decimal:
    """``value`` rounded half up to the fen."""
    return half_up(value, FEN)


def read_decimal(value: object) -> Decimal | None:
    """A finite number from a form, a spreadsheet cell or JSON, as written; None
    when it is no number. A float is read through its shortest text (``1234.5`` →
    ``Decimal("1234.5")``), so no binary fraction creeps in; thousands separators
    and a leading ¥ are accepted."""
    if isinstance(value, bool) or value is None:
        return None
    text = repr(value) if isinstance(value, float) else str(value)
    text = text.strip().replace(",", "").replace("，", "").removeprefix("¥").removeprefix("￥")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    # No amount or hour count here comes near a trillion; beyond it (``1e30``) rounding
    # to a fen would overflow Decimal's precision and raise.
    return number if number.is_finite() and abs(number) < LARGEST else None


def parse_decimal(value: object, *, step: Decimal) -> Decimal | None:
    """``read_decimal`` rounded half up to ``step`` (hours typed as 2.25 → 2.3)."""
    number = read_decimal(value)
    return None if number is None else half_up(number, step)


def parse_money(value: object) -> Decimal | None:
    """A positive or zero amount with at most two decimals; None when it is not one
    (an amount with a third decimal is refused rather than silently rounded)."""
    amount = read_decimal(value)
    if amount is None or amount < 0 or amount != amount.quantize(FEN, rounding=ROUND_HALF_UP):
        return None
    return amount.quantize(FEN)


def split_by_largest_remainder(amount: Decimal, weights: Mapping[str, int]) -> dict[str, Decimal]:
    """``amount`` shared by ``weights`` (any positive integers, e.g. basis points)
    in whole fen: each part is floored, then the fen left over go one each to the
    largest remainders (ties to the larger weight, then the first key). The parts
    add up to ``amount`` exactly and none is negative or off by more than a fen."""
    total_weight = sum(weights.values())
    if not weights or total_weight <= 0:
        return {key: Decimal(0) for key in weights}
    cents = int((amount / FEN).to_integral_value(rounding=ROUND_HALF_UP))
    floors: dict[str, int] = {}
    remainders: dict[str, int] = {}
    for key, weight in weights.items():
        floors[key], remainders[key] = divmod(cents * weight, total_weight)
    left = cents - sum(floors.values())
    order = sorted(weights, key=lambda k: (-remainders[k], -weights[k], list(weights).index(k)))
    for key in order[:left]:
        floors[key] += 1
    return {key: (Decimal(part) * FEN).quantize(FEN) for key, part in floors.items()}


def percent(part: int | Decimal, whole: int | Decimal, step: Decimal = TENTH) -> Decimal | None:
    """``part`` as a percentage of ``whole`` rounded half up to ``step``; None for an
    empty whole (a rate of nothing is no rate, not 0 %)."""
    if not whole:
        return None
    return half_up(Decimal(part) * 100 / Decimal(whole), step)


def floor_to(value: Decimal, step: Decimal) -> Decimal:
    """``value`` cut down to a whole number of ``step`` (hours credited only when earned)."""
    return (value / step).to_integral_value(ROUND_FLOOR) * step
