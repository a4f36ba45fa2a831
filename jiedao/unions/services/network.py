"""The network itself: union organisations, their officers and the units a joint
union covers. The federation (街道总工会) writes them."""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.accounts.models import Role
from jiedao.core import audit
from jiedao.core.errors import Conflict, DomainError, Forbidden, NotFound
from jiedao.core.models import AuditEntry
from jiedao.core.services import clean_text, model_update, new_errors, raise_if
from jiedao.org.models import Grid, ResidentialArea, Unit
from jiedao.unions.models import CoveredUnit, JointBasis, OfficerPost, UnionKind, UnionOfficer, UnionOrganisation


def _federation_tenant(actor: Actor) -> int:
    if not actor.has_role(Role.UNION_FEDERATION) or actor.subdistrict_id is None:
        raise Forbidden(_("只有街道总工会可以维护工会组织。"))
    return actor.subdistrict_id


@transaction.atomic
def create_union(
    *,
    actor: Actor,
    name: str,
    kind: str,
    basis: str = "",
    residential_area: ResidentialArea | None = None,
    grid: Grid | None = None,
    unit: Unit | None = None,
    basis_detail: str = "",
    founded_on: dt.date | None = None,
    registration_number: str = "",
    chair: str = "",
    vice_chairs: list[str] | None = None,
    committee: list[str] | None = None,
    officers_from: dt.date | None = None,
    request: HttpRequest | None = None,
) -> UnionOrganisation:
    """A new union organisation with its officers, whose terms start ``officers_from``
    (today unless given; not in the future). Joint and enterprise unions hang under
    the federation; an enterprise union takes its unit out of any joint cover."""
    tenant = _federation_tenant(actor)
    officers_from = _officers_from(officers_from)
    for obj in (residential_area, grid, unit):
        if obj is not None and obj.subdistrict_id != tenant:
            raise NotFound(_("没有找到所选的居民区、网格或单位。"))
    errors = new_errors()
    name = clean_text(errors, "name", name, max_length=100, required=True)
    basis_detail = clean_text(errors, "basis_detail", basis_detail, max_length=100)
    registration_number = clean_text(errors, "registration_number", registration_number, max_length=64)
    raise_if(errors)
    parent = None
    if kind != UnionKind.FEDERATION:
        parent = UnionOrganisation.objects.filter(subdistrict_id=tenant, kind=UnionKind.FEDERATION).first()
        if parent is None:
            raise DomainError(_("请先建立街道总工会。"), code="no_federation")
    if kind == UnionKind.JOINT:
        if basis == JointBasis.GRID and grid is not None:
            residential_area = grid.residential_area
        if basis == JointBasis.AREA and residential_area is None:
            raise DomainError(_("按居民区组建的联合工会请选择居民区。"), code="area_required", field="residential_area")
        if basis == JointBasis.GRID and grid is None:
            raise DomainError(_("按网格组建的联合工会请选择网格。"), code="grid_required", field="grid")
        if not basis:
            raise DomainError(_("请选择组建方式。"), code="basis_required", field="basis")
        unit = None
    elif kind == UnionKind.ENTERPRISE:
        if unit is None:
            raise DomainError(_("企业工会请选择所在单位。"), code="unit_required", field="unit")
        basis, grid, residential_area = "", None, None
    else:
        basis, grid, residential_area, unit = "", None, None, None
    try:
        with transaction.atomic():
            union = UnionOrganisation.objects.create(
                subdistrict_id=tenant,
                name=name.strip(),
                kind=kind,
                basis=basis,
                parent=parent,
                residential_area=residential_area,
                grid=grid,
                unit=unit,
                basis_detail=basis_detail.strip(),
                founded_on=founded_on,
                registration_number=registration_number.strip(),
            )
    except IntegrityError as exc:
        raise Conflict(_("同名的工会组织、第二个街道总工会或该单位的工会已存在。"), code="duplicate") from exc
    officers = [(OfficerPost.CHAIR, chair)] if chair.strip() else []
    officers += [(OfficerPost.VICE_CHAIR, n) for n in vice_chairs or []]
    officers += [(OfficerPost.COMMITTEE, n) for n in committee or []]
    UnionOfficer.objects.bulk_create(
        UnionOfficer(
            subdistrict_id=tenant, union=union, post=post, name=n.strip(), position=i, term_start=officers_from
        )
        for i, (post, n) in enumerate(officers)
        if n.strip()
    )
    if unit is not None:
        CoveredUnit.objects.filter(unit=unit).delete()
    audit.record_created(
        actor=actor,
        obj=union,
        values={"name": union.name, "kind": kind, "basis": basis, "chair": chair.strip()},
        request=request,
    )
    return union


