"""Business operations of the joint meeting system. Pages, the API, the demo
loader and the reminder task call these functions: each validates its input (one
``*_values`` function per record), runs in one transaction, checks the actor may
manage meetings, and writes an audit entry for every change.

A meeting is an activity: creating one goes through ``activities.services``
(``activity_create`` + ``session_create``), and so do its invitations and its
attendance. Nothing of them is copied here.
"""

import datetime as dt
from collections import defaultdict
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import F, Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.activities import services as activities
from jiedao.activities.models import Activity, AttendeeCategory, Registration, Session
from jiedao.core import audit
from jiedao.core.models import AuditEntry
from jiedao.meetings.access import can_manage, require_manager
from jiedao.meetings.models import (
    ActionItem,
    AgendaItem,
    Commendation,
    JointMeeting,
    Meeting,
    MeetingPhoto,
    MemberUnit,
    ProgressNote,
    Regulation,
    RegulationVersion,
    Requirement,
)
from jiedao.org.models import Unit
from jiedao.people.models import Person

Errors = defaultdict[str, list[str]]
Status = RegulationVersion.Status

# 草案 → 审议 → 通过 → 施行 → 废止; a draft under review may go back for redrafting,
# and a draft may be withdrawn before adoption (废止 without ever being in force).
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.REVIEW, Status.REPEALED}),
    Status.REVIEW: frozenset({Status.DRAFT, Status.ADOPTED, Status.REPEALED}),
    Status.ADOPTED: frozenset({Status.IN_FORCE, Status.REPEALED}),
    Status.IN_FORCE: frozenset({Status.REPEALED}),
    Status.REPEALED: frozenset(),
}
DECISION_KINDS = frozenset({AgendaItem.Kind.DELIBERATION, AgendaItem.Kind.ADOPTION})


def _text(errors: Errors, field: str, value: str | None, *, max_length: int, required: bool = False) -> str:
    text = " ".join((value or "").split())
    if required and not text:
        errors[field].append(_("此项不能为空。"))
    elif len(text) > max_length:
        errors[field].append(_("最多%(n)d个字，当前%(len)d个字。") % {"n": max_length, "len": len(text)})
    return text


def _long_text(value: str | None) -> str:
    """Multi-line text: trimmed, line breaks kept."""
    return "\n".join(line.rstrip() for line in (value or "").strip().splitlines())


def _same_tenant(errors: Errors, field: str, obj: models.Model | None, subdistrict_id: int) -> None:
    if obj is not None and getattr(obj, "subdistrict_id", None) != subdistrict_id:
        errors[field].append(_("所选对象不存在或不属于本街道。"))


def _raise_if(errors: Errors) -> None:
    if errors:
        raise ValidationError(dict(errors))


