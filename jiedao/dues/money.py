"""Money of the dues ledger: ``Decimal`` rounded half up to the fen, never a float."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN = Decimal("0.01")
BASIS_POINTS = Decimal(10_000)


def fen(value: Decimal | int | str) -> Decimal:
    """``value`` rounded half up to the fen (0.005 → 0.01)."""
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


def assessed_amount(payroll_base: Decimal, rate: Decimal) -> Decimal:
    """The assessment: payroll base × rate, rounded half up to the fen."""
    return fen(payroll_base * rate)


def parse_money(value: object) -> Decimal | None:
    """A positive or zero amount with at most two decimals, from a form, a cell or
    JSON; None when it is not one. A float cell is read through its shortest text
    (``1234.5`` → ``Decimal("1234.5")``), so no binary fraction creeps in."""
    if isinstance(value, bool) or value is None:
        return None
    text = repr(value) if isinstance(value, float) else str(value)
    text = text.strip().replace(",", "").replace("，", "").removeprefix("¥").removeprefix("￥")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(FEN, rounding=ROUND_HALF_UP):
        return None
    return amount.quantize(FEN)


def split_amount(amount: Decimal, shares: dict[str, int]) -> dict[str, Decimal]:
    """``amount`` shared by ``shares`` (basis points adding up to 10 000), each part
    rounded half up to the fen; the fen left over by rounding goes to the largest
    share, so the parts always add up to ``amount``."""
    parts = {level: fen(amount * Decimal(bp) / BASIS_POINTS) for level, bp in shares.items()}
    rest = amount - sum(parts.values(), Decimal(0))
    if rest and parts:
        largest = max(shares, key=lambda level: shares[level])
        parts[largest] += rest
    return parts


def percent(basis_points: int) -> Decimal:
    """Basis points as a percentage (6000 → 60.00)."""
    return (Decimal(basis_points) / 100).quantize(FEN)


def basis_points(percentage: Decimal) -> int:
    """A percentage with at most two decimals as basis points (60.5 → 6050)."""
    return int((percentage * 100).to_integral_value(rounding=ROUND_HALF_UP))
