"""Under concurrency, on SQLite and PostgreSQL: one registration per person, one
follow-up per (enrolment, offset) however many schedulers run at once, and one
reminder per follow-up however many reminder runs overlap."""

import datetime as dt
from functools import partial
from typing import Any

import pytest

from jiedao.accounts.actor import actor_for
from jiedao.activities.tests.threads import file_database, run_together
from jiedao.core.errors import Conflict
from jiedao.employment.models import FollowUp, JobSeeker
from jiedao.employment.services import register_job_seeker
from jiedao.employment.services.follow_ups import schedule_follow_ups, send_reminders
from jiedao.employment.tests.conftest import make_class, trainees
from jiedao.testing import build_world

THREADS = 6


@pytest.mark.django_db(transaction=True)
def test_one_registration_per_person() -> None:
    world = build_world()
    labour = actor_for(world.users["labour"])
    person = world.people["worker"]
    data: dict[str, Any] = {
        "registered_on": dt.date(2020, 9, 1),
        "is_registered_unemployed": False,
        "unemployed_since": None,
        "education": "senior",
        "skills_wanted": "",
        "desired_work": "",
        "availability": "full_time",
        "available_from": None,
        "note": "",
    }
    with file_database():
        outcomes = run_together([partial(register_job_seeker, actor=labour, person=person, **data)] * THREADS)
        won = [o.value for o in outcomes if isinstance(o.value, JobSeeker)]
        lost = [o.error for o in outcomes if o.error is not None]
        assert len(won) == 1, outcomes
        assert len(lost) == THREADS - 1 and all(isinstance(e, Conflict) for e in lost), outcomes
        # Every desk that lost is told which registration won.
        assert all(e.details == {"id": won[0].pk} for e in lost if isinstance(e, Conflict)), outcomes
        assert JobSeeker.objects.filter(person=person).count() == 1


@pytest.mark.django_db(transaction=True)
def test_schedulers_at_once_make_each_follow_up_once() -> None:
    world = build_world()
    trainees(world, 4, make_class(world))
    with file_database():
        outcomes = run_together([partial(schedule_follow_ups, today=dt.date(2021, 6, 1))] * THREADS)
        assert all(o.error is None for o in outcomes), outcomes
        assert all(o.value <= 12 for o in outcomes), outcomes
        assert FollowUp.objects.count() == 12


@pytest.mark.django_db(transaction=True)
def test_overlapping_reminder_runs_remind_once() -> None:
    world = build_world()
    world.users["labour"].email = "labour@example.org"
    world.users["labour"].save()
    trainees(world, 3, make_class(world))
    schedule_follow_ups(today=dt.date(2021, 6, 1))
    with file_database():
        outcomes = run_together([partial(send_reminders, today=dt.date(2021, 6, 1))] * THREADS)
        assert all(o.error is None for o in outcomes), outcomes
        assert sum(o.value for o in outcomes) == 1, outcomes
        assert FollowUp.objects.filter(reminded_on__isnull=True).count() == 0
