"""Reading a case (audited before anything is decrypted) and listing cases (one audit
entry per list shown). Audit entries name a case by its number, never the worker."""

import datetime as dt
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.errors import Forbidden
from jiedao.core.models import AuditEntry
from jiedao.legalaid import access, clock
from jiedao.legalaid.models import CaseDocument, CaseStep, LegalAidCase
from jiedao.legalaid.services.cases import CASE_LABEL, is_overdue, limitation_of, superseded_ids


@dataclass(frozen=True)
class CaseView:
    """What a reader gets, read once after the audit entry is written."""

    case: LegalAidCase
    steps: list[CaseStep]
    documents: list[CaseDocument]
    capacity: str  # "worker", "handler" or "supervisor"
    limitation: clock.Limitation
    today: dt.date

    @property
    def alert(self) -> clock.Alert:
        return clock.alert(self.limitation.deadline, self.today)

    @property
    def days_left(self) -> int | None:
        return clock.days_left(self.limitation.deadline, self.today)

    @property
    def overdue(self) -> bool:
        return is_overdue(self.case, self.today)

    @property
    def superseded(self) -> set[int]:
        """The ids of the steps a later step corrected or withdrew."""
        return superseded_ids(self.steps)


def capacity_of(actor: Actor, case: LegalAidCase) -> str:
    """In which capacity the actor reads the case (``Forbidden`` if in none)."""
    if access.is_supervisor(actor) and actor.subdistrict_id == case.subdistrict_id:
        return "supervisor"
    if access.is_handler(actor) and actor.user is not None and case.handler_id == actor.user.pk:
        return "handler"
    if access.is_own_case(actor, case):
        return "worker"
    raise Forbidden(_("您无权查阅此案件。"))


def case_read(*, actor: Actor, case: LegalAidCase, request: HttpRequest | None = None) -> CaseView:
    """The whole case for one of its readers. Audited before anything is decrypted."""
    capacity = capacity_of(actor, case)
    audit.record(
        actor=actor,
        action=AuditEntry.Action.REVEAL,
        object_type=CASE_LABEL,
        object_id=str(case.pk),
        object_repr=str(case),
        subdistrict_id=case.subdistrict_id,
        request=request,
        detail={"as": capacity},
    )
    case = (
        LegalAidCase.objects.select_related("person", "handler", "employer_unit", "opened_by").filter(pk=case.pk).get()
    )
    steps = list(case.steps.select_related("by").order_by("on", "id"))
    documents = list(case.documents.filter(deleted_at__isnull=True).order_by("uploaded_at", "id"))
    return CaseView(case, steps, documents, capacity, limitation_of(case, steps), timezone.localdate())


def cases_listed(*, actor: Actor, cases: list[LegalAidCase], request: HttpRequest | None = None) -> None:
    """Audit a list that showed ``cases`` (the worker, the employer, the stage of each):
    one entry naming the cases by number, none for an empty list."""
    if not cases:
        return
    audit.record(
        actor=actor,
        action=AuditEntry.Action.REVEAL,
        object_type=CASE_LABEL,
        object_repr=_("法律援助案件列表"),
        subdistrict_id=cases[0].subdistrict_id,
        request=request,
        detail={"list": [case.pk for case in cases]},
    )
