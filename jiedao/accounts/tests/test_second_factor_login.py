"""The login in two steps: the password, then the app's code or a recovery code; the
set-up at a first login; the setting off means the password alone."""

import datetime as dt
import re
from base64 import b32decode
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django import Settings

from jiedao.accounts.models import User, end_sessions_and_tokens
from jiedao.accounts.tests.second_factor_support import (
    OPTIONAL,
    REQUIRED,
    STEP,
    code_at,
    enrol,
    password_step,
    shown_codes,
    signed_in_as,
    wrong_code,
)
from jiedao.core.models import AuditEntry
from jiedao.testing import World

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
# A fixed instant (01:00 in Shanghai, when CI runs); each test moves on from it by whole steps.
T0 = dt.datetime(2031, 3, 4, 1, 0, 0, tzinfo=SHANGHAI)


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def second_factor_on(settings: Settings) -> None:
    settings.JIEDAO_REQUIRE_SECOND_FACTOR = True


def logins() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN))


@pytest.mark.usefixtures("second_factor_on")
@pytest.mark.parametrize("persona", REQUIRED)
def test_a_role_that_needs_it_is_not_signed_in_until_the_code_is_right(
    persona: str, world: World, client: Client, clock: time_machine.Traveller
) -> None:
    device, _codes = enrol(world.users[persona])
    clock.shift(30)
    response = password_step(client, persona, next_url="/org/")
    assert response.status_code == 302 and response["Location"] == STEP
    assert signed_in_as(client) is None
    assert client.get("/org/").status_code == 302  # still nobody

    assert client.get(STEP).status_code == 200
    refused = client.post(STEP, {"otp": wrong_code(device)})
    assert refused.status_code == 400 and "验证码不正确" in refused.content.decode()
    assert signed_in_as(client) is None

    clock.shift(2)  # past the device's wait after one wrong code
    response = client.post(STEP, {"otp": code_at(device)})
    assert response.status_code == 302 and response["Location"] == "/org/"
    assert signed_in_as(client) == str(world.users[persona].pk)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert [entry.detail for entry in logins()] == [{"via": "page"}]
    assert client.get("/org/").status_code == 200


@pytest.mark.usefixtures("second_factor_on")
@pytest.mark.parametrize("persona", OPTIONAL)
def test_other_staff_sign_in_with_the_password_unless_they_set_one_up(
    persona: str, world: World, client: Client, clock: time_machine.Traveller
) -> None:
    response = password_step(client, persona)
    assert response.status_code == 302 and response["Location"] != STEP
    assert signed_in_as(client) == str(world.users[persona].pk)
    client.logout()

    device, _codes = enrol(world.users[persona])  # of their own accord: asked from now on
    clock.shift(30)
    assert password_step(client, persona)["Location"] == STEP
    assert signed_in_as(client) is None
    client.post(STEP, {"otp": code_at(device)})
    assert signed_in_as(client) == str(world.users[persona].pk)


@pytest.mark.parametrize("persona", REQUIRED + OPTIONAL)
def test_with_the_setting_off_the_password_alone_signs_in(
    persona: str, world: World, client: Client, clock: time_machine.Traveller
) -> None:
    enrol(world.users[persona])
    response = password_step(client, persona)
    assert response.status_code == 302 and response["Location"] != STEP
    assert signed_in_as(client) == str(world.users[persona].pk)
    assert [entry.detail for entry in logins()] == [{"via": "page"}]


def _setup_page_secret(html: str) -> str:
    match = re.search(r'id="secret">(.*?)</p>', html, re.S)
    assert match is not None
    return "".join(re.findall(r"[A-Z2-7]{4}", match.group(1)))


@pytest.mark.usefixtures("second_factor_on")
def test_a_first_login_sets_up_the_app_and_shows_the_recovery_codes_once(
    world: World, client: Client, clock: time_machine.Traveller
) -> None:
    counsellor = world.users["counsellor"]
    assert password_step(client, "counsellor", next_url="/counselling/")["Location"] == STEP
    page = client.get(STEP)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in html  # the QR code, inline (the CSP allows data: images)
    secret = _setup_page_secret(html)
    assert len(secret) == 32  # 20 random bytes in base32, shown in groups of four
    assert client.get(STEP).content.decode().count(secret[:4]) >= 1  # a reload shows the same secret
    device = TOTPDevice.objects.get(user=counsellor, confirmed=False)
    assert b32decode(secret) == device.bin_key

    assert client.post(STEP, {"otp": wrong_code(device)}).status_code == 400
    assert signed_in_as(client) is None
    clock.shift(2)
    response = client.post(STEP, {"otp": code_at(device)})
    assert response.status_code == 200  # the codes, in the answer to this POST and nowhere else
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert len(set(shown_codes(response))) == 10
    assert 'href="/counselling/"' in response.content.decode()
    assert signed_in_as(client) == str(counsellor.pk)
    assert "退出" in response.content.decode()  # the page answering is already the signed-in user's
    assert TOTPDevice.objects.get(user=counsellor).confirmed
    assert client.get("/counselling/").status_code == 200
    changes = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE, object_id=str(counsellor.pk))
    assert [e.detail for e in changes] == [{"changes": {"second_factor": [False, True]}}]
    assert [entry.detail for entry in logins()] == [{"via": "page"}]


