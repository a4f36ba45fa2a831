"""Activities and their sessions, and what every write of the app shares."""

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.activities.access import PARTY_KINDS, can_organise
from jiedao.activities.models import Activity, Session
from jiedao.core import audit
from jiedao.core.errors import Forbidden
from jiedao.core.models import AuditEntry
from jiedao.core.services import apply_values, clean_long_text, clean_text, model_update, new_errors, raise_if
from jiedao.org.models import ResidentialArea, Unit
from jiedao.people.access import PARTY_ROLES

M = TypeVar("M", bound=Model)

# Kinds that count attended hours, so sign out (签退) as well as in.
SIGN_OUT_KINDS = frozenset({Activity.Kind.CLASS, Activity.Kind.SERVICE})


def require_organiser(actor: Actor, activity: Activity) -> None:
    if not can_organise(actor, activity):
        raise Forbidden(_("您无权组织此活动。"))


def insert_once(create: Callable[[], M], existing: Callable[[], M | None]) -> tuple[M, bool]:
    """``(create(), True)`` in a savepoint; when a unique constraint says a
    concurrent caller inserted the row first, ``(their row, False)``."""
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        found = existing()
        if found is None:  # not the uniqueness the caller relies on: a real error
            raise
        return found, False


# ---------------------------------------------------------------- activities


def activity_values(
    *,
    subdistrict_id: int,
    kind: str,
    title: str,
    organiser: Unit | None,
    residential_area: ResidentialArea | None = None,
    description: str = "",
    sign_out_enabled: bool | None = None,
    party_only: bool = False,
) -> dict[str, Any]:
    """Validate one activity's input; returns model field values or raises a
    ``ValidationError`` keyed by field with every problem found."""
    errors = new_errors()
    if kind not in Activity.Kind.values:
        errors["kind"].append(_("活动类型无效。"))
    title = clean_text(errors, "title", title, max_length=200, required=True)
    if organiser is None:
        errors["organiser"].append(_("请选择主办单位。"))
    elif organiser.subdistrict_id != subdistrict_id:
        errors["organiser"].append(_("不属于本街道。"))
    if residential_area is not None and residential_area.subdistrict_id != subdistrict_id:
        errors["residential_area"].append(_("不属于本街道。"))
    raise_if(errors)
    if sign_out_enabled is None:
        sign_out_enabled = kind in SIGN_OUT_KINDS
    return {
        "subdistrict_id": subdistrict_id,
        "kind": kind,
        "title": title,
        "organiser": organiser,
        "residential_area": residential_area,
        "description": clean_long_text(description),
        "sign_out_enabled": bool(sign_out_enabled),
        "party_only": bool(party_only),
    }


def _scope_error() -> ValidationError:
    return ValidationError(
        {"organiser": [_("您只能组织本单位主办或面向您负责的居民区的活动，请检查主办单位和面向居民区。")]}
    )


@transaction.atomic
def activity_create(*, actor: Actor, request: HttpRequest | None = None, **data: Any) -> Activity:
    """A new activity (the fields of ``activity_values``); ``sign_out_enabled``
    defaults by kind (classes and services sign out)."""
    if actor.subdistrict_id is None:
        raise Forbidden(_("您无权组织活动。"))
    values = activity_values(subdistrict_id=actor.subdistrict_id, **data)
    activity = Activity(created_by=actor.user, **values)
    if activity.kind in PARTY_KINDS and not actor.has_role(*PARTY_ROLES):
        raise ValidationError({"kind": [_("党课只由党建办、党群服务中心组织。")]})
    if activity.party_only and not actor.has_role(*PARTY_ROLES):
        raise ValidationError({"party_only": [_("只有党建办、党群服务中心可以设为仅党建部门可见。")]})
    if not can_organise(actor, activity):
        raise _scope_error()
    activity.save()
    audit.record(actor=actor, action=AuditEntry.Action.CREATE, obj=activity, request=request)
    return activity


@transaction.atomic
def activity_update(*, actor: Actor, activity: Activity, request: HttpRequest | None = None, **data: Any) -> Activity:
    require_organiser(actor, activity)
    # Programmes hang their records off an activity of their kind (a meeting's agenda,
    # a class's hours): the kind is fixed once the activity exists.
    if data.get("kind", activity.kind) != activity.kind:
        raise ValidationError({"kind": [_("活动创建后不能更改类型。")]})
    data.setdefault("party_only", activity.party_only)  # a caller that does not name it keeps it
    changes = apply_values(activity, activity_values(subdistrict_id=activity.subdistrict_id, **data))
    if not changes:
        return activity
    if not can_organise(actor, activity):  # the change would take it out of the actor's hands
        raise _scope_error()
    activity.save()
    audit.record_changes(actor=actor, obj=activity, changes=changes, request=request)
    return activity


# ---------------------------------------------------------------- sessions


def session_values(
    *, starts_at: dt.datetime | None, ends_at: dt.datetime | None, place: str, capacity: int | None = None
) -> dict[str, Any]:
    errors = new_errors()
    if starts_at is None:
        errors["starts_at"].append(_("请填写开始时间。"))
    if ends_at is None:
        errors["ends_at"].append(_("请填写结束时间。"))
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        errors["ends_at"].append(_("结束时间必须晚于开始时间。"))
    place = clean_text(errors, "place", place, max_length=200, required=True)
    if capacity is not None and capacity < 1:
        errors["capacity"].append(_("容量至少为1，不限请留空。"))
    raise_if(errors)
    return {"starts_at": starts_at, "ends_at": ends_at, "place": place, "capacity": capacity}


@transaction.atomic
def session_create(
    *,
    actor: Actor,
    activity: Activity,
    starts_at: dt.datetime | None,
    ends_at: dt.datetime | None,
    place: str,
    capacity: int | None = None,
    request: HttpRequest | None = None,
) -> Session:
    require_organiser(actor, activity)
    values = session_values(starts_at=starts_at, ends_at=ends_at, place=place, capacity=capacity)
    session = Session.objects.create(subdistrict_id=activity.subdistrict_id, activity=activity, **values)
    audit.record(actor=actor, action=AuditEntry.Action.CREATE, obj=session, request=request)
    return session


@transaction.atomic
def session_update(*, actor: Actor, session: Session, request: HttpRequest | None = None, **data: Any) -> Session:
    require_organiser(actor, session.activity)
    changes = model_update(session, session_values(**data))
    if changes:
        audit.record_changes(actor=actor, obj=session, changes=changes, request=request)
    return session
