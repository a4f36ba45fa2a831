"""Retention of session records: each studio keeps them ``retention_days`` after the
appointment ended, then ``purge_counselling_records`` deletes them with their
referrals.

The appointments themselves stay: they hold no content (a time, a counsellor, a
status), the statistics count them, and the booking history needs them. One audit
entry per sub-district and run gives the counts, never any content.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.core import audit
from jiedao.core.models import AuditEntry
from jiedao.counselling.models import Referral, SessionRecord, Studio


@dataclass
class StudioPurge:
    studio_id: int
    studio: str
    subdistrict_id: int
    cutoff: dt.datetime
    records: int = 0
    referrals: int = 0


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


def purge_expired_records(*, now: dt.datetime | None = None, dry_run: bool = False) -> PurgeResult:
    """Delete the records (and referrals) older than their studio's retention period.
    With ``dry_run`` only count them. Audited per sub-district (counts only)."""
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
            entry = StudioPurge(
                studio.pk, studio.name, studio.subdistrict_id, cutoff, counts["records"], counts["referrals"]
            )
            result.studios.append(entry)
            if dry_run or not entry.records:
                continue
            ids = list(records.values_list("pk", flat=True))
            Referral.objects.filter(record_id__in=ids).delete()
            SessionRecord.objects.filter(pk__in=ids).delete()
        if not dry_run:
            by_subdistrict: dict[int, list[StudioPurge]] = {}
            for entry in result.studios:
                if entry.records:
                    by_subdistrict.setdefault(entry.subdistrict_id, []).append(entry)
            for subdistrict_id, entries in by_subdistrict.items():
                audit.record(
                    actor=None,
                    action=AuditEntry.Action.DELETE,
                    object_type="counselling.sessionrecord",
                    object_repr=_("咨询记录到期清除"),
                    subdistrict_id=subdistrict_id,
                    detail={
                        "purpose": "retention",
                        "records": sum(e.records for e in entries),
                        "referrals": sum(e.referrals for e in entries),
                        "studios": [
                            {
                                "studio": e.studio_id,
                                "retention_cutoff": e.cutoff.isoformat(),
                                "records": e.records,
                                "referrals": e.referrals,
                            }
                            for e in entries
                        ],
                    },
                )
    return result
