"""Dues-only money helpers. The exact numbers themselves (the fen, rounding half
up, reading an amount, the largest-remainder split) are ``jiedao.core.numbers``."""

from decimal import Decimal

from jiedao.core.numbers import FEN, half_up, to_fen


def assessed_amount(payroll_base: Decimal, rate: Decimal) -> Decimal:
    """The assessment: payroll base × rate, rounded half up to the fen."""
    return to_fen(payroll_base * rate)


def bp_percent(basis_points: int) -> Decimal:
    """Basis points as a percentage (6000 → 60.00)."""
    return half_up(Decimal(basis_points) / 100, FEN)


def basis_points(percentage: Decimal) -> int:
    """A percentage with at most two decimals as basis points (60.5 → 6050)."""
    return int(half_up(percentage * 100, Decimal(1)))
