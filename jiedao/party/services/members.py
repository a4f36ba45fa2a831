"""Members, the audited read of a member's record, yearly targets and the rules."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from jiedao.accounts.access import tenant_of
from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.errors import Forbidden
from jiedao.core.models import AuditEntry
from jiedao.core.numbers import TENTH, parse_decimal
from jiedao.core.services import (
    Errors,
    check_same_tenant,
    clean_text,
    model_update,
    new_errors,
    raise_if,
    withheld_changes,
)
from jiedao.party.access import can_manage, can_read
from jiedao.party.models import Branch, PartyMember, StudyRules, TargetOverride
from jiedao.people.models import PartyCategory, Person

MAX_HOURS = Decimal(1000)


def require_manager(actor: Actor, subdistrict_id: int | None = None) -> int:
    """The manager's sub-district; ``Forbidden`` for anyone else (or another tenant's row)."""
    if not can_manage(actor) or (subdistrict_id is not None and subdistrict_id != actor.subdistrict_id):
        raise Forbidden(_("只有街道管理员和党建办可以维护党员信息。"))
    return tenant_of(actor)


def clean_hours(errors: Errors, field: str, value: Any, *, maximum: Decimal = MAX_HOURS, zero: bool = False) -> Decimal:
    hours = parse_decimal(value, step=TENTH)  # half up: 2.25 h is 2.3, never half-even 2.2
    if hours is None:
        errors[field].append(_("请填写学时数。"))
        return Decimal(0)
    if hours < 0 or (hours == 0 and not zero) or hours > maximum:
        errors[field].append(_("学时须大于0且不超过%(max)s。") % {"max": maximum})
    return hours


# ---------------------------------------------------------------- members


def member_values(
    *,
    subdistrict_id: int,
    branch: Branch | None,
    status: str = PartyMember.Status.FULL,
    category: str = "",
    joined_on: dt.date | None = None,
    transferred_in_on: dt.date | None = None,
    transferred_in_from: str = "",
    transfer_letter: str = "",
    mobility: str = "",
) -> dict[str, Any]:
    errors = new_errors()
    if branch is None:
        errors["branch"].append(_("请选择所在党组织。"))
    check_same_tenant(errors, "branch", branch, subdistrict_id)
    if status not in PartyMember.Status.values:
        errors["status"].append(_("党员类别无效。"))
    if category and category not in PartyCategory.values:
        errors["category"].append(_("三新类别无效。"))
    if mobility not in PartyMember.Mobility.values:
        errors["mobility"].append(_("流动状态无效。"))
    transferred_in_from = clean_text(errors, "transferred_in_from", transferred_in_from, max_length=200)
    transfer_letter = clean_text(errors, "transfer_letter", transfer_letter, max_length=64)
    if transferred_in_on is None and (transferred_in_from or transfer_letter):
        errors["transferred_in_on"].append(_("请填写组织关系转入日期。"))
    if joined_on is not None and transferred_in_on is not None and transferred_in_on < joined_on:
        errors["transferred_in_on"].append(_("转入日期不能早于入党日期。"))
    raise_if(errors)
    return {
        "branch": branch,
        "status": status,
        "category": category,
        "joined_on": joined_on,
        "transferred_in_on": transferred_in_on,
        "transferred_in_from": transferred_in_from,
        "transfer_letter": transfer_letter,
        "mobility": mobility,
    }


@transaction.atomic
def member_enrol(*, actor: Actor, person: Person, request: HttpRequest | None = None, **data: Any) -> PartyMember:
    """Record ``person`` of the registry as a party member of a branch (``member_values``)."""
    subdistrict_id = require_manager(actor)
    errors = new_errors()
    check_same_tenant(errors, "person", person, subdistrict_id)
    if PartyMember.objects.filter(person=person).exists():
        errors["person"].append(_("此人已登记为党员。"))
    raise_if(errors)
    values = member_values(subdistrict_id=subdistrict_id, **data)
    member = PartyMember.objects.create(subdistrict_id=subdistrict_id, person=person, **values)
    # Party facts stay out of the log (offices of every kind read it): which fields only.
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=member,
        request=request,
        detail={"changes": withheld_changes(values)},
    )
    return member


@transaction.atomic
def member_update(*, actor: Actor, member: PartyMember, request: HttpRequest | None = None, **data: Any) -> PartyMember:
    require_manager(actor, member.subdistrict_id)
    changes = model_update(member, member_values(subdistrict_id=member.subdistrict_id, **data))
    if changes:
        audit.record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=member,
            request=request,
            detail={"changes": withheld_changes(changes)},
        )
    return member


@transaction.atomic
def member_transfer_out(
    *, actor: Actor, member: PartyMember, on: dt.date | None, to: str, request: HttpRequest | None = None
) -> PartyMember:
    require_manager(actor, member.subdistrict_id)
    errors = new_errors()
    to = clean_text(errors, "transferred_out_to", to, max_length=200, required=True)
    if on is None:
        errors["transferred_out_on"].append(_("请填写转出日期。"))
    elif member.transferred_in_on is not None and on < member.transferred_in_on:
        errors["transferred_out_on"].append(_("转出日期不能早于转入日期。"))
    raise_if(errors)
    changes = model_update(member, {"transferred_out_on": on, "transferred_out_to": to})
    if changes:
        audit.record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=member,
            request=request,
            detail={"changes": withheld_changes(changes)},
        )
    return member


def member_read(*, actor: Actor, member: PartyMember, request: HttpRequest | None = None) -> PartyMember:
    """A reader opens one member's record: audited like the reveal of an ID number."""
    if not can_read(actor) or actor.subdistrict_id != member.subdistrict_id:
        raise Forbidden(_("您无权查看党员信息。"))
    audit.record(
        actor=actor, action=AuditEntry.Action.REVEAL, obj=member, request=request, detail={"field": "party_member"}
    )
    return member


