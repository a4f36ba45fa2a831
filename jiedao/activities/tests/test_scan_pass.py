"""A scan remembered across logging in (``activities.scan_pass``): the browser that
scanned a fresh code may use it for 15 minutes while its person logs in and binds; no
other browser may, nor this one after the pass, nor with a code already stale."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jiedao.activities import qr
from jiedao.activities.models import Attendance, Session
from jiedao.activities.tests.helpers import meeting, session_of
from jiedao.testing import World


def _scan(world: World) -> tuple[Session, str, str]:
    session = session_of(world, meeting(world))
    token = qr.issue(session.pk).value
    return session, token, reverse("activities:scan", args=[session.pk]) + f"?t={token}"


@pytest.mark.parametrize("minutes_later", [3, 10, 14])
def test_the_browser_that_scanned_in_time_signs_in_after_logging_in(
    client: Client, world: World, minutes_later: int
) -> None:
    session, token, url = _scan(world)
    assert client.get(url)["Location"].startswith("/login/?next=")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=minutes_later)):
        client.force_login(world.users["worker"])  # the session's data survives the login
        assert "确认签到" in client.get(url).content.decode()
        response = client.post(reverse("activities:scan", args=[session.pk]), {"t": token})
        assert response.status_code == 302
    assert Attendance.objects.filter(session=session).count() == 1


def test_another_browser_gets_no_pass_from_the_one_that_scanned(client: Client, world: World) -> None:
    _session, _token, url = _scan(world)
    client.get(url)
    other = Client()
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=3)):
        other.force_login(world.users["worker"])
        response = other.get(url)
    assert response.status_code == 400 and "过期" in response.content.decode()


def test_the_pass_ends_after_fifteen_minutes(client: Client, world: World) -> None:
    _session, _token, url = _scan(world)
    client.get(url)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        client.force_login(world.users["worker"])
        assert client.get(url).status_code == 400


@pytest.mark.parametrize("value", ["stale", "forged", "other-session"])
def test_a_code_not_fresh_and_genuine_at_the_scan_gives_no_pass(client: Client, world: World, value: str) -> None:
    session = session_of(world, meeting(world))
    other = session_of(world, meeting(world, title="另一场"))
    with time_machine.travel(timezone.now() - dt.timedelta(minutes=5)):
        stale = qr.issue(session.pk).value
    token = {"stale": stale, "forged": "abc:def", "other-session": qr.issue(other.pk).value}[value]
    url = reverse("activities:scan", args=[session.pk]) + f"?t={token}"
    assert client.get(url)["Location"].startswith("/login/?next=")
    client.force_login(world.users["worker"])
    assert client.get(url).status_code == 400
    assert not Attendance.objects.exists()
