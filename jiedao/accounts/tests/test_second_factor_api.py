"""``check_second_factor``: what ``POST /api/v1/auth/token`` asks of a user after the
password (the endpoint maps its refusals: ``Unauthenticated`` 401, ``TooMany`` 429)."""

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client, RequestFactory
from pytest_django import Settings

from jiedao.accounts.second_factor import devices
from jiedao.accounts.second_factor.services import REFUSAL_REASON, check_second_factor
from jiedao.accounts.tests.second_factor_support import OPTIONAL, REQUIRED, code_at, enrol, wrong_code
from jiedao.core.errors import TooMany, Unauthenticated
from jiedao.core.models import AuditEntry
from jiedao.testing import World

T0 = dt.datetime(2031, 3, 4, 1, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def clock(settings: Settings) -> Iterator[time_machine.Traveller]:
    settings.JIEDAO_REQUIRE_SECOND_FACTOR = True
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def refused_with(user_key: str, world: World, otp: str | None) -> str:
    with pytest.raises(Unauthenticated) as refused:
        check_second_factor(world.users[user_key], otp)
    return refused.value.code


@pytest.mark.parametrize("persona", [*REQUIRED, *OPTIONAL, "worker"])
@pytest.mark.parametrize("otp", [None, "", "123456"])
def test_nothing_is_asked_with_the_setting_off(persona: str, otp: str | None, world: World, settings: Settings) -> None:
    settings.JIEDAO_REQUIRE_SECOND_FACTOR = False
    enrol(world.users[persona])
    check_second_factor(world.users[persona], otp)


@pytest.mark.parametrize("persona", [*OPTIONAL, "worker"])
def test_nothing_is_asked_of_others_who_set_up_none(persona: str, world: World, clock: time_machine.Traveller) -> None:
    check_second_factor(world.users[persona], None)


@pytest.mark.parametrize("persona", REQUIRED)
def test_a_role_that_needs_it_sets_it_up_on_the_web_first(
    persona: str, world: World, clock: time_machine.Traveller
) -> None:
    assert refused_with(persona, world, "123456") == "otp_not_enrolled"


@pytest.mark.parametrize("persona", REQUIRED + OPTIONAL)
def test_once_set_up_the_code_is_needed_and_must_be_right(
    persona: str, world: World, clock: time_machine.Traveller
) -> None:
    device, codes = enrol(world.users[persona])
    clock.shift(30)
    for missing in (None, "", "   "):
        assert refused_with(persona, world, missing) == "otp_required"
    assert refused_with(persona, world, wrong_code(device)) == "otp_invalid"
    clock.shift(1)
    check_second_factor(world.users[persona], code_at(device))
    clock.shift(30)
    check_second_factor(world.users[persona], codes[0])
    clock.shift(30)
    assert refused_with(persona, world, codes[0]) == "otp_invalid"  # used up
    refusals = AuditEntry.objects.filter(action=AuditEntry.Action.REFUSED, detail__reason=REFUSAL_REASON)
    assert [entry.detail["via"] for entry in refusals] == ["api", "api"]


def test_a_waiting_device_says_how_long(world: World, clock: time_machine.Traveller) -> None:
    device, _codes = enrol(world.users["admin"])
    clock.shift(30)
    for _ in range(2):
        refused_with("admin", world, wrong_code(device))
        clock.shift(1)
    with pytest.raises(TooMany) as waiting:
        check_second_factor(world.users["admin"], code_at(device))
    assert (waiting.value.code, waiting.value.details) == ("otp_throttled", {"retry_after": 1})


def test_wrong_codes_lock_the_login_like_wrong_passwords(
    world: World, clock: time_machine.Traveller, settings: Settings
) -> None:
    settings.AXES_ENABLED = True
    device, _codes = enrol(world.users["admin"])
    clock.shift(30)
    factory = RequestFactory()
    for n in range(1, settings.AXES_FAILURE_LIMIT):
        with pytest.raises(Unauthenticated):
            check_second_factor(world.users["admin"], wrong_code(device), request=factory.post("/api/v1/auth/token"))
        clock.shift(2 ** (n - 1))
    with pytest.raises(TooMany) as locked:
        check_second_factor(world.users["admin"], wrong_code(device), request=factory.post("/api/v1/auth/token"))
    assert locked.value.code == "locked_out"
    assert 0 < locked.value.details["retry_after"] <= settings.AXES_COOLOFF_TIME.total_seconds()
    assert devices.is_enrolled(world.users["admin"])


def _token(world: World, persona: str, **extra: str) -> tuple[int, dict[str, object]]:
    body = {"username": world.users[persona].username, "password": "jiedao2020", **extra}
    response = Client().post("/api/v1/auth/token", body, content_type="application/json")
    return response.status_code, response.json()


@pytest.mark.parametrize("persona", REQUIRED)
def test_the_token_endpoint_asks_for_the_code_and_answers_401_without_it(
    persona: str, world: World, clock: time_machine.Traveller
) -> None:
    device, _codes = enrol(world.users[persona])
    clock.shift(30)
    status, body = _token(world, persona)
    assert (status, body["code"]) == (401, "otp_required")
    status, body = _token(world, persona, otp=wrong_code(device))
    assert (status, body["code"]) == (401, "otp_invalid")
    clock.shift(60)  # past the device's wait after one wrong code
    status, body = _token(world, persona, otp=code_at(device))
    assert status == 200 and body["token"]