def _officers_from(day: dt.date | None) -> dt.date:
    """The day a change of officers takes effect: today unless given, never later."""
    today = timezone.localdate()
    if day is None:
        return today
    if day > today:
        raise DomainError(_("委员变更日期不能晚于今天。"), code="future_term", field="officers_from")
    return day


def _open_terms(union: UnionOrganisation) -> list[UnionOfficer]:
    """The officers in office now and until a change: the terms not ended."""
    return list(union.officers.filter(term_end__isnull=True).order_by("post", "position", "id"))


def _officer_names(terms: list[UnionOfficer]) -> dict[str, list[str]]:
    names: dict[str, list[str]] = {post: [] for post in OfficerPost.values}
    for officer in terms:
        names[officer.post].append(officer.name)
    return names


def _check_terms(errors: Any, terms: list[UnionOfficer], wanted: list[tuple[str, str]], day: dt.date) -> None:
    """A term can end only on or after the day it started."""
    keep = set(wanted)
    for o in terms:
        if (o.post, o.name) not in keep and o.term_start > day:
            errors["officers_from"].append(
                _("%(name)s的任期从%(start)s开始，变更日期不能早于这一天。") % {"name": o.name, "start": o.term_start}
            )


def _set_officers(
    union: UnionOrganisation, terms: list[UnionOfficer], wanted: list[tuple[str, str]], day: dt.date
) -> None:
    """Make ``union``'s officers from ``day`` exactly ``wanted`` (post, name), in
    order. A leaving officer's term ends the day before (a term begun that same day
    was a slip and is removed); a new officer's term starts on ``day``; an officer
    who stays keeps their term and their link to the registry person."""
    existing = {(o.post, o.name): o for o in terms}
    keep = set(wanted)
    for key, o in existing.items():
        if key in keep:
            continue
        if o.term_start >= day:
            o.delete()
        else:
            o.term_end = day - dt.timedelta(days=1)
            o.save(update_fields=["term_end"])
    for position, (post, name) in enumerate(wanted):
        found = existing.get((post, name))
        if found is None:
            UnionOfficer.objects.create(
                subdistrict_id=union.subdistrict_id,
                union=union,
                post=post,
                name=name,
                position=position,
                term_start=day,
            )
        elif found.position != position:
            found.position = position
            found.save(update_fields=["position"])


def _wanted_officers(chair: str, vice_chairs: list[str], committee: list[str]) -> list[tuple[str, str]]:
    wanted: list[tuple[str, str]] = []
    for post, names in (
        (OfficerPost.CHAIR, [chair]),
        (OfficerPost.VICE_CHAIR, vice_chairs),
        (OfficerPost.COMMITTEE, committee),
    ):
        for name in names:
            name = name.strip()
            if name and (post, name) not in wanted:
                wanted.append((str(post), name))
    return wanted


