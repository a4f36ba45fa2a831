"""Coverage of the union network per residential area and grid, from the registry.

Enterprises are the registry's units of kind 企业 (``org.Unit``), placed in a grid and
so in a residential area (units without a grid form one row of their own, "未落格").
For the year asked, an enterprise has its own union if an enterprise union of it was
founded by the year's end (or has no founding date), is covered if a joint union
covers it since then, and is otherwise uncovered. Workers and members are the
registry's people employed there (``Person.is_worker``, ``Person.is_union_member``).

For a past year, members are the membership spells current at the year's end
(joined by then, not yet ended: ``members_on``), counted where the member worked
then (the spell's employer); the registry keeps no history of who was a worker, so
workers stay today's. For the current year both are today's registry.

建会率 = (with own union + covered by a joint union) / enterprises;
入会率 = members / workers. A constant number of queries (three; four for a past
year), whatever the number of enterprises: the list of areas and two or three
aggregate queries.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from jiedao.core.numbers import percent
from jiedao.org.models import ResidentialArea, Unit
from jiedao.people.models import Person
from jiedao.unions.models import OWN_UNION_THRESHOLD, CoveredUnit, Membership, UnionKind, UnionOrganisation
from jiedao.unions.selectors.network import as_of_year, members_on


def rate(part: int, whole: int) -> Decimal | None:
    """A percentage to one decimal, rounded half up; None when there is no whole."""
    return percent(part, whole)


@dataclass
class CoverageRow:
    area_id: int | None
    name: str
    grid_id: int | None = None
    enterprises: int = 0
    with_union: int = 0
    covered: int = 0
    should_organise: int = 0
    headcount: int = 0
    workers: int = 0
    members: int = 0
    grids: list["CoverageRow"] = field(default_factory=list)

    @property
    def uncovered(self) -> int:
        return self.enterprises - self.with_union - self.covered

    @property
    def organised_rate(self) -> Decimal | None:
        """建会率."""
        return rate(self.with_union + self.covered, self.enterprises)

    @property
    def membership_rate(self) -> Decimal | None:
        """入会率."""
        return rate(self.members, self.workers)

    def add(self, other: "CoverageRow") -> None:
        for name in ("enterprises", "with_union", "covered", "should_organise", "headcount", "workers", "members"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def has_own_union(end: dt.date) -> Exists:
    return Exists(
        UnionOrganisation.objects.filter(kind=UnionKind.ENTERPRISE, unit=OuterRef("pk")).filter(
            Q(founded_on__isnull=True) | Q(founded_on__lte=end)
        )
    )


def is_covered(end: dt.date) -> Exists:
    return Exists(CoveredUnit.objects.filter(unit=OuterRef("pk")).filter(Q(since__isnull=True) | Q(since__lte=end)))


def enterprises_with_status(subdistrict_id: int, year: int) -> QuerySet[Unit]:
    """The sub-district's enterprises annotated ``own`` and ``joint`` (booleans) for ``year``."""
    end = year_end(year)
    return Unit.objects.filter(subdistrict_id=subdistrict_id, kind=Unit.Kind.ENTERPRISE).annotate(
        own=has_own_union(end), joint=is_covered(end)
    )


def in_areas(qs: QuerySet[Unit], area_ids: Iterable[int] | None) -> QuerySet[Unit]:
    return qs if area_ids is None else qs.filter(grid__residential_area_id__in=list(area_ids))


