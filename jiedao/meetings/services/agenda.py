"""A meeting's agenda: ordered items, the units commended and the requirements
of a speech. An adoption item that passed adopts its regulation version."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.models import AuditEntry
from jiedao.core.services import (
    change_detail,
    check_same_tenant,
    clean_long_text,
    clean_text,
    model_update,
    new_errors,
    raise_if,
)
from jiedao.meetings.access import require_manager
from jiedao.meetings.models import AgendaItem, Commendation, Meeting, RegulationVersion, Requirement
from jiedao.meetings.selectors import first_session
from jiedao.meetings.services.regulations import Status, version_transition
from jiedao.org.models import Unit
from jiedao.people.models import Person

DECISION_KINDS = frozenset({AgendaItem.Kind.DELIBERATION, AgendaItem.Kind.ADOPTION})


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
    errors = new_errors()
    sd = meeting.subdistrict_id
    if kind not in AgendaItem.Kind.values:
        errors["kind"].append(_("议程类型无效。"))
    title = clean_text(errors, "title", title, max_length=200, required=kind != AgendaItem.Kind.ADOPTION)
    check_same_tenant(errors, "presenter", presenter, sd)
    check_same_tenant(errors, "regulation_version", regulation_version, sd)
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
    raise_if(errors)
    return {
        "kind": kind,
        "title": title,
        "text": clean_long_text(text),
        "presenter": presenter,
        "motion": clean_long_text(motion),
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
    require_manager(actor, meeting.subdistrict_id)
    values = agenda_item_values(meeting=meeting, **data)
    _lock_agenda(meeting.pk)
    position = (meeting.agenda.aggregate(n=Max("position"))["n"] or 0) + 1
    item = AgendaItem.objects.create(
        subdistrict_id=meeting.subdistrict_id, meeting=meeting, position=position, **values
    )
    audit.record_created(actor=actor, obj=item, values=values, request=request)
    _adopt_if_passed(actor, item, request)
    return item


@transaction.atomic
def agenda_item_update(
    *, actor: Actor, item: AgendaItem, request: HttpRequest | None = None, **data: Any
) -> AgendaItem:
    require_manager(actor, item.subdistrict_id)
    values = agenda_item_values(meeting=item.meeting, **data)
    if values["kind"] != item.kind and (item.commendations.exists() or item.requirements.exists()):
        # Its commended units or requirements would no longer show anywhere.
        raise ValidationError({"kind": [_("该议程已有受表彰单位或要求，不能更改类型。")]})
    if changes := model_update(item, values):
        audit.record_changes(actor=actor, obj=item, changes=changes, request=request)
        _adopt_if_passed(actor, item, request)
    return item


@transaction.atomic
def agenda_item_delete(*, actor: Actor, item: AgendaItem, request: HttpRequest | None = None) -> None:
    require_manager(actor, item.subdistrict_id)
    _lock_agenda(item.meeting_id)
    item = AgendaItem.objects.get(pk=item.pk)  # its position now, after any move that came first
    if Requirement.objects.filter(agenda_item=item, action_item__isnull=False).exists():
        raise ValidationError({"__all__": [_("该议程的要求已转为督办事项，不能删除。")]})
    meeting_id, position = item.meeting_id, item.position
    audit.record(
        actor=actor,
        action=AuditEntry.Action.DELETE,
        obj=item,
        request=request,
        detail={"meeting": meeting_id, "title": item.title},
    )
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
    require_manager(actor, item.subdistrict_id)
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
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=item,
        request=request,
        detail=change_detail({"position": [mine, theirs]}),
    )
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
    require_manager(actor, item.subdistrict_id)
    errors = new_errors()
    if item.kind != AgendaItem.Kind.COMMENDATION:
        errors["__all__"].append(_("只有表彰类议程可以添加受表彰单位。"))
    if unit is None:
        errors["unit"].append(_("请选择单位。"))
    check_same_tenant(errors, "unit", unit, item.subdistrict_id)
    award = clean_text(errors, "award", award, max_length=100, required=True)
    reason = clean_text(errors, "reason", reason, max_length=300)
    AgendaItem.objects.select_for_update().filter(pk=item.pk).first()  # one addition at a time
    if unit is not None and Commendation.objects.filter(agenda_item=item, unit=unit).exists():
        errors["unit"].append(_("“%(unit)s”已在表彰名单中。") % {"unit": unit.name})
    raise_if(errors)
    assert unit is not None
    commendation = Commendation.objects.create(
        subdistrict_id=item.subdistrict_id, agenda_item=item, unit=unit, award=award, reason=reason
    )
    audit.record(
        actor=actor, action=AuditEntry.Action.CREATE, obj=commendation, request=request, detail={"agenda_item": item.pk}
    )
    return commendation


@transaction.atomic
def commendation_delete(*, actor: Actor, commendation: Commendation, request: HttpRequest | None = None) -> None:
    require_manager(actor, commendation.subdistrict_id)
    audit.record(
        actor=actor,
        action=AuditEntry.Action.DELETE,
        obj=commendation,
        request=request,
        detail={"agenda_item": commendation.agenda_item_id},
    )
    commendation.delete()


@transaction.atomic
def requirement_add(*, actor: Actor, item: AgendaItem, text: str, request: HttpRequest | None = None) -> Requirement:
    require_manager(actor, item.subdistrict_id)
    errors = new_errors()
    if item.kind != AgendaItem.Kind.SPEECH:
        errors["__all__"].append(_("只有讲话类议程可以记录要求。"))
    text = clean_long_text(text)
    if not text:
        errors["text"].append(_("此项不能为空。"))
    raise_if(errors)
    AgendaItem.objects.select_for_update().filter(pk=item.pk).first()
    position = (item.requirements.aggregate(n=Max("position"))["n"] or 0) + 1
    requirement = Requirement.objects.create(
        subdistrict_id=item.subdistrict_id, agenda_item=item, position=position, text=text
    )
    audit.record(
        actor=actor, action=AuditEntry.Action.CREATE, obj=requirement, request=request, detail={"agenda_item": item.pk}
    )
    return requirement
