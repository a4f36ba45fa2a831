"""A class never holds more trainees than places, however many enrol at once: real
threads and transactions, on SQLite and PostgreSQL. And one person enrolling twice at
once gets one enrolment."""

import pytest

from jiedao.accounts.actor import actor_for
from jiedao.activities.tests.threads import in_thread, race, thread_database
from jiedao.people.models import Person
from jiedao.testing import build_world
from jiedao.training import services
from jiedao.training.models import Enrolment, TrainingClass
from jiedao.training.tests.helpers import build_training, make_job_seeker

__all__ = ["thread_database"]  # the fixture, used by name

THREADS = 8


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("thread_database")
def test_concurrent_enrolments_never_overfill_a_class() -> None:
    def set_up() -> tuple[TrainingClass, list[Person], object]:
        world = build_world()
        setup = build_training(world)  # the upcoming class has 3 places
        people = [Person.objects.get(pk=make_job_seeker(world)) for _ in range(THREADS)]
        return setup.upcoming, people, actor_for(world.users["labour"])

    training_class, people, labour = in_thread(set_up)

    def enrol(person: Person) -> str:
        try:
            enrolment, _ = services.enrol(actor=labour, training_class=training_class, person=person)  # type: ignore[arg-type]
        except services.ClassFull:
            return "full"
        return enrolment.status

    results = race(enrol, people)
    assert sorted(results) == ["enrolled"] * 3 + ["full"] * (THREADS - 3)
    stored = in_thread(
        lambda: (
            TrainingClass.objects.get(pk=training_class.pk).seats_taken,
            Enrolment.objects.filter(training_class=training_class, status="enrolled").count(),
        )
    )
    assert stored == (3, 3)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("thread_database")
def test_one_person_enrolling_at_once_gets_one_enrolment() -> None:
    def set_up() -> tuple[TrainingClass, Person, object]:
        world = build_world()
        setup = build_training(world)
        return setup.upcoming, world.people["jobseeker"], actor_for(world.users["jobseeker"])

    training_class, person, me = in_thread(set_up)

    def enrol(_n: int) -> tuple[int, bool]:
        enrolment, created = services.enrol(actor=me, training_class=training_class, person=person)  # type: ignore[arg-type]
        return enrolment.pk, created

    results = race(enrol, list(range(THREADS)))
    assert len({pk for pk, _ in results}) == 1
    assert sum(created for _, created in results) == 1
    assert in_thread(lambda: TrainingClass.objects.get(pk=training_class.pk).seats_taken) == 1
