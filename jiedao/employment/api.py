"""/api/v1/employment: the labour office's side (the sub-district admin reads).

- ``GET /follow-ups?due=true``: follow-ups come due and not done yet, oldest first;
  without ``due`` (or ``due=false``) every follow-up. ``POST /follow-ups/{id}``
  records what the labour office found (or corrects it): 200 with the follow-up.
- ``POST /seekers``: registers a person of the registry as a job seeker (201; 409
  ``already_registered`` with ``details.id``; 400 with the fields named).
- ``POST /seekers/{id}/referrals``: a referral to a vacancy (201; 409
  ``registration_closed``); ``POST /referrals/{id}/outcome``: its outcome — a hire
  with ``close_registration`` is a placement: the registration is closed as "found
  work" and the person's job-seeker flag cleared.

Writes are the labour office's (the admin gets 403 from the gate); anything outside
the caller's sub-district is 404, an id of it in a body a 400 naming the field. Same
services and scope rules as the pages (``employment.access``)."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel

from jiedao.accounts.access import tenant_of
from jiedao.accounts.actor import Actor
from jiedao.accounts.policy import request_actor, staff
from jiedao.api.pagination import Page, PageQuery, paginate
from jiedao.api.refs import pick
from jiedao.api.responses import refuses
from jiedao.api.types import Id
from jiedao.core.errors import Conflict
from jiedao.employment import access, services
from jiedao.employment.models import Availability, ClosedReason, Education, FollowUp, JobReferral, JobSeeker
from jiedao.employment.selectors.follow_ups import follow_up_for_actor, follow_up_rows
from jiedao.employment.services.follow_ups import record_follow_up
from jiedao.org.models import Unit
from jiedao.people.access import people_visible_to

router = Router(tags=["employment"])


def _codes(choices: type[Education] | type[Availability] | type[ClosedReason] | Any) -> str:
    return "、".join(choices.values)


class FollowUpOut(BaseModel):
    id: int
    person: str = Field(description="学员姓名")
    person_id: int
    training_class: str = Field(description="培训班")
    course: str
    provider: str
    class_ended_on: dt.date | None
    offset_days: int = Field(description="结业后第几天随访")
    due_on: dt.date | None = Field(description="应随访日期：结业日期 + 天数（随培训班日期变化）")
    outcome: str = Field(
        description="unknown（未随访）、employed、self_employed、further_training、not_employed、unreachable"
    )
    followed_up_on: dt.date | None
    employer: str = Field(description="就业单位（仅 employed）")
    employed_since: dt.date | None
    contract: str


class FollowUpFilters(PageQuery):
    due: bool = Field(False, description="true：只列出已到期且未随访的")


class FollowUpIn(Schema):
    outcome: str = Field(description="employed、self_employed、further_training、not_employed、unreachable")
    followed_up_on: dt.date = Field(description="随访日期")
    employer: Id | None = Field(None, description="就业单位（登记的单位编号；employed 时与 employer_name 二选一）")
    employer_name: str = Field("", max_length=100, description="未登记的就业单位名称")
    employed_since: dt.date | None = Field(None, description="入职日期（employed 时必填）")
    contract: str = Field("", description=f"用工形式（employed 时必填）：{_codes(FollowUp.Contract)}")
    note: str = Field("", max_length=200)


class JobSeekerIn(Schema):
    person: Id = Field(description="人员库中的人员编号")
    registered_on: dt.date
    is_registered_unemployed: bool = False
    unemployed_since: dt.date | None = Field(None, description="失业登记日期（登记失业时必填）")
    education: str = Field(description=f"文化程度：{_codes(Education)}")
    skills_wanted: str = Field("", max_length=200)
    desired_work: str = Field("", max_length=200)
    availability: str = Field(description=f"可工作方式：{_codes(Availability)}")
    available_from: dt.date | None = None
    note: str = Field("", max_length=2000)


class JobSeekerOut(BaseModel):
    id: int
    person: str
    person_id: int
    registered_on: dt.date
    is_registered_unemployed: bool
    unemployed_since: dt.date | None
    education: str
    skills_wanted: str
    desired_work: str
    availability: str
    available_from: dt.date | None
    closed_on: dt.date | None
    closed_reason: str = Field(description=f"注销原因：{_codes(ClosedReason)}；未注销为空")


class JobReferralIn(Schema):
    referred_on: dt.date
    position: str = Field(max_length=100)
    employer: Id | None = Field(None, description="用人单位（登记的单位编号；与 employer_name 二选一）")
    employer_name: str = Field("", max_length=100, description="未登记的用人单位名称")
    note: str = Field("", max_length=200)


class ReferralOutcomeIn(Schema):
    outcome: str = Field(description=f"结果：{_codes(JobReferral.Outcome)}")
    outcome_on: dt.date | None = Field(None, description="结果日期（pending 以外必填）")
    note: str = Field("", max_length=200)
    close_registration: bool = Field(False, description="hired 时可同时注销求职登记（已就业）")


class JobReferralOut(BaseModel):
    id: int
    job_seeker: int
    referred_on: dt.date
    employer: str
    employer_id: int | None
    position: str
    outcome: str
    outcome_on: dt.date | None
    note: str
    registration_closed_on: dt.date | None = Field(description="求职登记的注销日期（未注销为空）")


def _follow_up(f: FollowUp) -> dict[str, Any]:
    return {
        "id": f.pk,
        "person": f.person_name,  # type: ignore[attr-defined]
        "person_id": f.person_id,  # type: ignore[attr-defined]
        "training_class": f.class_label,  # type: ignore[attr-defined]
        "course": f.course_name,  # type: ignore[attr-defined]
        "provider": f.provider_name,  # type: ignore[attr-defined]
        "class_ended_on": f.class_ended_on,  # type: ignore[attr-defined]
        "offset_days": f.offset_days,
        "due_on": f.due_on,  # type: ignore[attr-defined]
        "outcome": f.outcome,
        "followed_up_on": f.followed_up_on,
        "employer": f.employer_label,
        "employed_since": f.employed_since,
        "contract": f.contract,
    }


def _seeker(s: JobSeeker) -> dict[str, Any]:
    return {
        "id": s.pk,
        "person": s.person.name,
        "person_id": s.person_id,
        "registered_on": s.registered_on,
        "is_registered_unemployed": s.is_registered_unemployed,
        "unemployed_since": s.unemployed_since,
        "education": s.education,
        "skills_wanted": s.skills_wanted,
        "desired_work": s.desired_work,
        "availability": s.availability,
        "available_from": s.available_from,
        "closed_on": s.closed_on,
        "closed_reason": s.closed_reason,
    }


def _referral(r: JobReferral) -> dict[str, Any]:
    return {
        "id": r.pk,
        "job_seeker": r.job_seeker_id,
        "referred_on": r.referred_on,
        "employer": r.employer_label,
        "employer_id": r.employer_id,
        "position": r.position,
        "outcome": r.outcome,
        "outcome_on": r.outcome_on,
        "note": r.note,
        "registration_closed_on": r.job_seeker.closed_on,
    }


def _employer(actor: Actor, pk: int | None) -> Unit | None:
    return pick(Unit.objects.filter(subdistrict_id=tenant_of(actor)), pk, "employer")


@router.get("/follow-ups", response=Page[FollowUpOut], summary="培训后就业随访（due=true：到期待随访）")
@staff(*access.READ_ROLES)
def list_follow_ups(request: HttpRequest, filters: Query[FollowUpFilters]) -> dict[str, Any]:
    page = paginate(follow_up_rows(request_actor(request), due=filters.due), filters)
    page["items"] = [_follow_up(f) for f in page["items"]]
    return page


@router.post("/follow-ups/{int:follow_up_id}", response=FollowUpOut, summary="记录随访结果")
@staff(*access.MANAGE_ROLES)
@refuses(ValidationError)
def record_follow_up_result(request: HttpRequest, follow_up_id: Id, payload: FollowUpIn) -> dict[str, Any]:
    actor = request_actor(request)
    found = follow_up_for_actor(actor, follow_up_id)
    record_follow_up(
        actor=actor,
        follow_up=found,
        outcome=payload.outcome,
        followed_up_on=payload.followed_up_on,
        employer=_employer(actor, payload.employer),
        employer_name=payload.employer_name,
        employed_since=payload.employed_since,
        contract=payload.contract,
        note=payload.note,
        request=request,
    )
    return _follow_up(follow_up_for_actor(actor, follow_up_id))


@router.post("/seekers", response={201: JobSeekerOut}, summary="求职登记")
@staff(*access.MANAGE_ROLES)
@refuses(ValidationError, Conflict)
def register_seeker(request: HttpRequest, payload: JobSeekerIn) -> Status[dict[str, Any]]:
    actor = request_actor(request)
    person = pick(people_visible_to(actor), payload.person, "person")
    assert person is not None  # ``person`` is required
    data = payload.model_dump(exclude={"person"})
    seeker = services.register_job_seeker(actor=actor, person=person, request=request, **data)
    return Status(201, _seeker(seeker))


@router.post("/seekers/{int:seeker_id}/referrals", response={201: JobReferralOut}, summary="岗位推荐")
@staff(*access.MANAGE_ROLES)
@refuses(ValidationError, Conflict)
def create_referral(request: HttpRequest, seeker_id: Id, payload: JobReferralIn) -> Status[dict[str, Any]]:
    actor = request_actor(request)
    seeker = access.seeker_for_actor(actor, seeker_id)
    referral = services.refer(
        actor=actor,
        job_seeker=seeker,
        referred_on=payload.referred_on,
        position=payload.position,
        employer=_employer(actor, payload.employer),
        employer_name=payload.employer_name,
        note=payload.note,
        request=request,
    )
    return Status(201, _referral(access.referral_for_actor(actor, referral.pk)))


@router.post(
    "/referrals/{int:referral_id}/outcome", response=JobReferralOut, summary="推荐结果（已录用可同时注销求职登记）"
)
@staff(*access.MANAGE_ROLES)
@refuses(ValidationError)
def record_referral_outcome(request: HttpRequest, referral_id: Id, payload: ReferralOutcomeIn) -> dict[str, Any]:
    actor = request_actor(request)
    referral = access.referral_for_actor(actor, referral_id)
    services.record_referral_outcome(
        actor=actor,
        referral=referral,
        outcome=payload.outcome,
        outcome_on=payload.outcome_on,
        note=payload.note,
        close_registration=payload.close_registration,
        request=request,
    )
    return _referral(access.referral_for_actor(actor, referral_id))