def _json(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _log(
    actor: Actor, action: str, obj: models.Model, request: HttpRequest | None, detail: dict[str, Any] | None = None
) -> None:
    audit.record(actor=actor, action=action, obj=obj, request=request, detail=detail or {})


def _apply(obj: models.Model, values: dict[str, Any]) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = {}
    for field, new in values.items():
        old = getattr(obj, field)
        if old != new:
            changes[field] = [_json(old), _json(new)]
            setattr(obj, field, new)
    return changes


def _check_actor(actor: Actor, subdistrict_id: int) -> None:
    require_manager(actor)
    if actor.subdistrict_id != subdistrict_id:
        raise PermissionDenied(_("只有街道机关科室可以管理联席会议。"))


# Joint meeting body ---------------------------------------------------------


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
    errors: Errors = defaultdict(list)
    name = _text(errors, "name", name, max_length=100, required=True)
    if convenor_unit is None:
        errors["convenor_unit"].append(_("请选择召集单位。"))
    _same_tenant(errors, "convenor_unit", convenor_unit, subdistrict_id)
    _same_tenant(errors, "convenor", convenor, subdistrict_id)
    if frequency not in JointMeeting.Frequency.values:
        errors["frequency"].append(_("召开频次无效。"))
    clash = JointMeeting.objects.filter(subdistrict_id=subdistrict_id, name=name)
    if name and (clash.exclude(pk=pk) if pk else clash).exists():
        errors["name"].append(_("本街道已有名为“%(name)s”的联席会议。") % {"name": name})
    _raise_if(errors)
    return {
        "name": name,
        "convenor_unit": convenor_unit,
        "convenor": convenor,
        "frequency": frequency,
        "description": _long_text(description),
    }


@transaction.atomic
def joint_meeting_create(*, actor: Actor, request: HttpRequest | None = None, **data: Any) -> JointMeeting:
    subdistrict_id = actor.subdistrict_id or 0
    _check_actor(actor, subdistrict_id)
    values = joint_meeting_values(subdistrict_id=subdistrict_id, **data)
    body = JointMeeting.objects.create(subdistrict_id=subdistrict_id, **values)
    _log(actor, AuditEntry.Action.CREATE, body, request, {"values": {k: _json(v) for k, v in values.items()}})
    return body


@transaction.atomic
def joint_meeting_update(
    *, actor: Actor, joint_meeting: JointMeeting, request: HttpRequest | None = None, **data: Any
) -> JointMeeting:
    _check_actor(actor, joint_meeting.subdistrict_id)
    values = joint_meeting_values(subdistrict_id=joint_meeting.subdistrict_id, pk=joint_meeting.pk, **data)
    changes = _apply(joint_meeting, values)
    if changes:
        joint_meeting.save()
        _log(actor, AuditEntry.Action.UPDATE, joint_meeting, request, {"changes": changes})
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
    _check_actor(actor, joint_meeting.subdistrict_id)
    errors: Errors = defaultdict(list)
    if unit is None:
        errors["unit"].append(_("请选择单位。"))
    _same_tenant(errors, "unit", unit, joint_meeting.subdistrict_id)
    _same_tenant(errors, "representative", representative, joint_meeting.subdistrict_id)
    JointMeeting.objects.select_for_update().filter(pk=joint_meeting.pk).first()  # one join at a time
    current = MemberUnit.objects.filter(joint_meeting=joint_meeting, left_on__isnull=True)
    if unit is not None and current.filter(unit=unit).exists():
        errors["unit"].append(_("“%(unit)s”已是成员单位。") % {"unit": unit.name})
    _raise_if(errors)
    assert unit is not None
    member = MemberUnit.objects.create(
        subdistrict_id=joint_meeting.subdistrict_id,
        joint_meeting=joint_meeting,
        unit=unit,
        representative=representative,
        joined_on=joined_on or timezone.localdate(),
    )
    _log(actor, AuditEntry.Action.CREATE, member, request, {"joint_meeting": joint_meeting.pk})
    return member


@transaction.atomic
def member_leave(
    *, actor: Actor, member: MemberUnit, left_on: dt.date | None = None, request: HttpRequest | None = None
) -> MemberUnit:
    _check_actor(actor, member.subdistrict_id)
    left_on = left_on or timezone.localdate()
    if member.left_on is not None:
        raise ValidationError({"left_on": [_("该单位已退出。")]})
    if left_on < member.joined_on:
        raise ValidationError({"left_on": [_("退出日期不能早于加入日期。")]})
    member.left_on = left_on
    member.save(update_fields=["left_on"])
    _log(actor, AuditEntry.Action.UPDATE, member, request, {"left_on": left_on.isoformat()})
    return member


# Regulations ----------------------------------------------------------------


def version_values(
    *, subdistrict_id: int, title: str, text: str = "", presented_by: Person | None = None
) -> dict[str, Any]:
    errors: Errors = defaultdict(list)
    title = _text(errors, "title", title, max_length=200, required=True)
    _same_tenant(errors, "presented_by", presented_by, subdistrict_id)
    _raise_if(errors)
    return {"title": title, "text": _long_text(text), "presented_by": presented_by}


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
    _check_actor(actor, sd)
    errors: Errors = defaultdict(list)
    title = _text(errors, "title", title, max_length=200, required=True)
    if title and Regulation.objects.filter(subdistrict_id=sd, title=title).exists():
        errors["title"].append(_("已有名为“%(t)s”的制度。") % {"t": title})
    _raise_if(errors)
    values = version_values(
        subdistrict_id=sd, title=version_title or f"{title}（草案）", text=text, presented_by=presented_by
    )
    regulation = Regulation.objects.create(subdistrict_id=sd, joint_meeting=joint_meeting, title=title)
    version = RegulationVersion.objects.create(subdistrict_id=sd, regulation=regulation, number=1, **values)
    _log(actor, AuditEntry.Action.CREATE, regulation, request, {"version": version.pk})
    return regulation


@transaction.atomic
def version_create(
    *,
    actor: Actor,
    regulation: Regulation,
    title: str,
    text: str = "",
    presented_by: Person | None = None,
    request: HttpRequest | None = None,
) -> RegulationVersion:
    """A new draft of a regulation (a revision); the version in force stays in force until it is replaced."""
    _check_actor(actor, regulation.subdistrict_id)
    values = version_values(subdistrict_id=regulation.subdistrict_id, title=title, text=text, presented_by=presented_by)
    Regulation.objects.select_for_update().filter(pk=regulation.pk).first()  # serialise numbering
    number = (regulation.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = RegulationVersion.objects.create(
        subdistrict_id=regulation.subdistrict_id, regulation=regulation, number=number, **values
    )
    _log(actor, AuditEntry.Action.CREATE, version, request, {"number": number})
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
    _check_actor(actor, version.subdistrict_id)
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
    old = version.status
    if status == Status.ADOPTED:
        version.adopted_on = on
        version.adopted_at = meeting
    elif status == Status.IN_FORCE:
        if version.adopted_on and on < version.adopted_on:
            raise ValidationError({"on": [_("施行日期不能早于通过日期。")]})
        for current in RegulationVersion.objects.select_for_update().filter(
            regulation_id=version.regulation_id, status=Status.IN_FORCE
        ):
            current.status, current.repealed_on = Status.REPEALED, on
            current.save(update_fields=["status", "repealed_on"])
            _log(actor, AuditEntry.Action.UPDATE, current, request, {"status": [Status.IN_FORCE, Status.REPEALED]})
        version.in_force_on = on
    elif status == Status.REPEALED:
        version.repealed_on = on
    version.status = status
    version.save()
    _log(actor, AuditEntry.Action.UPDATE, version, request, {"status": [old, status], "on": on.isoformat()})
    return version


# Meetings -------------------------------------------------------------------


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
    errors: Errors = defaultdict(list)
    if joint_meeting is None:
        errors["joint_meeting"].append(_("请选择联席会议。"))
    _same_tenant(errors, "joint_meeting", joint_meeting, subdistrict_id)
    _same_tenant(errors, "host", host, subdistrict_id)
    title = _text(errors, "title", title, max_length=200, required=True)
    _raise_if(errors)
    return {
        "joint_meeting": joint_meeting,
        "title": title,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": place,
        "host": host,
    }


@transaction.atomic
def meeting_create(
    *,
    actor: Actor,
    joint_meeting: JointMeeting | None,
    title: str,
    starts_at: dt.datetime | None,
    ends_at: dt.datetime | None,
    place: str,
    host: Person | None = None,
    summary: str = "",
    invite_members: bool = True,
    request: HttpRequest | None = None,
) -> Meeting:
    """A meeting: an activity (kind meeting, organised by the convenor unit) with
    one session; the host is invited as 主持, and the current member units too."""
    subdistrict_id = actor.subdistrict_id or 0
    _check_actor(actor, subdistrict_id)
    values = meeting_values(
        subdistrict_id=subdistrict_id,
        joint_meeting=joint_meeting,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        host=host,
    )
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
            actor=actor, activity=activity, starts_at=starts_at, ends_at=ends_at, place=place, request=request
        )
    except ValidationError as exc:
        # The session's fields are the meeting's: one form shows them all.
        raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from exc
    meeting = Meeting.objects.create(
        subdistrict_id=subdistrict_id,
        activity=activity,
        joint_meeting=joint_meeting,
        host=host,
        summary=_long_text(summary),
    )
    _log(actor, AuditEntry.Action.CREATE, meeting, request, {"activity": activity.pk})
    if host is not None:
        activities.invite(
            actor=actor,
            activity=activity,
            person=host,
            role=Registration.Role.HOST,
            category=AttendeeCategory.OFFICE,
            request=request,
        )
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
    _check_actor(actor, meeting.subdistrict_id)
    errors: Errors = defaultdict(list)
    _same_tenant(errors, "host", host, meeting.subdistrict_id)
    _raise_if(errors)
    changes = _apply(meeting, {"host": host, "summary": _long_text(summary)})
    if changes:
        meeting.save()
        _log(actor, AuditEntry.Action.UPDATE, meeting, request, {"changes": changes})
    if host is not None:
        activities.invite(
            actor=actor,
            activity=meeting.activity,
            person=host,
            role=Registration.Role.HOST,
            category=AttendeeCategory.OFFICE,
            request=request,
        )
    return meeting


def member_category(unit: Unit) -> str:
    return AttendeeCategory.OFFICE if unit.kind == Unit.Kind.OFFICE else AttendeeCategory.MEMBER_UNIT


@transaction.atomic
def meeting_invite_members(*, actor: Actor, meeting: Meeting, request: HttpRequest | None = None) -> int:
    """Invite every current member unit (its representative, when it has one).
    Idempotent: an existing invitation is kept as it is. Returns the number of members."""
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
    person: Person | None = None,
    unit: Unit | None = None,
    role: str = Registration.Role.ATTENDEE,
    category: str | None = None,
    request: HttpRequest | None = None,
) -> Registration:
    _check_actor(actor, meeting.subdistrict_id)
    return activities.invite(
        actor=actor, activity=meeting.activity, person=person, unit=unit, role=role, category=category, request=request
    )


