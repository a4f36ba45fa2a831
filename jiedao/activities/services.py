"""Business operations on activities, sessions, invitations and attendance.

Pages, the API, the meetings programme, the demo loader and the benchmark all go
through these functions. Each validates, runs in one transaction and writes an
audit entry for a change made by staff; a resident's own QR sign-in is not
audited (the attendance row itself records it).
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.accounts.models import Role, RoleAssignment, User
from jiedao.activities import qr
from jiedao.activities.access import can_organise
from jiedao.activities.models import Activity, Attendance, AttendeeCategory, Registration, Session
from jiedao.core import audit
from jiedao.core.models import AuditEntry
from jiedao.org.models import ResidentialArea, Unit
from jiedao.people.models import Person

# Kinds that count attended hours, so sign out (签退) as well as in.
SIGN_OUT_KINDS = frozenset({Activity.Kind.CLASS, Activity.Kind.SERVICE})


def _user_of(by: Actor | User | None) -> User | None:
    user = getattr(by, "user", by)
    return user if isinstance(user, User) else None


def _require_organiser(actor: Actor, activity: Activity) -> None:
    if not can_organise(actor, activity):
        raise PermissionDenied(_("您无权组织此活动。"))


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
) -> dict[str, Any]:
    """Validate one activity's input; returns model field values or raises a
    ``ValidationError`` keyed by field with every problem found."""
    errors: dict[str, list[str]] = {}
    if kind not in Activity.Kind.values:
        errors.setdefault("kind", []).append(_("活动类型无效。"))
    title = " ".join((title or "").split())
    if not title:
        errors.setdefault("title", []).append(_("名称不能为空。"))
    elif len(title) > 200:
        errors.setdefault("title", []).append(_("名称过长（最多200个字）。"))
    if organiser is None:
        errors.setdefault("organiser", []).append(_("请选择主办单位。"))
    elif organiser.subdistrict_id != subdistrict_id:
        errors.setdefault("organiser", []).append(_("不属于本街道。"))
    if residential_area is not None and residential_area.subdistrict_id != subdistrict_id:
        errors.setdefault("residential_area", []).append(_("不属于本街道。"))
    if errors:
        raise ValidationError(errors)
    if sign_out_enabled is None:
        sign_out_enabled = kind in SIGN_OUT_KINDS
    return {
        "subdistrict_id": subdistrict_id,
        "kind": kind,
        "title": title,
        "organiser": organiser,
        "residential_area": residential_area,
        "description": (description or "").strip(),
        "sign_out_enabled": bool(sign_out_enabled),
    }


def _scope_error() -> ValidationError:
    return ValidationError(
        {"organiser": [_("您只能组织本单位主办或面向您负责的居民区的活动，请检查主办单位和面向居民区。")]}
    )


@transaction.atomic
def activity_create(
    *,
    actor: Actor,
    kind: str,
    title: str,
    organiser: Unit | None,
    residential_area: ResidentialArea | None = None,
    description: str = "",
    sign_out_enabled: bool | None = None,
    request: HttpRequest | None = None,
) -> Activity:
    """A new activity; ``sign_out_enabled`` defaults by kind (classes and services sign out)."""
    if actor.subdistrict_id is None:
        raise PermissionDenied(_("您无权组织活动。"))
    values = activity_values(
        subdistrict_id=actor.subdistrict_id,
        kind=kind,
        title=title,
        organiser=organiser,
        residential_area=residential_area,
        description=description,
        sign_out_enabled=sign_out_enabled,
    )
    activity = Activity(created_by=actor.user, **values)
    if not can_organise(actor, activity):
        raise _scope_error()
    activity.save()
    audit.record(actor=actor, action=AuditEntry.Action.CREATE, obj=activity, request=request)
    return activity


@transaction.atomic
def activity_update(*, actor: Actor, activity: Activity, request: HttpRequest | None = None, **data: Any) -> Activity:
    _require_organiser(actor, activity)
    # Programmes hang their records off an activity of their kind (a meeting's agenda,
    # a class's hours): the kind is fixed once the activity exists.
    if data.get("kind", activity.kind) != activity.kind:
        raise ValidationError({"kind": [_("活动创建后不能更改类型。")]})
    values = activity_values(subdistrict_id=activity.subdistrict_id, **data)
    changed = [f for f, v in values.items() if getattr(activity, f) != v]
    if not changed:
        return activity
    for field, value in values.items():
        setattr(activity, field, value)
    if not can_organise(actor, activity):  # the change would take it out of the actor's hands
        raise _scope_error()
    activity.save()
    audit.record(
        actor=actor, action=AuditEntry.Action.UPDATE, obj=activity, request=request, detail={"fields": changed}
    )
    return activity


# ---------------------------------------------------------------- sessions


def session_values(
    *, starts_at: dt.datetime | None, ends_at: dt.datetime | None, place: str, capacity: int | None = None
) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    if starts_at is None:
        errors.setdefault("starts_at", []).append(_("请填写开始时间。"))
    if ends_at is None:
        errors.setdefault("ends_at", []).append(_("请填写结束时间。"))
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        errors.setdefault("ends_at", []).append(_("结束时间必须晚于开始时间。"))
    place = " ".join((place or "").split())
    if not place:
        errors.setdefault("place", []).append(_("地点不能为空。"))
    elif len(place) > 200:
        errors.setdefault("place", []).append(_("地点过长（最多200个字）。"))
    if capacity is not None and capacity < 1:
        errors.setdefault("capacity", []).append(_("容量至少为1，不限请留空。"))
    if errors:
        raise ValidationError(errors)
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
    _require_organiser(actor, activity)
    values = session_values(starts_at=starts_at, ends_at=ends_at, place=place, capacity=capacity)
    session = Session.objects.create(subdistrict_id=activity.subdistrict_id, activity=activity, **values)
    audit.record(actor=actor, action=AuditEntry.Action.CREATE, obj=session, request=request)
    return session


@transaction.atomic
def session_update(*, actor: Actor, session: Session, request: HttpRequest | None = None, **data: Any) -> Session:
    _require_organiser(actor, session.activity)
    values = session_values(**data)
    changed = [f for f, v in values.items() if getattr(session, f) != v]
    if not changed:
        return session
    for field, value in values.items():
        setattr(session, field, value)
    session.save()
    audit.record(actor=actor, action=AuditEntry.Action.UPDATE, obj=session, request=request, detail={"fields": changed})
    return session


# ---------------------------------------------------------------- categories


def derived_category(person: Person, *, account_roles: frozenset[str] | None = None) -> str:
    """The category of someone nobody classified: from their employer and the
    union-chair roles of their account. ``account_roles``: those roles when the
    caller already holds them (the person signing themselves in: the request's actor)."""
    employer = person.employer if person.employer_id else None
    if employer is not None and employer.kind == Unit.Kind.OFFICE:
        return AttendeeCategory.OFFICE
    if person.user_id is not None:
        roles = (
            set(account_roles)
            if account_roles is not None
            else set(
                RoleAssignment.objects.filter(
                    user_id=person.user_id,
                    subdistrict_id=person.subdistrict_id,
                    role__in=[Role.ENTERPRISE_UNION_CHAIR, Role.AREA_UNION_CHAIR],
                ).values_list("role", flat=True)
            )
        )
        if Role.ENTERPRISE_UNION_CHAIR in roles:
            return AttendeeCategory.ENTERPRISE_UNION_CHAIR
        if Role.AREA_UNION_CHAIR in roles:
            return AttendeeCategory.AREA_UNION_CHAIR
    return AttendeeCategory.OTHER


def _unit_category(unit: Unit) -> str:
    return AttendeeCategory.OFFICE if unit.kind == Unit.Kind.OFFICE else AttendeeCategory.OTHER


def _check_category(category: str | None) -> None:
    if category is not None and category not in AttendeeCategory.values:
        raise ValidationError({"category": [_("类别无效。")]})


# ---------------------------------------------------------------- invitations


def _invitation(
    activity: Activity, person: Person | None, unit: Unit | None, *, lock: bool = False
) -> Registration | None:
    """The person's invitation to ``activity``, or (no person) the unit's open one."""
    qs = Registration.objects.filter(activity=activity)
    if lock:
        qs = qs.select_for_update()
    return qs.filter(person=person).first() if person is not None else qs.filter(unit=unit, person=None).first()


@transaction.atomic
def invite(
    *,
    actor: Actor,
    activity: Activity,
    person: Person | None = None,
    unit: Unit | None = None,
    role: str = Registration.Role.ATTENDEE,
    category: str | None = None,
    request: HttpRequest | None = None,
) -> Registration:
    """Invite a person, or a unit to send a representative (both: the person
    represents the unit). Idempotent: inviting again returns the existing
    invitation unchanged (a cancelled or declined one is invited again)."""
    _require_organiser(actor, activity)
    errors: dict[str, list[str]] = {}
    if person is None and unit is None:
        errors.setdefault("person", []).append(_("请选择被邀请的人员或单位。"))
    if person is not None and person.subdistrict_id != activity.subdistrict_id:
        errors.setdefault("person", []).append(_("不属于本街道。"))
    if unit is not None and unit.subdistrict_id != activity.subdistrict_id:
        errors.setdefault("unit", []).append(_("不属于本街道。"))
    if role not in Registration.Role.values:
        errors.setdefault("role", []).append(_("身份无效。"))
    if category is not None and category not in AttendeeCategory.values:
        errors.setdefault("category", []).append(_("类别无效。"))
    if errors:
        raise ValidationError(errors)

    existing = _invitation(activity, person, unit, lock=True)
    if existing is None and person is not None and unit is not None:
        # The unit names its representative: fill the open invitation of the unit.
        existing = _invitation(activity, None, unit, lock=True)
        if existing is not None:
            existing.person = person
            existing.save(update_fields=["person", "updated_at"])
            audit.record(
                actor=actor,
                action=AuditEntry.Action.UPDATE,
                obj=existing,
                request=request,
                detail={"fields": ["person"], "activity": activity.pk},
            )
            return existing
    if existing is not None:
        if existing.status in (Registration.Status.CANCELLED, Registration.Status.DECLINED):
            existing.status = Registration.Status.INVITED
            existing.save(update_fields=["status", "updated_at"])
            audit.record(
                actor=actor,
                action=AuditEntry.Action.UPDATE,
                obj=existing,
                request=request,
                detail={"fields": ["status"], "activity": activity.pk},
            )
        return existing

    if category is None:
        if person is not None:
            category = derived_category(person)
        else:
            assert unit is not None  # checked above: a person or a unit
            category = _unit_category(unit)
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                subdistrict_id=activity.subdistrict_id,
                activity=activity,
                person=person,
                unit=unit,
                role=role,
                category=category,
            )
    except IntegrityError:  # a concurrent invitation of the same person or unit won
        found = _invitation(activity, person, unit)
        if found is None:
            raise
        return found
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=registration,
        request=request,
        detail={"activity": activity.pk, "role": role, "category": category},
    )
    return registration


