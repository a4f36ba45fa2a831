"""Regulations (制度) and their versions: 草案 → 审议 → 通过 → 施行 → 废止."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.models import AuditEntry
from jiedao.core.services import check_same_tenant, clean_long_text, clean_text, model_update, new_errors, raise_if
from jiedao.meetings.access import require_manager
from jiedao.meetings.models import VERSION_TRANSITIONS, JointMeeting, Meeting, Regulation, RegulationVersion
from jiedao.people.models import Person

Status = RegulationVersion.Status
TRANSITIONS = VERSION_TRANSITIONS


def version_values(
    *, subdistrict_id: int, title: str, text: str = "", presented_by: Person | None = None
) -> dict[str, Any]:
    errors = new_errors()
    title = clean_text(errors, "title", title, max_length=200, required=True)
    check_same_tenant(errors, "presented_by", presented_by, subdistrict_id)
    raise_if(errors)
    return {"title": title, "text": clean_long_text(text), "presented_by": presented_by}


@transaction.atomic
def regulation_create(
    *,
    actor: Actor,
    joint_meeting: JointMeeting,
    title: str,
    version_title: str = "",
    text: str = "",
    presented_by: Person | None = None,
    request: HttpRequest | None = None,
) -> Regulation:
    """A new regulation with its first version, a draft (草案)."""
    sd = joint_meeting.subdistrict_id
    require_manager(actor, sd)
    errors = new_errors()
    title = clean_text(errors, "title", title, max_length=200, required=True)
    if title and Regulation.objects.filter(subdistrict_id=sd, title=title).exists():
        errors["title"].append(_("已有名为“%(t)s”的制度。") % {"t": title})
    raise_if(errors)
    values = version_values(
        subdistrict_id=sd, title=version_title or f"{title}（草案）", text=text, presented_by=presented_by
    )
    regulation = Regulation.objects.create(subdistrict_id=sd, joint_meeting=joint_meeting, title=title)
    version = RegulationVersion.objects.create(subdistrict_id=sd, regulation=regulation, number=1, **values)
    audit.record(
        actor=actor, action=AuditEntry.Action.CREATE, obj=regulation, request=request, detail={"version": version.pk}
    )
    return regulation


@transaction.atomic
def version_create(
    *, actor: Actor, regulation: Regulation, request: HttpRequest | None = None, **data: Any
) -> RegulationVersion:
    """A new draft of a regulation (the fields of ``version_values``, a revision); the
    version in force stays in force until it is replaced."""
    require_manager(actor, regulation.subdistrict_id)
    values = version_values(subdistrict_id=regulation.subdistrict_id, **data)
    Regulation.objects.select_for_update().filter(pk=regulation.pk).first()  # serialise numbering
    number = (regulation.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = RegulationVersion.objects.create(
        subdistrict_id=regulation.subdistrict_id, regulation=regulation, number=number, **values
    )
    audit.record(actor=actor, action=AuditEntry.Action.CREATE, obj=version, request=request, detail={"number": number})
    return version


@transaction.atomic
def version_transition(
    *,
    actor: Actor,
    version: RegulationVersion,
    status: str,
    on: dt.date | None = None,
    meeting: Meeting | None = None,
    request: HttpRequest | None = None,
) -> RegulationVersion:
    """Move a version along 草案 → 审议 → 通过 → 施行 → 废止. Putting a version in
    force repeals the one in force before it (at most one in force, also a DB constraint)."""
    require_manager(actor, version.subdistrict_id)
    # The regulation's row first: two of its versions put in force at once take turns,
    # and the second repeals the first instead of failing on the one-in-force constraint.
    Regulation.objects.select_for_update().filter(pk=version.regulation_id).first()
    version = RegulationVersion.objects.select_for_update().get(pk=version.pk)
    on = on or timezone.localdate()
    if status not in Status.values:
        raise ValidationError({"status": [_("状态无效。")]})
    if status not in TRANSITIONS[version.status]:
        raise ValidationError(
            {
                "status": [
                    _("不能从“%(old)s”变为“%(new)s”。")
                    % {"old": version.get_status_display(), "new": Status(status).label}
                ]
            }
        )
    if meeting is not None and meeting.subdistrict_id != version.subdistrict_id:
        raise ValidationError({"meeting": [_("所选对象不存在或不属于本街道。")]})
    values: dict[str, Any] = {}
    if status == Status.ADOPTED:
        values = {"adopted_on": on, "adopted_at": meeting}
    elif status == Status.IN_FORCE:
        if version.adopted_on and on < version.adopted_on:
            raise ValidationError({"on": [_("施行日期不能早于通过日期。")]})
        for current in RegulationVersion.objects.select_for_update().filter(
            regulation_id=version.regulation_id, status=Status.IN_FORCE
        ):
            changes = model_update(current, {"status": Status.REPEALED, "repealed_on": on})
            audit.record_changes(actor=actor, obj=current, changes=changes, request=request)
        values = {"in_force_on": on}
    elif status == Status.REPEALED:
        values = {"repealed_on": on}
    changes = model_update(version, {**values, "status": status})
    audit.record_changes(actor=actor, obj=version, changes=changes, request=request)
    return version
