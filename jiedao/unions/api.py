"""/api/v1/unions: the union network, its coverage and membership applications.

``GET ""`` the unions the caller sees (``{items, count}``: id, name, kind, parent,
residential area or unit); ``GET /coverage?year=`` one row per residential area
(``enterprises`` = ``with_union`` + ``covered`` + ``uncovered``, ``workers``,
``members``, the rates as decimal strings); ``POST /applications`` the caller
applies (``{"union"}`` optional: else the union suggested by employer and area);
``POST /applications/{id}/decision`` ``{"approve", "reason"}``: the union's review,
then the federation's. ``GET /{id}/members?year=`` a union's members (today's, or at
the end of a past year, from the membership spells); ``GET /memberships?person=``
the membership spells the caller sees (a person's history with ``person``);
``GET /me/memberships`` the caller's own. Same services and scope rules as the pages.
"""

from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel

from jiedao.accounts.access import tenant_of
from jiedao.accounts.policy import request_actor, signed_in, staff
from jiedao.api.pagination import Page, PageQuery, paginate
from jiedao.api.refs import Ref
from jiedao.api.responses import refuses
from jiedao.api.types import Id
from jiedao.core.errors import Conflict, DomainError, Forbidden, NotFound
from jiedao.people.access import own_person
from jiedao.unions import access, services
from jiedao.unions.models import Membership, UnionOrganisation
from jiedao.unions.selectors import coverage as cov
from jiedao.unions.selectors import network

router = Router(tags=["unions"])


class UnionOut(BaseModel):
    id: int
    name: str
    kind: str
    basis: str
    parent: Ref | None
    residential_area: Ref | None
    unit: Ref | None
    founded_on: str | None
    registration_number: str
    members: int


class UnionFilters(PageQuery):
    kind: Literal["", "federation", "joint", "enterprise"] = Field("", description="federation、joint、enterprise")


class CoverageOut(BaseModel):
    residential_area: Ref | None = Field(description="居民区；null 为未落格的单位")
    enterprises: int
    with_union: int
    covered: int
    uncovered: int
    should_organise: int = Field(description="25人以上、尚未建立本单位工会的企业")
    workers: int
    members: int
    organised_rate: str | None = Field(description="建会率（%），无企业时为 null")
    membership_rate: str | None = Field(description="入会率（%），无职工时为 null")


class CoverageFilters(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="统计年度（年末状态），默认为今年")


class ApplicationIn(Schema):
    union: Id | None = Field(None, description="申请加入的基层工会；不填则按单位和居民区推荐")


class ApplicationOut(BaseModel):
    id: int
    union: Ref
    status: str
    card_number: str


class MembershipOut(BaseModel):
    id: int
    person: Ref
    union: Ref
    employer: Ref | None = Field(description="入会（或转入）时的工作单位")
    status: str = Field(description="pending_union、pending_federation、active、rejected、transferred、left")
    card_number: str
    joined_on: str | None
    ended_on: str | None
    previous: int | None = Field(description="上一段会籍（转会、恢复会籍）")


class MembersFilters(PageQuery):
    year: int | None = Field(None, ge=2000, le=2100, description="往年：截至该年末的会员；不填或今年：当前会员")


class MembershipFilters(PageQuery):
    person: Id | None = Field(None, description="只列这位人员的会籍（历次）")


class DecisionIn(Schema):
    approve: bool
    reason: str = Field("", max_length=200, description="不通过时必填")


def _ref(obj: Any) -> dict[str, Any] | None:
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


def _union(u: UnionOrganisation) -> dict[str, Any]:
    return {
        "id": u.pk,
        "name": u.name,
        "kind": u.kind,
        "basis": u.basis,
        "parent": _ref(u.parent),
        "residential_area": _ref(u.residential_area or (u.grid.residential_area if u.grid else None)),
        "unit": _ref(u.unit),
        "founded_on": u.founded_on.isoformat() if u.founded_on else None,
        "registration_number": u.registration_number,
        "members": getattr(u, "member_count", 0),
    }


