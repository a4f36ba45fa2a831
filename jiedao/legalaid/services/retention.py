"""Retention (PIPL art. 47): a case's personal details are kept
``JIEDAO_LEGALAID_RETENTION_DAYS`` (default 1095) after it became
final (closed or refused); then ``purge_legal_aid_cases`` (daily)

* deletes its documents (the rows, and the files once the transaction commits);
* empties what tells who and what: the worker (``person``: only ``person_key``, a
  keyed hash, stays so that the statistics still count distinct workers), the
  employer's name and unit, the summary, the outcome, the end of employment, and
  every step's note and reason;
* keeps what the anonymous statistics read: the month opened, the dispute type, the
  stage, the amount recovered, the dates of the steps.

A purged case no longer reaches the worker's own list; staff see it as "已清除". One
audit entry per sub-district and run gives the counts, never a case's content.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.core import audit
from jiedao.core.models import AuditEntry
from jiedao.legalaid.models import FINAL_STAGES, CaseDocument, CaseStep, LegalAidCase
from jiedao.legalaid.services.cases import CASE_LABEL


def retention_days() -> int:
    """Three years after a case became final by default: the general limitation period of
    civil claims (民法典 art. 188), within which the worker may still need the file."""
    return int(settings.JIEDAO_LEGALAID_RETENTION_DAYS)


@dataclass
class SubdistrictPurge:
    subdistrict_id: int
    cases: int = 0
    documents: int = 0


@dataclass
class PurgeResult:
    dry_run: bool
    cutoff: dt.date
    subdistricts: list[SubdistrictPurge] = field(default_factory=list)

    @property
    def cases(self) -> int:
        return sum(s.cases for s in self.subdistricts)

    @property
    def documents(self) -> int:
        return sum(s.documents for s in self.subdistricts)


def expired_cases(cutoff: dt.date) -> QuerySet[LegalAidCase]:
    """Final cases, not purged yet, that became final before ``cutoff``."""
    return LegalAidCase.objects.filter(stage__in=list(FINAL_STAGES), purged_at__isnull=True, stage_since__lt=cutoff)


def _delete_files(storage: Storage, names: list[str]) -> None:
    for name in names:
        storage.delete(name)


def purge_expired_cases(*, today: dt.date | None = None, dry_run: bool = False) -> PurgeResult:
    """Purge the cases final for longer than the retention period (see the module).
    With ``dry_run`` only count them."""
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=retention_days())
    result = PurgeResult(dry_run=dry_run, cutoff=cutoff)
    with transaction.atomic():
        found = list(expired_cases(cutoff).select_for_update().values_list("pk", "subdistrict_id"))
        ids = [pk for pk, _subdistrict in found]
        documents = CaseDocument.objects.filter(case_id__in=ids)
        per_subdistrict: dict[int, SubdistrictPurge] = {}
        for _pk, subdistrict_id in found:
            per_subdistrict.setdefault(subdistrict_id, SubdistrictPurge(subdistrict_id)).cases += 1
        for row in documents.values("subdistrict_id").annotate(n=Count("pk")).order_by():
            per_subdistrict[row["subdistrict_id"]].documents = row["n"]
        result.subdistricts = [per_subdistrict[k] for k in sorted(per_subdistrict)]
        if dry_run or not ids:
            return result
        files = [name for name in documents.values_list("file", flat=True) if name]
        documents.delete()
        CaseStep.objects.filter(case_id__in=ids).update(note="", reason="")
        LegalAidCase.objects.filter(pk__in=ids).update(
            person=None,
            employer_name="",
            employer_unit=None,
            summary="",
            outcome="",
            employment_ended_on=None,
            purged_at=timezone.now(),
        )
        storage = CaseDocument._meta.get_field("file").storage
        transaction.on_commit(lambda: _delete_files(storage, files))
        for entry in result.subdistricts:
            audit.record(
                actor=None,
                action=AuditEntry.Action.DELETE,
                object_type=CASE_LABEL,
                object_repr=_("法律援助案件到期清除"),
                subdistrict_id=entry.subdistrict_id,
                detail={
                    "purpose": "retention",
                    "retention_cutoff": cutoff.isoformat(),
                    "cases": entry.cases,
                    "documents": entry.documents,
                },
            )
    return result
