"""One attendance per person per session, however many sign-ins race: real
threads, real transactions, on SQLite and on PostgreSQL."""

import pytest

from jiedao.activities import services
from jiedao.activities.models import Attendance, Session
from jiedao.activities.tests.helpers import meeting, session_of
from jiedao.activities.tests.threads import in_thread, race, thread_database
from jiedao.people.models import Person
from jiedao.testing import build_world

__all__ = ["thread_database"]  # the fixture, used by name

THREADS = 8


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("thread_database")
def test_concurrent_sign_ins_of_one_person_give_one_attendance() -> None:
    def set_up() -> tuple[Session, Person]:
        world = build_world()
        return session_of(world, meeting(world)), world.people["worker"]

    session, person = in_thread(set_up)

    def scan(_n: int) -> tuple[int, bool]:
        attendance, created = services.sign_in(session=session, person=person, method=Attendance.Method.QR)
        return attendance.pk, created

    results = race(scan, list(range(THREADS)))
    stored = in_thread(
        lambda: list(Attendance.objects.filter(session=session, person=person).values_list("pk", flat=True))
    )
    assert len(stored) == 1
    assert {pk for pk, _ in results} == set(stored)
    assert sum(created for _, created in results) == 1