def first_session(meeting: Meeting) -> Session | None:
    return Session.objects.filter(activity_id=meeting.activity_id).order_by("starts_at", "id").first()


# Agenda ---------------------------------------------------------------------


def agenda_item_values(
    *,
    meeting: Meeting,
    kind: str,
    title: str,
    text: str = "",
    presenter: Person | None = None,
    motion: str = "",
    outcome: str = "",
    votes_for: int | None = None,
    votes_against: int | None = None,
    votes_abstaining: int | None = None,
    regulation_version: RegulationVersion | None = None,
) -> dict[str, Any]:
    errors: Errors = defaultdict(list)
    sd = meeting.subdistrict_id
    if kind not in AgendaItem.Kind.values:
        errors["kind"].append(_("议程类型无效。"))
    title = _text(errors, "title", title, max_length=200, required=kind != AgendaItem.Kind.ADOPTION)
    _same_tenant(errors, "presenter", presenter, sd)
    _same_tenant(errors, "regulation_version", regulation_version, sd)
    outcome = outcome or ""
    if outcome and outcome not in AgendaItem.Outcome.values:
        errors["outcome"].append(_("结果无效。"))
    elif outcome and kind not in DECISION_KINDS:
        errors["outcome"].append(_("只有审议和制度通过类议程有表决结果。"))
    votes = {"votes_for": votes_for, "votes_against": votes_against, "votes_abstaining": votes_abstaining}
    for field, value in votes.items():
        if value is not None and value < 0:
            errors[field].append(_("票数不能为负数。"))
        if value is not None and kind not in DECISION_KINDS:
            errors[field].append(_("只有审议和制度通过类议程记录票数。"))
    if kind == AgendaItem.Kind.ADOPTION:
        if regulation_version is None:
            errors["regulation_version"].append(_("请选择要通过的制度版本。"))
        elif regulation_version.status not in (Status.DRAFT, Status.REVIEW, Status.ADOPTED):
            errors["regulation_version"].append(_("该版本已施行或已废止，不能再提请通过。"))
        elif regulation_version.adopted_at_id not in (None, meeting.pk):
            errors["regulation_version"].append(_("该版本已由其他会议通过。"))
        if regulation_version is not None and not title:
            title = regulation_version.regulation.title
    elif regulation_version is not None:
        errors["regulation_version"].append(_("只有制度通过类议程关联制度版本。"))
    _raise_if(errors)
    return {
        "kind": kind,
        "title": title,
        "text": _long_text(text),
        "presenter": presenter,
        "motion": _long_text(motion),
        "outcome": outcome,
        **votes,
        "regulation_version": regulation_version,
    }


