"""What the sign-in tests share: the SMS outbox, a stopped clock, the code a number was
sent, and numbers nobody has used yet. Fixtures are imported by name by the modules
that use them."""

import itertools
from collections.abc import Iterator

import pytest
import time_machine
from django.http import HttpRequest
from django.test import RequestFactory
from django.utils import timezone
from pytest_django import Settings

from jiedao.core import notifications
from jiedao.core.sms import SmsMessage

# Numbers in an allocated mobile range (phonenumbers checks the ranges), one per call.
_numbers = itertools.count(13600000001)


def fresh_number() -> str:
    return str(next(_numbers))


@pytest.fixture
def outbox(settings: Settings) -> list[SmsMessage]:
    """The messages sent during the test (the in-memory backend), empty at its start."""
    settings.JIEDAO_SMS_BACKEND = "jiedao.core.notifications.LocmemSmsBackend"
    notifications.outbox.clear()
    return notifications.outbox


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    """The clock stopped at the test's start; ``clock.shift(seconds)`` moves it on."""
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def last_code(outbox: list[SmsMessage], number: str) -> str:
    """The code in the last message sent to ``number``."""
    sent = [m for m in outbox if m.phone == number]
    assert sent, f"no message to {number}"
    return sent[-1].params["code"]


def a_request(address: str = "192.0.2.1") -> HttpRequest:
    """A sign-in's request, from ``address``."""
    return RequestFactory().post("/login/code/", REMOTE_ADDR=address)
