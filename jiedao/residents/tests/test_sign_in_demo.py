"""The demo's resident logins sign in by SMS too (``make run`` prints the code): their
accounts carry their registry record's number, set once (loading again changes nothing)."""

import pytest

from jiedao.accounts.models import User
from jiedao.core.sms import SmsMessage
from jiedao.demo import data
from jiedao.demo.loader import load_demo
from jiedao.residents import accounts, codes
from jiedao.residents.tests.sign_in_helpers import a_request, last_code, outbox

__all__ = ["outbox"]  # a fixture, used by name


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["worker", "jobseeker"])
def test_a_demo_resident_signs_in_with_the_number_of_their_record(outbox: list[SmsMessage], persona: str) -> None:
    load_demo(residents=5)
    load_demo(residents=5)  # idempotent: the number is set once
    number = data.PERSONAS[persona].phone
    user = User.objects.get(username=persona)
    assert user.phone == number and user.phone_hash == codes.phone_hash(number)
    accounts.request_code(phone=number)
    assert accounts.sign_in_with_code(phone=number, code=last_code(outbox, number), request=a_request()).pk == user.pk
