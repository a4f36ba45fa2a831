"""Retention: each studio keeps what ties a person to counselling ``retention_days``
after the appointment ended; then ``purge_counselling_records``

* deletes the session records with their referrals;
* unlinks the appointments: ``person`` emptied, ``person_key`` (a keyed hash) kept so
  the statistics still count distinct people, pseudonym and cancellation reason
  cleared. The appointment stays (a time, a counsellor, a status) for the statistics;
* deletes the studio's waitlist entries whose dates ended before the cut-off.

One audit entry per sub-district and run gives the counts, never any content.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.core import audit
from jiedao.core.models import AuditEntry
from jiedao.counselling.models import Appointment, Referral, SessionRecord, Studio, WaitlistEntry, person_key
from jiedao.counselling.selectors.records import RECORD_LABEL


@dataclass
class StudioPurge:
    studio_id: int
    studio: str
    subdistrict_id: int
    cutoff: dt.datetime
    records: int = 0
    referrals: int = 0
    appointments: int = 0
    waitlist: int = 0

    @property
    def anything(self) -> bool:
        return bool(self.records or self.referrals or self.appointments or self.waitlist)


@dataclass
class PurgeResult:
    dry_run: bool
    studios: list[StudioPurge] = field(default_factory=list)

    @property
    def records(self) -> int:
        return sum(s.records for s in self.studios)

    @property
    def referrals(self) -> int:
        return sum(s.referrals for s in self.studios)

    @property
    def appointments(self) -> int:
        return sum(s.appointments for s in self.studios)

    @property
    def waitlist(self) -> int:
        return sum(s.waitlist for s in self.studios)


def _unlink(appointments: list[tuple[int, int]]) -> None:
    Appointment.objects.bulk_update(
        [
            Appointment(pk=pk, person=None, person_key=person_key(person_id), pseudonym="", cancel_reason="")
            for pk, person_id in appointments
        ],
        ["person", "person_key", "pseudonym", "cancel_reason"],
        batch_size=500,
    )


def purge_expired_records(*, now: dt.datetime | None = None, dry_run: bool = False) -> PurgeResult:
    """Delete the records (and referrals), unlink the appointments and delete the
    waitlist entries older than their studio's retention period. With ``dry_run`` only
    count them. Audited per sub-district (counts only)."""
    now = now or timezone.now()
    result = PurgeResult(dry_run=dry_run)
    with transaction.atomic():
        for studio in Studio.objects.order_by("subdistrict_id", "pk"):
            cutoff = now - dt.timedelta(days=studio.retention_days)
            records = SessionRecord.objects.filter(
                subdistrict_id=studio.subdistrict_id,
                appointment__slot__room__studio=studio,
                appointment__ends_at__lt=cutoff,
            )
            counts = records.aggregate(records=Count("pk", distinct=True), referrals=Count("referrals"))
            linked = list(
                Appointment.objects.filter(
                    slot__room__studio=studio, ends_at__lt=cutoff, person__isnull=False
                ).values_list("pk", "person_id")
            )
            waiting = WaitlistEntry.objects.filter(studio=studio, date_to__lt=timezone.localdate(cutoff))
            entry = StudioPurge(
                studio.pk,
                studio.name,
                studio.subdistrict_id,
                cutoff,
                counts["records"],
                counts["referrals"],
                len(linked),
                waiting.count(),
            )
            result.studios.append(entry)
            if dry_run or not entry.anything:
                continue
            ids = list(records.values_list("pk", flat=True))
            Referral.objects.filter(record_id__in=ids).delete()
            SessionRecord.objects.filter(pk__in=ids).delete()
            _unlink(linked)
            waiting.delete()
        if not dry_run:
            by_subdistrict: dict[int, list[StudioPurge]] = {}
            for entry in result.studios:
                if entry.anything:
                    by_subdistrict.setdefault(entry.subdistrict_id, []).append(entry)
            for subdistrict_id, entries in by_subdistrict.items():
                audit.record(
                    actor=None,
                    action=AuditEntry.Action.DELETE,
                    object_type=RECORD_LABEL,
                    object_repr=_("咨询记录到期清除"),
                    subdistrict_id=subdistrict_id,
                    detail={
                        "purpose": "retention",
                        "records": sum(e.records for e in entries),
                        "referrals": sum(e.referrals for e in entries),
                        "appointments_unlinked": sum(e.appointments for e in entries),
                        "waitlist_deleted": sum(e.waitlist for e in entries),
                        "studios": [
                            {
                                "studio": e.studio_id,
                                "retention_cutoff": e.cutoff.isoformat(),
                                "records": e.records,
                                "referrals": e.referrals,
                                "appointments_unlinked": e.appointments,
                                "waitlist_deleted": e.waitlist,
                            }
                            for e in entries
                        ],
                    },
                )
    return result
