"""Wrong codes at login: django-otp's wait that doubles with each one, the login
throttle that counts them as failed logins, and the audit log."""

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client
from pytest_django import Settings

from jiedao.accounts.second_factor.services import REFUSAL_REASON
from jiedao.accounts.tests.second_factor_support import STEP, code_at, enrol, password_step, signed_in_as, wrong_code
from jiedao.core.models import AuditEntry
from jiedao.testing import World

T0 = dt.datetime(2031, 3, 4, 1, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def clock(settings: Settings) -> Iterator[time_machine.Traveller]:
    settings.JIEDAO_REQUIRE_SECOND_FACTOR = True
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def wait_after(failures: int) -> int:
    """Seconds a device takes no code after ``failures`` wrong ones in a row (factor 1)."""
    return int(2 ** (failures - 1))


@pytest.mark.parametrize("failures", [1, 2, 3, 4])
def test_after_wrong_codes_even_the_right_one_waits(
    failures: int, world: World, client: Client, clock: time_machine.Traveller
) -> None:
    device, _codes = enrol(world.users["admin"])
    clock.shift(30)
    password_step(client, "admin")
    for n in range(1, failures + 1):
        assert client.post(STEP, {"otp": wrong_code(device)}).status_code == 400
        if n < failures:
            clock.shift(wait_after(n))
    if wait_after(failures) > 1:
        clock.shift(wait_after(failures) - 1)
    too_soon = client.post(STEP, {"otp": code_at(device)})
    assert too_soon.status_code == 400
    assert "验证码错误次数过多，请1秒后再试" in too_soon.content.decode()
    assert signed_in_as(client) is None
    clock.shift(1)
    assert client.post(STEP, {"otp": code_at(device)}).status_code == 302
    assert signed_in_as(client) == str(world.users["admin"].pk)


def test_wrong_recovery_codes_wait_too(world: World, client: Client, clock: time_machine.Traveller) -> None:
    _device, codes = enrol(world.users["admin"])
    password_step(client, "admin")
    assert client.post(STEP, {"otp": "aaaaa-aaaaa"}).status_code == 400
    assert "请1秒后再试" in client.post(STEP, {"otp": codes[0]}).content.decode()
    clock.shift(1)
    assert client.post(STEP, {"otp": codes[0]}).status_code == 302


def test_every_wrong_code_is_audited(world: World, client: Client, clock: time_machine.Traveller) -> None:
    device, _codes = enrol(world.users["counsellor"])
    password_step(client, "counsellor")
    for n in range(1, 4):
        client.post(STEP, {"otp": wrong_code(device)})
        clock.shift(wait_after(n))
    refusals = AuditEntry.objects.filter(action=AuditEntry.Action.REFUSED, detail__reason=REFUSAL_REASON)
    assert refusals.count() == 3
    assert {(e.actor_name, e.object_id, e.detail["via"]) for e in refusals} == {
        ("counsellor", str(world.users["counsellor"].pk), "page")
    }


def test_wrong_codes_count_as_failed_logins(
    world: World, client: Client, clock: time_machine.Traveller, settings: Settings
) -> None:
    """Five wrong codes from one address lock the account there, as five wrong
    passwords would: the page says so, and neither step lets the user in meanwhile."""
    settings.AXES_ENABLED = True
    device, _codes = enrol(world.users["admin"])
    clock.shift(30)
    password_step(client, "admin")
    answers = []
    for n in range(1, settings.AXES_FAILURE_LIMIT + 1):
        answers.append(client.post(STEP, {"otp": wrong_code(device)}).status_code)
        clock.shift(wait_after(n))
    assert answers == [400] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    attempt = AccessAttempt.objects.get(username="admin")
    assert attempt.failures_since_start == settings.AXES_FAILURE_LIMIT
    assert wrong_code(device) not in attempt.post_data  # the code is kept out of the record

    locked = client.post(STEP, {"otp": code_at(device)})
    assert locked.status_code == 429 and "账号已暂时锁定" in locked.content.decode()
    assert password_step(Client(), "admin").status_code == 429
    assert signed_in_as(client) is None
