"""Retention (PIPL art. 47): a case's personal details are kept
``JIEDAO_LEGALAID_RETENTION_DAYS`` (default 1095) after it became
final (closed or refused); then ``purge_legal_aid_cases`` (daily)

* deletes its documents (the rows, and the files once the transaction commits: a
  file that cannot be removed is noted, ``FileToDelete``, and the next run retries);
* empties what tells who and what: the worker (``person``), whoever opened the case
  (``opened_by``: the worker's own account when they applied online) and the
  recorder of the opening step, the employer's name and unit, the summary, the
  outcome, the end of employment, the limitation deadline, and every step's note,
  reason and outcome; the day the worker knew keeps only its month;
* replaces ``person_key`` (a keyed hash of the worker's registry id, which anyone
  holding the field key could recompute for every person) by a random token drawn
  for this run, one per worker: the statistics still count the cases of one worker
  purged together as one worker, and nothing ties the token to anyone any more
  (the draw is not kept). A worker's cases purged on different days get different
  tokens (counted as more workers);
* keeps what the anonymous statistics read: the month opened, the dispute type, the
  stage, the amount recovered, the dates of the steps.

A purged case no longer reaches the worker's own list; staff see it as "已清除". One
audit entry per sub-district and run gives the counts, never a case's content.

What remains elsewhere: the audit log is append-only. Its entries about a case name
it by number and never carry the worker's name, ID number or registry id (the
details hold the channel, the dispute type, step and document numbers, dates), but
an entry written *by* the worker (applying online, reading their case, uploading)
has the worker's account as its actor. Those entries tie the worker to the case
number for as long as the audit log is kept (``docs/legalaid.md``).
"""

import datetime as dt
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.core import audit
from jiedao.core.models import AuditEntry
from jiedao.legalaid.models import FINAL_STAGES, CaseDocument, CaseStep, LegalAidCase
from jiedao.legalaid.services.cases import CASE_LABEL
from jiedao.legalaid.services.documents import delete_pending_files, schedule_file_deletion


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


def _new_tokens(old_keys: list[str]) -> dict[str, str]:
    """One fresh random token per worker key of this run (64 hex digits, the width of
    the keyed hash: the two cannot be told apart, nor the token traced back)."""
    return {key: secrets.token_hex(32) for key in sorted(set(old_keys))}


def purge_expired_cases(*, today: dt.date | None = None, dry_run: bool = False) -> PurgeResult:
    """Purge the cases final for longer than the retention period (see the module).
    With ``dry_run`` only count them."""
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=retention_days())
    result = PurgeResult(dry_run=dry_run, cutoff=cutoff)
    if not dry_run:
        delete_pending_files()  # what an earlier run could not remove
    with transaction.atomic():
        found = list(
            expired_cases(cutoff).select_for_update().values_list("pk", "subdistrict_id", "person_key", "knew_on")
        )
        ids = [pk for pk, _subdistrict, _key, _knew in found]
        documents = CaseDocument.objects.filter(case_id__in=ids)
        per_subdistrict: dict[int, SubdistrictPurge] = {}
        for _pk, subdistrict_id, _key, _knew in found:
            per_subdistrict.setdefault(subdistrict_id, SubdistrictPurge(subdistrict_id)).cases += 1
        for row in documents.values("subdistrict_id").annotate(n=Count("pk")).order_by():
            per_subdistrict[row["subdistrict_id"]].documents = row["n"]
        result.subdistricts = [per_subdistrict[k] for k in sorted(per_subdistrict)]
        if dry_run or not ids:
            return result
        files = list(documents.exclude(file="").values_list("subdistrict_id", "file"))
        documents.delete()
        CaseStep.objects.filter(case_id__in=ids).update(note="", reason="", outcome="")
        CaseStep.objects.filter(case_id__in=ids, kind=CaseStep.Kind.OPENED).update(by=None)
        tokens = _new_tokens([key for _pk, _sd, key, _knew in found])
        now = timezone.now()
        for pk, _subdistrict, key, knew_on in found:
            LegalAidCase.objects.filter(pk=pk).update(
                person=None,
                person_key=tokens[key],
                opened_by=None,
                employer_name="",
                employer_unit=None,
                summary="",
                outcome="",
                knew_on=knew_on.replace(day=1),
                employment_ended_on=None,
                limitation_deadline=None,
                purged_at=now,
            )
        for subdistrict_id in {sd for sd, _name in files}:
            schedule_file_deletion(subdistrict_id, [name for sd, name in files if sd == subdistrict_id])
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
