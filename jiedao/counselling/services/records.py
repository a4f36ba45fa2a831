"""Session records and referrals: write, read (audited), refer.

Every read of a record, by its counsellor or by a supervisor, on a page or through
the API, and every write goes to the audit log. The entries name the record by its
own number (not the appointment: the offices read the audit log and can see
appointments, which name people), the capacity of the reader and the supervisor's
reason; never the notes, the topics, the risk level, nor a referral's recipient or
reason.

A HIGH risk level (danger to self or others) is the recorded exception to
confidentiality: such a record is not saved without a referral entry (to whom,
when, why), and the referral is audited too.

No diagnosis fields: counsellors do not diagnose (精神卫生法 art. 23).
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.errors import Forbidden
from jiedao.core.models import AuditEntry
from jiedao.core.services import (
    apply_values,
    change_detail,
    clean_long_text,
    clean_text,
    new_errors,
    raise_if,
    withheld_changes,
)
from jiedao.counselling import access
from jiedao.counselling.models import Appointment, Referral, RiskLevel, SessionRecord, Topic
from jiedao.counselling.selectors.records import RECORD_LABEL

MAX_NOTES_LENGTH = 20_000
MAX_REASON_LENGTH = 2_000


@dataclass(frozen=True)
class RecordView:
    """What a reader gets: the decrypted record (None before the first write) and
    its referrals, read once, after the audit entry is written."""

    appointment: Appointment
    record: SessionRecord | None
    referrals: list[Referral]
    capacity: str  # "counsellor" or "supervisor"

    @property
    def topics(self) -> list[str]:
        return topics_of(self.record)

    @property
    def topic_labels(self) -> list[str]:
        return [str(Topic(t).label) for t in self.topics if t in Topic.values]


def topics_of(record: SessionRecord | None) -> list[str]:
    if record is None or not record.topics:
        return []
    return [t for t in record.topics.split(",") if t]


def record_values(*, notes: str, topics: list[str] | tuple[str, ...], risk_level: str) -> dict[str, Any]:
    """Validate a record's input; returns field values or raises a ``ValidationError``
    keyed by field with every problem found."""
    errors: dict[str, list[str]] = {}
    notes = clean_long_text(notes)
    if len(notes) > MAX_NOTES_LENGTH:
        errors["notes"] = [_("记录过长（最多%(n)d字）。") % {"n": MAX_NOTES_LENGTH}]
    unknown = sorted(set(topics) - set(Topic.values))
    if unknown:
        errors["topics"] = [_("未知主题：%(t)s") % {"t": "、".join(unknown)}]
    # Stored in the order of ``Topic``, each once.
    ordered = [t for t in Topic.values if t in set(topics)]
    if risk_level not in RiskLevel.values:
        errors["risk_level"] = [_("风险等级无效。")]
    if errors:
        raise ValidationError(errors)
    return {"notes": notes, "topics": ",".join(ordered), "risk_level": risk_level}


def referral_values(*, referred_to: str, referred_at: dt.datetime | None, reason: str) -> dict[str, Any]:
    """Validate a referral: to whom, when, why."""
    errors = new_errors()
    referred_to = clean_text(errors, "referred_to", referred_to, max_length=200)
    if not referred_to:
        errors["referred_to"] = [_("请填写转介对象（机构或人员）。")]
    if referred_at is None:
        errors["referred_at"] = [_("请填写转介时间。")]
    elif timezone.is_naive(referred_at):
        referred_at = timezone.make_aware(referred_at)
    if referred_at is not None and referred_at > timezone.now() + dt.timedelta(days=1):
        errors["referred_at"] = [_("转介时间不能晚于今天。")]
    reason = clean_long_text(reason)
    if not reason:
        errors["reason"] = [_("请填写转介原因。")]
    elif len(reason) > MAX_REASON_LENGTH:
        errors["reason"] = [_("转介原因过长（最多%(n)d字）。") % {"n": MAX_REASON_LENGTH}]
    raise_if(errors)
    return {"referred_to": referred_to, "referred_at": referred_at, "reason": reason}


def _ensure_counsellor(actor: Actor, appointment: Appointment) -> None:
    if not access.is_assigned_counsellor(actor, appointment):
        raise Forbidden(_("只有该预约的咨询师可以填写咨询记录。"))


def _referral_create(
    *, actor: Actor, record: SessionRecord, values: dict[str, Any], request: HttpRequest | None
) -> Referral:
    referral = Referral.objects.create(
        subdistrict_id=record.subdistrict_id, record=record, created_by=actor.user, **values
    )
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        object_type="counselling.referral",
        object_id=str(referral.pk),
        object_repr=_("转介 #%(r)s") % {"r": referral.pk},
        subdistrict_id=record.subdistrict_id,
        request=request,
        # Which record and when. Not the appointment, nor to whom, nor why: the offices
        # read this log, and an appointment names a person.
        detail={"record": record.pk, "referred_at": values["referred_at"].isoformat()},
    )
    return referral


def _record_repr(record_id: int) -> str:
    # The record's own number, not the appointment's: the offices read the audit log
    # and can see appointments, which name people.
    return _("咨询记录 #%(r)s") % {"r": record_id}


@transaction.atomic
def record_save(
    *,
    actor: Actor,
    appointment: Appointment,
    notes: str,
    topics: list[str] | tuple[str, ...],
    risk_level: str,
    referral: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> SessionRecord:
    """Create or update the record of ``appointment`` (its counsellor only).

    ``referral`` holds ``referred_to``, ``referred_at`` and ``reason``. A HIGH risk
    level needs one, given now or already on the record; without it nothing is saved.
    """
    _ensure_counsellor(actor, appointment)
    # Writes of one appointment's record queue on the appointment row.
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    errors: dict[str, list[str]] = {}
    if appointment.status == Appointment.Status.CANCELLED:
        raise ValidationError({"__all__": [_("该预约已取消，不能填写咨询记录。")]})
    if appointment.starts_at > timezone.now():
        raise ValidationError({"__all__": [_("咨询尚未开始，不能填写咨询记录。")]})
    if appointment.person_id is None:  # past retention: unlinked, its record purged
        raise ValidationError({"__all__": [_("该预约已过保存期限，不能再填写咨询记录。")]})
    try:
        values = record_values(notes=notes, topics=topics, risk_level=risk_level)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        values = {}
    referral_data: dict[str, Any] | None = None
    if referral is not None:
        try:
            referral_data = referral_values(**referral)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(f"referral_{field}", []).extend(messages)
    record = SessionRecord.objects.filter(appointment=appointment).first()
    has_referral = record is not None and record.referrals.exists()
    if risk_level == RiskLevel.HIGH and referral is None and not has_referral:
        errors.setdefault("referral", []).append(
            _("风险等级为“高”（危及自身或他人）时，须同时登记转介：转介对象、时间和原因。")
        )
    if errors:
        raise ValidationError(errors)

    if record is None:
        try:
            with transaction.atomic():
                record = SessionRecord.objects.create(
                    subdistrict_id=appointment.subdistrict_id, appointment=appointment, written_by=actor.user, **values
                )
        except IntegrityError:  # pragma: no cover - the appointment lock makes this unreachable
            raise ValidationError({"__all__": [_("记录已被同时保存，请刷新后重试。")]}) from None
        action, changed = AuditEntry.Action.CREATE, sorted(values)
    else:
        # Only the names of the changed fields are kept (see the audit entry below).
        changed = sorted(apply_values(record, values))
        record.written_by = actor.user
        if changed:
            record.save()
        action = AuditEntry.Action.UPDATE
    if changed or action == AuditEntry.Action.CREATE:
        audit.record(
            actor=actor,
            action=action,
            object_type=RECORD_LABEL,
            object_id=str(record.pk),
            object_repr=_record_repr(record.pk),
            subdistrict_id=appointment.subdistrict_id,
            request=request,
            # Which fields changed, never their content: the values are withheld.
            detail=change_detail(withheld_changes(changed)),
        )
    if referral_data is not None:
        _referral_create(actor=actor, record=record, values=referral_data, request=request)
    return record


@transaction.atomic
def referral_add(
    *,
    actor: Actor,
    appointment: Appointment,
    referred_to: str,
    referred_at: dt.datetime | None,
    reason: str,
    request: HttpRequest | None = None,
) -> Referral:
    """Add a referral to an existing record (its counsellor only)."""
    _ensure_counsellor(actor, appointment)
    record = SessionRecord.objects.select_for_update().filter(appointment=appointment).first()
    if record is None:
        raise ValidationError({"__all__": [_("请先填写咨询记录，再登记转介。")]})
    values = referral_values(referred_to=referred_to, referred_at=referred_at, reason=reason)
    return _referral_create(actor=actor, record=record, values=values, request=request)


def record_read(
    *, actor: Actor, appointment: Appointment, reason: str = "", request: HttpRequest | None = None
) -> RecordView:
    """The record of ``appointment`` for its counsellor, or for a supervisor who
    states a reason. Audited before anything is decrypted; a supervisor's reason
    is kept in the entry. Anyone else: ``Forbidden``."""
    errors = new_errors()
    reason = clean_text(errors, "reason", reason, max_length=500)
    if access.is_assigned_counsellor(actor, appointment):
        capacity = "counsellor"
    elif access.supervised_records(actor).filter(appointment_id=appointment.pk).exists():
        capacity = "supervisor"
        if len(reason) < access.MIN_REASON_LENGTH and not errors:
            errors["reason"].append(_("请说明查阅理由（至少%(n)d字）。") % {"n": access.MIN_REASON_LENGTH})
    else:
        raise Forbidden(_("您无权查阅此咨询记录。"))
    raise_if(errors)
    record_id = SessionRecord.objects.filter(appointment_id=appointment.pk).values_list("pk", flat=True).first()
    if record_id is None:
        return RecordView(appointment, None, [], capacity)
    detail: dict[str, Any] = {"as": capacity}
    if reason:
        detail["reason"] = reason
    audit.record(
        actor=actor,
        action=AuditEntry.Action.REVEAL,
        object_type=RECORD_LABEL,
        object_id=str(record_id),
        object_repr=_record_repr(record_id),
        subdistrict_id=appointment.subdistrict_id,
        request=request,
        detail=detail,
    )
    record = SessionRecord.objects.get(pk=record_id)
    referrals = list(record.referrals.all())
    return RecordView(appointment, record, referrals, capacity)
