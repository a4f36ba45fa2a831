"""Reads of the confidential side that show no record content: the list of records
one may open, and the log of reads (records themselves are read through
``services.record_read``, which audits first)."""

from django.db.models import QuerySet
from django.utils import timezone

from jiedao.accounts.actor import Actor
from jiedao.core.models import AuditEntry
from jiedao.counselling.access import WRITE_ROLES, own_appointments, supervised_appointments
from jiedao.counselling.models import Appointment, SessionRecord

RECORD_LABEL = "counselling.sessionrecord"


def record_list(actor: Actor) -> tuple[QuerySet[Appointment], bool]:
    """A counsellor's appointments so far (with or without a record); a supervisor's
    list of the sub-district's records (no client, no content). Also: whether the
    list is the supervisor's."""
    if actor.has_role(*WRITE_ROLES):
        rows = (
            own_appointments(actor)
            .filter(starts_at__lte=timezone.now())
            .exclude(status=Appointment.Status.CANCELLED)
            .select_related("person", "slot__room__studio")
        )
        supervising = False
    else:
        rows = supervised_appointments(actor).select_related("counsellor__person", "slot__room__studio")
        supervising = True
    return rows.order_by("-starts_at", "-id").defer("cancel_reason"), supervising


def with_record(appointments: list[Appointment]) -> set[int]:
    """Which of ``appointments`` have a record (one query)."""
    ids = [a.pk for a in appointments]
    return set(SessionRecord.objects.filter(appointment_id__in=ids).values_list("appointment_id", flat=True))


def record_reads(actor: Actor) -> QuerySet[AuditEntry]:
    """Every read of a session record in the actor's sub-district, latest first."""
    return (
        AuditEntry.objects.filter(
            subdistrict_id=actor.subdistrict_id or 0, object_type=RECORD_LABEL, action=AuditEntry.Action.REVEAL
        )
        .order_by("-created_at", "-id")
        .only("created_at", "actor_name", "object_id", "detail")
    )


def read_history(record: SessionRecord | None) -> list[AuditEntry]:
    """The supervisors' reads of a record, shown to its counsellor (one query)."""
    if record is None:
        return []
    return list(
        AuditEntry.objects.filter(
            subdistrict_id=record.subdistrict_id,
            object_type=RECORD_LABEL,
            object_id=str(record.pk),
            action=AuditEntry.Action.REVEAL,
            detail__as="supervisor",
        ).order_by("-created_at", "-id")[:20]
    )