def coverage(*, subdistrict_id: int, year: int, area_ids: Iterable[int] | None = None) -> list[CoverageRow]:
    """One row per residential area (with its grids in ``grids``), then the units with
    no grid when the whole sub-district is asked for. Three queries."""
    areas_qs = ResidentialArea.objects.filter(subdistrict_id=subdistrict_id).order_by("name", "id")
    if area_ids is not None:
        area_ids = list(area_ids)
        areas_qs = areas_qs.filter(pk__in=area_ids)
    rows: dict[int | None, CoverageRow] = {a.pk: CoverageRow(a.pk, a.name) for a in areas_qs.only("id", "name")}
    if area_ids is None:
        rows[None] = CoverageRow(None, "")
    grids: dict[int | None, CoverageRow] = {}

    def grid_row(area_id: int | None, grid_id: int | None, name: str | None) -> CoverageRow | None:
        if area_id not in rows:
            return None
        if grid_id not in grids:
            grids[grid_id] = CoverageRow(area_id, name or "", grid_id)
        return grids[grid_id]

    big = Q(headcount__gte=OWN_UNION_THRESHOLD)
    units = (
        in_areas(enterprises_with_status(subdistrict_id, year), area_ids)
        .values("grid_id", "grid__name", "grid__residential_area_id")
        .annotate(
            n=Count("pk"),
            own_n=Count("pk", filter=Q(own=True)),
            joint_n=Count("pk", filter=Q(own=False, joint=True)),
            big_n=Count("pk", filter=big & Q(own=False)),
            heads=Sum("headcount"),
        )
        .order_by()
    )
    for u in units:
        row = grid_row(u["grid__residential_area_id"], u["grid_id"], u["grid__name"])
        if row is not None:
            row.enterprises, row.with_union, row.covered = u["n"], u["own_n"], u["joint_n"]
            row.should_organise, row.headcount = u["big_n"], u["heads"] or 0
    people = Person.objects.filter(subdistrict_id=subdistrict_id, employer__kind=Unit.Kind.ENTERPRISE)
    if area_ids is not None:
        people = people.filter(employer__grid__residential_area_id__in=area_ids)
    by_grid = ("employer__grid_id", "employer__grid__name", "employer__grid__residential_area_id")
    past = as_of_year(year)
    counts = (
        people.values(*by_grid)
        .annotate(
            workers=Count("pk", filter=Q(is_worker=True)),
            members=Count("pk", filter=Q(is_union_member=True)),
        )
        .order_by()
    )
    for p in counts:
        row = grid_row(p["employer__grid__residential_area_id"], p["employer__grid_id"], p["employer__grid__name"])
        if row is not None:
            row.workers, row.members = p["workers"], 0 if past else p["members"]
    if past is not None:
        spells = Membership.objects.filter(members_on(past), subdistrict_id=subdistrict_id)
        spells = spells.filter(employer__kind=Unit.Kind.ENTERPRISE)
        if area_ids is not None:
            spells = spells.filter(employer__grid__residential_area_id__in=area_ids)
        for m in spells.values(*by_grid).annotate(n=Count("person", distinct=True)).order_by():
            row = grid_row(m["employer__grid__residential_area_id"], m["employer__grid_id"], m["employer__grid__name"])
            if row is not None:
                row.members = m["n"]
    for grid in sorted(grids.values(), key=lambda r: r.name):
        area = rows[grid.area_id]
        area.add(grid)
        if grid.grid_id is not None:
            area.grids.append(grid)
    if None in rows and not rows[None].enterprises and not rows[None].workers:
        del rows[None]
    return list(rows.values())


def total(rows: list[CoverageRow]) -> CoverageRow:
    whole = CoverageRow(None, "")
    for row in rows:
        whole.add(row)
    return whole


def units_to_organise(*, subdistrict_id: int, year: int, area_ids: Iterable[int] | None = None) -> QuerySet[Unit]:
    """Enterprises with 25 or more workers and no union of their own (工会法: they should
    set up a base union committee), largest first."""
    return (
        in_areas(enterprises_with_status(subdistrict_id, year), area_ids)
        .filter(~has_own_union(year_end(year)), headcount__gte=OWN_UNION_THRESHOLD)
        .select_related("grid__residential_area")
        .order_by("-headcount", "name")
    )


def uncovered_units(*, subdistrict_id: int, year: int, area_ids: Iterable[int] | None = None) -> QuerySet[Unit]:
    """Enterprises covered by no union at all: the list to organise."""
    return (
        in_areas(enterprises_with_status(subdistrict_id, year), area_ids)
        .filter(~has_own_union(year_end(year)), ~is_covered(year_end(year)))
        .select_related("grid__residential_area")
        .order_by("-headcount", "name")
    )
