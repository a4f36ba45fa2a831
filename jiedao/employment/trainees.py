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
# Trainees of a class that has been through 结业评定 (``training.services.completion.
# close_class``): completed or not. Not those who waited, were offered a seat or
# withdrew, and not yet those still ``enrolled``: until the class is assessed its
# outcome, and its last day (the sessions are fixed from then on), are not settled.
FOLLOWED_STATUSES = (Enrolment.Status.COMPLETED, Enrolment.Status.NOT_COMPLETED)


def followed() -> QuerySet[Enrolment]:
    """The enrolments followed into work and counted in the rates: every trainee of
    an assessed class, whether they completed it or not."""
    return Enrolment.objects.filter(status__in=FOLLOWED_STATUSES)


def assessed() -> Q:
    """On a follow-up: its enrolment has been assessed."""
    return Q(enrolment__status__in=FOLLOWED_STATUSES)


def class_end_of(enrolment_id: int) -> dt.date | None:
    """The last day of the enrolment's class (None: not known yet)."""
    return Enrolment.objects.filter(pk=enrolment_id).values_list(CLASS_END, flat=True).first()


def completed() -> Q:
    return Q(status=Enrolment.Status.COMPLETED)


def certified() -> Q:
    """A completion certificate that has not been revoked."""
    return Q(certificate__isnull=False, certificate__revoked_at__isnull=True)