def _membership(m: Membership) -> dict[str, Any]:
    return {
        "id": m.pk,
        "person": _ref(m.person),
        "union": _ref(m.union),
        "employer": _ref(m.employer),
        "status": m.status,
        "card_number": m.card_number,
        "joined_on": m.joined_on.isoformat() if m.joined_on else None,
        "ended_on": m.ended_on.isoformat() if m.ended_on else None,
        "previous": m.previous_id,
    }


def _application(m: Membership) -> dict[str, Any]:
    return {"id": m.pk, "union": _ref(m.union), "status": m.status, "card_number": m.card_number}


@router.get("", response=Page[UnionOut], summary="工会组织（调用者可见范围内）")
@staff(*access.READ_ROLES)
def union_list(request: HttpRequest, filters: Query[UnionFilters]) -> dict[str, Any]:
    qs = network.union_list(request_actor(request), kind=filters.kind).select_related("grid__residential_area")
    page = paginate(qs, filters)
    page["items"] = [_union(u) for u in page["items"]]
    return page


@router.get("/coverage", response=Page[CoverageOut], summary="各居民区工会覆盖情况（建会率、入会率）")
@staff(*access.COVERAGE_ROLES)
def coverage(request: HttpRequest, filters: Query[CoverageFilters]) -> dict[str, Any]:
    actor = request_actor(request)
    rows = cov.coverage(
        subdistrict_id=tenant_of(actor),
        year=filters.year or timezone.localdate().year,
        area_ids=access.coverage_area_ids(actor),
    )
    items = [
        {
            "residential_area": {"id": r.area_id, "name": r.name} if r.area_id is not None else None,
            "enterprises": r.enterprises,
            "with_union": r.with_union,
            "covered": r.covered,
            "uncovered": r.uncovered,
            "should_organise": r.should_organise,
            "workers": r.workers,
            "members": r.members,
            "organised_rate": str(r.organised_rate) if r.organised_rate is not None else None,
            "membership_rate": str(r.membership_rate) if r.membership_rate is not None else None,
        }
        for r in rows
    ]
    return {"items": items, "count": len(items)}


@router.post("/applications", response={201: ApplicationOut}, summary="申请入会（本人）")
@signed_in
@refuses(Conflict, DomainError)
def apply(request: HttpRequest, payload: ApplicationIn) -> Status[dict[str, Any]]:
    actor = request_actor(request)
    membership = services.apply(actor=actor, person=own_person(actor), union_id=payload.union, request=request)
    return Status(201, _application(membership))


@router.post("/applications/{int:pk}/decision", response=ApplicationOut, summary="审核入会申请")
@staff(*access.REVIEW_ROLES)
@refuses(Forbidden, NotFound, Conflict, DomainError)
def decide(request: HttpRequest, pk: Id, payload: DecisionIn) -> dict[str, Any]:
    membership = services.decide(
        actor=request_actor(request), membership_id=pk, approve=payload.approve, reason=payload.reason, request=request
    )
    return _application(membership)


@router.get("/{int:pk}/members", response=Page[MembershipOut], summary="工会的会员（可查往年年末）")
@staff(*access.READ_ROLES)
@refuses(NotFound)
def members(request: HttpRequest, pk: Id, filters: Query[MembersFilters]) -> dict[str, Any]:
    union = network.union_visible(request_actor(request), pk)
    if union is None:
        raise NotFound(_("没有找到该工会组织。"))
    qs = network.members_of(union, network.as_of_year(filters.year)).select_related("union")
    page = paginate(qs, filters)
    page["items"] = [_membership(m) for m in page["items"]]
    return page


@router.get("/memberships", response=Page[MembershipOut], summary="会籍记录（可见范围内；可按人员查历次会籍）")
@staff(*access.READ_ROLES)
def memberships(request: HttpRequest, filters: Query[MembershipFilters]) -> dict[str, Any]:
    qs = network.memberships_list(request_actor(request), person_id=filters.person)
    page = paginate(qs, filters)
    page["items"] = [_membership(m) for m in page["items"]]
    return page


@router.get("/me/memberships", response=Page[MembershipOut], summary="本人的会籍（历次）")
@signed_in
def my_memberships(request: HttpRequest, filters: Query[PageQuery]) -> dict[str, Any]:
    person = own_person(request_actor(request))
    qs = network.memberships_of(person)
    page = paginate(qs, filters)
    page["items"] = [_membership(m) for m in page["items"]]
    return page
