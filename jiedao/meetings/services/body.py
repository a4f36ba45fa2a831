"""The joint meeting body (联席会议) and its member units."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.access import tenant_of
from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.models import AuditEntry
from jiedao.core.services import (
    check_same_tenant,
    clean_long_text,
    clean_text,
    model_update,
    new_errors,
    others,
    raise_if,
)
from jiedao.meetings.access import require_manager
from jiedao.meetings.models import JointMeeting, MemberUnit
from jiedao.org.models import Unit
from jiedao.people.models import Person


def joint_meeting_values(
    *,
    subdistrict_id: int,
    name: str,
    convenor_unit: Unit | None,
    convenor: Person | None = None,
    frequency: str = JointMeeting.Frequency.YEARLY,
    description: str = "",
    pk: int | None = None,
) -> dict[str, Any]:
    errors = new_errors()
    name = clean_text(errors, "name", name, max_length=100, required=True)
    if convenor_unit is None:
        errors["convenor_unit"].append(_("请选择召集单位。"))
    check_same_tenant(errors, "convenor_unit", convenor_unit, subdistrict_id)
    check_same_tenant(errors, "convenor", convenor, subdistrict_id)
    if frequency not in JointMeeting.Frequency.values:
        errors["frequency"].append(_("召开频次无效。"))
    if name and others(JointMeeting.objects.filter(subdistrict_id=subdistrict_id, name=name), pk).exists():
        errors["name"].append(_("本街道已有名为“%(name)s”的联席会议。") % {"name": name})
    raise_if(errors)
    return {
        "name": name,
        "convenor_unit": convenor_unit,
        "convenor": convenor,
        "frequency": frequency,
        "description": clean_long_text(description),
    }


@transaction.atomic
def joint_meeting_create(*, actor: Actor, request: HttpRequest | None = None, **data: Any) -> JointMeeting:
    require_manager(actor)
    subdistrict_id = tenant_of(actor)
    values = joint_meeting_values(subdistrict_id=subdistrict_id, **data)
    body = JointMeeting.objects.create(subdistrict_id=subdistrict_id, **values)
    audit.record_created(actor=actor, obj=body, values=values, request=request)
    return body


@transaction.atomic
def joint_meeting_update(
    *, actor: Actor, joint_meeting: JointMeeting, request: HttpRequest | None = None, **data: Any
) -> JointMeeting:
    require_manager(actor, joint_meeting.subdistrict_id)
    values = joint_meeting_values(subdistrict_id=joint_meeting.subdistrict_id, pk=joint_meeting.pk, **data)
    if changes := model_update(joint_meeting, values):
        audit.record_changes(actor=actor, obj=joint_meeting, changes=changes, request=request)
    return joint_meeting


@transaction.atomic
def member_add(
    *,
    actor: Actor,
    joint_meeting: JointMeeting,
    unit: Unit | None,
    representative: Person | None = None,
    joined_on: dt.date | None = None,
    request: HttpRequest | None = None,
) -> MemberUnit:
    require_manager(actor, joint_meeting.subdistrict_id)
    errors = new_errors()
    if unit is None:
        errors["unit"].append(_("请选择单位。"))
    check_same_tenant(errors, "unit", unit, joint_meeting.subdistrict_id)
    check_same_tenant(errors, "representative", representative, joint_meeting.subdistrict_id)
    JointMeeting.objects.select_for_update().filter(pk=joint_meeting.pk).first()  # one join at a time
    current = MemberUnit.objects.filter(joint_meeting=joint_meeting, left_on__isnull=True)
    if unit is not None and current.filter(unit=unit).exists():
        errors["unit"].append(_("“%(unit)s”已是成员单位。") % {"unit": unit.name})
    raise_if(errors)
    assert unit is not None
    member = MemberUnit.objects.create(
        subdistrict_id=joint_meeting.subdistrict_id,
        joint_meeting=joint_meeting,
        unit=unit,
        representative=representative,
        joined_on=joined_on or timezone.localdate(),
    )
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=member,
        request=request,
        detail={"joint_meeting": joint_meeting.pk},
    )
    return member


@transaction.atomic
def member_leave(
    *, actor: Actor, member: MemberUnit, left_on: dt.date | None = None, request: HttpRequest | None = None
) -> MemberUnit:
    require_manager(actor, member.subdistrict_id)
    left_on = left_on or timezone.localdate()
    if member.left_on is not None:
        raise ValidationError({"left_on": [_("该单位已退出。")]})
    if left_on < member.joined_on:
        raise ValidationError({"left_on": [_("退出日期不能早于加入日期。")]})
    changes = model_update(member, {"left_on": left_on})
    audit.record_changes(actor=actor, obj=member, changes=changes, request=request)
    return member
