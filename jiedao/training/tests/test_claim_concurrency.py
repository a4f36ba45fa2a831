"""Races of the third pass (review), repeated: a withdrawn trainee re-enrolled from
two places at once takes one seat, not two; a subsidy claim made while the table is
changed from a back date is computed by the rule the class is left with."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from jiedao.accounts.actor import Actor, actor_for
from jiedao.activities.models import Session
from jiedao.activities.tests.threads import in_thread, race, thread_database
from jiedao.core.errors import Conflict
from jiedao.people.models import Person
from jiedao.testing import build_world
from jiedao.training import services
from jiedao.training.models import Enrolment, ExternalCertificate, SubsidyClaim, TrainingClass
from jiedao.training.tests.helpers import add_session, attend, build_training, make_job_seeker, pass_works, seat

__all__ = ["thread_database"]  # the fixture, used by name

ROUNDS = 5


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("thread_database")
def test_re_enrolling_a_withdrawn_person_twice_at_once_takes_one_seat() -> None:
    def set_up() -> tuple[TrainingClass, Person, Actor, Actor]:
        world = build_world()
        setup = build_training(world)
        person = world.people["jobseeker"]
        return setup.upcoming, person, actor_for(world.users["labour"]), actor_for(world.users["jobseeker"])

    training_class, person, labour, me = in_thread(set_up)
    for _round in range(ROUNDS):
        # Enrolled, then withdrawn: the seat is free again.
        in_thread(lambda: services.enrol(actor=me, training_class=training_class, person=person))
        in_thread(
            lambda: services.withdraw(
                actor=me, enrolment=Enrolment.objects.get(training_class=training_class, person=person)
            )
        )
        assert in_thread(lambda: TrainingClass.objects.get(pk=training_class.pk).seats_taken) == 0

        def enrol(who: Actor) -> str:
            enrolment, _created = services.enrol(actor=who, training_class=training_class, person=person)
            return enrolment.status

        assert race(enrol, [labour, me]) == ["enrolled", "enrolled"]
        seats, enrolled = in_thread(
            lambda: (
                TrainingClass.objects.get(pk=training_class.pk).seats_taken,
                Enrolment.objects.filter(training_class=training_class, status="enrolled").count(),
            )
        )
        assert (seats, enrolled) == (1, 1)


def _finished_classes(count: int) -> tuple[list[ExternalCertificate], Actor, int]:
    """``count`` closed classes starting on successive days, one trainee each with a
    recorded authority certificate."""
    world = build_world()
    setup = build_training(world)
    labour = actor_for(world.users["labour"])
    base = timezone.now().replace(microsecond=0) - dt.timedelta(days=40)
    externals = []
    for i in range(count):
        c = services.class_create(
            actor=labour, course=setup.course, provider=setup.provider, name=f"插花班{i}", place="理想学校"
        )
        add_session(c, labour, base + dt.timedelta(days=i))
        add_session(c, labour, base + dt.timedelta(days=i, hours=5))
        c.refresh_from_db()
        person_id = make_job_seeker(world)
        enrolment = seat(c, person_id)
        for session in Session.objects.filter(activity_id=c.activity_id):
            attend(session, person_id)
        pass_works(enrolment)
        services.close_class(actor=labour, training_class=c)
        enrolment.refresh_from_db()
        externals.append(
            services.record_external_certificate(
                actor=labour, enrolment=enrolment, grade="special", number=f"ZX-R{i}", issued_on=timezone.localdate()
            )
        )
    return externals, labour, world.liangcheng.pk


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("thread_database")
def test_a_claim_racing_a_back_dated_rule_follows_the_rule_the_class_keeps() -> None:
    externals, labour, subdistrict_id = in_thread(lambda: _finished_classes(ROUNDS))
    for i, external in enumerate(externals):
        start = in_thread(lambda: external.enrolment.training_class.starts_on)  # noqa: B023
        assert start is not None

        def claim() -> str:
            services.claim_create(actor=labour, external_certificate=external)  # noqa: B023
            return "claimed"

        def back_date() -> str:
            try:
                services.rule_set(
                    actor=labour,
                    grade="special",
                    amount=Decimal(1100 + i),  # noqa: B023
                    unemployed_share=Decimal(1),
                    employed_share=Decimal("0.8"),
                    valid_from=start,  # noqa: B023
                )
            except Conflict:
                return "refused"
            return "set"

        results = race(lambda f: f(), [claim, back_date])
        assert results[0] == "claimed" and results[1] in ("set", "refused")
        stored, in_force = in_thread(
            lambda: (
                SubsidyClaim.objects.select_related("rule").get(enrolment_id=external.enrolment_id),  # noqa: B023
                services.rule_for(subdistrict_id, "special", start),  # noqa: B023
            )
        )
        # Whichever came first, the claim was computed by the rule its class keeps.
        assert stored.rule_id == in_force.pk and stored.base_amount == in_force.amount
