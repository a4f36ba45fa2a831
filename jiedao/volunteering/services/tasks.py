"""The catalogue: needs reported by residential areas, tasks (opened and closed),
shifts (one-off or recurring weekly; edited before they start)."""

import datetime as dt
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.accounts.models import Role
from jiedao.activities.models import Activity
from jiedao.activities.services import activity_create, session_create, session_update
from jiedao.core import audit
from jiedao.core.errors import Conflict, Forbidden
from jiedao.core.models import AuditEntry
from jiedao.core.numbers import TENTH, parse_decimal
from jiedao.core.services import (
    check_same_tenant,
    clean_long_text,
    clean_text,
    model_update,
    new_errors,
    raise_if,
)
from jiedao.org.models import ResidentialArea, Unit
from jiedao.volunteering.access import is_manager
from jiedao.volunteering.models import ACTIVE, Claim, Need, ProgrammeSettings, Rounding, Shift, Task
from jiedao.volunteering.notifications import notify_shift_changed
from jiedao.volunteering.services.claims import offer_next

MAX_REPEAT_WEEKS = 26


def _require_manager(actor: Actor) -> None:
    if not is_manager(actor):
        raise Forbidden(_("只有党群服务中心可以管理公益服务任务。"))


@transaction.atomic
def need_report(
    *,
    actor: Actor,
    residential_area: ResidentialArea | None,
    title: str,
    description: str = "",
    request: HttpRequest | None = None,
) -> Need:
    """A residential area reports a residents' need (a chair for their own area)."""
    errors = new_errors()
    subdistrict_id = actor.subdistrict_id or 0
    if residential_area is None:
        errors["residential_area"].append(_("请选择居民区。"))
    else:
        check_same_tenant(errors, "residential_area", residential_area, subdistrict_id)
        if not is_manager(actor) and residential_area.pk not in actor.area_ids(Role.AREA_UNION_CHAIR):
            errors["residential_area"].append(_("只能为您负责的居民区上报需求。"))
    title = clean_text(errors, "title", title, max_length=200, required=True)
    raise_if(errors)
    assert residential_area is not None
    need = Need.objects.create(
        subdistrict_id=subdistrict_id,
        residential_area=residential_area,
        title=title,
        description=clean_long_text(description),
        reported_by=actor.user,
    )
    audit.record_created(actor=actor, obj=need, values={"title": title}, request=request)
    return need


@transaction.atomic
def need_decline(*, actor: Actor, need: Need, request: HttpRequest | None = None) -> Need:
    _require_manager(actor)
    if need.status != Need.Status.OPEN:
        raise Conflict(_("该需求已处理。"))
    changes = model_update(need, {"status": Need.Status.DECLINED})
    audit.record_changes(actor=actor, obj=need, changes=changes, request=request)
    return need


def _hours(errors: Any, value: Any) -> Decimal:
    hours = parse_decimal(value, step=TENTH)  # half up: 2.25 → 2.3
    if hours is None:
        errors["hours_per_shift"].append(_("请填写服务时长。"))
        return Decimal(0)
    if not Decimal(0) < hours <= Decimal(24):
        errors["hours_per_shift"].append(_("每班次服务时长应在0.1到24小时之间。"))
    return hours


@transaction.atomic
def task_create(
    *,
    actor: Actor,
    organiser: Unit | None,
    title: str,
    description: str = "",
    skills: str = "",
    contact: str,
    hours_per_shift: Any,
    residential_area: ResidentialArea | None = None,
    need: Need | None = None,
    request: HttpRequest | None = None,
) -> Task:
    """Publish a task of the catalogue (from a residents' need when ``need`` is given)."""
    _require_manager(actor)
    errors = new_errors()
    skills = clean_text(errors, "skills", skills, max_length=200)
    contact = clean_text(errors, "contact", contact, max_length=100, required=True)
    hours = _hours(errors, hours_per_shift)
    if need is not None:
        check_same_tenant(errors, "need", need, actor.subdistrict_id or 0)
        # Locked: two desks adopting the same need at once make one task.
        locked = Need.objects.select_for_update().filter(pk=need.pk).values_list("status", flat=True).first()
        if locked != Need.Status.OPEN:
            errors["need"].append(_("该需求已处理。"))
    raise_if(errors)
    activity = activity_create(
        actor=actor,
        kind=Activity.Kind.SERVICE,
        title=title,
        organiser=organiser,
        residential_area=residential_area or (need.residential_area if need is not None else None),
        description=description,
        sign_out_enabled=True,
        request=request,
    )
    task = Task.objects.create(
        subdistrict_id=activity.subdistrict_id,
        activity=activity,
        need=need,
        skills=skills,
        contact=contact,
        hours_per_shift=hours,
    )
    if need is not None:
        Need.objects.filter(pk=need.pk).update(status=Need.Status.ADOPTED)
        need.status = Need.Status.ADOPTED
    audit.record_created(
        actor=actor,
        obj=task,
        values={"activity": activity.pk, "skills": skills, "hours_per_shift": hours, "need": need.pk if need else None},
        request=request,
    )
    return task


