"""Study hours not recorded by attendance: a member's self-study (submitted from the
phone with evidence, approved or not by their branch secretary) and external
training (entered by the party office, counted at once)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.errors import Conflict, Forbidden
from jiedao.core.images import clean_image
from jiedao.core.models import AuditEntry
from jiedao.core.services import clean_long_text, clean_text, new_errors, raise_if
from jiedao.party.access import entries_to_review, own_member
from jiedao.party.models import PartyMember, StudyEntry
from jiedao.party.services.members import clean_hours, require_manager
from jiedao.people.access import own_person

DAY_HOURS = Decimal(24)


class NotAMember(Conflict):
    code = "not_a_member"


def _check_entry(title: str, studied_on: dt.date | None, hours: Any) -> tuple[str, dt.date, Decimal]:
    errors = new_errors()
    title = clean_text(errors, "title", title, max_length=200, required=True)
    value = clean_hours(errors, "hours", hours, maximum=DAY_HOURS)
    if studied_on is None:
        errors["studied_on"].append(_("请填写学习日期。"))
    elif studied_on > timezone.localdate():
        errors["studied_on"].append(_("学习日期不能晚于今天。"))
    raise_if(errors)
    assert studied_on is not None
    return title, studied_on, value


@transaction.atomic
def entry_submit(
    *,
    actor: Actor,
    title: str,
    studied_on: dt.date | None,
    hours: Any,
    evidence_note: str = "",
    evidence: UploadedFile | None = None,
    request: HttpRequest | None = None,
) -> StudyEntry:
    """The signed-in member's self-study, with a note or a photo as evidence."""
    member = own_member(actor)
    if member is None:
        raise NotAMember(_("您的账号尚未关联党员信息，请联系所在党支部。"))
    title, studied_on, value = _check_entry(title, studied_on, hours)
    note = clean_long_text(evidence_note)
    if not note and evidence is None:
        raise ValidationError({"evidence_note": [_("请填写学习记录或上传佐证照片。")]})
    entry = StudyEntry(
        subdistrict_id=member.subdistrict_id,
        member=member,
        source=StudyEntry.Source.SELF_STUDY,
        title=title,
        studied_on=studied_on,
        hours=value,
        evidence_note=note,
        entered_by=actor.user,
    )
    if evidence is not None:
        entry.evidence = clean_image(evidence).as_file()
    entry.save()
    audit.record(actor=actor, action=AuditEntry.Action.CREATE, obj=entry, request=request, detail={"hours": str(value)})
    return entry


@transaction.atomic
def entry_review(
    *, actor: Actor, entry: StudyEntry, approve: bool, note: str = "", request: HttpRequest | None = None
) -> StudyEntry:
    """The branch secretary approves (counted) or rejects (not counted) a self-study entry."""
    locked = entries_to_review(actor).select_for_update(of=("self",)).filter(pk=entry.pk).first()
    if locked is None:
        raise Forbidden(_("只有所在党支部书记可以审核。"))
    errors = new_errors()
    note = clean_text(errors, "note", note, max_length=200, required=not approve)
    raise_if(errors)
    if locked.member.person_id == getattr(own_person(actor), "pk", None):
        raise Forbidden(_("不能审核本人的学习记录。"))
    if locked.status != StudyEntry.Status.SUBMITTED:
        raise Conflict(_("该记录已审核。"))
    status = StudyEntry.Status.APPROVED if approve else StudyEntry.Status.REJECTED
    StudyEntry.objects.filter(pk=locked.pk).update(
        status=status, review_note=note, reviewed_by=actor.user, reviewed_at=timezone.now()
    )
    locked.refresh_from_db()
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=locked,
        request=request,
        detail={"changes": {"status": [StudyEntry.Status.SUBMITTED, status]}},
    )
    return locked


@transaction.atomic
def external_create(
    *,
    actor: Actor,
    member: PartyMember,
    title: str,
    studied_on: dt.date | None,
    hours: Any,
    evidence_note: str = "",
    request: HttpRequest | None = None,
) -> StudyEntry:
    """External training entered by the party office: counted at once."""
    require_manager(actor, member.subdistrict_id)
    title, studied_on, value = _check_entry(title, studied_on, hours)
    entry = StudyEntry.objects.create(
        subdistrict_id=member.subdistrict_id,
        member=member,
        source=StudyEntry.Source.EXTERNAL,
        title=title,
        studied_on=studied_on,
        hours=value,
        evidence_note=clean_long_text(evidence_note),
        status=StudyEntry.Status.APPROVED,
        entered_by=actor.user,
        reviewed_by=actor.user,
        reviewed_at=timezone.now(),
    )
    audit.record(actor=actor, action=AuditEntry.Action.CREATE, obj=entry, request=request, detail={"hours": str(value)})
    return entry
