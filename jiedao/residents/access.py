"""Who decides about residents' accounts: the registry claims of a residential area,
and a resident's sign-in number when the old one is lost.

Staff who may edit the people of an area decide (``people.access``): the offices for
the whole sub-district, a residential-area union chair for their own area. An
enterprise union chair edits the employees of a unit but has no area, so neither
claims nor a resident's number are theirs. Out of scope: 404 (docs/access.md).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from jiedao.accounts.access import one_for_actor
from jiedao.accounts.actor import OFFICE_ROLES, Actor
from jiedao.accounts.models import Role
from jiedao.people.access import people_visible_to
from jiedao.people.models import Person
from jiedao.residents.models import RegistryClaim

DECIDER_ROLES = OFFICE_ROLES | {Role.AREA_UNION_CHAIR}


def _area_scope(actor: Actor, field: str) -> Q | None:
    """The rows of the actor's areas (``Q()``: all of the sub-district), None: none."""
    if actor.has_role(*OFFICE_ROLES):
        return Q()
    areas = actor.area_ids(Role.AREA_UNION_CHAIR)
    return Q(**{f"{field}__in": areas}) if areas else None


def claims_visible_to(actor: Actor) -> QuerySet[RegistryClaim]:
    """The claims an actor decides: offices all of the sub-district, an area's union
    chair those filed for their area, anyone else none."""
    scope = _area_scope(actor, "residential_area_id")
    if scope is None or actor.subdistrict_id is None:
        return RegistryClaim.objects.none()
    return RegistryClaim.objects.filter(scope, subdistrict_id=actor.subdistrict_id)


def claim_for_actor(actor: Actor, pk: int, *, for_update: bool = False) -> RegistryClaim:
    """The claim ``pk`` if the actor decides it, else 404 (locked with ``for_update``
    inside the caller's transaction)."""
    qs = claims_visible_to(actor).select_related("residential_area", "user", "decided_by", "person")
    return one_for_actor(qs, pk, for_update=for_update)


def can_change_phone_of(actor: Actor, person: Person) -> bool:
    """Whether the actor may give ``person``'s account a new number: an office, or
    the union chair of the person's residential area."""
    if actor.has_role(*OFFICE_ROLES):
        return True
    return person.residential_area_id in actor.area_ids(Role.AREA_UNION_CHAIR)


def person_for_phone_change(actor: Actor, pk: int, *, for_update: bool = False) -> Person:
    """The person ``pk`` whose account's number the actor changes: 404 if the actor
    does not see them, 403 if they see but may not change it (an enterprise chair)."""
    qs = people_visible_to(actor).select_related("residential_area", "user")
    person = one_for_actor(qs, pk, for_update=for_update)
    if not can_change_phone_of(actor, person):
        raise PermissionDenied
    return person
