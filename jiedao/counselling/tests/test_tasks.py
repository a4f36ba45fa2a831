"""The django-tasks tasks, the SMS backends, the calendar day delete page."""

import datetime as dt
import logging

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


def test_console_sms_backend_logs_the_number_masked(caplog: pytest.LogCaptureFixture, settings: Settings) -> None:
    settings.JIEDAO_SMS_BACKEND = "jiedao.core.notifications.ConsoleSmsBackend"
    with caplog.at_level(logging.INFO, logger="jiedao.core.notifications"):
        assert notifications.send_sms("13812345678", "你好")
    assert "138****5678" in caplog.text and "13812345678" not in caplog.text


def test_a_failing_sms_gateway_is_logged_not_raised(settings: Settings, caplog: pytest.LogCaptureFixture) -> None:
    settings.JIEDAO_SMS_BACKEND = "jiedao.counselling.tests.test_tasks.BrokenBackend"
    assert notifications.send_sms("13812345678", "你好") is False
    assert "SMS backend failed" in caplog.text


class BrokenBackend:
    def send(self, phone: str, text: str) -> None:
        raise OSError("gateway down")


@pytest.mark.django_db
def test_calendar_day_delete_page(client: Client, world: World) -> None:
    from jiedao.core.models import CalendarDay

    client.login(username="admin", password=PASSWORD)
    row = CalendarDay.objects.create(date=dt.date(2031, 1, 1), kind="holiday", name="元旦")
    assert client.post(reverse("counselling:calendar_delete", args=[row.pk])).status_code == 302
    assert not CalendarDay.objects.filter(pk=row.pk).exists()
