"""Reads of the training programme: the catalogue, open classes, a trainee's own
enrolments, a certificate by number, a class's roster (constant queries)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from jiedao.activities.models import Session
from jiedao.core.certificates import normalise_certificate_number
from jiedao.people.models import Person
from jiedao.training.models import CompletionCertificate, Course, Enrolment, RequiredWork, TrainingClass, Work
from jiedao.training.services.completion import hours_required
from jiedao.training.services.hours import hours_by_enrolment

SESSIONS = Prefetch(
    "activity__sessions",
    queryset=Session.objects.select_related("training_hours").order_by("starts_at", "id"),
    to_attr="class_sessions",
)


def catalogue(subdistrict_id: int | None) -> QuerySet[Course]:
    return (
        Course.objects.filter(subdistrict_id=subdistrict_id or 0, is_active=True)
        .prefetch_related(Prefetch("required_works", queryset=RequiredWork.objects.order_by("position", "id")))
        .order_by("name", "id")
    )


def with_sessions(classes: QuerySet[TrainingClass]) -> QuerySet[TrainingClass]:
    return classes.select_related("course", "provider__unit", "activity").prefetch_related(SESSIONS)


def classes_of(subdistrict_id: int | None, *, open_only: bool) -> QuerySet[TrainingClass]:
    classes = TrainingClass.objects.filter(subdistrict_id=subdistrict_id or 0)
    if open_only:
        today = timezone.localdate()
        classes = classes.filter(enrolment_open=True).exclude(starts_on__lte=today)
    return with_sessions(classes).order_by("starts_on", "id")


def session_hours_of(session: Session) -> Decimal | None:
    planned = getattr(session, "training_hours", None)
    return planned.hours if planned is not None else None


@dataclass(frozen=True)
class MyEnrolment:
    enrolment: Enrolment
    hours_attended: Decimal
    hours_required: Decimal
    works: list[Work]
    certificate: CompletionCertificate | None


def my_enrolments(person: Person | None) -> list[MyEnrolment]:
    if person is None:
        return []
    enrolments = list(
        Enrolment.objects.filter(person=person)
        .exclude(status=Enrolment.Status.WITHDRAWN)
        .select_related("training_class__course", "training_class__provider__unit", "certificate")
        .prefetch_related(Prefetch("works", queryset=Work.objects.select_related("required_work")))
        .order_by("-training_class__starts_on", "-id")
    )
    hours = hours_by_enrolment(enrolments)
    return [
        MyEnrolment(
            e,
            hours[e.pk],
            hours_required(e.training_class.course),
            list(e.works.all()),
            getattr(e, "certificate", None),
        )
        for e in enrolments
    ]


def certificate_by_number(number: str) -> CompletionCertificate | None:
    return (
        CompletionCertificate.objects.select_related(
            "enrolment__person", "enrolment__training_class__course", "enrolment__training_class__provider__unit"
        )
        .filter(number=normalise_certificate_number(number)[:32])
        .first()
    )