@transaction.atomic
def update_union(
    *,
    actor: Actor,
    union_id: int,
    name: str,
    parent: UnionOrganisation | None = None,
    basis: str = "",
    residential_area: ResidentialArea | None = None,
    grid: Grid | None = None,
    basis_detail: str = "",
    founded_on: dt.date | None = None,
    registration_number: str = "",
    chair: str = "",
    vice_chairs: list[str] | None = None,
    committee: list[str] | None = None,
    officers_from: dt.date | None = None,
    request: HttpRequest | None = None,
) -> UnionOrganisation:
    """Edit a union: its name, parent, basis (a joint union), dates, registration
    number and officers, a change of officers taking effect ``officers_from`` (today
    unless given): the terms of those leaving end the day before, those arriving
    start then, past terms stay as the history. The kind and an enterprise union's
    unit stay (a different unit is a different union). Audited, officers as the
    lists before and after, with the day."""
    tenant = _federation_tenant(actor)
    officers_from = _officers_from(officers_from)
    union = UnionOrganisation.objects.select_for_update().filter(subdistrict_id=tenant, pk=union_id).first()
    if union is None:
        raise NotFound(_("没有找到该工会组织。"))
    for obj in (residential_area, grid, parent):
        if obj is not None and obj.subdistrict_id != tenant:
            raise NotFound(_("没有找到所选的上级工会、居民区或网格。"))
    errors = new_errors()
    name = clean_text(errors, "name", name, max_length=100, required=True)
    basis_detail = clean_text(errors, "basis_detail", basis_detail, max_length=100)
    registration_number = clean_text(errors, "registration_number", registration_number, max_length=64)
    if union.kind == UnionKind.FEDERATION:
        parent, basis, residential_area, grid = None, "", None, None
    else:
        if parent is None:
            errors["parent"].append(_("请选择上级工会。"))
        elif parent.pk == union.pk:
            errors["parent"].append(_("上级工会不能是它自己。"))
        elif union.kind == UnionKind.JOINT and parent.kind != UnionKind.FEDERATION:
            errors["parent"].append(_("联合工会的上级是街道总工会。"))
        elif parent.kind not in (UnionKind.FEDERATION, UnionKind.JOINT):
            errors["parent"].append(_("企业工会的上级是街道总工会或一个联合工会。"))
    if union.kind == UnionKind.JOINT:
        if basis == JointBasis.GRID and grid is not None:
            residential_area = grid.residential_area
        if not basis:
            errors["basis"].append(_("请选择组建方式。"))
        elif basis == JointBasis.AREA and residential_area is None:
            errors["residential_area"].append(_("按居民区组建的联合工会请选择居民区。"))
        elif basis == JointBasis.GRID and grid is None:
            errors["grid"].append(_("按网格组建的联合工会请选择网格。"))
        if basis != JointBasis.GRID:
            grid = None
    elif union.kind == UnionKind.ENTERPRISE:
        basis, residential_area, grid = "", None, None
    terms = _open_terms(union)
    wanted = _wanted_officers(chair, vice_chairs or [], committee or [])
    _check_terms(errors, terms, wanted, officers_from)
    raise_if(errors)
    values = {
        "name": name,
        "parent": parent,
        "basis": basis,
        "residential_area": residential_area,
        "grid": grid,
        "basis_detail": basis_detail,
        "founded_on": founded_on,
        "registration_number": registration_number,
    }
    before = _officer_names(terms)
    try:
        with transaction.atomic():
            changes = model_update(union, values)
    except IntegrityError as exc:
        raise Conflict(_("已有同名的工会组织。"), code="duplicate", field="name") from exc
    _set_officers(union, terms, wanted, officers_from)
    after = _officer_names(_open_terms(union))
    if after != before:
        changes["officers"] = [before, after]
        changes["officers_from"] = [None, officers_from.isoformat()]
    if changes:
        audit.record_changes(actor=actor, obj=union, changes=changes, request=request)
    return union


@transaction.atomic
def cover_unit(
    *, actor: Actor, union_id: int, unit_id: int, since: dt.date | None = None, request: HttpRequest | None = None
) -> CoveredUnit:
    """A small unit without a union of its own joins a joint union."""
    tenant = _federation_tenant(actor)
    union = UnionOrganisation.objects.filter(subdistrict_id=tenant, pk=union_id, kind=UnionKind.JOINT).first()
    unit = Unit.objects.filter(subdistrict_id=tenant, pk=unit_id).first()
    if union is None or unit is None:
        raise NotFound(_("没有找到该联合工会或单位。"))
    if UnionOrganisation.objects.filter(kind=UnionKind.ENTERPRISE, unit=unit).exists():
        raise Conflict(_("该单位已建立自己的工会。"), code="has_own_union")
    try:
        with transaction.atomic():
            cover = CoveredUnit.objects.create(subdistrict_id=tenant, union=union, unit=unit, since=since)
    except IntegrityError as exc:
        raise Conflict(_("该单位已由联合工会覆盖。"), code="already_covered") from exc
    audit.record_created(actor=actor, obj=cover, values={"union": union.name, "unit": unit.name}, request=request)
    return cover


@transaction.atomic
def uncover_unit(
    *, actor: Actor, cover_id: int | None = None, unit_id: int | None = None, request: HttpRequest | None = None
) -> CoveredUnit:
    """End a joint union's cover of a unit (by the cover's id, or the unit's); the
    cover removed (its ``union_id`` says where it was)."""
    tenant = _federation_tenant(actor)
    covers = CoveredUnit.objects.filter(subdistrict_id=tenant).select_related("union", "unit")
    if cover_id is not None:
        covers = covers.filter(pk=cover_id)
    elif unit_id is not None:
        covers = covers.filter(unit_id=unit_id)
    else:
        covers = covers.none()
    cover = covers.select_for_update(of=("self",)).first()
    if cover is None:
        raise NotFound(_("该单位不在联合工会覆盖范围内。"))
    audit.record(
        actor=actor,
        action=AuditEntry.Action.DELETE,
        obj=cover,
        detail={"union": cover.union.name, "unit": cover.unit.name},
        request=request,
    )
    union_id = cover.union_id
    cover.delete()
    cover.union_id = union_id
    return cover
