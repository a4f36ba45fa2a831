"""Enrolment: a referral by the labour office or a resident's own application.

A seat is taken by one conditional UPDATE of the class's ``seats_taken`` counter
(``seats_taken < capacity``), which the database serialises and a check constraint
bounds: however many enrol at once, a class never has more seats taken than places.
ENROLLED and OFFERED enrolments hold a seat. When one is given up, the first on the
waiting list gets a time-limited offer (the seat passes to it); an offer that lapses
passes the seat on again, and with nobody waiting the seat is freed. The person
offered a seat is told by text message (``place_offer``) once the offer is committed.

``job_seeker_at_enrolment`` keeps the registry's job-seeker flag of the day the
person enrolled (the registry keeps no history): the subsidy's share is judged on it.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.activities.models import Registration
from jiedao.core import audit
from jiedao.core.errors import Conflict, Forbidden
from jiedao.core.models import AuditEntry
from jiedao.people.models import Person
from jiedao.training.access import oversees
from jiedao.training.models import Course, Enrolment, TrainingClass
from jiedao.training.notifications import notify_offer
from jiedao.training.services.setup import require_class_manager

Status = Enrolment.Status


class ClassFull(Conflict):
    code = "class_full"


class NotEligible(Conflict):
    code = "not_eligible"


class ClassClosed(Conflict):
    code = "class_closed"


def is_open(training_class: TrainingClass, today: dt.date | None = None) -> bool:
    """Still taking enrolments: open, and not started yet."""
    today = today or timezone.localdate()
    return training_class.enrolment_open and (training_class.starts_on is None or training_class.starts_on > today)


def eligibility_problem(course: Course, person: Person) -> str:
    """Why ``person`` may not take ``course`` (empty when they may)."""
    if person.subdistrict_id != course.subdistrict_id:
        return _("仅限本街道居民报名。")
    if course.eligibility == Course.Eligibility.JOB_SEEKERS and not person.is_job_seeker:
        return _("本培训项目仅面向在本街道登记的求职人员，请先到社区事务受理中心办理求职登记。")
    return ""


def _lock_class(training_class_id: int) -> None:
    """The class's row lock, taken before an enrolment's wherever both are (closing a
    class, a claim, a withdrawal, a lapsed offer, a re-enrolment): one order, no
    deadlock."""
    TrainingClass.objects.select_for_update().filter(pk=training_class_id).first()


def _take_seat(training_class: TrainingClass) -> bool:
    return bool(
        TrainingClass.objects.filter(pk=training_class.pk, seats_taken__lt=F("capacity")).update(
            seats_taken=F("seats_taken") + 1
        )
    )


def _free_seat(training_class: TrainingClass) -> None:
    TrainingClass.objects.filter(pk=training_class.pk, seats_taken__gt=0).update(seats_taken=F("seats_taken") - 1)


def _register(enrolment: Enrolment) -> None:
    """The trainee on the activity's list, so the sign-in screens know them."""
    Registration.objects.update_or_create(
        activity_id=enrolment.training_class.activity_id,
        person_id=enrolment.person_id,
        defaults={"subdistrict_id": enrolment.subdistrict_id, "status": Registration.Status.CONFIRMED},
    )


def _unregister(enrolment: Enrolment) -> None:
    Registration.objects.filter(activity_id=enrolment.training_class.activity_id, person_id=enrolment.person_id).update(
        status=Registration.Status.CANCELLED
    )


def _is_own(actor: Actor, enrolment: Enrolment) -> bool:
    return actor.user is not None and enrolment.person.user_id == actor.user.pk