def _meeting_date(meeting: Meeting) -> dt.date:
    session = first_session(meeting)
    return timezone.localdate(session.starts_at) if session else timezone.localdate()


def _adopt_if_passed(actor: Actor, item: AgendaItem, request: HttpRequest | None) -> None:
    """An adoption item that passed adopts its version at this meeting (entered once)."""
    version = item.regulation_version
    if item.kind != AgendaItem.Kind.ADOPTION or version is None or item.outcome != AgendaItem.Outcome.PASSED:
        return
    if version.status == Status.DRAFT:
        version = version_transition(actor=actor, version=version, status=Status.REVIEW, request=request)
    if version.status == Status.REVIEW:
        version_transition(
            actor=actor,
            version=version,
            status=Status.ADOPTED,
            on=_meeting_date(item.meeting),
            meeting=item.meeting,
            request=request,
        )


def _lock_agenda(meeting_id: int) -> None:
    """Every change of agenda positions (add, move, delete) first locks the meeting's
    row, so that they take turns and positions stay unique and gapless."""
    Meeting.objects.select_for_update().filter(pk=meeting_id).first()


@transaction.atomic
def agenda_item_add(*, actor: Actor, meeting: Meeting, request: HttpRequest | None = None, **data: Any) -> AgendaItem:
    _check_actor(actor, meeting.subdistrict_id)
    values = agenda_item_values(meeting=meeting, **data)
    _lock_agenda(meeting.pk)
    position = (meeting.agenda.aggregate(n=Max("position"))["n"] or 0) + 1
    item = AgendaItem.objects.create(
        subdistrict_id=meeting.subdistrict_id, meeting=meeting, position=position, **values
    )
    _log(actor, AuditEntry.Action.CREATE, item, request, {"values": {k: _json(v) for k, v in values.items()}})
    _adopt_if_passed(actor, item, request)
    return item


