"""职业技能提升补贴: the entitlement of a trainee from the rule table (the version in
force on the class's start date, ``services.rules``), the claim's course (申请 → 审核
→ 拨付, or 驳回 with a reason) and the ledger per year and provider."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.errors import Conflict, Forbidden
from jiedao.core.numbers import to_fen
from jiedao.core.services import clean_text, new_errors, raise_if
from jiedao.training.access import oversees
from jiedao.training.models import (
    Enrolment,
    ExternalCertificate,
    SubsidyClaim,
    SubsidyRule,
    TrainingClass,
    standing_claims,
)
from jiedao.training.services.rules import lock_grade, rule_for

Status = SubsidyClaim.Status
PersonStatus = SubsidyClaim.PersonStatus


def person_status_of(enrolment: Enrolment) -> str:
    """The trainee's status for the subsidy, as the registry recorded it when they
    enrolled (``job_seeker_at_enrolment``; the registry keeps no history): a
    registered job seeker counts as unemployed (100 %), anyone else as employed (80 %)."""
    return PersonStatus.UNEMPLOYED if enrolment.job_seeker_at_enrolment else PersonStatus.EMPLOYED


@dataclass(frozen=True)
class Entitlement:
    rule: SubsidyRule
    base_amount: Decimal
    share: Decimal
    amount: Decimal
    person_status: str


def entitlement(certificate: ExternalCertificate, person_status: str, day: dt.date | None) -> Entitlement:
    """What the certificate's grade is worth by the rule in force on ``day`` (the
    class's start date), at the share of ``person_status``, to the fen."""
    rule = rule_for(certificate.subdistrict_id, certificate.grade, day)
    share = rule.unemployed_share if person_status == PersonStatus.UNEMPLOYED else rule.employed_share
    amount = to_fen(rule.amount * share)
    return Entitlement(rule, rule.amount, share, amount, person_status)


def _require_overseer(actor: Actor) -> None:
    if not oversees(actor):
        raise Forbidden(_("只有劳动保障事务所可以办理补贴。"))


def claim_create(
    *,
    actor: Actor,
    external_certificate: ExternalCertificate | None,
    person_status: str = "",
    applied_on: dt.date | None = None,
    request: HttpRequest | None = None,
) -> SubsidyClaim:
    """A claim for the certificate's trainee: the amount from the rule of its grade in
    force on the class's start date and the trainee's status (default: as recorded at
    enrolment, see ``person_status_of``). One claim stands per enrolment at a time; a
    rejected one may be filed again.

    In one transaction under the locks of the class (closing it waits), of the
    enrolment (an hours correction waits) and of the grade's rule versions (a change
    of the table waits), taken in that order."""
    _require_overseer(actor)
    errors = new_errors()
    if external_certificate is None or external_certificate.subdistrict_id != actor.subdistrict_id:
        errors["external_certificate"].append(_("请选择已登记的职业资格证书。"))
    if person_status and person_status not in PersonStatus.values:
        errors["person_status"].append(_("请选择开班时身份。"))
    raise_if(errors)
    assert external_certificate is not None
    with transaction.atomic():
        TrainingClass.objects.select_for_update(of=("self",)).filter(
            enrolments__pk=external_certificate.enrolment_id
        ).first()
        enrolment = (
            Enrolment.objects.select_for_update(of=("self",))
            .select_related("training_class")
            .get(pk=external_certificate.enrolment_id)
        )
        if enrolment.status != Enrolment.Status.COMPLETED:
            raise Conflict(_("学员未结业，不能申请补贴。"), code="not_completed")
        if standing_claims().filter(enrolment=enrolment).exists():
            raise Conflict(_("该学员的本次培训已申请过补贴。"), code="already_claimed")
        lock_grade(external_certificate.subdistrict_id, external_certificate.grade)
        due = entitlement(
            external_certificate, person_status or person_status_of(enrolment), enrolment.training_class.starts_on
        )
        try:
            with transaction.atomic():
                claim = SubsidyClaim.objects.create(
                    subdistrict_id=enrolment.subdistrict_id,
                    enrolment=enrolment,
                    external_certificate=external_certificate,
                    rule=due.rule,
                    person_status=due.person_status,
                    base_amount=due.base_amount,
                    share=due.share,
                    amount=due.amount,
                    applied_on=applied_on or timezone.localdate(),
                    created_by=actor.user,
                )
        except IntegrityError:
            raise Conflict(_("该学员的本次培训已申请过补贴。"), code="already_claimed") from None
        audit.record_created(
            actor=actor,
            obj=claim,
            values={"enrolment": enrolment.pk, "amount": due.amount, "person_status": due.person_status},
            request=request,
        )
    return claim


_NEXT = {"review": (Status.APPLIED,), "pay": (Status.REVIEWED,), "reject": (Status.APPLIED, Status.REVIEWED)}


@transaction.atomic
def claim_decide(
    *,
    actor: Actor,
    claim: SubsidyClaim,
    decision: str,
    reason: str = "",
    on: dt.date | None = None,
    request: HttpRequest | None = None,
) -> SubsidyClaim:
    """``review`` (审核), ``pay`` (拨付) or ``reject`` (驳回, with a reason)."""
    _require_overseer(actor)
    claim = SubsidyClaim.objects.select_for_update().get(pk=claim.pk)
    errors = new_errors()
    if decision not in _NEXT:
        errors["decision"].append(_("无效的操作。"))
    reason = clean_text(errors, "reason", reason, max_length=200, required=decision == "reject")
    raise_if(errors)
    if claim.status not in _NEXT[decision]:
        raise Conflict(
            _("该申请当前状态为“%(s)s”，不能进行此操作。") % {"s": claim.get_status_display()}, code="wrong_status"
        )
    day = on or timezone.localdate()
    old = claim.status
    if decision == "review":
        claim.status, claim.reviewed_on = Status.REVIEWED, day
    elif decision == "pay":
        claim.status, claim.paid_on = Status.PAID, day
    else:
        claim.status, claim.reject_reason = Status.REJECTED, reason
    claim.save()
    changes: dict[str, list[object] | None] = {"status": [old, claim.status]}
    if reason:
        changes["reject_reason"] = ["", reason]
    audit.record_changes(actor=actor, obj=claim, changes=changes, request=request)
    return claim


@dataclass
class LedgerLine:
    provider: str
    claims: int = 0
    claimed: Decimal = Decimal(0)
    approved: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)
    rejected: int = 0
    rows: list[SubsidyClaim] = field(default_factory=list)


def ledger(claims: QuerySet[SubsidyClaim], year: int) -> list[LedgerLine]:
    """Claims applied for in ``year``, per provider: counts and Decimal sums."""
    lines: dict[str, LedgerLine] = {}
    rows = (
        claims.filter(applied_on__year=year)
        .select_related(
            "enrolment__person",
            "enrolment__training_class__provider__unit",
            "enrolment__training_class__course",
            "external_certificate",
        )
        .order_by("enrolment__training_class__provider__unit__name", "applied_on", "id")
    )
    for claim in rows:
        name = claim.enrolment.training_class.provider.unit.name
        line = lines.setdefault(name, LedgerLine(name))
        line.rows.append(claim)
        line.claims += 1
        if claim.status == Status.REJECTED:
            line.rejected += 1
            continue
        line.claimed += claim.amount
        if claim.status in (Status.REVIEWED, Status.PAID):
            line.approved += claim.amount
        if claim.status == Status.PAID:
            line.paid += claim.amount
    return list(lines.values())
