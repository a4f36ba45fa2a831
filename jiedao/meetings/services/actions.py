"""Action items (督办事项) and their progress notes."""

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
from jiedao.core.errors import Forbidden
from jiedao.core.models import AuditEntry
from jiedao.core.services import check_same_tenant, clean_long_text, clean_text, model_update, new_errors, raise_if
from jiedao.meetings.access import may_note, require_manager
from jiedao.meetings.models import ActionItem, Meeting, ProgressNote, Requirement
from jiedao.org.models import Unit

NOTE_MAX_LENGTH = 2000


def action_item_values(
    *, subdistrict_id: int, title: str, owner_unit: Unit | None, deadline: dt.date | None, description: str = ""
) -> dict[str, Any]:
    errors = new_errors()
    title = clean_text(errors, "title", title, max_length=200, required=True)
    if owner_unit is None:
        errors["owner_unit"].append(_("请选择责任单位。"))
    check_same_tenant(errors, "owner_unit", owner_unit, subdistrict_id)
    if deadline is None:
        errors["deadline"].append(_("请填写办结期限。"))
    raise_if(errors)
    return {"title": title, "owner_unit": owner_unit, "deadline": deadline, "description": clean_long_text(description)}


@transaction.atomic
def action_item_create(
    *,
    actor: Actor,
    title: str,
    owner_unit: Unit | None,
    deadline: dt.date | None,
    description: str = "",
    meeting: Meeting | None = None,
    requirement: Requirement | None = None,
    request: HttpRequest | None = None,
) -> ActionItem:
    """A 督办事项, free or from a requirement of a speech (then of that meeting, once)."""
    require_manager(actor)
    sd = tenant_of(actor)
    values = action_item_values(
        subdistrict_id=sd, title=title, owner_unit=owner_unit, deadline=deadline, description=description
    )
    errors = new_errors()
    if requirement is not None:
        check_same_tenant(errors, "requirement", requirement, sd)
        Requirement.objects.select_for_update().filter(pk=requirement.pk).first()  # converted once
        meeting = requirement.agenda_item.meeting
        if ActionItem.objects.filter(requirement=requirement).exists():
            errors["requirement"].append(_("该要求已转为督办事项。"))
    check_same_tenant(errors, "meeting", meeting, sd)
    raise_if(errors)
    item = ActionItem.objects.create(
        subdistrict_id=sd, meeting=meeting, requirement=requirement, created_by=actor.user, **values
    )
    audit.record_created(actor=actor, obj=item, values=values, request=request)
    return item


@transaction.atomic
def action_item_update(
    *, actor: Actor, item: ActionItem, request: HttpRequest | None = None, **data: Any
) -> ActionItem:
    require_manager(actor, item.subdistrict_id)
    values = action_item_values(subdistrict_id=item.subdistrict_id, **data)
    if changes := model_update(item, values):
        audit.record_changes(actor=actor, obj=item, changes=changes, request=request)
    return item


@transaction.atomic
def action_item_set_status(
    *, actor: Actor, item: ActionItem, status: str, request: HttpRequest | None = None
) -> ActionItem:
    require_manager(actor, item.subdistrict_id)
    if status not in ActionItem.Status.values:
        raise ValidationError({"status": [_("状态无效。")]})
    if item.status == status:
        return item
    closed = status in (ActionItem.Status.DONE, ActionItem.Status.CANCELLED)
    changes = model_update(item, {"status": status, "closed_on": timezone.localdate() if closed else None})
    audit.record_changes(actor=actor, obj=item, changes=changes, request=request)
    return item


@transaction.atomic
def progress_note_add(*, actor: Actor, item: ActionItem, text: str, request: HttpRequest | None = None) -> ProgressNote:
    """A progress note by an office or by the chair of the owner unit."""
    if not may_note(actor, item):
        raise Forbidden(_("只有责任单位和街道机关科室可以填写进展。"))
    text = clean_long_text(text)
    if not text:
        raise ValidationError({"text": [_("此项不能为空。")]})
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"text": [_("最多%(n)d个字，当前%(len)d个字。") % {"n": NOTE_MAX_LENGTH, "len": len(text)}]}
        )
    note = ProgressNote.objects.create(
        subdistrict_id=item.subdistrict_id,
        action_item=item,
        text=text,
        written_by=actor.user,
        written_at=timezone.now(),
    )
    if item.status == ActionItem.Status.OPEN:
        ActionItem.objects.filter(pk=item.pk, status=ActionItem.Status.OPEN).update(
            status=ActionItem.Status.IN_PROGRESS
        )
        item.status = ActionItem.Status.IN_PROGRESS
    audit.record(
        actor=actor, action=AuditEntry.Action.CREATE, obj=note, request=request, detail={"action_item": item.pk}
    )
    return note
