"""Overlapping reminder runs send one reminder a day per assessment: real threads,
on SQLite (a WAL file copy) and PostgreSQL, repeated over several days."""

import datetime as dt
from functools import partial

import pytest
from django.core import mail

from jiedao.activities.tests.threads import file_database, run_together
from jiedao.dues import services
from jiedao.dues.models import ArrearsStep, DuesAssessment
from jiedao.dues.tests.conftest import dues_of
from jiedao.testing import build_world

RUNS = 3  # overlapping runs each day
DAYS = 4  # days in a row (the schedule reminds every day)


@pytest.mark.django_db(transaction=True)
def test_overlapping_runs_remind_once_a_day() -> None:
    world = build_world()
    dues = dues_of(world)
    services.schedule_set(
        actor=dues.union, first_after_days=1, every_days=1, notice_after_days=90, order_after_days=180
    )
    DuesAssessment.objects.filter(pk=dues.gongzhi_2019.pk).update(contact_email="finance@gongzhi.example")
    mail.outbox = []
    with file_database():
        for n in range(DAYS):
            today = dt.date(2020, 2, 1) + dt.timedelta(days=n)
            outcomes = run_together(
                [partial(services.send_reminders, subdistrict=world.liangcheng, today=today) for _ in range(RUNS)]
            )
            assert all(o.error is None for o in outcomes), outcomes
            assert sum(o.value for o in outcomes) == 1, (today, outcomes)
            steps = ArrearsStep.objects.filter(assessment=dues.gongzhi_2019, taken_on=today)
            assert steps.count() == 1, today
        assert len(mail.outbox) == DAYS