@pytest.mark.usefixtures("second_factor_on")
def test_a_secret_shown_in_another_browser_cannot_be_confirmed(world: World, clock: time_machine.Traveller) -> None:
    """Someone with the password who starts the set-up first cannot hand the user a
    secret they know: the user's own browser gets a new one, and the old one is void."""
    intruder, owner = Client(), Client()
    password_step(intruder, "admin")
    intruder.get(STEP)
    planted = TOTPDevice.objects.get(user=world.users["admin"])
    password_step(owner, "admin")
    owner.get(STEP)
    own = TOTPDevice.objects.get(user=world.users["admin"])
    assert own.pk != planted.pk and own.key != planted.key
    response = intruder.post(STEP, {"otp": code_at(planted)})
    assert response.status_code == 400 and "设置已过期" in response.content.decode()
    assert signed_in_as(intruder) is None
    owner.get(STEP)  # each browser's page voids the other's secret: the owner's shows a new one
    own = TOTPDevice.objects.get(user=world.users["admin"])
    assert owner.post(STEP, {"otp": code_at(own)}).status_code == 200
    assert signed_in_as(owner) == str(world.users["admin"].pk)


def _typed(code: str, how: str) -> str:
    """A recovery code as people type it."""
    return {
        "as shown": code,
        "upper case": code.upper(),
        "no hyphen": code.replace("-", ""),
        "spaces": " ".join(code.replace("-", "")),
        "full width": code.upper().translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)}),
    }[how]


@pytest.mark.usefixtures("second_factor_on")
@pytest.mark.parametrize("how", ["as shown", "upper case", "no hyphen", "spaces", "full width"])
def test_a_recovery_code_signs_in_once(how: str, world: World, client: Client, clock: time_machine.Traveller) -> None:
    _device, codes = enrol(world.users["labour"])
    password_step(client, "labour")
    assert client.post(STEP, {"otp": _typed(codes[3], how)}).status_code == 302
    assert signed_in_as(client) == str(world.users["labour"].pk)
    client.logout()

    clock.shift(60)
    password_step(client, "labour")
    refused = client.post(STEP, {"otp": codes[3]})
    assert refused.status_code == 400 and signed_in_as(client) is None
    clock.shift(60)
    assert client.post(STEP, {"otp": codes[4]}).status_code == 302  # the others still work


@pytest.mark.usefixtures("second_factor_on")
def test_one_app_code_signs_in_once(world: World, clock: time_machine.Traveller) -> None:
    device, _codes = enrol(world.users["admin"])
    clock.shift(30)
    first, second = Client(), Client()
    password_step(first, "admin")
    password_step(second, "admin")
    code = code_at(device)
    assert first.post(STEP, {"otp": code}).status_code == 302
    assert second.post(STEP, {"otp": code}).status_code == 400  # seen: the next one is needed
    assert signed_in_as(second) is None


@pytest.mark.usefixtures("second_factor_on")
def test_the_password_step_expires_after_ten_minutes(
    world: World, client: Client, clock: time_machine.Traveller
) -> None:
    device, _codes = enrol(world.users["admin"])
    password_step(client, "admin")
    clock.shift(10 * 60 + 1)
    response = client.post(STEP, {"otp": code_at(device)})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert signed_in_as(client) is None


@pytest.mark.usefixtures("second_factor_on")
@pytest.mark.parametrize("change", ["password", "deactivated", "signed out everywhere"])
def test_a_password_step_is_void_once_the_account_changed(
    change: str, world: World, client: Client, clock: time_machine.Traveller
) -> None:
    admin = world.users["admin"]
    device, _codes = enrol(admin)
    clock.shift(30)
    password_step(client, "admin")
    if change == "password":
        admin.set_password("Another-password-2031")
        admin.save()
    elif change == "deactivated":
        User.objects.filter(pk=admin.pk).update(is_active=False)
    else:
        end_sessions_and_tokens(User.objects.filter(pk=admin.pk))
    response = client.post(STEP, {"otp": code_at(device)})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert signed_in_as(client) is None


@pytest.mark.parametrize("persona", [None, "admin", "worker"])
def test_the_step_without_a_password_first_sends_on(persona: str | None, world: World, client: Client) -> None:
    if persona is not None:
        client.force_login(world.users[persona])
    response = client.get(STEP, {"next": "https://evil.example/"})
    assert response.status_code == 302
    expected = "/accounts/login/?next=/" if persona is None else "/"
    assert response["Location"] == expected
