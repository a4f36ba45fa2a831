"""The django-tasks tasks, the calendar day delete page (the SMS backends: jiedao/core/tests/test_sms*.py)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from jiedao.core import notifications
from jiedao.counselling import tasks
from jiedao.counselling.tests.conftest import CounsellingSetup
from jiedao.testing import PASSWORD, World


@pytest.mark.django_db
def test_tasks_run_through_django_tasks(settings: Settings, world: World, counselling: CounsellingSetup) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.JIEDAO_SMS_BACKEND = "jiedao.core.notifications.LocmemSmsBackend"
    notifications.outbox.clear()
    assert tasks.extend_slots.enqueue().return_value == 0  # already generated
    assert tasks.expire_offers.enqueue().return_value == 0
    assert tasks.send_reminders.enqueue().return_value in (0, 1)


@pytest.mark.django_db
def test_calendar_day_delete_page(client: Client, world: World) -> None:
    from jiedao.core.models import CalendarDay

    client.login(username="admin", password=PASSWORD)
    row = CalendarDay.objects.create(date=dt.date(2031, 1, 1), kind="holiday", name="元旦")
    assert client.post(reverse("counselling:calendar_delete", args=[row.pk])).status_code == 302
    assert not CalendarDay.objects.filter(pk=row.pk).exists()
