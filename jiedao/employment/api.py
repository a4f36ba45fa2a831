"""/api/v1/employment: the labour office's side (the sub-district admin reads).

- ``GET /seekers`` the register (``{items, count}``; ``status`` open / closed /
  employed / left, ``area``, ``q`` on the name; ID number and phone masked as on the
  pages) and ``GET /seekers/{id}`` one registration with its guidance sessions,
  referrals and the person's follow-ups after training.
- ``POST /seekers``: registers a person of the registry as a job seeker (201; 409
  ``already_registered`` with ``details.id``; 400 with the fields named).
- ``POST /seekers/{id}/close`` ``{closed_on, closed_reason}`` (found work: ``employed``;
  no longer seeking: ``left``) and ``POST /seekers/{id}/reopen``: the person's
  job-seeker flag follows (409 ``registration_closed`` to close a closed one).
- ``GET``/``POST /seekers/{id}/guidance``: the guidance sessions (职业指导) of a
  registration, and recording one (201; 409 ``registration_closed``).
- ``POST /seekers/{id}/referrals``: a referral to a vacancy (201; 409
  ``registration_closed``); ``POST /referrals/{id}/outcome``: its outcome — a hire
  with ``close_registration`` is a placement: the registration is closed as "found
  work" and the person's job-seeker flag cleared.
- ``GET /follow-ups?due=true``: follow-ups come due and not done yet, oldest first;
  without ``due`` (or ``due=false``) every follow-up. ``POST /follow-ups/{id}``
  records what the labour office found (or corrects it): 200 with the follow-up.

Writes are the labour office's (the admin gets 403 from the gate); anything outside
the caller's sub-district is 404, an id of it in a body a 400 naming the field. Same
services and scope rules as the pages (``employment.access``)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Status

from jiedao.accounts.access import tenant_of
from jiedao.accounts.actor import Actor
from jiedao.accounts.policy import request_actor, staff
from jiedao.api.pagination import Page, PageQuery, paginate
from jiedao.api.refs import pick
from jiedao.api.responses import refuses
from jiedao.api.types import Id
from jiedao.core.errors import Conflict
from jiedao.employment import access, services
from jiedao.employment.models import FollowUp, GuidanceSession, JobReferral, JobSeeker
from jiedao.employment.schemas import (
    CloseIn,
    FollowUpFilters,
    FollowUpIn,
    FollowUpOut,
    GuidanceIn,
    GuidanceOut,
    JobReferralIn,
    JobReferralOut,
    JobSeekerFileOut,
    JobSeekerIn,
    JobSeekerOut,
    ReferralOutcomeIn,
    SeekerFilters,
)
from jiedao.employment.selectors.follow_ups import follow_up_for_actor, follow_up_rows, follow_ups_of_person
from jiedao.employment.selectors.seekers import seeker_row, seeker_rows
from jiedao.employment.services.follow_ups import record_follow_up
from jiedao.org.models import Unit
from jiedao.people.access import people_visible_to

router = Router(tags=["employment"])


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
    """A registration as the register lists it (``seeker_rows``: person and area
    joined, the counts annotated)."""
    area = s.person.residential_area
    return {
        "id": s.pk,
        "person": s.person.name,
        "person_id": s.person_id,
        "id_number": s.person.id_number_masked,
        "phone": s.person.phone_masked,
        "residential_area": {"id": area.pk, "name": area.name} if area else None,
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
        "guidance_count": s.guidance_count,  # type: ignore[attr-defined]
        "referral_count": s.referral_count,  # type: ignore[attr-defined]
    }


def _guidance(g: GuidanceSession) -> dict[str, Any]:
    return {
        "id": g.pk,
        "job_seeker": g.job_seeker_id,
        "held_on": g.held_on,
        "adviser": g.adviser,
        "topic": g.topic,
        "advice": g.advice,
    }


def _referral(r: JobReferral, seeker: JobSeeker | None = None) -> dict[str, Any]:
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
        "registration_closed_on": (seeker or r.job_seeker).closed_on,
    }


def _employer(actor: Actor, pk: int | None) -> Unit | None:
    return pick(Unit.objects.filter(subdistrict_id=tenant_of(actor)), pk, "employer")


@router.get("/seekers", response=Page[JobSeekerOut], summary="求职登记（可按状态、居民区、姓名查询）")
@staff(*access.READ_ROLES)
def list_seekers(request: HttpRequest, filters: Query[SeekerFilters]) -> dict[str, Any]:
    rows = seeker_rows(request_actor(request), q=filters.q.strip(), status=filters.status, area=filters.area)
    page = paginate(rows, filters)
    page["items"] = [_seeker(s) for s in page["items"]]
    return page


@router.get("/seekers/{int:seeker_id}", response=JobSeekerFileOut, summary="一份求职登记：职业指导、岗位推荐和就业随访")
@staff(*access.READ_ROLES)
def get_seeker(request: HttpRequest, seeker_id: Id) -> dict[str, Any]:
    actor = request_actor(request)
    found = seeker_row(actor, seeker_id)
    referrals = found.referrals.select_related("employer").order_by("-referred_on", "-id")
    return {
        **_seeker(found),
        "note": found.note,
        "guidance": [_guidance(g) for g in found.guidance_sessions.order_by("-held_on", "-id")],
        "referrals": [_referral(r, found) for r in referrals],
        "follow_ups": [_follow_up(f) for f in follow_ups_of_person(actor, found.person_id)],
    }


@router.post("/seekers/{int:seeker_id}/close", response=JobSeekerOut, summary="注销求职登记（已就业、不再求职）")
@staff(*access.MANAGE_ROLES)
@refuses(ValidationError, Conflict)
def close_seeker(request: HttpRequest, seeker_id: Id, payload: CloseIn) -> dict[str, Any]:
    actor = request_actor(request)
    found = access.seeker_for_actor(actor, seeker_id)
    services.close_job_seeker(actor=actor, job_seeker=found, request=request, **payload.model_dump())
    return _seeker(seeker_row(actor, seeker_id))


@router.post("/seekers/{int:seeker_id}/reopen", response=JobSeekerOut, summary="恢复已注销的求职登记")
@staff(*access.MANAGE_ROLES)
def reopen_seeker(request: HttpRequest, seeker_id: Id) -> dict[str, Any]:
    actor = request_actor(request)
    found = access.seeker_for_actor(actor, seeker_id)
    services.reopen_job_seeker(actor=actor, job_seeker=found, request=request)
    return _seeker(seeker_row(actor, seeker_id))


@router.get("/seekers/{int:seeker_id}/guidance", response=Page[GuidanceOut], summary="职业指导记录")
@staff(*access.READ_ROLES)
def list_guidance(request: HttpRequest, seeker_id: Id, filters: Query[PageQuery]) -> dict[str, Any]:
    found = access.seeker_for_actor(request_actor(request), seeker_id)
    page = paginate(found.guidance_sessions.order_by("-held_on", "-id"), filters)
    page["items"] = [_guidance(g) for g in page["items"]]
    return page


@router.post("/seekers/{int:seeker_id}/guidance", response={201: GuidanceOut}, summary="记录职业指导")
@staff(*access.MANAGE_ROLES)
@refuses(ValidationError, Conflict)
def create_guidance(request: HttpRequest, seeker_id: Id, payload: GuidanceIn) -> Status[dict[str, Any]]:
    actor = request_actor(request)
    found = access.seeker_for_actor(actor, seeker_id)
    session = services.record_guidance(actor=actor, job_seeker=found, request=request, **payload.model_dump())
    return Status(201, _guidance(session))


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
    return Status(201, _seeker(seeker_row(actor, seeker.pk)))


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
