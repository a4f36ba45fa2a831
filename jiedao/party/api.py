"""/api/v1/party: the study-hour ledger and the 三个一 checklist, with the same
scope rules as the pages (``jiedao.party.access``).

- ``GET /study-hours?year=&branch=``: each member's hours of the year against the
  target (the admin, the party office, the party-mass centre); ``branch`` optional.
- ``GET /study-hours/me?year=``: the caller's own hours with the records behind them
  (404 for someone who is not a party member of the sub-district).
- ``GET /onboarding?missing=``: the 三新 members transferred in (all, or those who
  miss a step, any step, or none), each with the three steps (``done`` and the
  ``record`` that satisfied it); ``GET /onboarding/me`` the caller's own (404 for
  anyone else).

Hours are decimals with one place (``"32.0"``).
"""

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from pydantic import BaseModel

from jiedao.accounts.policy import request_actor, signed_in, staff
from jiedao.api.pagination import Page, PageQuery, paginate
from jiedao.api.responses import refuses
from jiedao.api.types import Id
from jiedao.core.errors import NotFound
from jiedao.party import access, selectors
from jiedao.party.models import PartyMember

router = Router(tags=["party"])


class MemberRef(BaseModel):
    id: int
    name: str
    branch: str


class StudyHoursOut(BaseModel):
    member: MemberRef
    hours: Decimal
    target: Decimal
    shortfall: Decimal
    month_reached: int | None = Field(description="达到目标的月份（1–12），未达到为空")


class CreditOut(BaseModel):
    date: dt.date
    hours: Decimal
    source: str = Field(description="lecture、self_study 或 external")
    title: str


class MyStudyHoursOut(StudyHoursOut):
    year: int
    records: list[CreditOut]


class StudyYearQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="年度，默认为有学时记录的最近一年")


class HoursFilters(PageQuery):
    year: int | None = Field(None, ge=2000, le=2100, description="年度，默认为有学时记录的最近一年")
    branch: Id | None = Field(None, description="党组织编号")


class OnboardingFilters(PageQuery):
    missing: Literal["any", "visit", "lecture", "service", "done", "all"] = Field(
        "all",
        description="all（全部，默认）、any（尚未全部完成）、visit/lecture/service（未完成该项）或 done（已全部完成）",
    )


class OnboardingRecordOut(BaseModel):
    kind: str = Field(description="attendance（签到）或 claim（认领的公益服务）")
    id: int
    title: str
    at: dt.datetime


class OnboardingStepOut(BaseModel):
    key: str = Field(description="visit、lecture 或 service")
    label: str
    done: bool
    record: OnboardingRecordOut | None


class OnboardingOut(BaseModel):
    member: MemberRef
    category: str
    transferred_in_on: dt.date | None
    days_since_transfer: int | None
    steps: list[OnboardingStepOut]
    last_reminded_at: dt.datetime | None


def _year(value: int | None, subdistrict_id: int) -> int:
    return value or selectors.default_year(subdistrict_id)


def _member(m: PartyMember) -> dict[str, Any]:
    return {"id": m.pk, "name": m.person.name, "branch": m.branch.name}


def _hours(row: selectors.MemberHours) -> dict[str, Any]:
    return {
        "member": {"id": row.member.pk, "name": row.name, "branch": row.branch_name},
        "hours": row.hours,
        "target": row.target,
        "shortfall": row.shortfall,
        "month_reached": row.reached_month,
    }


def _onboarding(row: selectors.Onboarding) -> dict[str, Any]:
    return {
        "member": _member(row.member),
        "category": row.member.category,
        "transferred_in_on": row.member.transferred_in_on,
        "days_since_transfer": row.days_since_transfer,
        "steps": [
            {
                "key": s.key,
                "label": str(s.label),
                "done": s.done,
                "record": None if s.record is None else vars(s.record),
            }
            for s in row.steps
        ],
        "last_reminded_at": row.last_reminder.created_at if row.last_reminder else None,
    }


def _not_a_member() -> NotFound:
    return NotFound(_("您不是本街道登记的党员。"))


@router.get("/study-hours", response=Page[StudyHoursOut], summary="党员学时台账")
@staff(*access.READ_ROLES)
@refuses(NotFound)
def study_hours(request: HttpRequest, filters: Query[HoursFilters]) -> dict[str, Any]:
    actor = request_actor(request)
    qs = access.members_visible_to(actor)
    if filters.branch is not None:
        qs = qs.filter(branch=access.branch_for_actor(actor, filters.branch))
    year = _year(filters.year, actor.subdistrict_id or 0)
    page = paginate(selectors.members_of_year(qs, year), filters)
    page["items"] = [
        _hours(r) for r in selectors.ledger(page["items"], year=year, subdistrict_id=actor.subdistrict_id or 0)
    ]
    return page


@router.get("/study-hours/me", response=MyStudyHoursOut, summary="我的学时")
@signed_in
@refuses(NotFound)
def my_study_hours(request: HttpRequest, filters: Query[StudyYearQuery]) -> dict[str, Any]:
    member = access.own_member(request_actor(request))
    if member is None:
        raise _not_a_member()
    year = _year(filters.year, member.subdistrict_id)
    row = selectors.ledger([member], year=year, subdistrict_id=member.subdistrict_id)[0]
    credits = sorted(row.credits, key=lambda c: c.on)
    return {
        **_hours(row),
        "year": year,
        "records": [{"date": c.on, "hours": c.hours, "source": c.source, "title": c.title} for c in credits],
    }


@router.get("/onboarding", response=Page[OnboardingOut], summary="“三个一”报到情况")
@staff(*access.STUDIO_ROLES)
def onboarding_list(request: HttpRequest, filters: Query[OnboardingFilters]) -> dict[str, Any]:
    actor = request_actor(request)
    subdistrict_id = actor.subdistrict_id or 0
    members = access.members_visible_to(actor)
    page = paginate(
        selectors.newcomers_missing(members, subdistrict_id=subdistrict_id, missing=filters.missing), filters
    )
    rows = selectors.onboarding(page["items"], subdistrict_id=subdistrict_id)
    page["items"] = [_onboarding(r) for r in rows]
    return page


@router.get("/onboarding/me", response=OnboardingOut, summary="我的“三个一”")
@signed_in
@refuses(NotFound)
def my_onboarding(request: HttpRequest) -> dict[str, Any]:
    member = access.own_member(request_actor(request))
    if member is None:
        raise _not_a_member()
    mine = selectors.onboarding_of(member)
    if mine is None:
        raise NotFound(_("您不是新转入的“三新”党员。"))
    return _onboarding(mine)
