"""Who may see and change the org tree. The one place these rules live: pages,
the API and exports all go through these functions.

Any staff role of a sub-district sees its residential areas, grids and units
(read-only); residents see none of them; only the sub-district admin creates
and edits them. Everything outside the actor's sub-district does not exist for
them (``Http404``); a visible entry the actor may not change is a 403.
"""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from jiedao.accounts.access import one_for_actor, scoped, staff_tenant
from jiedao.accounts.actor import Actor
from jiedao.accounts.models import Role
from jiedao.org.models import Grid, ResidentialArea, Subdistrict, Unit

EDIT_ROLES = frozenset({Role.SUBDISTRICT_ADMIN})


def can_edit_org(actor: Actor) -> bool:
    return actor.subdistrict_id is not None and actor.has_role(*EDIT_ROLES)


def _refusal() -> str:
    return _("只有街道管理员可以修改组织架构。")


def areas_visible_to(actor: Actor) -> QuerySet[ResidentialArea]:
    return scoped(ResidentialArea.objects.all(), actor)


def grids_visible_to(actor: Actor) -> QuerySet[Grid]:
    return scoped(Grid.objects.select_related("residential_area"), actor)


def units_visible_to(actor: Actor) -> QuerySet[Unit]:
    return scoped(Unit.objects.select_related("grid__residential_area"), actor)


def area_for_actor(actor: Actor, pk: int, *, for_update: bool = False) -> ResidentialArea:
    """The residential area ``pk`` if the actor may see it (and, with ``for_update``, edit it)."""
    return one_for_actor(
        areas_visible_to(actor), pk, for_update=for_update, may_change=can_edit_org(actor), refusal=_refusal()
    )


def grid_for_actor(actor: Actor, pk: int, *, for_update: bool = False) -> Grid:
    return one_for_actor(
        grids_visible_to(actor), pk, for_update=for_update, may_change=can_edit_org(actor), refusal=_refusal()
    )


def unit_for_actor(actor: Actor, pk: int, *, for_update: bool = False) -> Unit:
    return one_for_actor(
        units_visible_to(actor), pk, for_update=for_update, may_change=can_edit_org(actor), refusal=_refusal()
    )


def subdistrict_for_actor(actor: Actor, *, for_update: bool = False) -> Subdistrict:
    """The actor's own sub-district (the tenant); 404 for residents and users without one."""
    tenant = staff_tenant(actor)
    return one_for_actor(
        Subdistrict.objects.filter(pk=tenant) if tenant is not None else Subdistrict.objects.none(),
        tenant,
        for_update=for_update,
        may_change=can_edit_org(actor),
        refusal=_refusal(),
    )


def units_in_scope(actor: Actor) -> QuerySet[Unit]:
    """The units an actor answers for (for figures, not for visibility): offices
    the whole sub-district; a residential-area role the units on the grids of its
    areas; a unit role its own units."""
    if actor.subdistrict_id is None:
        return Unit.objects.none()
    qs = Unit.objects.filter(subdistrict_id=actor.subdistrict_id)
    if actor.is_office:
        return qs
    areas = actor.area_ids(*actor.roles)
    units = actor.unit_ids(*actor.roles)
    return qs.filter(Q(pk__in=units) | Q(grid__residential_area_id__in=areas))
