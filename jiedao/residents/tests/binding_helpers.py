"""What the binding, claim, step-up and phone tests share: a resident's account not yet
bound to the registry (as the SMS sign-in leaves it), the SMS outbox, the code sent to
a number, a stale step-up. Fixtures are imported by name by the modules that use them."""

import itertools
import re

import pytest
from django.test import Client
from pytest_django import Settings

from jiedao.accounts.models import Role, User
from jiedao.core import notifications
from jiedao.core.sms import SmsMessage
from jiedao.residents import codes, step_up
from jiedao.testing import ClientResponse, World, make_user

# Numbers in an allocated mobile range (phonenumbers checks the ranges), one per call.
_numbers = itertools.count(13700000001)
_accounts = itertools.count(1)
BIND_URL = "/me/bind/"
CLAIM_URL = "/me/claim/"
STEP_UP_URL = "/me/confirm/"
PHONE_URL = "/me/phone/"
NOT_VERIFIED = "未能核实您的身份。请检查姓名和身份证号；如您尚未在街道登记，可以提交登记申请。"


def fresh_number() -> str:
    return str(next(_numbers))


def give_phone(user: User, number: str) -> User:
    user.phone, user.phone_hash = number, codes.phone_hash(number)
    user.save(update_fields=["phone", "phone_hash"])
    return user


def new_resident(world: World, *, phone: str | None = None) -> User:
    """A resident's account of 凉城, signed in once by SMS, bound to nobody."""
    user = make_user(world.liangcheng, f"resident{next(_accounts)}", (Role.RESIDENT, None))
    return give_phone(user, phone or fresh_number())


@pytest.fixture
def outbox(settings: Settings) -> list[SmsMessage]:
    """The messages sent during the test (the in-memory backend), empty at its start."""
    settings.JIEDAO_SMS_BACKEND = "jiedao.core.notifications.LocmemSmsBackend"
    notifications.outbox.clear()
    return notifications.outbox


def last_code(outbox: list[SmsMessage], number: str) -> str:
    sent = [m for m in outbox if m.phone == number]
    assert sent, f"no message to {number}"
    return str(sent[-1].params["code"])


def make_stale(client: Client) -> None:
    """Forget the session's last proof (as when the step-up window has passed)."""
    session = client.session
    session.pop(step_up.SESSION_KEY, None)
    session.save()


def html(response: ClientResponse) -> str:
    return response.content.decode()


def field_error(response: ClientResponse, field: str) -> str:
    """The message shown under ``field`` (``includes/field.html``)."""
    found = re.search(rf'id="id_{field}_error"><div>(.*?)</div>', html(response))
    assert found, html(response)
    return found.group(1)
