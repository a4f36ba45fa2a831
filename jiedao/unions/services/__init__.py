"""Writes of the union network: organisations and coverage (``network``), membership
(``membership``). Keyword-only functions, each in one transaction, audited."""

from jiedao.unions.services.membership import apply, decide, leave, reinstate, suggest_union, transfer
from jiedao.unions.services.network import cover_unit, create_union, uncover_unit, update_union

__all__ = [
    "apply",
    "cover_unit",
    "create_union",
    "decide",
    "leave",
    "reinstate",
    "suggest_union",
    "transfer",
    "uncover_unit",
    "update_union",
]