def enrol(
    *,
    actor: Actor,
    training_class: TrainingClass,
    person: Person,
    wait: bool = False,
    request: HttpRequest | None = None,
) -> tuple[Enrolment, bool]:
    """Enrol ``person``: ``(enrolment, True)`` when new, ``(the existing one, False)``
    on a repeat (whatever its status but withdrawn, which enrols again). A full class
    raises ``ClassFull``, or with ``wait`` puts the person on the waiting list.

    The labour office refers anyone of its sub-district (a referral); anyone else
    enrols only themselves (an application)."""
    own = person.user_id is not None and actor.user is not None and person.user_id == actor.user.pk
    if own:
        source = Enrolment.Source.APPLICATION
    elif oversees(actor) and actor.subdistrict_id == person.subdistrict_id:
        source = Enrolment.Source.REFERRAL
    else:
        raise Forbidden(_("您只能为自己报名。"))
    if not is_open(training_class):
        raise ClassClosed(_("该培训班已停止报名。"))
    problem = eligibility_problem(training_class.course, person)
    if problem:
        raise NotEligible(problem)
    existing = Enrolment.objects.filter(training_class=training_class, person=person).first()
    if existing is not None and existing.status != Status.WITHDRAWN:
        return existing, False
    try:
        with transaction.atomic():
            if existing is not None:
                # Withdrawn when read: re-read under its row lock, so that two
                # re-enrolments at once take one seat (the second finds it enrolled).
                _lock_class(training_class.pk)
                existing = Enrolment.objects.select_for_update().get(pk=existing.pk)
                if existing.status != Status.WITHDRAWN:
                    return existing, False
            seated = _take_seat(training_class)
            if not seated and not wait:
                raise ClassFull(_("该培训班名额已满，可以登记候补。"))
            status = Status.ENROLLED if seated else Status.WAITING
            if existing is not None:
                existing.status = status
                existing.source = source
                existing.job_seeker_at_enrolment = person.is_job_seeker
                existing.created_at = timezone.now()  # back of the waiting list
                existing.save(update_fields=["status", "source", "job_seeker_at_enrolment", "created_at", "updated_at"])
                enrolment = existing
            else:
                enrolment = Enrolment.objects.create(
                    subdistrict_id=training_class.subdistrict_id,
                    training_class=training_class,
                    person=person,
                    status=status,
                    source=source,
                    job_seeker_at_enrolment=person.is_job_seeker,
                    created_by=actor.user,
                )
            if seated:
                _register(enrolment)
            audit.record_created(
                actor=actor,
                obj=enrolment,
                values={"class": training_class.pk, "person": person.pk, "status": status, "source": source},
                request=request,
            )
    except IntegrityError:
        # A concurrent enrolment of the same person won: theirs is the answer (the
        # seat this attempt took went back with its rollback).
        found = Enrolment.objects.filter(training_class=training_class, person=person).first()
        if found is None:
            raise
        return found, False
    return enrolment, True


def _first_waiting(training_class: TrainingClass) -> Enrolment | None:
    return (
        Enrolment.objects.select_for_update()
        .filter(training_class=training_class, status=Status.WAITING)
        .order_by("created_at", "id")
        .first()
    )


def _offer(waiting: Enrolment, training_class: TrainingClass, now: dt.datetime) -> None:
    """A seat already taken for ``waiting`` becomes their offer, held ``offer_hours``;
    they are told by text message once it is committed."""
    waiting.status = Status.OFFERED
    waiting.offer_expires_at = now + dt.timedelta(hours=training_class.offer_hours)
    waiting.save(update_fields=["status", "offer_expires_at", "updated_at"])
    audit.record(
        actor=None,
        action=AuditEntry.Action.UPDATE,
        obj=waiting,
        detail={"changes": {"status": [Status.WAITING, Status.OFFERED]}},
    )
    pk = waiting.pk
    transaction.on_commit(lambda: notify_offer(pk))


def _offer_next(training_class: TrainingClass, now: dt.datetime) -> Enrolment | None:
    """Pass a seat that has just been given up to the first one waiting (an offer
    until ``offer_hours`` from now); with nobody waiting, free it."""
    waiting = _first_waiting(training_class)
    if waiting is None or not is_open(training_class, timezone.localdate(now)):
        _free_seat(training_class)
        return None
    _offer(waiting, training_class, now)
    return waiting


