"""Reads for the staff's claim pages and the dashboard's notice (``access`` scopes them)."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from jiedao.accounts.actor import Actor
from jiedao.core.validators import IdNumber, parse_id_number
from jiedao.people.access import people_visible_to
from jiedao.people.models import Person
from jiedao.residents.access import claims_visible_to
from jiedao.residents.models import RegistryClaim


def claims_for(actor: Actor, status: str) -> QuerySet[RegistryClaim]:
    """The actor's claims of one status, newest first, with what the list shows."""
    return (
        claims_visible_to(actor).filter(status=status).select_related("residential_area").order_by("-created_at", "-pk")
    )


def pending_count(actor: Actor) -> int:
    return claims_visible_to(actor).filter(status=RegistryClaim.Status.PENDING).count()


def claim_identity(claim: RegistryClaim) -> IdNumber | None:
    """Birth date and gender read from the claim's number (stored valid, but read safely)."""
    try:
        return parse_id_number(claim.id_number)
    except ValidationError:  # a number the rules no longer take: shown without them
        return None


def registered_holder(actor: Actor, claim: RegistryClaim) -> Person | None:
    """The registry person holding the claim's number, if the actor sees them."""
    return (
        people_visible_to(actor)
        .filter(subdistrict_id=claim.subdistrict_id, id_number_hash=claim.id_number_hash)
        .only("pk", "name", "user_id")
        .first()
    )