@transaction.atomic
def agenda_item_update(
    *, actor: Actor, item: AgendaItem, request: HttpRequest | None = None, **data: Any
) -> AgendaItem:
    _check_actor(actor, item.subdistrict_id)
    values = agenda_item_values(meeting=item.meeting, **data)
    if values["kind"] != item.kind and (item.commendations.exists() or item.requirements.exists()):
        # Its commended units or requirements would no longer show anywhere.
        raise ValidationError({"kind": [_("该议程已有受表彰单位或要求，不能更改类型。")]})
    changes = _apply(item, values)
    if changes:
        item.save()
        _log(actor, AuditEntry.Action.UPDATE, item, request, {"changes": changes})
        _adopt_if_passed(actor, item, request)
    return item


@transaction.atomic
def agenda_item_delete(*, actor: Actor, item: AgendaItem, request: HttpRequest | None = None) -> None:
    _check_actor(actor, item.subdistrict_id)
    _lock_agenda(item.meeting_id)
    item = AgendaItem.objects.get(pk=item.pk)  # its position now, after any move that came first
    if Requirement.objects.filter(agenda_item=item, action_item__isnull=False).exists():
        raise ValidationError({"__all__": [_("该议程的要求已转为督办事项，不能删除。")]})
    meeting_id, position = item.meeting_id, item.position
    _log(actor, AuditEntry.Action.DELETE, item, request, {"meeting": meeting_id, "title": item.title})
    item.delete()
    # Close the gap: two steps so the unique (meeting, position) holds after each statement.
    later = AgendaItem.objects.filter(meeting_id=meeting_id, position__gt=position)
    later.update(position=F("position") + 10000)
    AgendaItem.objects.filter(meeting_id=meeting_id, position__gt=10000).update(position=F("position") - 10001)


@transaction.atomic
def agenda_item_move(
    *, actor: Actor, item: AgendaItem, direction: str, request: HttpRequest | None = None
) -> AgendaItem:
    """Swap an item with its neighbour above (``up``) or below (``down``)."""
    _check_actor(actor, item.subdistrict_id)
    _lock_agenda(item.meeting_id)
    items = AgendaItem.objects.filter(meeting_id=item.meeting_id)
    item = items.get(pk=item.pk)
    if direction == "up":
        other = items.filter(position__lt=item.position).order_by("-position").first()
    elif direction == "down":
        other = items.filter(position__gt=item.position).order_by("position").first()
    else:
        raise ValidationError({"direction": [_("方向无效。")]})
    if other is None:
        return item
    mine, theirs = item.position, other.position
    AgendaItem.objects.filter(pk=item.pk).update(position=0)  # 0 is never a real position
    AgendaItem.objects.filter(pk=other.pk).update(position=mine)
    AgendaItem.objects.filter(pk=item.pk).update(position=theirs)
    item.position = theirs
    _log(actor, AuditEntry.Action.UPDATE, item, request, {"position": [mine, theirs]})
    return item