@transaction.atomic
def registration_set_status(
    *, actor: Actor, registration: Registration, status: str, request: HttpRequest | None = None
) -> Registration:
    _require_organiser(actor, registration.activity)
    if status not in Registration.Status.values:
        raise ValidationError({"status": [_("状态无效。")]})
    if registration.status != status:
        registration.status = status
        registration.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=registration,
            request=request,
            detail={"fields": ["status"], "status": status},
        )
    return registration


# ---------------------------------------------------------------- attendance


def _existing(session: Session, person: Person) -> Attendance | None:
    return Attendance.objects.filter(session=session, person=person).first()


def sign_in(
    *,
    session: Session,
    person: Person,
    method: str,
    by: Actor | User | None = None,
    at: dt.datetime | None = None,
    category: str | None = None,
    request: HttpRequest | None = None,
    account_roles: frozenset[str] | None = None,
) -> tuple[Attendance, bool]:
    """Mark ``person`` present at ``session``: ``(attendance, True)`` the first
    time, ``(existing, False)`` on every repeat, which changes nothing. One
    attendance per person per session whatever the concurrency: the database's
    unique constraint decides, and the loser of a race fetches the winner's row.

    ``by`` is the staff member who recorded it (manual sign-in, walk-in, import);
    such sign-ins are audited. The category is, in order: ``category``, the
    person's invitation's, or one derived from the person (``account_roles``:
    the roles of the person's account when the caller has them at hand)."""
    if person.subdistrict_id != session.subdistrict_id:
        raise ValidationError({"person": [_("不属于本街道。")]})
    if method not in Attendance.Method.values:
        raise ValidationError({"method": [_("签到方式无效。")]})
    _check_category(category)
    found = _existing(session, person)
    if found is not None:
        return found, False
    registration = Registration.objects.filter(activity_id=session.activity_id, person=person).first()
    if category is None:
        category = (
            registration.category if registration is not None else derived_category(person, account_roles=account_roles)
        )
    recorder = _user_of(by)
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(
                subdistrict_id=session.subdistrict_id,
                session=session,
                person=person,
                registration=registration,
                category=category,
                method=method,
                signed_in_at=at or timezone.now(),
                recorded_by=recorder,
            )
            if recorder is not None:
                audit.record(
                    actor=by,
                    action=AuditEntry.Action.CREATE,
                    obj=attendance,
                    request=request,
                    detail={"session": session.pk, "person": person.pk, "method": method, "category": category},
                )
    except IntegrityError:
        found = _existing(session, person)
        if found is None:  # not the one-per-session constraint: a real error
            raise
        return found, False
    return attendance, True


