"""Template helpers of the registry claims: numbers masked, and the notice of
pending claims on the staff's start page (``people/dashboard.html``)."""

from typing import Any

from django import template

from jiedao.accounts.actor import Actor
from jiedao.core.validators import mask_id_number, mask_phone
from jiedao.residents import selectors
from jiedao.residents.access import DECIDER_ROLES

register = template.Library()


@register.filter
def masked_id_number(number: str) -> str:
    return mask_id_number(number)


@register.filter
def masked_phone(number: str) -> str:
    return mask_phone(number)


@register.inclusion_tag("residents/_pending_claims.html", takes_context=True)
def pending_claims_notice(context: template.Context) -> dict[str, Any]:
    """How many claims wait for the signed-in staff member (one count, for those who
    decide claims only)."""
    actor = context.get("actor")
    if not isinstance(actor, Actor) or not actor.has_role(*DECIDER_ROLES):
        return {"pending": None}
    return {"pending": selectors.pending_count(actor)}
