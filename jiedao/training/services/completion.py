"""The completion rule (结业) and closing a class.

A trainee completes a course when the hours attended reach the prescribed hours
times the course's ``completion_share`` and every required work is marked passed.
Closing a class (after its last session) records the outcome of every trainee on it:
COMPLETED with ``completed_on`` (the class's last day) or NOT_COMPLETED. It may be run
again after a correction, but not while a subsidy claim stands on the class (a claim
rests on its trainee's completion: reject it first); a trainee keeps COMPLETED while
they hold a valid (unrevoked) certificate.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.errors import Conflict
from jiedao.core.models import AuditEntry
from jiedao.core.numbers import TENTH, half_up
from jiedao.training.models import CompletionCertificate, Course, Enrolment, TrainingClass, Work, standing_claims
from jiedao.training.services.hours import ClassHours
from jiedao.training.services.setup import require_class_manager

ON_CLASS = (Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED, Enrolment.Status.NOT_COMPLETED)


def hours_required(course: Course) -> Decimal:
    return half_up(course.prescribed_hours * course.completion_share, TENTH)


@dataclass(frozen=True)
class Outcome:
    enrolment: Enrolment
    hours: Decimal
    hours_required: Decimal
    works_passed: int
    works_required: int

    @property
    def met(self) -> bool:
        return self.hours >= self.hours_required and self.works_passed >= self.works_required


def class_outcomes(training_class: TrainingClass) -> list[Outcome]:
    """Every trainee on the class with their hours and works (constant queries)."""
    enrolments = list(
        Enrolment.objects.filter(training_class=training_class, status__in=ON_CLASS)
        .select_related("person")
        .order_by("person__name", "id")
    )
    hours = ClassHours(training_class, [e.person_id for e in enrolments])
    required_ids = set(training_class.course.required_works.values_list("pk", flat=True))
    passed: dict[int, int] = {}
    for enrolment_id, work_id in Work.objects.filter(enrolment__in=enrolments, mark=Work.Mark.PASSED).values_list(
        "enrolment_id", "required_work_id"
    ):
        if work_id in required_ids:
            passed[enrolment_id] = passed.get(enrolment_id, 0) + 1
    need = hours_required(training_class.course)
    return [Outcome(e, hours.total(e.person_id), need, passed.get(e.pk, 0), len(required_ids)) for e in enrolments]


def refuse_if_claimed(enrolments: QuerySet[Enrolment], message: str) -> None:
    """A standing subsidy claim (not rejected) on any of ``enrolments`` settles their
    outcome: refuse with ``message``."""
    if standing_claims().filter(enrolment__in=enrolments).exists():
        raise Conflict(message, code="claim_stands")


def close_class(*, actor: Actor, training_class: TrainingClass, request: HttpRequest | None = None) -> dict[str, int]:
    """Record each trainee's completion once the last session is over (again: the
    outcome is recomputed, e.g. after a correction; a trainee with a valid certificate
    stays completed). Refused while a subsidy claim stands on the class."""
    require_class_manager(actor, training_class)
    if training_class.ends_on is None or training_class.ends_on > timezone.localdate():
        raise Conflict(_("最后一次课结束后才能结业。"), code="class_not_over")
    with transaction.atomic():
        # The class's row lock: a claim is made under it too (services.subsidies).
        TrainingClass.objects.select_for_update().filter(pk=training_class.pk).first()
        refuse_if_claimed(
            Enrolment.objects.filter(training_class=training_class),
            _("本班已有学员的补贴申请在办理中，不能再次结业评定；如确需更正，请先驳回该学员的补贴申请。"),
        )
        outcomes = class_outcomes(training_class)
        # A valid certificate already issued stands: its trainee stays completed.
        certified = set(
            CompletionCertificate.objects.filter(
                enrolment__training_class=training_class, revoked_at__isnull=True
            ).values_list("enrolment_id", flat=True)
        )
        met = {o.enrolment.pk for o in outcomes if o.met or o.enrolment.pk in certified}
        missed = [o.enrolment.pk for o in outcomes if o.enrolment.pk not in met]
        now = timezone.now()
        # Only trainees still on the class: one withdrawn meanwhile stays withdrawn.
        completed = Enrolment.objects.filter(pk__in=met, status__in=ON_CLASS).update(
            status=Enrolment.Status.COMPLETED, completed_on=training_class.ends_on, updated_at=now
        )
        not_completed = Enrolment.objects.filter(pk__in=missed, status__in=ON_CLASS).update(
            status=Enrolment.Status.NOT_COMPLETED, completed_on=None, updated_at=now
        )
        counts = {"completed": completed, "not_completed": not_completed}
        TrainingClass.objects.filter(pk=training_class.pk).update(enrolment_open=False)
        audit.record(
            actor=actor, action=AuditEntry.Action.UPDATE, obj=training_class, request=request, detail={"closed": counts}
        )
    return counts
