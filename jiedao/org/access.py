"""Who may see and change the org tree. The one place these rules live: pages,
the API and exports all go through these functions.

Any staff role of a sub-district sees its residential areas, grids and units
(read-only); residents see none of them; only the sub-district admin creates
and edits them. Everything outside the actor's sub-district does not exist for
them (``Http404``).
"""

from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.accounts.models import Role
from jiedao.org.models import Grid, ResidentialArea, Subdistrict, Unit

EDIT_ROLES = frozenset({Role.SUBDISTRICT_ADMIN})
M = TypeVar("M", ResidentialArea, Grid, Unit)


def _tenant(actor: Actor) -> int | None:
    """The sub-district whose org tree the actor may see, if any."""
    return actor.subdistrict_id if actor.is_staff_member else None


def tenant_of(actor: Actor) -> int:
    """The id of the actor's sub-district for new entries; 404 for anyone without org access."""
    tenant = _tenant(actor)
    if tenant is None:
        raise Http404
    return tenant


def can_edit_org(actor: Actor) -> bool:
    return actor.subdistrict_id is not None and actor.has_role(*EDIT_ROLES)


def _require_editor(actor: Actor) -> None:
    if not can_edit_org(actor):
        raise PermissionDenied(_("只有街道管理员可以修改组织架构。"))


def areas_visible_to(actor: Actor) -> QuerySet[ResidentialArea]:
    tenant = _tenant(actor)
    if tenant is None:
        return ResidentialArea.objects.none()
    return ResidentialArea.objects.filter(subdistrict_id=tenant)


def grids_visible_to(actor: Actor) -> QuerySet[Grid]:
    tenant = _tenant(actor)
    if tenant is None:
        return Grid.objects.none()
    return Grid.objects.filter(subdistrict_id=tenant).select_related("residential_area")


def units_visible_to(actor: Actor) -> QuerySet[Unit]:
    tenant = _tenant(actor)
    if tenant is None:
        return Unit.objects.none()
    return Unit.objects.filter(subdistrict_id=tenant).select_related("grid__residential_area")


def _one(qs: QuerySet[M], actor: Actor, pk: int, for_update: bool) -> M:
    if for_update:
        if not can_edit_org(actor):
            # Visibility first: another tenant's entry is a 404, a visible one a 403.
            if not qs.filter(pk=pk).exists():
                raise Http404
            _require_editor(actor)
        qs = qs.select_for_update(of=("self",))  # not the joined area/grid rows
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def area_for_actor(actor: Actor, pk: int, *, for_update: bool = False) -> ResidentialArea:
    """The residential area ``pk`` if the actor may see it (and, with ``for_update``, edit it)."""
    return _one(areas_visible_to(actor), actor, pk, for_update)


def grid_for_actor(actor: Actor, pk: int, *, for_update: bool = False) -> Grid:
    return _one(grids_visible_to(actor), actor, pk, for_update)


def unit_for_actor(actor: Actor, pk: int, *, for_update: bool = False) -> Unit:
    return _one(units_visible_to(actor), actor, pk, for_update)


def subdistrict_for_actor(actor: Actor, *, for_update: bool = False) -> Subdistrict:
    """The actor's own sub-district (the tenant); 404 for residents and users without one."""
    tenant = _tenant(actor)
    if tenant is None:
        raise Http404
    qs = Subdistrict.objects.filter(pk=tenant)
    if for_update:
        _require_editor(actor)
        qs = qs.select_for_update()
    subdistrict = qs.first()
    if subdistrict is None:
        raise Http404
    return subdistrict


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
