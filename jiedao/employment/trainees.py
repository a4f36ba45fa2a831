"""The one place employment names the training side's fields (the allowed edge
employment → training): who is followed after a class, when the class ended, its
course and provider, and whether a trainee completed and holds a certificate."""

import datetime as dt

from django.db.models import Q, QuerySet

from jiedao.training.models import Enrolment

PERSON = "person"
CLASS_NAME = "training_class__name"
CLASS_END = "training_class__ends_on"
COURSE_NAME = "training_class__course__name"
PROVIDER_NAME = "training_class__provider__unit__name"
# Trainees who took a seat in the class (not those who waited, were offered one or withdrew).
FOLLOWED_STATUSES = (Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED, Enrolment.Status.NOT_COMPLETED)


def followed() -> QuerySet[Enrolment]:
    """The enrolments followed into work: every trainee who took a place in a class,
    whether they completed it or not."""
    return Enrolment.objects.filter(status__in=FOLLOWED_STATUSES)


def class_end_of(enrolment_id: int) -> dt.date | None:
    """The last day of the enrolment's class (None: not known yet)."""
    return Enrolment.objects.filter(pk=enrolment_id).values_list(CLASS_END, flat=True).first()


def completed() -> Q:
    return Q(status=Enrolment.Status.COMPLETED)


def certified() -> Q:
    """A completion certificate that has not been revoked."""
    return Q(certificate__isnull=False, certificate__revoked_at__isnull=True)