@transaction.atomic
def target_set(
    *,
    actor: Actor,
    member: PartyMember,
    year: int,
    hours: Any,
    reason: str,
    request: HttpRequest | None = None,
) -> TargetOverride:
    """A prorated target for a member who joined during the year."""
    require_manager(actor, member.subdistrict_id)
    errors = new_errors()
    value = clean_hours(errors, "hours", hours, maximum=Decimal(200), zero=True)
    reason = clean_text(errors, "reason", reason, max_length=200, required=True)
    if not 2000 <= year <= 2100:
        errors["year"].append(_("年度无效。"))
    raise_if(errors)
    override, created = TargetOverride.objects.select_for_update().get_or_create(
        subdistrict_id=member.subdistrict_id, member=member, year=year, defaults={"hours": value, "reason": reason}
    )
    if created:
        audit.record_created(
            actor=actor, obj=override, values={"year": year, "hours": value, "reason": reason}, request=request
        )
    elif changes := model_update(override, {"hours": value, "reason": reason}):
        audit.record_changes(actor=actor, obj=override, changes=changes, request=request)
    return override


@transaction.atomic
def rules_update(
    *,
    actor: Actor,
    full_day_hours: Any,
    half_day_hours: Any,
    member_target: Any,
    leader_target: Any,
    request: HttpRequest | None = None,
) -> StudyRules:
    """The sub-district's conversion rules and yearly targets (created on first save)."""
    subdistrict_id = require_manager(actor)
    errors = new_errors()
    values = {
        "full_day_hours": clean_hours(errors, "full_day_hours", full_day_hours, maximum=Decimal(24)),
        "half_day_hours": clean_hours(errors, "half_day_hours", half_day_hours, maximum=Decimal(12)),
        "member_target": clean_hours(errors, "member_target", member_target, maximum=Decimal(500), zero=True),
        "leader_target": clean_hours(errors, "leader_target", leader_target, maximum=Decimal(500), zero=True),
    }
    raise_if(errors)
    rules, created = StudyRules.objects.select_for_update().get_or_create(
        subdistrict_id=subdistrict_id, defaults=values
    )
    if created:
        audit.record_created(actor=actor, obj=rules, values=values, request=request)
    elif changes := model_update(rules, values):
        audit.record_changes(actor=actor, obj=rules, changes=changes, request=request)
    return rules
