"""Invitations (邀请) and the category an attendee is counted in."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.accounts.models import Role, RoleAssignment
from jiedao.activities.models import Activity, AttendeeCategory, Registration
from jiedao.activities.services.activities import insert_once, require_organiser
from jiedao.core import audit
from jiedao.core.models import AuditEntry
from jiedao.core.services import Errors, change_detail, clean_text, model_update, new_errors, raise_if
from jiedao.org.models import Unit
from jiedao.people.models import Person

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
                RoleAssignment.objects.current()
                .filter(
                    user_id=person.user_id,
                    subdistrict_id=person.subdistrict_id,
                    role__in=[Role.ENTERPRISE_UNION_CHAIR, Role.AREA_UNION_CHAIR],
                )
                .values_list("role", flat=True)
            )
        )
        if Role.ENTERPRISE_UNION_CHAIR in roles:
            return AttendeeCategory.ENTERPRISE_UNION_CHAIR
        if Role.AREA_UNION_CHAIR in roles:
            return AttendeeCategory.AREA_UNION_CHAIR
    return AttendeeCategory.OTHER


def check_category(errors: Errors, category: str | None) -> None:
    if category is not None and category not in AttendeeCategory.values:
        errors["category"].append(_("类别无效。"))


# ---------------------------------------------------------------- invitations


def _invitation(
    activity: Activity, person: Person | None, unit: Unit | None, *, lock: bool = False
) -> Registration | None:
    """The person's invitation to ``activity``, or (no person) the unit's open one."""
    qs = Registration.objects.filter(activity=activity)
    if lock:
        qs = qs.select_for_update()
    return qs.filter(person=person).first() if person is not None else qs.filter(unit=unit, person=None).first()


def _check_invitation(
    activity: Activity, person: Person | None, unit: Unit | None, role: str, category: str | None
) -> None:
    errors = new_errors()
    if person is None and unit is None:
        errors["person"].append(_("请选择被邀请的人员或单位。"))
    if person is not None and person.subdistrict_id != activity.subdistrict_id:
        errors["person"].append(_("不属于本街道。"))
    if unit is not None and unit.subdistrict_id != activity.subdistrict_id:
        errors["unit"].append(_("不属于本街道。"))
    if role not in Registration.Role.values:
        errors["role"].append(_("身份无效。"))
    check_category(errors, category)
    raise_if(errors)


@transaction.atomic
def invite(
    *,
    actor: Actor,
    activity: Activity,
    person: Person | None = None,
    unit: Unit | None = None,
    role: str = Registration.Role.ATTENDEE,
    category: str | None = None,
    note: str = "",
    request: HttpRequest | None = None,
) -> Registration:
    """Invite a person, or a unit to send a representative (both: the person
    represents the unit). Idempotent: inviting again returns the existing
    invitation unchanged (a cancelled or declined one is invited again), except for
    a ``note`` given anew. The note is the guest's post as printed (区总工会主席): the
    registry keeps no posts, the minutes and the newsletter print it with the name."""
    require_organiser(actor, activity)
    errors = new_errors()
    note = clean_text(errors, "note", note, max_length=200)
    raise_if(errors)
    _check_invitation(activity, person, unit, role, category)

    existing = _invitation(activity, person, unit, lock=True)
    changes: dict[str, list[Any]] = {}
    if existing is None and person is not None and unit is not None:
        # The unit names its representative: fill the open invitation of the unit.
        existing = _invitation(activity, None, unit, lock=True)
        if existing is not None:
            changes = model_update(existing, {"person": person})
    elif existing is not None and existing.status in (Registration.Status.CANCELLED, Registration.Status.DECLINED):
        changes = model_update(existing, {"status": Registration.Status.INVITED})
    if existing is not None and note and note != existing.note:
        changes |= model_update(existing, {"note": note})
    if existing is not None:
        if changes:
            audit.record(
                actor=actor,
                action=AuditEntry.Action.UPDATE,
                obj=existing,
                request=request,
                detail=change_detail(changes, activity=activity.pk),
            )
        return existing

    if category is None:
        if person is not None:
            category = derived_category(person)
        else:
            assert unit is not None  # checked above: a person or a unit
            category = AttendeeCategory.OFFICE if unit.kind == Unit.Kind.OFFICE else AttendeeCategory.OTHER
    registration, created = insert_once(
        lambda: Registration.objects.create(
            subdistrict_id=activity.subdistrict_id,
            activity=activity,
            person=person,
            unit=unit,
            role=role,
            category=category,
            note=note,
        ),
        lambda: _invitation(activity, person, unit),  # a concurrent invitation of the same person or unit won
    )
    if created:
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
    require_organiser(actor, registration.activity)
    if status not in Registration.Status.values:
        raise ValidationError({"status": [_("状态无效。")]})
    changes = model_update(registration, {"status": status})
    if changes:
        audit.record_changes(actor=actor, obj=registration, changes=changes, request=request)
    return registration
