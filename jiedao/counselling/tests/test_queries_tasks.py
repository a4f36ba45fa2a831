"""Constant query counts on the list pages; the django-tasks tasks; the SMS backends."""

import datetime as dt
import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jiedao.core import notifications
from jiedao.counselling import tasks
from jiedao.counselling.models import Appointment
from jiedao.testing import PASSWORD, make_person


def _book_many(world, counselling, n):
    for i, slot in enumerate(counselling.free_slots()[:n]):
        person = make_person(world.liangcheng, f"来访者{i}", phone=f"1380000{i:04d}")
        Appointment.on_slot(slot, person, is_anonymous=i % 2 == 0, pseudonym=f"化名{i}" if i % 2 == 0 else "").save()


def _count(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("who, name", [("counsellor", "caseload"), ("admin", "counsellors"), ("admin", "studios")])
def test_list_pages_take_a_constant_number_of_queries(client, world, counselling, who, name):
    client.login(username=who, password=PASSWORD)
    url = reverse(f"counselling:{name}")
    before = _count(client, url)
    _book_many(world, counselling, 8)
    assert _count(client, url) == before


@pytest.mark.django_db
def test_the_schedule_takes_a_constant_number_of_queries(client, world, counselling):
    client.login(username="admin", password=PASSWORD)
    url = reverse("counselling:schedule", args=[counselling.studio.pk])
    week = {"week": timezone.localdate(counselling.free_slots()[0].starts_at).isoformat()}
    before = _count(client, url, week)
    _book_many(world, counselling, 6)
    assert _count(client, url, week) == before


@pytest.mark.django_db
def test_tasks_run_through_django_tasks(settings, world, counselling):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.JIEDAO_SMS_BACKEND = "jiedao.core.notifications.LocmemSmsBackend"
    notifications.outbox.clear()
    assert tasks.extend_slots.enqueue().return_value == 0  # already generated
    assert tasks.expire_offers.enqueue().return_value == 0
    assert tasks.send_reminders.enqueue().return_value in (0, 1)


def test_console_sms_backend_logs_the_number_masked(caplog, settings):
    settings.JIEDAO_SMS_BACKEND = "jiedao.core.notifications.ConsoleSmsBackend"
    with caplog.at_level(logging.INFO, logger="jiedao.core.notifications"):
        assert notifications.send_sms("13812345678", "你好")
    assert "138****5678" in caplog.text and "13812345678" not in caplog.text


def test_a_failing_sms_gateway_is_logged_not_raised(settings, caplog):
    settings.JIEDAO_SMS_BACKEND = "jiedao.counselling.tests.test_queries_tasks.BrokenBackend"
    assert notifications.send_sms("13812345678", "你好") is False
    assert "SMS backend failed" in caplog.text


class BrokenBackend:
    def send(self, phone: str, text: str) -> None:
        raise OSError("gateway down")


@pytest.mark.django_db
def test_calendar_day_delete_page(client, world):
    from jiedao.core.models import CalendarDay

    client.login(username="admin", password=PASSWORD)
    row = CalendarDay.objects.create(date=dt.date(2031, 1, 1), kind="holiday", name="元旦")
    assert client.post(reverse("counselling:calendar_delete", args=[row.pk])).status_code == 302
    assert not CalendarDay.objects.filter(pk=row.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["admin", "counsellor"])
def test_the_appointments_api_takes_a_constant_number_of_queries(client, world, counselling, who):
    from jiedao.accounts.tokens import token_issue

    raw, _token = token_issue(user=world.users[who])
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            answer = client.get("/api/v1/counselling/appointments", {"limit": 50}, **bearer)
            assert answer.status_code == 200
        return len(queries)

    count()  # the token's first use writes its last-used time once
    before = count()
    _book_many(world, counselling, 8)
    assert count() == before


@pytest.mark.django_db
def test_my_appointments_take_a_constant_number_of_queries(client, world, counselling):
    worker = world.people["worker"]
    client.login(username="worker", password=PASSWORD)
    url = reverse("counselling:mine")
    before = _count(client, url)
    for slot in counselling.free_slots()[:6]:
        Appointment.on_slot(slot, worker).save()
    assert _count(client, url) == before