@transaction.atomic
def task_set_open(*, actor: Actor, task: Task, is_open: bool, request: HttpRequest | None = None) -> int:
    """Close a task to new claims (or open it again). Closing ends its waiting list:
    the waiting entries and the open offers of its shifts are cancelled (an offer's
    held place is freed), since nobody can claim a closed task's shift any more.
    Claims already held stay: their volunteers still serve, or cancel as before.
    Returns the number of waiting entries and offers ended."""
    _require_manager(actor)
    current = Task.objects.select_for_update().get(pk=task.pk)
    changes = model_update(current, {"is_open": is_open})
    task.is_open = current.is_open
    if not changes:
        return 0
    ended = 0
    if not is_open:
        pending = Claim.objects.select_for_update().filter(
            shift__task=current, status__in=(Claim.Status.WAITING, Claim.Status.OFFERED)
        )
        for claim in pending:
            Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.CANCELLED, offer_expires_at=None)
            if claim.status == Claim.Status.OFFERED:
                Shift.objects.filter(pk=claim.shift_id, claimed__gt=0).update(claimed=F("claimed") - 1)
            ended += 1
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=current,
        request=request,
        detail={"changes": changes, "waiting_ended": ended},
    )
    return ended


@transaction.atomic
def shifts_add(
    *,
    actor: Actor,
    task: Task,
    date: dt.date | None,
    start: dt.time | None,
    end: dt.time | None,
    place: str,
    capacity: int | None,
    weeks: int | None = 1,
    request: HttpRequest | None = None,
) -> list[Shift]:
    """One shift, or the same shift every week for ``weeks`` weeks (recurring)."""
    _require_manager(actor)
    errors = new_errors()
    if date is None:
        errors["date"].append(_("请填写日期。"))
    if start is None:
        errors["start"].append(_("请填写开始时间。"))
    if end is None:
        errors["end"].append(_("请填写结束时间。"))
    elif start is not None and end <= start:
        errors["end"].append(_("结束时间必须晚于开始时间。"))
    if capacity is None or capacity < 1:
        errors["capacity"].append(_("名额至少为1。"))
    weeks = weeks or 1
    if not 1 <= weeks <= MAX_REPEAT_WEEKS:
        errors["weeks"].append(_("重复周数应在1到%(n)d之间。") % {"n": MAX_REPEAT_WEEKS})
    raise_if(errors)
    assert date is not None and start is not None and end is not None and capacity is not None
    zone = timezone.get_current_timezone()
    first = dt.datetime.combine(date, start, tzinfo=zone)
    if first <= timezone.now():
        raise ValidationError({"date": [_("班次开始时间必须晚于现在。")]})
    shifts = []
    for week in range(weeks):
        day = date + dt.timedelta(weeks=week)
        session = session_create(
            actor=actor,
            activity=task.activity,
            starts_at=dt.datetime.combine(day, start, tzinfo=zone),
            ends_at=dt.datetime.combine(day, end, tzinfo=zone),
            place=place,
            capacity=capacity,
            request=request,
        )
        shifts.append(
            Shift.objects.create(subdistrict_id=task.subdistrict_id, task=task, session=session, capacity=capacity)
        )
    return shifts


