"""Who sees and changes what in the union network.

- The sub-district admin and the federation (街道总工会) see every union, coverage
  figure and membership of their sub-district; only the federation changes them and
  takes the second review of an application.
- An area union chair (scope: one residential area) sees the joint unions of the area
  and the enterprise unions of the units in it, and reviews applications to the
  area's joint unions (the first review).
- An enterprise union chair (scope: one unit) sees and reviews their unit's union.
- A resident sees their own memberships only (``jiedao.people.access.own_person``).
"""

from django.db.models import Q, QuerySet

from jiedao.accounts.access import scoped
from jiedao.accounts.actor import Actor
from jiedao.accounts.models import Role
from jiedao.unions.models import Membership, UnionKind, UnionOrganisation

READ_ROLES = (Role.SUBDISTRICT_ADMIN, Role.UNION_FEDERATION, Role.AREA_UNION_CHAIR, Role.ENTERPRISE_UNION_CHAIR)
COVERAGE_ROLES = (Role.SUBDISTRICT_ADMIN, Role.UNION_FEDERATION, Role.AREA_UNION_CHAIR)
REVIEW_ROLES = (Role.UNION_FEDERATION, Role.AREA_UNION_CHAIR, Role.ENTERPRISE_UNION_CHAIR)
WHOLE = (Role.SUBDISTRICT_ADMIN, Role.UNION_FEDERATION)


def sees_whole_subdistrict(actor: Actor) -> bool:
    return actor.has_role(*WHOLE)


def is_federation(actor: Actor) -> bool:
    return actor.has_role(Role.UNION_FEDERATION)


def unions_visible_to(actor: Actor) -> QuerySet[UnionOrganisation]:
    qs = scoped(UnionOrganisation.objects.all(), actor)
    if sees_whole_subdistrict(actor):
        return qs
    q = Q(pk__in=[])
    areas = actor.area_ids(Role.AREA_UNION_CHAIR)
    if areas:
        q |= (
            Q(residential_area_id__in=areas)
            | Q(grid__residential_area_id__in=areas)
            | Q(unit__grid__residential_area_id__in=areas)
        )
    units = actor.unit_ids(Role.ENTERPRISE_UNION_CHAIR)
    if units:
        q |= Q(unit_id__in=units)
    return qs.filter(q)


def unions_reviewed_by(actor: Actor) -> QuerySet[UnionOrganisation]:
    """The base unions whose first review (the union's own) ``actor`` takes."""
    qs = scoped(UnionOrganisation.objects.all(), actor)
    q = Q(pk__in=[])
    areas = actor.area_ids(Role.AREA_UNION_CHAIR)
    if areas:
        q |= Q(kind=UnionKind.JOINT) & (Q(residential_area_id__in=areas) | Q(grid__residential_area_id__in=areas))
    units = actor.unit_ids(Role.ENTERPRISE_UNION_CHAIR)
    if units:
        q |= Q(kind=UnionKind.ENTERPRISE, unit_id__in=units)
    return qs.filter(q)


def may_manage(actor: Actor, union: UnionOrganisation) -> bool:
    """Review, transfer, leave and reinstate members of ``union``."""
    if union.subdistrict_id != actor.subdistrict_id:
        return False
    return is_federation(actor) or unions_reviewed_by(actor).filter(pk=union.pk).exists()


def memberships_visible_to(actor: Actor) -> QuerySet[Membership]:
    qs = scoped(Membership.objects.all(), actor)
    if sees_whole_subdistrict(actor):
        return qs
    return qs.filter(union__in=unions_visible_to(actor))


def coverage_area_ids(actor: Actor) -> frozenset[int] | None:
    """The residential areas whose coverage ``actor`` reads; None: all of them."""
    if sees_whole_subdistrict(actor):
        return None
    return actor.area_ids(Role.AREA_UNION_CHAIR)
