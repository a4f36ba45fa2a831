"""Business operations on the org tree: the sub-district, its residential
areas, grids and units. Pages, the API, the admin and the demo loader share
these functions, so an entry is validated once, the same way, wherever it comes
from. Each raises ``ValidationError`` keyed by field (messages in Chinese) and
writes every change to the audit log."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.services import (
    apply_values,
    clean_text,
    new_errors,
    others,
    raise_if,
)
from jiedao.core.validators import parse_credit_code, parse_division_code
from jiedao.org.models import Grid, ResidentialArea, Subdistrict, Unit

HEADCOUNT_MAX = 2_147_483_647  # PositiveIntegerField's ceiling on every backend


def _save(obj: models.Model, revalidate: Callable[[], object]) -> None:
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        # A concurrent write took the name or code between our check and the
        # insert: checking again reports it like any other clash.
        revalidate()
        raise


def _update(
    actor: Actor,
    obj: models.Model,
    values: dict[str, Any],
    revalidate: Callable[[], object],
    request: HttpRequest | None,
) -> None:
    """Apply validated ``values``; save and audit only when something changed."""
    if changes := apply_values(obj, values):
        _save(obj, revalidate)
        audit.record_changes(actor=actor, obj=obj, changes=changes, request=request)


# Residential areas ---------------------------------------------------------


def area_values(*, subdistrict_id: int, name: str, address: str = "", pk: int | None = None) -> dict[str, Any]:
    errors = new_errors()
    name = clean_text(errors, "name", name, max_length=64, required=True)
    address = clean_text(errors, "address", address, max_length=200)
    if name and others(ResidentialArea.objects.filter(subdistrict_id=subdistrict_id, name=name), pk).exists():
        errors["name"].append(_("本街道已有名为“%(name)s”的居民区。") % {"name": name})
    raise_if(errors)
    return {"name": name, "address": address}


@transaction.atomic
def area_create(
    *, actor: Actor, subdistrict_id: int, name: str, address: str = "", request: HttpRequest | None = None
) -> ResidentialArea:
    values = area_values(subdistrict_id=subdistrict_id, name=name, address=address)
    area = ResidentialArea(subdistrict_id=subdistrict_id, **values)
    _save(area, lambda: area_values(subdistrict_id=subdistrict_id, **values))
    audit.record_created(actor=actor, obj=area, values=values, request=request)
    return area


@transaction.atomic
def area_update(
    *, actor: Actor, area: ResidentialArea, name: str, address: str = "", request: HttpRequest | None = None
) -> ResidentialArea:
    values = area_values(subdistrict_id=area.subdistrict_id, name=name, address=address, pk=area.pk)
    _update(actor, area, values, lambda: area_values(subdistrict_id=area.subdistrict_id, pk=area.pk, **values), request)
    return area


# Grids ---------------------------------------------------------------------


def grid_values(
    *, subdistrict_id: int, residential_area: ResidentialArea | None, name: str, pk: int | None = None
) -> dict[str, Any]:
    errors = new_errors()
    name = clean_text(errors, "name", name, max_length=64, required=True)
    if residential_area is None:
        errors["residential_area"].append(_("请选择所属居民区。"))
    elif residential_area.subdistrict_id != subdistrict_id:
        errors["residential_area"].append(_("该居民区不属于本街道。"))
    elif name and others(Grid.objects.filter(residential_area=residential_area, name=name), pk).exists():
        errors["name"].append(
            _("居民区“%(area)s”已有名为“%(name)s”的网格。") % {"area": residential_area.name, "name": name}
        )
    raise_if(errors)
    return {"residential_area": residential_area, "name": name}


@transaction.atomic
def grid_create(
    *,
    actor: Actor,
    subdistrict_id: int,
    residential_area: ResidentialArea | None,
    name: str,
    request: HttpRequest | None = None,
) -> Grid:
    values = grid_values(subdistrict_id=subdistrict_id, residential_area=residential_area, name=name)
    grid = Grid(subdistrict_id=subdistrict_id, **values)
    _save(grid, lambda: grid_values(subdistrict_id=subdistrict_id, **values))
    audit.record_created(actor=actor, obj=grid, values=values, request=request)
    return grid


@transaction.atomic
def grid_update(
    *,
    actor: Actor,
    grid: Grid,
    residential_area: ResidentialArea | None,
    name: str,
    request: HttpRequest | None = None,
) -> Grid:
    values = grid_values(subdistrict_id=grid.subdistrict_id, residential_area=residential_area, name=name, pk=grid.pk)
    _update(actor, grid, values, lambda: grid_values(subdistrict_id=grid.subdistrict_id, pk=grid.pk, **values), request)
    return grid


# Units ---------------------------------------------------------------------


def unit_values(
    *,
    subdistrict_id: int,
    name: str,
    kind: str,
    credit_code: str = "",
    address: str = "",
    grid: Grid | None = None,
    headcount: int = 0,
    pk: int | None = None,
) -> dict[str, Any]:
    errors = new_errors()
    name = clean_text(errors, "name", name, max_length=100, required=True)
    address = clean_text(errors, "address", address, max_length=200)
    if name and others(Unit.objects.filter(subdistrict_id=subdistrict_id, name=name), pk).exists():
        errors["name"].append(_("本街道已有名为“%(name)s”的单位。") % {"name": name})

    if kind not in Unit.Kind.values:
        errors["kind"].append(_("请选择有效的单位类型。"))

    code = "".join((credit_code or "").split()).upper()
    if code:
        try:
            code = parse_credit_code(code)
        except ValidationError as exc:
            errors["credit_code"].extend(exc.messages)
        else:
            # Only this sub-district's units count: another tenant's register stays unseen.
            same_code = Unit.objects.filter(subdistrict_id=subdistrict_id, credit_code=code)
            if others(same_code, pk).exists():
                errors["credit_code"].append(_("本街道已有单位登记了该统一社会信用代码。"))
    elif kind == Unit.Kind.ENTERPRISE:
        errors["credit_code"].append(_("企业必须填写统一社会信用代码。"))

    if grid is not None and grid.subdistrict_id != subdistrict_id:
        errors["grid"].append(_("该网格不属于本街道。"))

    if isinstance(headcount, bool) or not isinstance(headcount, int):
        errors["headcount"].append(_("职工人数应为整数。"))
    elif headcount < 0:
        errors["headcount"].append(_("职工人数不能为负数。"))
    elif headcount > HEADCOUNT_MAX:
        errors["headcount"].append(_("职工人数过大。"))

    raise_if(errors)
    return {
        "name": name,
        "kind": kind,
        "credit_code": code,
        "address": address,
        "grid": grid,
        "headcount": headcount,
    }


@transaction.atomic
def unit_create(
    *,
    actor: Actor,
    subdistrict_id: int,
    name: str,
    kind: str,
    credit_code: str = "",
    address: str = "",
    grid: Grid | None = None,
    headcount: int = 0,
    request: HttpRequest | None = None,
) -> Unit:
    values = unit_values(
        subdistrict_id=subdistrict_id,
        name=name,
        kind=kind,
        credit_code=credit_code,
        address=address,
        grid=grid,
        headcount=headcount,
    )
    unit = Unit(subdistrict_id=subdistrict_id, **values)
    _save(unit, lambda: unit_values(subdistrict_id=subdistrict_id, **values))
    audit.record_created(actor=actor, obj=unit, values=values, request=request)
    return unit


@transaction.atomic
def unit_update(
    *,
    actor: Actor,
    unit: Unit,
    name: str,
    kind: str,
    credit_code: str = "",
    address: str = "",
    grid: Grid | None = None,
    headcount: int = 0,
    request: HttpRequest | None = None,
) -> Unit:
    values = unit_values(
        subdistrict_id=unit.subdistrict_id,
        name=name,
        kind=kind,
        credit_code=credit_code,
        address=address,
        grid=grid,
        headcount=headcount,
        pk=unit.pk,
    )
    _update(actor, unit, values, lambda: unit_values(subdistrict_id=unit.subdistrict_id, pk=unit.pk, **values), request)
    return unit


# The sub-district itself ---------------------------------------------------


def subdistrict_values(
    *, name: str, code: str, district_name: str, district_code: str, pk: int | None = None
) -> dict[str, Any]:
    errors = new_errors()
    name = clean_text(errors, "name", name, max_length=64, required=True)
    district_name = clean_text(errors, "district_name", district_name, max_length=64, required=True)
    parsed: dict[str, str] = {}
    for field, value, length in (("district_code", district_code, 6), ("code", code, 9)):
        try:
            parsed[field] = parse_division_code(value, length=length)
        except ValidationError as exc:
            errors[field].extend(exc.messages)
    if len(parsed) == 2:
        if not parsed["code"].startswith(parsed["district_code"]):
            errors["code"].append(
                _("街道区划代码应以所属区代码 %(district)s 开头。") % {"district": parsed["district_code"]}
            )
        elif others(Subdistrict.objects.filter(code=parsed["code"]), pk).exists():
            errors["code"].append(_("该区划代码已被其他街道使用。"))
    raise_if(errors)
    return {
        "name": name,
        "code": parsed["code"],
        "district_name": district_name,
        "district_code": parsed["district_code"],
    }


@transaction.atomic
def subdistrict_update(
    *,
    actor: Actor,
    subdistrict: Subdistrict,
    name: str,
    code: str,
    district_name: str,
    district_code: str,
    request: HttpRequest | None = None,
) -> Subdistrict:
    values = subdistrict_values(
        name=name, code=code, district_name=district_name, district_code=district_code, pk=subdistrict.pk
    )
    _update(actor, subdistrict, values, lambda: subdistrict_values(pk=subdistrict.pk, **values), request)
    return subdistrict
