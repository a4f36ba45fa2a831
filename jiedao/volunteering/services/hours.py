"""Service hours: from QR sign-in and sign-out at the place, or reported by the
volunteer afterwards; the organiser verifies, rejects or corrects with a reason
(audited).

Hours from attendance count only the time inside the shift (arriving early or
staying late — travel — is excluded), rounded to the sub-district's step
(``rounding_minutes``; nearest by default, ties down), and never more than the hours the shift
is worth.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.activities.models import Attendance
from jiedao.core import audit
from jiedao.core.errors import Conflict, Forbidden
from jiedao.core.models import AuditEntry
from jiedao.core.numbers import FEN, half_up, parse_decimal
from jiedao.core.services import change_detail, clean_text, json_value, new_errors, raise_if
from jiedao.volunteering.access import is_manager
from jiedao.volunteering.models import Claim, ProgrammeSettings, Rounding, ServiceRecord, Shift
from jiedao.volunteering.services.claims import settings_for


def rounded_hours(minutes: int, settings: ProgrammeSettings) -> Decimal:
    """``minutes`` rounded to the step of ``settings``, in hours."""
    step = settings.rounding_minutes
    whole, part = divmod(minutes, step)
    if part and (settings.rounding == Rounding.UP or (settings.rounding == Rounding.NEAREST and part * 2 > step)):
        whole += 1
    return half_up(Decimal(whole * step) / Decimal(60), FEN)


def attended_hours(
    shift: Shift, signed_in_at: dt.datetime, signed_out_at: dt.datetime, settings: ProgrammeSettings
) -> Decimal:
    """The time at the place inside the shift, rounded, at most the shift's worth."""
    start = max(signed_in_at, shift.session.starts_at)
    end = min(signed_out_at, shift.session.ends_at)
    minutes = max(0, int((end - start).total_seconds() // 60))
    return min(rounded_hours(minutes, settings), shift.task.hours_per_shift)


def _require_manager(actor: Actor) -> None:
    if not is_manager(actor):
        raise Forbidden(_("只有党群服务中心可以核实服务时长。"))


@dataclass(frozen=True)
class AttendanceHours:
    """What ``hours_from_attendance`` did: records made, and claims signed in and out
    that kept the record they had (a report from the volunteer's phone, perhaps made
    the same instant)."""

    made: int
    skipped: int


@transaction.atomic
def hours_from_attendance(*, actor: Actor, shift: Shift, request: HttpRequest | None = None) -> AttendanceHours:
    """Record and verify the hours of every claim of ``shift`` whose volunteer signed
    in and out by QR (or was signed in and out by staff). A claim that has a record
    already keeps it and is counted as skipped, also when the volunteer's report lands
    while the batch runs: each record is inserted in a savepoint of its own, and the
    one-record-per-claim constraint refusing it skips that claim only, never the batch."""
    _require_manager(actor)
    settings = settings_for(shift.subdistrict_id)
    now = timezone.now()
    claims = list(Claim.objects.filter(shift=shift, status=Claim.Status.CLAIMED).select_related("person"))
    recorded = set(ServiceRecord.objects.filter(claim__shift=shift).values_list("claim_id", flat=True))
    attendances = {
        a.person_id: a
        for a in Attendance.objects.filter(
            session_id=shift.session_id, person_id__in=[c.person_id for c in claims], signed_out_at__isnull=False
        )
    }
    made = skipped = 0
    for claim in claims:
        attendance = attendances.get(claim.person_id)
        if attendance is None or attendance.signed_out_at is None:
            continue
        if claim.pk in recorded:
            skipped += 1
            continue
        hours = attended_hours(shift, attendance.signed_in_at, attendance.signed_out_at, settings)
        try:
            with transaction.atomic():
                record = ServiceRecord.objects.create(
                    subdistrict_id=shift.subdistrict_id,
                    claim=claim,
                    source=ServiceRecord.Source.ATTENDANCE,
                    hours=hours,
                    status=ServiceRecord.Status.VERIFIED,
                    verified_by=actor.user,
                    verified_at=now,
                )
                audit.record_created(
                    actor=actor,
                    obj=record,
                    values={"claim": claim.pk, "hours": hours, "source": record.source},
                    request=request,
                )
        except IntegrityError:
            skipped += 1  # recorded meanwhile (the volunteer's report): theirs stays
            continue
        made += 1
    return AttendanceHours(made=made, skipped=skipped)


def _clean_hours(errors: Any, field: str, value: Any, limit: Decimal) -> Decimal:
    hours = parse_decimal(value, step=FEN)  # to the hundredth, half up
    if hours is None:
        errors[field].append(_("请填写服务时长。"))
        return Decimal(0)
    if hours < 0 or hours > limit:
        errors[field].append(_("服务时长应在0到%(n)s小时之间。") % {"n": limit})
    return hours


def report_hours(
    *, actor: Actor, claim: Claim, hours: Any, note: str = "", request: HttpRequest | None = None
) -> ServiceRecord:
    """The volunteer reports the hours of a claimed shift after it began; the
    organiser approves them later. A second report is refused."""
    if claim.status != Claim.Status.CLAIMED:
        raise Conflict(_("只能为已认领的班次申报时长。"))
    shift = claim.shift
    if shift.session.starts_at > timezone.now():
        raise Conflict(_("班次开始后才能申报时长。"))
    errors = new_errors()
    value = _clean_hours(errors, "hours", hours, shift.task.hours_per_shift)
    note = clean_text(errors, "note", note, max_length=500)
    raise_if(errors)
    try:
        with transaction.atomic():
            record = ServiceRecord.objects.create(
                subdistrict_id=claim.subdistrict_id,
                claim=claim,
                source=ServiceRecord.Source.REPORTED,
                hours=value,
                note=note,
            )
            audit.record_created(actor=actor, obj=record, values={"claim": claim.pk, "hours": value}, request=request)
    except IntegrityError:
        raise Conflict(_("该班次已有服务记录。"), code="already_recorded") from None
    return record


@transaction.atomic
def review_record(
    *, actor: Actor, record: ServiceRecord, approve: bool, request: HttpRequest | None = None
) -> ServiceRecord:
    """Approve (verify) or reject a reported record."""
    _require_manager(actor)
    current = ServiceRecord.objects.select_for_update().get(pk=record.pk)
    if current.status != ServiceRecord.Status.PENDING:
        raise Conflict(_("该记录已审核。"))
    status = ServiceRecord.Status.VERIFIED if approve else ServiceRecord.Status.REJECTED
    ServiceRecord.objects.filter(pk=current.pk).update(
        status=status, verified_by=actor.user, verified_at=timezone.now()
    )
    audit.record_changes(actor=actor, obj=current, changes={"status": [current.status, status]}, request=request)
    current.refresh_from_db()
    return current


@transaction.atomic
def correct_record(
    *, actor: Actor, record: ServiceRecord, hours: Any, reason: str, request: HttpRequest | None = None
) -> ServiceRecord:
    """The organiser corrects the hours of a record, with a reason (audited); the
    record is verified by the correction."""
    _require_manager(actor)
    current = ServiceRecord.objects.select_for_update().select_related("claim__shift__task").get(pk=record.pk)
    errors = new_errors()
    value = _clean_hours(errors, "hours", hours, Decimal(24))
    reason = clean_text(errors, "reason", reason, max_length=200, required=True)
    raise_if(errors)
    changes: dict[str, list[Any]] = {}
    if value != current.hours:
        changes["hours"] = [json_value(current.hours), json_value(value)]
    if current.status != ServiceRecord.Status.VERIFIED:
        changes["status"] = [current.status, ServiceRecord.Status.VERIFIED]
    if not changes:
        return current
    ServiceRecord.objects.filter(pk=current.pk).update(
        hours=value, status=ServiceRecord.Status.VERIFIED, verified_by=actor.user, verified_at=timezone.now()
    )
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=current,
        request=request,
        detail=change_detail(changes, reason=reason),
    )
    current.refresh_from_db()
    return current
