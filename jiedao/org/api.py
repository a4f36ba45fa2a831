"""The org tree over the API: residential areas, grids and units. The same
access functions, selectors and services as the pages; the same policies."""

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from jiedao.accounts.access import tenant_of
from jiedao.accounts.models import Role
from jiedao.accounts.policy import request_actor, staff
from jiedao.api.pagination import Page, PageQuery, paginate
from jiedao.api.refs import one, pick
from jiedao.api.types import Id
from jiedao.org import selectors, services
from jiedao.org.access import (
    area_for_actor,
    areas_visible_to,
    grid_for_actor,
    grids_visible_to,
    unit_for_actor,
    units_visible_to,
)
from jiedao.org.models import Grid, ResidentialArea, Unit

router = Router(tags=["org"])

# The filters of the lists; each carries the API's one set of page parameters.


class NameQuery(PageQuery):
    q: str = ""


class GridQuery(NameQuery):
    residential_area: Id | None = None


class UnitQuery(GridQuery):
    kind: str = ""


# Residential areas ---------------------------------------------------------


class AreaOut(Schema):
    id: int
    name: str
    address: str
    grid_count: int
    unit_count: int
    resident_count: int


class AreaIn(Schema):
    name: str
    address: str = ""


class AreaPatch(Schema):
    name: str | None = None
    address: str | None = None


@router.get("/areas", response=Page[AreaOut])
@staff()
def area_list(request: HttpRequest, filters: Query[NameQuery]) -> dict[str, Any]:
    qs = selectors.areas_with_counts(request_actor(request))
    if filters.q.strip():
        qs = qs.filter(name__icontains=filters.q.strip())
    return paginate(qs.order_by("name", "pk"), filters)


@router.get("/areas/{int:pk}", response=AreaOut)
@staff()
def area_get(request: HttpRequest, pk: Id) -> ResidentialArea:
    return one(selectors.areas_with_counts(request_actor(request)), pk)


@router.post("/areas", response={201: AreaOut})
@staff(Role.SUBDISTRICT_ADMIN)
def area_post(request: HttpRequest, payload: AreaIn) -> Status[ResidentialArea]:
    actor = request_actor(request)
    area = services.area_create(actor=actor, subdistrict_id=tenant_of(actor), request=request, **payload.dict())
    return Status(201, one(selectors.areas_with_counts(actor), area.pk))


@router.patch("/areas/{int:pk}", response=AreaOut)
@staff(Role.SUBDISTRICT_ADMIN)
def area_patch(request: HttpRequest, pk: Id, payload: AreaPatch) -> ResidentialArea:
    actor = request_actor(request)
    with transaction.atomic():
        area = area_for_actor(actor, pk, for_update=True)
        data = {"name": area.name, "address": area.address, **payload.dict(exclude_unset=True)}
        services.area_update(actor=actor, area=area, request=request, **data)
    return one(selectors.areas_with_counts(actor), pk)


# Grids ---------------------------------------------------------------------


class GridOut(Schema):
    id: int
    name: str
    residential_area: int
    residential_area_name: str
    unit_count: int

    @staticmethod
    def resolve_residential_area(obj: Grid) -> int:
        return obj.residential_area_id

    @staticmethod
    def resolve_residential_area_name(obj: Grid) -> str:
        return obj.residential_area.name


class GridIn(Schema):
    residential_area: Id
    name: str


class GridPatch(Schema):
    residential_area: Id | None = None
    name: str | None = None


@router.get("/grids", response=Page[GridOut])
@staff()
def grid_list(request: HttpRequest, filters: Query[GridQuery]) -> dict[str, Any]:
    qs = selectors.grids_with_counts(request_actor(request))
    if filters.q.strip():
        qs = qs.filter(name__icontains=filters.q.strip())
    if filters.residential_area is not None:
        qs = qs.filter(residential_area_id=filters.residential_area)
    return paginate(qs.order_by("residential_area__name", "name", "pk"), filters)


@router.get("/grids/{int:pk}", response=GridOut)
@staff()
def grid_get(request: HttpRequest, pk: Id) -> Grid:
    return one(selectors.grids_with_counts(request_actor(request)), pk)