@transaction.atomic
def commendation_add(
    *,
    actor: Actor,
    item: AgendaItem,
    unit: Unit | None,
    award: str,
    reason: str = "",
    request: HttpRequest | None = None,
) -> Commendation:
    _check_actor(actor, item.subdistrict_id)
    errors: Errors = defaultdict(list)
    if item.kind != AgendaItem.Kind.COMMENDATION:
        errors["__all__"].append(_("只有表彰类议程可以添加受表彰单位。"))
    if unit is None:
        errors["unit"].append(_("请选择单位。"))
    _same_tenant(errors, "unit", unit, item.subdistrict_id)
    award = _text(errors, "award", award, max_length=100, required=True)
    reason = _text(errors, "reason", reason, max_length=300)
    AgendaItem.objects.select_for_update().filter(pk=item.pk).first()  # one addition at a time
    if unit is not None and Commendation.objects.filter(agenda_item=item, unit=unit).exists():
        errors["unit"].append(_("“%(unit)s”已在表彰名单中。") % {"unit": unit.name})
    _raise_if(errors)
    assert unit is not None
    commendation = Commendation.objects.create(
        subdistrict_id=item.subdistrict_id, agenda_item=item, unit=unit, award=award, reason=reason
    )
    _log(actor, AuditEntry.Action.CREATE, commendation, request, {"agenda_item": item.pk})
    return commendation


@transaction.atomic
def commendation_delete(*, actor: Actor, commendation: Commendation, request: HttpRequest | None = None) -> None:
    _check_actor(actor, commendation.subdistrict_id)
    _log(actor, AuditEntry.Action.DELETE, commendation, request, {"agenda_item": commendation.agenda_item_id})
    commendation.delete()


@transaction.atomic
def requirement_add(*, actor: Actor, item: AgendaItem, text: str, request: HttpRequest | None = None) -> Requirement:
    _check_actor(actor, item.subdistrict_id)
    errors: Errors = defaultdict(list)
    if item.kind != AgendaItem.Kind.SPEECH:
        errors["__all__"].append(_("只有讲话类议程可以记录要求。"))
    text = _long_text(text)
    if not text:
        errors["text"].append(_("此项不能为空。"))
    _raise_if(errors)
    AgendaItem.objects.select_for_update().filter(pk=item.pk).first()
    position = (item.requirements.aggregate(n=Max("position"))["n"] or 0) + 1
    requirement = Requirement.objects.create(
        subdistrict_id=item.subdistrict_id, agenda_item=item, position=position, text=text
    )
    _log(actor, AuditEntry.Action.CREATE, requirement, request, {"agenda_item": item.pk})
    return requirement


# Action items ---------------------------------------------------------------


def action_item_values(
    *, subdistrict_id: int, title: str, owner_unit: Unit | None, deadline: dt.date | None, description: str = ""
) -> dict[str, Any]:
    errors: Errors = defaultdict(list)
    title = _text(errors, "title", title, max_length=200, required=True)
    if owner_unit is None:
        errors["owner_unit"].append(_("请选择责任单位。"))
    _same_tenant(errors, "owner_unit", owner_unit, subdistrict_id)
    if deadline is None:
        errors["deadline"].append(_("请填写办结期限。"))
    _raise_if(errors)
    return {"title": title, "owner_unit": owner_unit, "deadline": deadline, "description": _long_text(description)}


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
    sd = actor.subdistrict_id or 0
    _check_actor(actor, sd)
    values = action_item_values(
        subdistrict_id=sd, title=title, owner_unit=owner_unit, deadline=deadline, description=description
    )
    errors: Errors = defaultdict(list)
    if requirement is not None:
        _same_tenant(errors, "requirement", requirement, sd)
        Requirement.objects.select_for_update().filter(pk=requirement.pk).first()  # converted once
        meeting = requirement.agenda_item.meeting
        if ActionItem.objects.filter(requirement=requirement).exists():
            errors["requirement"].append(_("该要求已转为督办事项。"))
    _same_tenant(errors, "meeting", meeting, sd)
    _raise_if(errors)
    item = ActionItem.objects.create(
        subdistrict_id=sd, meeting=meeting, requirement=requirement, created_by=actor.user, **values
    )
    _log(actor, AuditEntry.Action.CREATE, item, request, {"values": {k: _json(v) for k, v in values.items()}})
    return item


