"""Job-seeker registration (求职登记), guidance sessions and referrals: the labour
office's writes. Each runs in a transaction, checks its input per field and is audited.

The registry's ``Person.is_job_seeker`` follows the registration: set when a person is
registered or a closed registration reopened, cleared when it is closed (found work,
left), through ``people.services.person_set_role`` in the same transaction."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.access import tenant_of
from jiedao.accounts.actor import Actor
from jiedao.core.audit import record_changes, record_created
from jiedao.core.errors import Conflict, Forbidden, NotFound
from jiedao.core.services import (
    Errors,
    check_same_tenant,
    clean_long_text,
    clean_text,
    model_update,
    new_errors,
    raise_if,
)
from jiedao.employment.access import can_manage
from jiedao.employment.models import Availability, ClosedReason, Education, GuidanceSession, JobReferral, JobSeeker
from jiedao.org.models import Unit
from jiedao.people.models import Person
from jiedao.people.selectors import person_by_id_number
from jiedao.people.services import person_set_role

JOB_SEEKER_FLAG = "is_job_seeker"


def _require_manager(actor: Actor, record: JobSeeker | JobReferral | None = None) -> int:
    """The actor's sub-district, if they may write here; a ``record`` of another
    sub-district is not found (the services hold the line the access functions draw)."""
    if not can_manage(actor):
        raise Forbidden(_("只有劳动保障事务所可以办理求职登记、职业指导和岗位推荐。"))
    tenant = tenant_of(actor)
    if record is not None and record.subdistrict_id != tenant:
        raise NotFound(_("没有找到此记录。"))
    return tenant


def _not_future(errors: Errors, field: str, value: dt.date | None) -> None:
    if value is not None and value > timezone.localdate():
        errors[field].append(_("日期不能晚于今天。"))


def _registration_values(
    errors: Errors,
    *,
    registered_on: dt.date,
    is_registered_unemployed: bool,
    unemployed_since: dt.date | None,
    education: str,
    skills_wanted: str,
    desired_work: str,
    availability: str,
    available_from: dt.date | None,
    note: str,
    closed_on: dt.date | None = None,
    closed_reason: str = "",
) -> dict[str, Any]:
    _not_future(errors, "registered_on", registered_on)
    _not_future(errors, "unemployed_since", unemployed_since)
    _not_future(errors, "closed_on", closed_on)
    if is_registered_unemployed and unemployed_since is None:
        errors["unemployed_since"].append(_("登记失业的，请填写失业登记日期。"))
    if not is_registered_unemployed:
        unemployed_since = None
    if education not in Education.values:
        errors["education"].append(_("请选择文化程度。"))
    if availability not in Availability.values:
        errors["availability"].append(_("请选择可工作方式。"))
    if closed_on is not None and closed_on < registered_on:
        errors["closed_on"].append(_("注销日期不能早于登记日期。"))
    if closed_on is None:
        closed_reason = ""
    elif closed_reason not in ClosedReason.values:
        errors["closed_reason"].append(_("注销登记的，请选择注销原因。"))
    return {
        "registered_on": registered_on,
        "is_registered_unemployed": is_registered_unemployed,
        "unemployed_since": unemployed_since,
        "education": education,
        "skills_wanted": clean_text(errors, "skills_wanted", skills_wanted, max_length=200),
        "desired_work": clean_text(errors, "desired_work", desired_work, max_length=200),
        "availability": availability,
        "available_from": available_from,
        "note": clean_long_text(note),
        "closed_on": closed_on,
        "closed_reason": closed_reason,
    }


@transaction.atomic
def register_job_seeker(*, actor: Actor, person: Person, request: HttpRequest | None = None, **data: Any) -> JobSeeker:
    """Register ``person`` (of the registry, the actor's sub-district) as a job seeker.
    A person already registered is refused (``Conflict``, with the registration's id)."""
    tenant = _require_manager(actor)
    errors = new_errors()
    check_same_tenant(errors, "person", person, tenant)
    values = _registration_values(errors, **data)
    raise_if(errors)
    existing = JobSeeker.objects.filter(person=person).values_list("pk", flat=True).first()
    if existing is not None:
        raise Conflict(_("此人已有求职登记。"), code="already_registered", details={"id": existing}, field="person")
    try:
        with transaction.atomic():
            seeker = JobSeeker.objects.create(subdistrict_id=tenant, person=person, **values)
    except IntegrityError:  # registered at another desk a moment ago: the constraint decided
        won = JobSeeker.objects.filter(person=person).values_list("pk", flat=True).first()
        details = {"id": won} if won is not None else {}
        raise Conflict(_("此人已有求职登记。"), code="already_registered", details=details, field="person") from None
    record_created(actor=actor, obj=seeker, values={"person": person, **values}, request=request)
    person_set_role(actor=actor, person=person, role=JOB_SEEKER_FLAG, value=True, request=request)
    return seeker


@transaction.atomic
def update_job_seeker(
    *, actor: Actor, job_seeker: JobSeeker, request: HttpRequest | None = None, **data: Any
) -> JobSeeker:
    """Change a registration; closing it (a date and a reason) clears the person's
    job-seeker flag, clearing the date reopens it and sets the flag again."""
    _require_manager(actor, job_seeker)
    errors = new_errors()
    values = _registration_values(errors, **data)
    raise_if(errors)
    locked = _locked(job_seeker.pk)
    _apply(actor=actor, locked=locked, values=values, request=request)
    return locked


def _locked(pk: int) -> JobSeeker:
    return JobSeeker.objects.select_for_update(of=("self",)).select_related("person").get(pk=pk)


def _apply(*, actor: Actor, locked: JobSeeker, values: dict[str, Any], request: HttpRequest | None) -> None:
    """Write ``values`` on the locked registration, audited; when it opens or closes
    the person's job-seeker flag follows (the same transaction)."""
    was_open = locked.is_open
    changes = model_update(locked, values)
    if changes:
        record_changes(actor=actor, obj=locked, changes=changes, request=request)
    if locked.is_open != was_open:
        person_set_role(actor=actor, person=locked.person, role=JOB_SEEKER_FLAG, value=locked.is_open, request=request)


@transaction.atomic
def close_job_seeker(
    *,
    actor: Actor,
    job_seeker: JobSeeker,
    closed_on: dt.date | None,
    closed_reason: str,
    request: HttpRequest | None = None,
) -> JobSeeker:
    """Close an open registration: found work (``employed``) or no longer seeking
    (``left``), on ``closed_on``; the person's job-seeker flag is cleared. A closed
    one is refused (``registration_closed``): reopen it first to change its date."""
    _require_manager(actor, job_seeker)
    errors = new_errors()
    if closed_on is None:
        errors["closed_on"].append(_("请填写注销日期。"))
    _not_future(errors, "closed_on", closed_on)
    if closed_reason not in ClosedReason.values:
        errors["closed_reason"].append(_("请选择注销原因。"))
    raise_if(errors)
    assert closed_on is not None
    locked = _locked(job_seeker.pk)
    if not locked.is_open:
        raise Conflict(_("此求职登记已注销。"), code="registration_closed")
    if closed_on < locked.registered_on:
        raise ValidationError({"closed_on": [_("注销日期不能早于登记日期。")]})
    _apply(actor=actor, locked=locked, values={"closed_on": closed_on, "closed_reason": closed_reason}, request=request)
    return locked


@transaction.atomic
def reopen_job_seeker(*, actor: Actor, job_seeker: JobSeeker, request: HttpRequest | None = None) -> JobSeeker:
    """Reopen a closed registration (audited with the date and reason it had); the
    person's job-seeker flag is set again. An open one is left as it is."""
    _require_manager(actor, job_seeker)
    locked = _locked(job_seeker.pk)
    _apply(actor=actor, locked=locked, values={"closed_on": None, "closed_reason": ""}, request=request)
    return locked


def _require_open(job_seeker: JobSeeker) -> None:
    """Guidance and referrals are for an open registration (checked on the locked row)."""
    if not JobSeeker.objects.select_for_update().filter(pk=job_seeker.pk, closed_on__isnull=True).exists():
        raise Conflict(_("此求职登记已注销，请先修改登记、清空注销日期后再记录。"), code="registration_closed")


@transaction.atomic
def record_guidance(
    *,
    actor: Actor,
    job_seeker: JobSeeker,
    held_on: dt.date,
    adviser: str,
    topic: str,
    advice: str = "",
    request: HttpRequest | None = None,
) -> GuidanceSession:
    tenant = _require_manager(actor, job_seeker)
    _require_open(job_seeker)
    errors = new_errors()
    _not_future(errors, "held_on", held_on)
    values = {
        "held_on": held_on,
        "adviser": clean_text(errors, "adviser", adviser, max_length=64, required=True),
        "topic": clean_text(errors, "topic", topic, max_length=200, required=True),
        "advice": clean_long_text(advice),
    }
    raise_if(errors)
    session = GuidanceSession.objects.create(
        subdistrict_id=tenant, job_seeker=job_seeker, created_by=actor.user, **values
    )
    record_created(actor=actor, obj=session, values={"job_seeker": job_seeker, **values}, request=request)
    return session


def employer_values(
    errors: Errors, tenant: int, *, employer: Unit | None, employer_name: str, field: str = "employer"
) -> dict[str, Any]:
    """A registry unit or a name typed in: exactly one (the unit wins the name's place)."""
    check_same_tenant(errors, field, employer, tenant)
    name = clean_text(errors, f"{field}_name", employer_name, max_length=100)
    if employer is not None and name:
        errors[f"{field}_name"].append(_("已选择登记的单位时，无需再填写单位名称。"))
    elif employer is None and not name:
        errors[field].append(_("请选择用人单位，或填写未登记单位的名称。"))
    return {"employer": employer, "employer_name": "" if employer is not None else name}


@transaction.atomic
def refer(
    *,
    actor: Actor,
    job_seeker: JobSeeker,
    referred_on: dt.date,
    position: str,
    employer: Unit | None = None,
    employer_name: str = "",
    note: str = "",
    request: HttpRequest | None = None,
) -> JobReferral:
    tenant = _require_manager(actor, job_seeker)
    _require_open(job_seeker)
    errors = new_errors()
    _not_future(errors, "referred_on", referred_on)
    values = {
        "referred_on": referred_on,
        "position": clean_text(errors, "position", position, max_length=100, required=True),
        "note": clean_text(errors, "note", note, max_length=200),
        **employer_values(errors, tenant, employer=employer, employer_name=employer_name),
    }
    raise_if(errors)
    referral = JobReferral.objects.create(subdistrict_id=tenant, job_seeker=job_seeker, created_by=actor.user, **values)
    record_created(actor=actor, obj=referral, values={"job_seeker": job_seeker, **values}, request=request)
    return referral


@transaction.atomic
def record_referral_outcome(
    *,
    actor: Actor,
    referral: JobReferral,
    outcome: str,
    outcome_on: dt.date | None,
    note: str = "",
    close_registration: bool = False,
    request: HttpRequest | None = None,
) -> JobReferral:
    """The outcome of a referral. A hire is a placement: with ``close_registration``
    the person's registration is closed as "found work" on the outcome date (and their
    job-seeker flag cleared), in the same transaction."""
    _require_manager(actor, referral)
    errors = new_errors()
    if outcome not in JobReferral.Outcome.values:
        errors["outcome"].append(_("请选择结果。"))
    if close_registration and outcome != JobReferral.Outcome.HIRED:
        errors["close_registration"].append(_("只有“已录用”才能同时注销求职登记。"))
    if outcome == JobReferral.Outcome.PENDING:
        outcome_on = None
    elif outcome_on is None:
        errors["outcome_on"].append(_("请填写结果日期。"))
    else:
        _not_future(errors, "outcome_on", outcome_on)
        if outcome_on < referral.referred_on:
            errors["outcome_on"].append(_("结果日期不能早于推荐日期。"))
    values = {"outcome": outcome, "outcome_on": outcome_on, "note": clean_text(errors, "note", note, max_length=200)}
    raise_if(errors)
    locked = JobReferral.objects.select_for_update().get(pk=referral.pk)
    changes = model_update(locked, values)
    if changes:
        record_changes(actor=actor, obj=locked, changes=changes, request=request)
    if close_registration and outcome_on is not None:
        _close_as_employed(actor=actor, job_seeker_id=referral.job_seeker_id, on=outcome_on, request=request)
    return locked


def _close_as_employed(*, actor: Actor, job_seeker_id: int, on: dt.date, request: HttpRequest | None) -> None:
    """Close an open registration as "found work" (a closed one is left as it is)."""
    locked = _locked(job_seeker_id)
    if not locked.is_open:
        return
    if on < locked.registered_on:
        raise ValidationError({"outcome_on": [_("注销日期不能早于登记日期。")]})
    _apply(
        actor=actor, locked=locked, values={"closed_on": on, "closed_reason": ClosedReason.EMPLOYED}, request=request
    )


def register_by_id_number(
    *, actor: Actor, id_number: str, request: HttpRequest | None = None, **data: Any
) -> JobSeeker:
    """``register_job_seeker`` for the registry person with this full ID number (among
    those the actor sees); someone not in the registry is a field error."""
    _require_manager(actor)
    person = person_by_id_number(actor, id_number)
    if person is None:
        raise ValidationError({"id_number": [_("人员库中没有此身份证号，请先在人员库中登记此人。")]})
    return register_job_seeker(actor=actor, person=person, request=request, **data)
