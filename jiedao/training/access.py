"""Who sees which training records.

- The labour office (劳动保障事务所) and the sub-district admin oversee every
  provider, course, class, enrolment, certificate and subsidy claim of their
  sub-district (``OVERSEE_ROLES``).
- A training provider's users (``Role.TRAINING_PROVIDER`` scoped to their school's
  unit) see and run the classes of their own school only.
- Referring a job seeker from the registry and the subsidy ledger are the overseers'.
- Residents see their own enrolments (``people.access.own_person``); anyone may verify
  a certificate by its number.

Outside the actor's scope everything answers 404 (``accounts.access.one_for_actor``).
"""

from django.db.models import QuerySet

from jiedao.accounts.access import one_for_actor, scoped
from jiedao.accounts.actor import Actor
from jiedao.accounts.models import Role
from jiedao.activities.models import Session
from jiedao.people.access import own_person
from jiedao.training.models import (
    CompletionCertificate,
    Course,
    Enrolment,
    Provider,
    SubsidyClaim,
    SubsidyRule,
    TrainingClass,
    Work,
)

OVERSEE_ROLES = frozenset({Role.SUBDISTRICT_ADMIN, Role.LABOUR_OFFICE})
DESK_ROLES = OVERSEE_ROLES | {Role.TRAINING_PROVIDER}


def oversees(actor: Actor) -> bool:
    return actor.has_role(*OVERSEE_ROLES)


def providers_visible_to(actor: Actor) -> QuerySet[Provider]:
    providers = scoped(Provider.objects.select_related("unit"), actor)
    if oversees(actor):
        return providers
    return providers.filter(unit_id__in=actor.unit_ids(Role.TRAINING_PROVIDER))


def courses_visible_to(actor: Actor) -> QuerySet[Course]:
    """Every staff role on the desk reads the course catalogue of its sub-district."""
    courses = scoped(Course.objects.all(), actor)
    return courses if actor.has_role(*DESK_ROLES) else courses.none()


def classes_visible_to(actor: Actor) -> QuerySet[TrainingClass]:
    classes = scoped(TrainingClass.objects.all(), actor)
    if oversees(actor):
        return classes
    return classes.filter(provider__unit_id__in=actor.unit_ids(Role.TRAINING_PROVIDER))


def class_for_actor(actor: Actor, pk: int) -> TrainingClass:
    return one_for_actor(
        classes_visible_to(actor).select_related("course", "provider__unit", "activity", "subdistrict"), pk
    )


def session_for_actor(actor: Actor, pk: int) -> tuple[TrainingClass, Session]:
    """A session of a class the actor sees, with its class; else 404."""
    session = one_for_actor(
        Session.objects.select_related("training_hours").filter(activity__training_class__in=classes_visible_to(actor)),
        pk,
    )
    return class_for_actor(actor, session.activity.training_class.pk), session


def enrolments_visible_to(actor: Actor) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(training_class__in=classes_visible_to(actor))


def enrolment_for_actor(actor: Actor, pk: int) -> Enrolment:
    return one_for_actor(
        enrolments_visible_to(actor).select_related(
            "person", "training_class__course", "training_class__provider__unit", "training_class__activity"
        ),
        pk,
    )


def own_enrolment(actor: Actor, pk: int) -> Enrolment:
    """The signed-in resident's own enrolment ``pk``; else 404."""
    person = own_person(actor)
    return one_for_actor(
        Enrolment.objects.select_related("training_class").filter(person_id=person.pk if person else 0), pk
    )


def own_certificate(actor: Actor, pk: int) -> CompletionCertificate:
    """The signed-in resident's own completion certificate ``pk``; else 404."""
    person = own_person(actor)
    return one_for_actor(
        CompletionCertificate.objects.select_related(
            "enrolment__person", "enrolment__training_class__course", "enrolment__training_class__provider__unit"
        ).filter(enrolment__person_id=person.pk if person else 0),
        pk,
    )


def work_for_actor(actor: Actor, pk: int) -> Work:
    return one_for_actor(
        Work.objects.select_related("enrolment__training_class", "required_work").filter(
            enrolment__in=enrolments_visible_to(actor)
        ),
        pk,
    )


def certificates_visible_to(actor: Actor) -> QuerySet[CompletionCertificate]:
    return CompletionCertificate.objects.filter(enrolment__in=enrolments_visible_to(actor))


def certificate_for_actor(actor: Actor, pk: int) -> CompletionCertificate:
    return one_for_actor(certificates_visible_to(actor).select_related("enrolment__person"), pk)


def claims_visible_to(actor: Actor) -> QuerySet[SubsidyClaim]:
    claims = scoped(SubsidyClaim.objects.all(), actor)
    return claims if oversees(actor) else claims.none()


def claim_for_actor(actor: Actor, pk: int) -> SubsidyClaim:
    return one_for_actor(claims_visible_to(actor), pk)


def rule_for_actor(actor: Actor, pk: int) -> SubsidyRule:
    """A version of the subsidy table, for the overseers of its sub-district; else 404."""
    rules = scoped(SubsidyRule.objects.all(), actor)
    return one_for_actor(rules if oversees(actor) else rules.none(), pk)
