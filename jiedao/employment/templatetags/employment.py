"""Filters of the rates page: a rate as "75.0%" (or "—" without one), a row's
figures for the offsets shown."""

from collections.abc import Iterable
from decimal import Decimal

from django import template

from jiedao.employment.rates import OffsetFigures, RateRow

register = template.Library()


@register.filter
def rate(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}%"


@register.filter
def figures(row: RateRow, offsets: Iterable[int]) -> list[OffsetFigures]:
    return row.figures(offsets)
