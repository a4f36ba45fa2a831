"""A fresh proof before a sensitive page (``residents.step_up``): signing in counts for
``JIEDAO_STEP_UP_MINUTES``; after that a code sent to the account's number (or, without
a number, the password) is asked again. Applied to one's own full ID number
(``accounts:me``) and one's own counselling appointments (``counselling:mine``)."""

import datetime as dt
from urllib.parse import urlencode

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import Settings

from jiedao.core.models import AuditEntry
from jiedao.core.sms import SmsMessage
from jiedao.residents import step_up
from jiedao.testing import PASSWORD, World

from .binding_helpers import STEP_UP_URL, field_error, give_phone, html, last_code, make_stale, outbox

__all__ = ["outbox"]  # the fixture, used by name

pytestmark = pytest.mark.django_db
MINE = "/counselling/mine/"
ME = "/accounts/me/"
OWN_ID_NUMBER = "/me/id-number/"
WINDOW = 10


@pytest.fixture(autouse=True)
def window(settings: Settings) -> None:
    settings.JIEDAO_STEP_UP_MINUTES = WINDOW


def to_step_up(next_url: str) -> str:
    return f"{STEP_UP_URL}?{urlencode({'next': next_url})}"


def test_the_url() -> None:
    assert reverse("residents:step_up") == STEP_UP_URL


@pytest.mark.parametrize(("minutes", "fresh"), [(0, True), (WINDOW - 1, True), (WINDOW + 1, False), (60 * 7, False)])
def test_signing_in_counts_as_a_proof_for_the_window(client: Client, world: World, minutes: int, fresh: bool) -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.force_login(world.users["worker"])
        clock.shift(dt.timedelta(minutes=minutes))
        response = client.get(MINE)
    assert response.status_code == (200 if fresh else 302)
    if not fresh:
        assert response["Location"] == to_step_up(MINE)


def test_a_proof_from_the_future_or_of_another_user_counts_for_nothing(client: Client, world: World) -> None:
    client.force_login(world.users["worker"])
    session = client.session
    for proof in (
        {"user": world.users["worker"].pk, "at": (timezone.now() + dt.timedelta(hours=1)).timestamp()},
        {"user": world.users["jobseeker"].pk, "at": timezone.now().timestamp()},
        {"user": world.users["worker"].pk, "at": "now"},
        "yesterday",
    ):
        session[step_up.SESSION_KEY] = proof
        session.save()
        assert client.get(MINE).status_code == 302


def test_a_code_to_the_accounts_number_makes_the_session_fresh(
    client: Client, world: World, outbox: list[SmsMessage]
) -> None:
    user = give_phone(world.users["worker"], "13712340001")
    client.force_login(user)
    make_stale(client)
    first = client.get(to_step_up(MINE))
    assert first.status_code == 200 and "137****0001" in html(first) and 'name="code"' not in html(first)
    sent = client.post(STEP_UP_URL, {"send": "1", "next": MINE})
    assert sent.status_code == 302 and sent["Location"] == f"{STEP_UP_URL}?{urlencode({'next': MINE, 'sent': 1})}"
    [message] = outbox
    assert message.phone == "13712340001" and "验证码" in message.text and "畅心屋" not in message.text
    assert 'name="code"' in html(client.get(sent["Location"]))
    code = last_code(outbox, "13712340001")
    wrong = client.post(sent["Location"], {"code": "111111" if code == "000000" else "000000", "next": MINE})
    assert wrong.status_code == 400 and "验证码不正确" in field_error(wrong, "code")
    right = client.post(sent["Location"], {"code": code, "next": MINE})
    assert right.status_code == 302 and right["Location"] == MINE
    assert client.get(MINE).status_code == 200
    entry = AuditEntry.objects.filter(actor=user, action=AuditEntry.Action.LOGIN).latest("pk")
    assert entry.detail == {"via": "step_up", "method": "sms"}


def test_an_account_without_a_number_proves_itself_with_its_password(client: Client, world: World) -> None:
    user = world.users["union"]
    assert not user.phone
    client.force_login(user)
    make_stale(client)
    page = client.get(to_step_up(MINE))
    assert page.status_code == 200 and 'type="password"' in html(page)
    wrong = client.post(STEP_UP_URL, {"password": "not-it", "next": MINE})
    assert wrong.status_code == 400 and field_error(wrong, "password") == "密码不正确。"
    right = client.post(STEP_UP_URL, {"password": PASSWORD, "next": MINE})
    assert right.status_code == 302 and right["Location"] == MINE


def test_a_fresh_session_is_sent_straight_on(client: Client, world: World) -> None:
    client.force_login(world.users["worker"])
    response = client.get(to_step_up(MINE))
    assert response.status_code == 302 and response["Location"] == MINE
    off_site = client.get(to_step_up("https://evil.example/"))
    assert off_site["Location"] == ME


def test_ones_own_full_id_number_needs_a_fresh_proof_and_is_audited(client: Client, world: World) -> None:
    person = world.people["worker"]
    client.force_login(world.users["worker"])
    page = html(client.get(ME))
    assert person.id_number_masked in page and person.id_number not in page and "显示完整身份证号" in page
    make_stale(client)
    stale = client.post(OWN_ID_NUMBER)
    assert stale.status_code == 302 and stale["Location"] == to_step_up(ME)
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL).exists()
    client.post(STEP_UP_URL, {"password": PASSWORD, "next": ME})
    shown = client.post(OWN_ID_NUMBER)
    assert shown.status_code == 200 and person.id_number in html(shown)
    assert "no-store" in shown["Cache-Control"]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.REVEAL)
    assert entry.object_id == str(person.pk) and entry.detail == {"field": "id_number", "own": True}
    assert entry.actor_id == world.users["worker"].pk


def test_an_unbound_account_has_nothing_to_reveal(client: Client, world: World) -> None:
    client.force_login(world.users["union"])
    response = client.post(OWN_ID_NUMBER)
    assert response.status_code == 302 and response["Location"] == ME
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL).exists()
