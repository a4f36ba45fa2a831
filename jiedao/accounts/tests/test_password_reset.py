"""Password reset for staff (/accounts/password/reset/): by username, e-mail or mobile
number; a link by e-mail or SMS; the same answer whether or not an account matches;
limited per client address (told) and per account (silent); residents get no link."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from jiedao.accounts.models import User
from jiedao.accounts.staff.services import phone_hash
from jiedao.accounts.tests.helpers import session_alive, session_of
from jiedao.accounts.tests.staff_helpers import (
    NEW_PASSWORD,
    can_sign_in,
    link_is_spent,
    links_in,
    set_password,
    sms_outbox,
)
from jiedao.core import notifications
from jiedao.core.models import AuditEntry
from jiedao.core.sms import SmsMessage
from jiedao.testing import PASSWORD, World

RESET = "/accounts/password/reset/"
OFFICE = "198.51.100.20"
EMAIL = "union@example.gov.cn"
MOBILE = "13700001234"
RESIDENT_MOBILE = "13900001111"


@pytest.fixture
def outbox(world: World, settings: Settings) -> list[SmsMessage]:
    """The union office's account with an e-mail address and a mobile number; a
    resident's account with a number; text messages collected."""
    union = world.users["union"]
    union.email, union.phone, union.phone_hash = EMAIL, MOBILE, phone_hash(MOBILE)
    union.save()
    worker = world.users["worker"]
    worker.phone, worker.phone_hash = RESIDENT_MOBILE, phone_hash(RESIDENT_MOBILE)
    worker.save()
    return sms_outbox(settings)


# A page's CSRF tokens differ from one browser to the next, whatever it says.
CSRF = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+')


def ask(identifier: str, address: str = OFFICE) -> tuple[int, str]:
    """Ask for a link; the status and the page it leads to (without its CSRF tokens)."""
    browser = Client(REMOTE_ADDR=address)
    response = browser.post(RESET, {"identifier": identifier}, follow=True)
    return response.status_code, CSRF.sub(r"\1…", response.content.decode())


def sent() -> list[str]:
    """Every link sent so far, by e-mail or SMS."""
    texts = [link for message in notifications.outbox for link in links_in(message.params.get("link", ""))]
    return [link for letter in mail.outbox for link in links_in(letter.body)] + texts


@pytest.mark.parametrize(
    ("identifier", "by_email", "by_sms"),
    [("union", 1, 1), (EMAIL, 1, 0), (EMAIL.upper(), 1, 0), (MOBILE, 0, 1), ("137 0000 1234", 0, 1)],
)
def test_a_staff_member_gets_a_link_by_the_way_they_named_their_account(
    outbox: list[SmsMessage], identifier: str, by_email: int, by_sms: int
) -> None:
    status, _ = ask(identifier)
    assert status == 200
    assert len(mail.outbox) == by_email and len(outbox) == by_sms
    if outbox:
        [text] = outbox
        assert text.template == "password_reset" and text.signature == "凉城新村街道" and text.params["hours"] == "72"
        assert links_in(text.params["link"])


@pytest.mark.parametrize(
    "identifier",
    [
        "union",  # a staff account
        EMAIL,
        "nobody",  # no account
        "nobody@example.gov.cn",
        "13800009999",
        RESIDENT_MOBILE,  # a resident's account: they sign in by SMS
        "worker",
        "other_admin",  # no e-mail, no number: nowhere to send
        "",  # not even a name (a form error, the same for everyone)
    ],
)
def test_the_answer_is_the_same_whoever_is_named(outbox: list[SmsMessage], identifier: str) -> None:
    status, page = ask(identifier)
    reference_status, reference = ask("surely-nobody", "203.0.113.9")
    if identifier:
        assert (status, page) == (reference_status, reference)
    else:
        assert status == 400
    assert "如果该账号存在并可以找回密码" in reference


@pytest.mark.parametrize("identifier", [RESIDENT_MOBILE, "worker", "jobseeker"])
def test_a_residents_account_gets_no_link(outbox: list[SmsMessage], identifier: str) -> None:
    ask(identifier)
    assert sent() == []


def test_an_inactive_account_gets_no_link(outbox: list[SmsMessage], world: World) -> None:
    User.objects.filter(pk=world.users["union"].pk).update(is_active=False)
    ask("union")
    assert sent() == []


def test_the_link_sets_a_new_password_once_and_ends_every_session(outbox: list[SmsMessage], world: World) -> None:
    browser = session_of(world.users["union"])
    ask(EMAIL)
    [path] = sent()

    response = set_password(Client(), path)

    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert can_sign_in("union") and not can_sign_in("union", PASSWORD)
    assert not session_alive(browser)
    assert link_is_spent(Client(), path)
    entry = AuditEntry.objects.get(actor=world.users["union"], detail__via="password_reset")
    assert entry.detail["changes"] == {"password": None}


def test_each_request_is_audited_on_the_account_it_names(outbox: list[SmsMessage], world: World) -> None:
    ask("union")
    ask("nobody")
    named, nobody = AuditEntry.objects.filter(detail__reason="password_reset_requested").order_by("pk")
    assert named.object_id == str(world.users["union"].pk) and named.detail["sent"] is True
    assert named.client_address == OFFICE and named.subdistrict_id == world.liangcheng.pk
    assert nobody.object_id == "" and nobody.detail["sent"] is False and nobody.subdistrict_id is None


def test_one_account_gets_a_few_links_an_hour_then_none_with_the_same_answer(
    outbox: list[SmsMessage], settings: Settings
) -> None:
    limit = settings.JIEDAO_PASSWORD_RESETS_PER_ACCOUNT_HOUR
    answers = {ask(EMAIL, f"198.51.100.{n}") for n in range(limit + 3)}  # from many addresses
    assert len(answers) == 1
    assert len(sent()) == limit
    # An hour after the first ones, links go again.
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1, minutes=1)):
        ask(EMAIL)
    assert len(sent()) == limit + 1


def test_one_address_is_refused_past_its_limit_and_told_how_long(outbox: list[SmsMessage], settings: Settings) -> None:
    settings.JIEDAO_PASSWORD_RESETS_PER_ADDRESS_HOUR = 4
    for n in range(4):
        assert ask(f"nobody{n}")[0] == 200
    status, page = ask("union")
    assert status == 400 and "找回密码的请求过于频繁，请60分钟后再试" in page
    assert sent() == []
    assert ask("union", "198.51.100.99")[0] == 200  # another address is not held back
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=61)):
        assert ask("union")[0] == 200


@pytest.mark.parametrize("limit", [0])
def test_a_limit_of_zero_is_no_limit(outbox: list[SmsMessage], settings: Settings, limit: int) -> None:
    settings.JIEDAO_PASSWORD_RESETS_PER_ADDRESS_HOUR = limit
    settings.JIEDAO_PASSWORD_RESETS_PER_ACCOUNT_HOUR = limit
    for _ in range(6):
        assert ask(MOBILE)[0] == 200
    assert len(sent()) == 6


def test_the_login_page_links_the_reset_page(world: World) -> None:
    assert RESET in Client().get("/accounts/login/").content.decode()


def test_the_new_password_must_pass_the_validators(outbox: list[SmsMessage]) -> None:
    ask("union")
    path = sent()[0]
    assert set_password(Client(), path, "union123").status_code == 400
    assert set_password(Client(), path, NEW_PASSWORD).status_code == 302