def fill_from_waiting_list(training_class: TrainingClass, now: dt.datetime) -> int:
    """Offer every free seat (after places were added) to those waiting, in order.
    Returns how many offers were made. Inside the caller's transaction."""
    offered = 0
    while is_open(training_class, timezone.localdate(now)):
        waiting = _first_waiting(training_class)
        if waiting is None or not _take_seat(training_class):
            break
        _offer(waiting, training_class, now)
        offered += 1
    return offered


def withdraw(*, actor: Actor, enrolment: Enrolment, request: HttpRequest | None = None) -> Enrolment:
    """Give up a seat or a place on the waiting list (the trainee, or the class's staff)."""
    with transaction.atomic():
        _lock_class(enrolment.training_class_id)
        enrolment = (
            Enrolment.objects.select_for_update(of=("self",))
            .select_related("training_class__provider", "person")
            .get(pk=enrolment.pk)
        )
        if not _is_own(actor, enrolment):
            require_class_manager(actor, enrolment.training_class)
        if enrolment.status in (Status.COMPLETED, Status.NOT_COMPLETED):
            raise Conflict(_("培训已结束，不能退出。"), code="class_finished")
        if enrolment.status == Status.WITHDRAWN:
            return enrolment
        held_seat = enrolment.status in (Status.ENROLLED, Status.OFFERED)
        old = enrolment.status
        enrolment.status = Status.WITHDRAWN
        enrolment.offer_expires_at = None
        enrolment.save(update_fields=["status", "offer_expires_at", "updated_at"])
        audit.record_changes(actor=actor, obj=enrolment, changes={"status": [old, Status.WITHDRAWN]}, request=request)
        if held_seat:
            _unregister(enrolment)
            _offer_next(enrolment.training_class, timezone.now())
    return enrolment


def accept_offer(*, actor: Actor, enrolment: Enrolment, request: HttpRequest | None = None) -> Enrolment:
    """The trainee takes the seat offered to them, before the offer lapses (or the
    class's staff for them)."""
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update(of=("self",))
            .select_related("training_class__provider", "person")
            .get(pk=enrolment.pk)
        )
        if not _is_own(actor, enrolment):  # or the class's staff, told by phone
            require_class_manager(actor, enrolment.training_class)
        if enrolment.status == Status.ENROLLED:
            return enrolment
        if enrolment.status != Status.OFFERED or (
            enrolment.offer_expires_at is not None and enrolment.offer_expires_at <= timezone.now()
        ):
            raise Conflict(_("候补名额已过期或不存在。"), code="offer_expired")
        enrolment.status = Status.ENROLLED
        enrolment.offer_expires_at = None
        enrolment.save(update_fields=["status", "offer_expires_at", "updated_at"])
        _register(enrolment)
        audit.record_changes(
            actor=actor, obj=enrolment, changes={"status": [Status.OFFERED, Status.ENROLLED]}, request=request
        )
    return enrolment


def expire_offers(*, now: dt.datetime | None = None) -> int:
    """Lapse every offer past its time (a scheduled command); each lapsed seat goes to
    the next one waiting. Returns how many lapsed."""
    now = now or timezone.now()
    lapsed = 0
    due = Enrolment.objects.filter(status=Status.OFFERED, offer_expires_at__lte=now)
    for pk, training_class_id in due.values_list("pk", "training_class_id"):
        with transaction.atomic():
            _lock_class(training_class_id)
            enrolment = (
                Enrolment.objects.select_for_update()
                .select_related("training_class")
                .filter(pk=pk, status=Status.OFFERED, offer_expires_at__lte=now)
                .first()
            )
            if enrolment is None:
                continue
            enrolment.status = Status.WITHDRAWN
            enrolment.offer_expires_at = None
            enrolment.save(update_fields=["status", "offer_expires_at", "updated_at"])
            audit.record(
                actor=None,
                action=AuditEntry.Action.UPDATE,
                obj=enrolment,
                detail={"changes": {"status": [Status.OFFERED, Status.WITHDRAWN]}, "reason": "offer_expired"},
            )
            _offer_next(enrolment.training_class, now)
            lapsed += 1
    return lapsed