@router.post("/grids", response={201: GridOut})
@staff(Role.SUBDISTRICT_ADMIN)
def grid_post(request: HttpRequest, payload: GridIn) -> Status[Grid]:
    actor = request_actor(request)
    area = pick(areas_visible_to(actor), payload.residential_area, "residential_area")
    grid = services.grid_create(
        actor=actor, subdistrict_id=tenant_of(actor), residential_area=area, name=payload.name, request=request
    )
    return Status(201, one(selectors.grids_with_counts(actor), grid.pk))


@router.patch("/grids/{int:pk}", response=GridOut)
@staff(Role.SUBDISTRICT_ADMIN)
def grid_patch(request: HttpRequest, pk: Id, payload: GridPatch) -> Grid:
    actor = request_actor(request)
    with transaction.atomic():
        grid = grid_for_actor(actor, pk, for_update=True)
        changes = payload.dict(exclude_unset=True)
        area: ResidentialArea | None = grid.residential_area
        if "residential_area" in changes:
            area = pick(areas_visible_to(actor), changes["residential_area"], "residential_area")
        name = changes.get("name", grid.name)
        services.grid_update(actor=actor, grid=grid, residential_area=area, name=name, request=request)
    return one(selectors.grids_with_counts(actor), pk)


# Units ---------------------------------------------------------------------


class UnitOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    credit_code: str
    address: str
    grid: int | None
    grid_name: str
    residential_area: int | None
    headcount: int

    @staticmethod
    def resolve_kind_label(obj: Unit) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_grid(obj: Unit) -> int | None:
        return obj.grid_id

    @staticmethod
    def resolve_grid_name(obj: Unit) -> str:
        return obj.grid.name if obj.grid else ""

    @staticmethod
    def resolve_residential_area(obj: Unit) -> int | None:
        return obj.grid.residential_area_id if obj.grid else None


class UnitIn(Schema):
    name: str
    kind: str
    credit_code: str = ""
    address: str = ""
    grid: Id | None = None
    headcount: int = 0


class UnitPatch(Schema):
    name: str | None = None
    kind: str | None = None
    credit_code: str | None = None
    address: str | None = None
    grid: Id | None = None
    headcount: int | None = None


@router.get("/units", response=Page[UnitOut])
@staff()
def unit_list(request: HttpRequest, filters: Query[UnitQuery]) -> dict[str, Any]:
    qs = selectors.unit_search(
        units_visible_to(request_actor(request)),
        q=filters.q,
        kind=filters.kind,
        residential_area=filters.residential_area,
    )
    return paginate(qs, filters)


@router.get("/units/{int:pk}", response=UnitOut)
@staff()
def unit_get(request: HttpRequest, pk: Id) -> Unit:
    return unit_for_actor(request_actor(request), pk)


@router.post("/units", response={201: UnitOut})
@staff(Role.SUBDISTRICT_ADMIN)
def unit_post(request: HttpRequest, payload: UnitIn) -> Status[Unit]:
    actor = request_actor(request)
    data = payload.dict()
    data["grid"] = pick(grids_visible_to(actor), data["grid"], "grid")
    unit = services.unit_create(actor=actor, subdistrict_id=tenant_of(actor), request=request, **data)
    return Status(201, unit)


@router.patch("/units/{int:pk}", response=UnitOut)
@staff(Role.SUBDISTRICT_ADMIN)
def unit_patch(request: HttpRequest, pk: Id, payload: UnitPatch) -> Unit:
    actor = request_actor(request)
    with transaction.atomic():
        unit = unit_for_actor(actor, pk, for_update=True)
        changes = payload.dict(exclude_unset=True)
        if "grid" in changes:
            changes["grid"] = pick(grids_visible_to(actor), changes["grid"], "grid")
        data = {
            "name": unit.name,
            "kind": unit.kind,
            "credit_code": unit.credit_code,
            "address": unit.address,
            "grid": unit.grid,
            "headcount": unit.headcount,
            **changes,
        }
        return services.unit_update(actor=actor, unit=unit, request=request, **data)
