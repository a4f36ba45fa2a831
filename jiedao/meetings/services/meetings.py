"""Meetings and their invitations. A meeting is an activity: creating one goes
through ``activities.services`` (``activity_create`` + ``session_create``), and so
do its invitations and its attendance. Nothing of them is copied here."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from jiedao.accounts.access import tenant_of
from jiedao.accounts.actor import Actor
from jiedao.activities import services as activities
from jiedao.activities.models import Activity, AttendeeCategory, Registration
from jiedao.core import audit
from jiedao.core.models import AuditEntry
from jiedao.core.services import check_same_tenant, clean_long_text, clean_text, model_update, new_errors, raise_if
from jiedao.meetings.access import require_manager
from jiedao.meetings.models import JointMeeting, Meeting, MemberUnit
from jiedao.org.models import Unit
from jiedao.people.models import Person


def meeting_values(
    *,
    subdistrict_id: int,
    joint_meeting: JointMeeting | None,
    title: str,
    starts_at: dt.datetime | None,
    ends_at: dt.datetime | None,
    place: str,
    host: Person | None = None,
) -> dict[str, Any]:
    errors = new_errors()
    if joint_meeting is None:
        errors["joint_meeting"].append(_("请选择联席会议。"))
    check_same_tenant(errors, "joint_meeting", joint_meeting, subdistrict_id)
    check_same_tenant(errors, "host", host, subdistrict_id)
    title = clean_text(errors, "title", title, max_length=200, required=True)
    raise_if(errors)
    return {
        "joint_meeting": joint_meeting,
        "title": title,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": place,
        "host": host,
    }


def _invite_host(actor: Actor, meeting: Meeting, host: Person, request: HttpRequest | None) -> None:
    activities.invite(
        actor=actor,
        activity=meeting.activity,
        person=host,
        role=Registration.Role.HOST,
        category=AttendeeCategory.OFFICE,
        request=request,
    )


@transaction.atomic
def meeting_create(
    *,
    actor: Actor,
    summary: str = "",
    invite_members: bool = True,
    request: HttpRequest | None = None,
    **data: Any,
) -> Meeting:
    """A meeting (the fields of ``meeting_values``): an activity (kind meeting,
    organised by the convenor unit) with one session; the host is invited as 主持,
    and the current member units too."""
    require_manager(actor)
    subdistrict_id = tenant_of(actor)
    values = meeting_values(subdistrict_id=subdistrict_id, **data)
    joint_meeting, host = values["joint_meeting"], values["host"]
    assert joint_meeting is not None
    try:
        activity = activities.activity_create(
            actor=actor,
            kind=Activity.Kind.MEETING,
            title=values["title"],
            organiser=joint_meeting.convenor_unit,
            request=request,
        )
        activities.session_create(
            actor=actor,
            activity=activity,
            starts_at=values["starts_at"],
            ends_at=values["ends_at"],
            place=values["place"],
            request=request,
        )
    except ValidationError as exc:
        # The session's fields are the meeting's: one form shows them all.
        raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from exc
    meeting = Meeting.objects.create(
        subdistrict_id=subdistrict_id,
        activity=activity,
        joint_meeting=joint_meeting,
        host=host,
        summary=clean_long_text(summary),
    )
    audit.record(
        actor=actor, action=AuditEntry.Action.CREATE, obj=meeting, request=request, detail={"activity": activity.pk}
    )
    if host is not None:
        _invite_host(actor, meeting, host, request)
    if invite_members:
        meeting_invite_members(actor=actor, meeting=meeting, request=request)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    actor: Actor,
    meeting: Meeting,
    host: Person | None,
    summary: str = "",
    request: HttpRequest | None = None,
) -> Meeting:
    require_manager(actor, meeting.subdistrict_id)
    errors = new_errors()
    check_same_tenant(errors, "host", host, meeting.subdistrict_id)
    raise_if(errors)
    if changes := model_update(meeting, {"host": host, "summary": clean_long_text(summary)}):
        audit.record_changes(actor=actor, obj=meeting, changes=changes, request=request)
    if host is not None:
        _invite_host(actor, meeting, host, request)
    return meeting


def member_category(unit: Unit) -> str:
    return AttendeeCategory.OFFICE if unit.kind == Unit.Kind.OFFICE else AttendeeCategory.MEMBER_UNIT


@transaction.atomic
def meeting_invite_members(*, actor: Actor, meeting: Meeting, request: HttpRequest | None = None) -> int:
    """Invite every current member unit (its representative, when it has one).
    Idempotent: an existing invitation is kept as it is. Returns the number of members."""
    require_manager(actor, meeting.subdistrict_id)
    members = MemberUnit.objects.filter(joint_meeting_id=meeting.joint_meeting_id, left_on__isnull=True).select_related(
        "unit", "representative"
    )
    n = 0
    for member in members:
        activities.invite(
            actor=actor,
            activity=meeting.activity,
            person=member.representative,
            unit=member.unit,
            category=member_category(member.unit),
            request=request,
        )
        n += 1
    return n


def meeting_invite(
    *,
    actor: Actor,
    meeting: Meeting,
    category: str | None = None,
    request: HttpRequest | None = None,
    **invitee: Any,
) -> Registration:
    """``activities.invite`` (``person``, ``unit``, ``role``) to a meeting, by its managers."""
    require_manager(actor, meeting.subdistrict_id)
    return activities.invite(
        actor=actor, activity=meeting.activity, category=category or None, request=request, **invitee
    )
