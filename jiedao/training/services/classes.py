"""Classes and their sessions: opening, editing and deleting them.

A class's ``starts_on`` and ``ends_on`` are always its first and last session's
dates (``_sync_dates`` after every change of a session). Once a class has been
through 结业评定 its outcomes, ``completed_on`` (its last day), certificates and the
employment follow-ups scheduled from that day rest on its sessions: they stay as
they are (a clear refusal), and so do the times of a session someone signed in at.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max, Min
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.activities.models import Activity, Attendance, Session
from jiedao.activities.services.activities import session_values
from jiedao.core import audit
from jiedao.core.errors import Conflict
from jiedao.core.models import AuditEntry
from jiedao.core.services import Errors, clean_text, model_update, new_errors, raise_if
from jiedao.training.access import oversees
from jiedao.training.models import Course, Enrolment, HoursCorrection, Provider, SessionHours, TrainingClass
from jiedao.training.services.enrolment import fill_from_waiting_list
from jiedao.training.services.setup import ASSESSED, require_class_manager


def class_assessed(training_class: TrainingClass) -> bool:
    """The class has been through 结业评定 (its trainees' outcomes are recorded)."""
    return Enrolment.objects.filter(training_class=training_class, status__in=ASSESSED).exists()


def _class_values(errors: Errors, capacity: int | None, offer_hours: int | None) -> None:
    if capacity is not None and not 1 <= capacity <= 1000:
        errors["capacity"].append(_("人数上限应在1到1000之间。"))
    if offer_hours is None or not 1 <= offer_hours <= 24 * 14:
        errors["offer_hours"].append(_("候补名额保留时间应在1小时到14天之间。"))


@transaction.atomic
def class_create(
    *,
    actor: Actor,
    course: Course | None,
    provider: Provider | None,
    name: str,
    place: str,
    capacity: int | None = None,
    offer_hours: int | None = 48,
    request: HttpRequest | None = None,
) -> TrainingClass:
    """A class of ``course`` run by ``provider``: an activity of kind CLASS organised
    by the school's unit, with sign-out (hours count)."""
    errors = new_errors()
    if course is None or course.subdistrict_id != actor.subdistrict_id or not course.is_active:
        errors["course"].append(_("请选择培训项目。"))
    if provider is None or provider.subdistrict_id != actor.subdistrict_id or not provider.is_active:
        errors["provider"].append(_("请选择培训机构。"))
    elif not oversees(actor) and provider.unit_id not in actor.unit_ids("training_provider"):
        errors["provider"].append(_("您只能为本机构开班。"))
    name = clean_text(errors, "name", name, max_length=200, required=True)
    place = clean_text(errors, "place", place, max_length=200, required=True)
    _class_values(errors, capacity, offer_hours)
    raise_if(errors)
    assert course is not None and provider is not None
    activity = Activity.objects.create(
        subdistrict_id=course.subdistrict_id,
        kind=Activity.Kind.CLASS,
        title=name,
        description=course.description,
        organiser_id=provider.unit_id,
        sign_out_enabled=True,
        created_by=actor.user,
    )
    values: dict[str, Any] = {
        "course": course,
        "provider": provider,
        "name": name,
        "place": place,
        "capacity": capacity or course.capacity,
        "offer_hours": offer_hours,
    }
    training_class = TrainingClass.objects.create(subdistrict_id=course.subdistrict_id, activity=activity, **values)
    audit.record_created(actor=actor, obj=training_class, values=values, request=request)
    return training_class


@transaction.atomic
def class_update(
    *,
    actor: Actor,
    training_class: TrainingClass,
    name: str,
    place: str,
    capacity: int | None,
    offer_hours: int | None,
    enrolment_open: bool = True,
    request: HttpRequest | None = None,
) -> TrainingClass:
    """Name, place, places, the offer's hold and whether it takes enrolments. Places
    never drop below the seats taken; new places go to those waiting, as offers."""
    require_class_manager(actor, training_class)
    training_class = (
        TrainingClass.objects.select_for_update().select_related("provider", "activity").get(pk=training_class.pk)
    )
    errors = new_errors()
    name = clean_text(errors, "name", name, max_length=200, required=True)
    place = clean_text(errors, "place", place, max_length=200, required=True)
    if capacity is None:
        errors["capacity"].append(_("请填写人数上限。"))
    _class_values(errors, capacity, offer_hours)
    if capacity is not None and capacity < training_class.seats_taken:
        errors["capacity"].append(
            _("人数上限不能少于已占名额（%(n)d人，含候补待确认）。") % {"n": training_class.seats_taken}
        )
    raise_if(errors)
    values = {
        "name": name,
        "place": place,
        "capacity": capacity,
        "offer_hours": offer_hours,
        "enrolment_open": bool(enrolment_open),
    }
    changes = model_update(training_class, values)
    if "name" in changes:
        Activity.objects.filter(pk=training_class.activity_id).update(title=name)
    if changes:
        audit.record_changes(actor=actor, obj=training_class, changes=changes, request=request)
    fill_from_waiting_list(training_class, timezone.now())
    return training_class


@transaction.atomic
def class_delete(*, actor: Actor, training_class: TrainingClass, request: HttpRequest | None = None) -> None:
    """Only a class nobody has enrolled in (or waited for) and nobody signed in at."""
    require_class_manager(actor, training_class)
    training_class = TrainingClass.objects.select_for_update().get(pk=training_class.pk)
    if Enrolment.objects.filter(training_class=training_class).exists():
        raise Conflict(_("该培训班已有学员报名或候补，不能删除；可以停止报名。"), code="class_in_use")
    if Attendance.objects.filter(session__activity_id=training_class.activity_id).exists():
        raise Conflict(_("该培训班已有签到记录，不能删除。"), code="class_in_use")
    activity_id = training_class.activity_id
    audit.record(actor=actor, action=AuditEntry.Action.DELETE, obj=training_class, request=request)
    training_class.delete()
    Activity.objects.filter(pk=activity_id).delete()


def _sync_dates(training_class: TrainingClass) -> None:
    zone = timezone.get_current_timezone()
    bounds = Session.objects.filter(activity_id=training_class.activity_id).aggregate(
        first=Min("starts_at"), last=Max("ends_at")
    )
    first: dt.datetime | None = bounds["first"]
    last: dt.datetime | None = bounds["last"]
    TrainingClass.objects.filter(pk=training_class.pk).update(
        starts_on=first.astimezone(zone).date() if first else None,
        ends_on=last.astimezone(zone).date() if last else None,
    )
    training_class.refresh_from_db(fields=["starts_on", "ends_on"])


def _refuse_if_assessed(training_class: TrainingClass) -> None:
    if class_assessed(training_class):
        raise Conflict(
            _("本班已结业评定，结业日期、证书和就业随访都以现有场次为准，场次不能再增删改。"), code="class_assessed"
        )


def _hours(errors: Errors, hours: Decimal | None) -> None:
    if hours is None or hours <= 0 or hours > 24:
        errors["hours"].append(_("课时应大于0且不超过24。"))


def _locked_class(training_class: TrainingClass) -> TrainingClass:
    return TrainingClass.objects.select_for_update().select_related("provider").get(pk=training_class.pk)


@transaction.atomic
def class_session_create(
    *,
    actor: Actor,
    training_class: TrainingClass,
    starts_at: dt.datetime | None,
    ends_at: dt.datetime | None,
    hours: Decimal | None,
    place: str = "",
    request: HttpRequest | None = None,
) -> Session:
    """A session of the class (its hours: what attending it in full counts for)."""
    require_class_manager(actor, training_class)
    locked = _locked_class(training_class)
    _refuse_if_assessed(locked)
    errors = new_errors()
    _hours(errors, hours)
    raise_if(errors)
    assert hours is not None
    values = session_values(starts_at=starts_at, ends_at=ends_at, place=place or locked.place)
    session = Session.objects.create(subdistrict_id=locked.subdistrict_id, activity_id=locked.activity_id, **values)
    SessionHours.objects.create(subdistrict_id=session.subdistrict_id, session=session, hours=hours)
    _sync_dates(training_class)
    audit.record_created(actor=actor, obj=session, values={**values, "hours": hours}, request=request)
    return session


@transaction.atomic
def class_session_update(
    *,
    actor: Actor,
    training_class: TrainingClass,
    session: Session,
    starts_at: dt.datetime | None,
    ends_at: dt.datetime | None,
    hours: Decimal | None,
    place: str = "",
    request: HttpRequest | None = None,
) -> Session:
    """Move a session, or change its place or hours; the class's dates follow."""
    require_class_manager(actor, training_class)
    locked = _locked_class(training_class)
    _refuse_if_assessed(locked)
    session = Session.objects.select_for_update().get(pk=session.pk, activity_id=locked.activity_id)
    errors = new_errors()
    _hours(errors, hours)
    moved = (starts_at, ends_at) != (session.starts_at, session.ends_at)
    if moved and Attendance.objects.filter(session=session).exists():
        errors["starts_at"].append(_("该场次已有签到记录，不能再改时间。"))
    raise_if(errors)
    assert hours is not None
    values = session_values(starts_at=starts_at, ends_at=ends_at, place=place or locked.place)
    values.pop("capacity")
    changes = model_update(session, values)
    planned = SessionHours.objects.filter(session=session).first()
    if planned is None:
        SessionHours.objects.create(subdistrict_id=session.subdistrict_id, session=session, hours=hours)
        changes["hours"] = [None, str(hours)]
    elif planned.hours != hours:
        changes["hours"] = [str(planned.hours), str(hours)]
        planned.hours = hours
        planned.save(update_fields=["hours"])
    if changes:
        _sync_dates(training_class)
        audit.record_changes(actor=actor, obj=session, changes=changes, request=request)
    return session


@transaction.atomic
def class_session_delete(
    *, actor: Actor, training_class: TrainingClass, session: Session, request: HttpRequest | None = None
) -> None:
    """Only a session nobody signed in at and no hours were corrected for."""
    require_class_manager(actor, training_class)
    locked = _locked_class(training_class)
    _refuse_if_assessed(locked)
    session = Session.objects.select_for_update().get(pk=session.pk, activity_id=locked.activity_id)
    if Attendance.objects.filter(session=session).exists() or HoursCorrection.objects.filter(session=session).exists():
        raise Conflict(_("该场次已有签到或课时记录，不能删除。"), code="session_in_use")
    audit.record(actor=actor, action=AuditEntry.Action.DELETE, obj=session, request=request)
    session.delete()
    _sync_dates(training_class)
