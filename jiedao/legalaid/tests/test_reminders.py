"""The daily reminder of due steps: to the handler (the supervisors for unassigned
cases), overdue and due within three days, each case at most once a day, never a
suspended, final or purged case, and naming no worker."""

import datetime as dt
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from jiedao.accounts.actor import actor_for
from jiedao.legalaid import services
from jiedao.legalaid.models import LegalAidCase
from jiedao.legalaid.tests.factories import OWN_SUMMARY, assign, open_case
from jiedao.testing import World

OPENED = dt.datetime(2026, 6, 1, 2, 0, tzinfo=dt.UTC)
pytestmark = pytest.mark.django_db


def test_handlers_are_reminded_of_due_steps_once_a_day(world: World, django_capture_on_commit_callbacks: Any) -> None:
    for key in ("handler", "legalsup"):
        world.users[key].email = f"{key}@example.org"
        world.users[key].save(update_fields=["email"])
    with time_machine.travel(OPENED, tick=False):
        due = assign(world, open_case(world, summary=OWN_SUMMARY))  # consultation: due 2026-06-08
        unassigned = open_case(world, "zhonghong_worker")
        held = assign(world, open_case(world, "jobseeker"))
        services.case_suspend(actor=actor_for(world.users["handler"]), case=held, on=OPENED.date(), note="联系不上")
    # 6 June: due within three days.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders(today=dt.date(2026, 6, 5)) == 2
    to = {m.to[0]: m.body for m in mail.outbox}
    assert f"#{due.pk}" in to["handler@example.org"] and f"#{held.pk}" not in to["handler@example.org"]
    assert f"#{unassigned.pk}" in to["legalsup@example.org"]
    assert all("王秀英" not in body and OWN_SUMMARY not in body for body in to.values())
    # The same day again: nothing; the next day: again (now overdue for one more day).
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders(today=dt.date(2026, 6, 5)) == 0
    assert LegalAidCase.objects.get(pk=due.pk).reminded_on == dt.date(2026, 6, 5)
    with time_machine.travel(dt.datetime(2026, 6, 10, 2, 0, tzinfo=dt.UTC), tick=False):
        out = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("legal_aid_reminders", stdout=out)
        assert out.getvalue().startswith("2 ")
        assert "已逾期" in mail.outbox[-1].body
    # Far from due: nothing.
    LegalAidCase.objects.filter(pk__in=[due.pk, unassigned.pk]).update(due_on=dt.date(2026, 7, 1))
    assert services.send_due_reminders(today=dt.date(2026, 6, 11)) == 0


def test_a_handler_who_left_is_not_told_the_supervisors_are(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    from jiedao.accounts.models import RoleAssignment

    for key in ("handler", "legalsup"):
        world.users[key].email = f"{key}@example.org"
        world.users[key].save(update_fields=["email"])
    with time_machine.travel(OPENED, tick=False):
        due = assign(world, open_case(world, summary=OWN_SUMMARY))
    RoleAssignment.objects.filter(user=world.users["handler"], role="legal_aid_handler").delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_due_reminders(today=dt.date(2026, 6, 5))
    to = {m.to[0]: m.body for m in mail.outbox}
    assert "handler@example.org" not in to and f"#{due.pk}" in to["legalsup@example.org"]