@transaction.atomic
def action_item_update(
    *, actor: Actor, item: ActionItem, request: HttpRequest | None = None, **data: Any
) -> ActionItem:
    _check_actor(actor, item.subdistrict_id)
    values = action_item_values(subdistrict_id=item.subdistrict_id, **data)
    changes = _apply(item, values)
    if changes:
        item.save()
        _log(actor, AuditEntry.Action.UPDATE, item, request, {"changes": changes})
    return item


@transaction.atomic
def action_item_set_status(
    *, actor: Actor, item: ActionItem, status: str, request: HttpRequest | None = None
) -> ActionItem:
    _check_actor(actor, item.subdistrict_id)
    if status not in ActionItem.Status.values:
        raise ValidationError({"status": [_("状态无效。")]})
    old = item.status
    if old == status:
        return item
    closed = status in (ActionItem.Status.DONE, ActionItem.Status.CANCELLED)
    item.status = status
    item.closed_on = timezone.localdate() if closed else None
    item.save(update_fields=["status", "closed_on"])
    _log(actor, AuditEntry.Action.UPDATE, item, request, {"status": [old, status]})
    return item


@transaction.atomic
def progress_note_add(*, actor: Actor, item: ActionItem, text: str, request: HttpRequest | None = None) -> ProgressNote:
    """A progress note by an office or by the chair of the owner unit."""
    if actor.subdistrict_id != item.subdistrict_id or not (
        can_manage(actor) or item.owner_unit_id in actor.unit_ids(*actor.roles)
    ):
        raise PermissionDenied(_("只有责任单位和街道机关科室可以填写进展。"))
    text = _long_text(text)
    if not text:
        raise ValidationError({"text": [_("此项不能为空。")]})
    if len(text) > 2000:
        raise ValidationError({"text": [_("最多%(n)d个字，当前%(len)d个字。") % {"n": 2000, "len": len(text)}]})
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
    _log(actor, AuditEntry.Action.CREATE, note, request, {"action_item": item.pk})
    return note


# Photos ---------------------------------------------------------------------

PHOTO_MAX_BYTES = 10 * 1024 * 1024


@transaction.atomic
def photo_add(
    *, actor: Actor, meeting: Meeting, image: UploadedFile | None, caption: str, request: HttpRequest | None = None
) -> MeetingPhoto:
    _check_actor(actor, meeting.subdistrict_id)
    errors: Errors = defaultdict(list)
    caption = _text(errors, "caption", caption, max_length=200, required=True)
    if image is None:
        errors["image"].append(_("请选择照片。"))
    elif (image.size or 0) > PHOTO_MAX_BYTES:
        errors["image"].append(_("照片不能超过10MB。"))
    _raise_if(errors)
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()  # distinct positions
    position = (meeting.photos.aggregate(n=Max("position"))["n"] or 0) + 1
    photo = MeetingPhoto(subdistrict_id=meeting.subdistrict_id, meeting=meeting, caption=caption, position=position)
    photo.image = image  # type: ignore[assignment]
    photo.full_clean(exclude=["subdistrict", "meeting"])  # Pillow checks it is an image
    photo.save()
    _log(actor, AuditEntry.Action.CREATE, photo, request, {"meeting": meeting.pk})
    return photo


@transaction.atomic
def photo_delete(*, actor: Actor, photo: MeetingPhoto, request: HttpRequest | None = None) -> None:
    _check_actor(actor, photo.subdistrict_id)
    _log(actor, AuditEntry.Action.DELETE, photo, request, {"meeting": photo.meeting_id})
    image = photo.image
    photo.delete()
    # The file goes only once the row is gone for good (a rollback keeps both).
    transaction.on_commit(lambda: image.delete(save=False))
