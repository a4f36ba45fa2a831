"""Reads of the org tree that need care: counts computed in the database, in
a constant number of queries whatever the number of rows.

Counts use correlated subqueries rather than ``Count`` over joins: joining
grids, units and residents at once would multiply rows (grids × units ×
residents per area) before counting.
"""

from django.db.models import Count, IntegerField, Model, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from jiedao.accounts.access import tenant_of
from jiedao.accounts.actor import Actor
from jiedao.org.access import areas_visible_to, grids_visible_to, units_visible_to
from jiedao.org.models import Grid, ResidentialArea, Subdistrict, Unit


def _related_count(model: type[Model], relation: str) -> Coalesce:
    """The number of rows reached through ``relation`` from each outer row."""
    counted = (
        model._default_manager.filter(pk=OuterRef("pk")).order_by().values("pk").annotate(n=Count(relation)).values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def subdistrict_with_counts(actor: Actor) -> Subdistrict:
    """The actor's sub-district with ``area_count``, ``grid_count``, ``unit_count``
    and ``resident_count`` (people registered in it), in one query."""
    # Reverse names of the TenantOwned foreign keys (no related_name: the model name).
    counts = {
        "area_count": _related_count(Subdistrict, "residentialarea"),
        "grid_count": _related_count(Subdistrict, "grid"),
        "unit_count": _related_count(Subdistrict, "unit"),
        "resident_count": _related_count(Subdistrict, "person"),
    }
    subdistrict = Subdistrict.objects.filter(pk=tenant_of(actor)).annotate(**counts).first()
    if subdistrict is None:
        raise Http404
    return subdistrict


def areas_with_counts(actor: Actor) -> QuerySet[ResidentialArea]:
    """Residential areas with ``grid_count``, ``unit_count`` (units in its grids) and ``resident_count``."""
    return areas_visible_to(actor).annotate(
        grid_count=_related_count(ResidentialArea, "grids"),
        unit_count=_related_count(ResidentialArea, "grids__units"),
        resident_count=_related_count(ResidentialArea, "residents"),
    )


def grids_with_counts(actor: Actor) -> QuerySet[Grid]:
    return grids_visible_to(actor).annotate(unit_count=_related_count(Grid, "units"))


def unit_search(
    qs: QuerySet[Unit], *, q: str = "", kind: str = "", residential_area: int | None = None
) -> QuerySet[Unit]:
    """Filter units by name (or credit code), kind and residential area."""
    q = q.strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(credit_code=q.upper()))
    if kind:
        qs = qs.filter(kind=kind)
    if residential_area is not None:
        qs = qs.filter(grid__residential_area_id=residential_area)
    return qs.order_by("kind", "name", "pk")


def area_grids(actor: Actor, area: ResidentialArea) -> list[Grid]:
    """The grids of an area, each with ``unit_count``."""
    return list(grids_with_counts(actor).filter(residential_area=area).order_by("name", "pk"))


def area_units(actor: Actor, area: ResidentialArea) -> QuerySet[Unit]:
    """The units in the grids of an area."""
    return unit_search(units_visible_to(actor), residential_area=area.pk)


def area_resident_count(area: ResidentialArea) -> int:
    return area.residents.count()


def unit_employee_count(unit: Unit) -> int:
    """People registered with this unit as their employer (a count, no personal data)."""
    return unit.employees.count()