@transaction.atomic
def shift_update(
    *,
    actor: Actor,
    shift: Shift,
    date: dt.date | None,
    start: dt.time | None,
    end: dt.time | None,
    place: str,
    capacity: int | None,
    request: HttpRequest | None = None,
) -> Shift:
    """Change a shift's time, place or number of places before it starts (its
    session's time and place; audited there and here). The places cannot drop below
    the claims and open offers it holds: the conditional ``UPDATE`` decides under
    concurrency; more places are offered to the waiting list."""
    _require_manager(actor)
    errors = new_errors()
    if date is None:
        errors["date"].append(_("请填写日期。"))
    if start is None:
        errors["start"].append(_("请填写开始时间。"))
    if end is None:
        errors["end"].append(_("请填写结束时间。"))
    elif start is not None and end <= start:
        errors["end"].append(_("结束时间必须晚于开始时间。"))
    if capacity is None or capacity < 1:
        errors["capacity"].append(_("名额至少为1。"))
    raise_if(errors)
    assert date is not None and start is not None and end is not None and capacity is not None
    current = Shift.objects.select_related("session__activity", "task").get(pk=shift.pk)
    now = timezone.now()
    if current.session.starts_at <= now:
        raise Conflict(_("班次已开始，不能再修改。"), code="shift_started")
    zone = timezone.get_current_timezone()
    starts_at = dt.datetime.combine(date, start, tzinfo=zone)
    if starts_at <= now:
        raise ValidationError({"date": [_("班次开始时间必须晚于现在。")]})
    old_capacity = current.capacity
    old = (current.session.starts_at, current.session.ends_at, current.session.place)
    if capacity != old_capacity:
        if not Shift.objects.filter(pk=current.pk, claimed__lte=capacity).update(capacity=capacity):
            held = Shift.objects.filter(pk=current.pk).values_list("claimed", flat=True).get()
            raise ValidationError(
                {
                    "capacity": [
                        _("已有%(n)d人认领或保留名额，名额不能少于%(n)d。如需减少，请先联系认领人取消。") % {"n": held}
                    ]
                }
            )
        audit.record_changes(actor=actor, obj=current, changes={"capacity": [old_capacity, capacity]}, request=request)
    session_update(
        actor=actor,
        session=current.session,
        starts_at=starts_at,
        ends_at=dt.datetime.combine(date, end, tzinfo=zone),
        place=place,
        capacity=capacity,
        request=request,
    )
    current.refresh_from_db()
    session = current.session
    session.refresh_from_db()
    if (session.starts_at, session.ends_at, session.place) != old:
        _tell_shift_changed(current, old=old, now=now)
    if capacity > old_capacity:
        while offer_next(current, now=now) is not None:
            pass
        current.refresh_from_db()
    return current


def _tell_shift_changed(shift: Shift, *, old: tuple[dt.datetime, dt.datetime, str], now: dt.datetime) -> None:
    """Mark the shift's active claims (claimed, offered, waiting) changed, for the notice
    on each volunteer's page, and e-mail those with an address after the commit."""
    claims = Claim.objects.filter(shift=shift, status__in=ACTIVE)
    ids = list(claims.values_list("pk", flat=True))
    if not ids:
        return
    claims.update(shift_changed_at=now)
    was = {"starts_at": old[0], "ends_at": old[1], "place": old[2]}
    transaction.on_commit(partial(notify_shift_changed, shift.pk, ids, was))


@transaction.atomic
def settings_update(*, actor: Actor, request: HttpRequest | None = None, **data: Any) -> ProgrammeSettings:
    """The centre's rules for claiming and hours, and the issuer of certificates."""
    _require_manager(actor)
    errors = new_errors()
    values = {
        "cancel_cutoff_hours": data.get("cancel_cutoff_hours"),
        "offer_hours": data.get("offer_hours"),
        "rounding_minutes": data.get("rounding_minutes"),
        "rounding": data.get("rounding"),
        "issuer_name": clean_text(errors, "issuer_name", data.get("issuer_name"), max_length=100, required=True),
        "person_in_charge": clean_text(
            errors, "person_in_charge", data.get("person_in_charge"), max_length=64, required=True
        ),
        "handler": clean_text(errors, "handler", data.get("handler"), max_length=64, required=True),
        "issuer_contact": clean_text(
            errors, "issuer_contact", data.get("issuer_contact"), max_length=100, required=True
        ),
    }
    for field, low in (("cancel_cutoff_hours", 0), ("offer_hours", 1), ("rounding_minutes", 1)):
        number = values[field]
        if not isinstance(number, int) or not low <= number <= 720:
            errors[field].append(_("请填写%(low)d到720之间的整数。") % {"low": low})
    if values["rounding"] not in Rounding.values:
        errors["rounding"].append(_("取整方式无效。"))
    raise_if(errors)
    subdistrict_id = actor.subdistrict_id or 0
    current, _created = ProgrammeSettings.objects.select_for_update().get_or_create(subdistrict_id=subdistrict_id)
    changes = model_update(current, values)
    if changes:
        audit.record_changes(actor=actor, obj=current, changes=changes, request=request)
    return current