def sign_out(
    *,
    session: Session,
    person: Person,
    by: Actor | User | None = None,
    at: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> Attendance:
    """Record when ``person`` left. The first sign-out counts; a repeat changes nothing."""
    activity = session.activity
    if not activity.sign_out_enabled:
        raise ValidationError({"__all__": [_("此活动无需签退。")]})
    attendance = _existing(session, person)
    if attendance is None:
        raise ValidationError({"__all__": [_("尚未签到，无法签退。")]})
    if attendance.signed_out_at is not None:
        return attendance
    when = at or timezone.now()
    if when < attendance.signed_in_at:
        raise ValidationError({"__all__": [_("签退时间不能早于签到时间。")]})
    with transaction.atomic():
        # Conditional: of two concurrent sign-outs only the first writes.
        updated = Attendance.objects.filter(pk=attendance.pk, signed_out_at__isnull=True).update(signed_out_at=when)
        recorder = _user_of(by)
        if updated and recorder is not None:
            audit.record(
                actor=by,
                action=AuditEntry.Action.UPDATE,
                obj=attendance,
                request=request,
                detail={"fields": ["signed_out_at"], "session": session.pk},
            )
    attendance.refresh_from_db()
    return attendance


class Outcome:
    """What a QR scan did (the resident's result page says it)."""

    NEW = "new"  # signed in now
    REPEAT = "repeat"  # was already signed in: nothing changed
    OUT = "out"  # signed out (or had already)


def sign_with_token(
    *, session: Session, person: Person, token: qr.Token, account_roles: frozenset[str] | None = None
) -> tuple[Attendance, str]:
    """A resident's own scan: sign ``person`` in (or out, for an out code) with a
    token already read by ``qr.verify``. The resident sign-in page and the API both
    come here. Returns the attendance and an ``Outcome``; raises ``qr.TokenError``
    for another session's token and ``ValidationError`` for a refused sign-out."""
    if token.session_id != session.pk:
        raise qr.wrong_session()
    if token.mode == qr.Mode.OUT:
        return sign_out(session=session, person=person), Outcome.OUT
    attendance, created = sign_in(
        session=session, person=person, method=Attendance.Method.QR, account_roles=account_roles
    )
    return attendance, Outcome.NEW if created else Outcome.REPEAT


def staff_sign_in(
    *,
    actor: Actor,
    session: Session,
    person: Person,
    method: str = Attendance.Method.MANUAL,
    category: str | None = None,
    request: HttpRequest | None = None,
) -> tuple[Attendance, bool]:
    """An organiser signs someone in (an invited guest without an account, a walk-in)."""
    _require_organiser(actor, session.activity)
    return sign_in(session=session, person=person, method=method, by=actor, category=category, request=request)


def staff_sign_out(*, actor: Actor, session: Session, person: Person, request: HttpRequest | None = None) -> Attendance:
    _require_organiser(actor, session.activity)
    return sign_out(session=session, person=person, by=actor, request=request)
