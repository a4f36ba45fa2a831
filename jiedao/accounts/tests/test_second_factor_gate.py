"""The staff pages' gate: a session of a role that needs a second factor counts only
once verified (a role granted after login, a session from before the setting); API
tokens pass (they were issued after the code); the admin site is held the same way."""

import datetime as dt
from collections.abc import Iterator
from urllib.parse import quote

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django import Settings

from jiedao.accounts.models import Role, RoleAssignment, User
from jiedao.accounts.tests.helpers import bearer
from jiedao.accounts.tests.second_factor_support import (
    LOGIN,
    OPTIONAL,
    REQUIRED,
    STEP,
    code_at,
    enrol,
    password_step,
    shown_codes,
)
from jiedao.accounts.tokens import token_issue
from jiedao.testing import PASSWORD, World

T0 = dt.datetime(2031, 3, 4, 1, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def clock(settings: Settings) -> Iterator[time_machine.Traveller]:
    settings.JIEDAO_REQUIRE_SECOND_FACTOR = True
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def dashboard() -> str:
    return reverse("people:dashboard")


def to_step(next_url: str) -> str:
    return f"{STEP}?next={quote(next_url, safe='/')}"


@pytest.mark.parametrize("persona", REQUIRED)
def test_an_unverified_session_of_such_a_role_is_sent_to_the_code(
    persona: str, world: World, client: Client, clock: time_machine.Traveller
) -> None:
    device, _codes = enrol(world.users[persona])
    clock.shift(30)
    client.force_login(world.users[persona])  # a session from before the setting
    response = client.get(dashboard())
    assert response.status_code == 302 and response["Location"] == to_step(dashboard())
    assert client.get(LOGIN)["Location"] == to_step("/")  # the login page does not go round again
    assert client.get(to_step(dashboard())).status_code == 200
    response = client.post(to_step(dashboard()), {"otp": code_at(device)})
    assert response.status_code == 302 and response["Location"] == dashboard()
    assert client.get(dashboard()).status_code == 200


def test_without_a_device_the_gate_leads_to_the_set_up(
    world: World, client: Client, clock: time_machine.Traveller
) -> None:
    client.force_login(world.users["supervisor"])
    assert client.get(dashboard())["Location"] == to_step(dashboard())
    page = client.get(to_step(dashboard()))
    assert 'src="data:image/svg+xml' in page.content.decode()
    device = TOTPDevice.objects.get(user=world.users["supervisor"])
    response = client.post(to_step(dashboard()), {"otp": code_at(device)})
    assert len(shown_codes(response)) == 10
    assert f'href="{dashboard()}"' in response.content.decode()
    assert client.get(dashboard()).status_code == 200


def test_a_role_granted_after_login_asks_for_the_code(
    world: World, client: Client, clock: time_machine.Traveller
) -> None:
    chair = world.users["xiuyuan"]
    assert password_step(client, "xiuyuan")["Location"] != STEP  # a chair: the password is enough
    assert client.get(dashboard()).status_code == 200
    RoleAssignment.objects.create(subdistrict=world.liangcheng, user=chair, role=Role.LABOUR_OFFICE)
    assert client.get(dashboard())["Location"] == to_step(dashboard())


@pytest.mark.parametrize("persona", OPTIONAL)
def test_other_staff_pass_without_a_code(
    persona: str, world: World, client: Client, clock: time_machine.Traveller
) -> None:
    client.force_login(world.users[persona])
    assert client.get(dashboard()).status_code == 200


@pytest.mark.parametrize("persona", REQUIRED)
def test_with_the_setting_off_nothing_is_held(persona: str, world: World, client: Client, settings: Settings) -> None:
    settings.JIEDAO_REQUIRE_SECOND_FACTOR = False
    client.force_login(world.users[persona])
    assert client.get(dashboard()).status_code == 200


@pytest.mark.parametrize("persona", REQUIRED)
def test_pages_for_everyone_signed_in_are_held_too_and_public_ones_not(
    persona: str, world: World, client: Client, clock: time_machine.Traveller
) -> None:
    """A page residents share (one's own page, a job's file, a legal-aid case) shows a
    staff member's data too: the session shows its second factor first."""
    client.force_login(world.users[persona])
    for page in (reverse("accounts:me"), reverse("jobs:mine")):
        assert client.get(page)["Location"] == to_step(page)
    assert client.get(reverse("bulletin:archive")).status_code == 200


@pytest.mark.parametrize("persona", REQUIRED)
def test_an_api_token_carries_the_proof(persona: str, world: World, clock: time_machine.Traveller) -> None:
    raw, _token = token_issue(user=world.users[persona])
    assert Client().get("/api/v1/org/areas", headers=bearer(raw)).status_code == 200


# ---------------------------------------------------------------- the admin site


@pytest.fixture
def superuser(world: World) -> User:
    return User.objects.create_superuser(username="root", password=PASSWORD, email="root@example.org")


def test_the_admin_site_sends_visitors_to_the_one_login(
    client: Client, superuser: User, clock: time_machine.Traveller
) -> None:
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"] == "/admin/login/?next=/admin/"
    assert client.get("/admin/login/?next=/admin/")["Location"] == f"{LOGIN}?next=/admin/"


def test_the_admin_site_takes_no_password_alone(client: Client, superuser: User, clock: time_machine.Traveller) -> None:
    client.force_login(superuser)  # as the admin's own login form would leave it
    assert client.get("/admin/")["Location"] == "/admin/login/?next=/admin/"
    assert client.get("/admin/login/?next=/admin/")["Location"] == to_step("/admin/")
    assert client.get("/admin/accounts/user/").status_code == 302
    device, _codes = enrol(superuser)
    clock.shift(30)
    assert client.post(to_step("/admin/"), {"otp": code_at(device)})["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_admin_site_with_the_setting_off(client: Client, superuser: User, settings: Settings) -> None:
    settings.JIEDAO_REQUIRE_SECOND_FACTOR = False
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 200
