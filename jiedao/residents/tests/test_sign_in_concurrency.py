"""First sign-ins racing: one account per number, however many requests make it at once
(``user_unique_phone`` and a second look), and one sign-in per code. Real threads, real
transactions, on SQLite and on PostgreSQL (``jiedao/activities/tests/threads.py``)."""

import pytest

from jiedao.accounts.models import RoleAssignment, User
from jiedao.activities.tests.threads import in_thread, race, run_together, thread_database
from jiedao.core.errors import Invalid
from jiedao.core.sms import SmsMessage
from jiedao.residents import accounts, codes
from jiedao.residents.tests.sign_in_helpers import a_request, fresh_number, last_code, outbox
from jiedao.testing import build_world

__all__ = ["outbox", "thread_database"]  # fixtures, used by name

THREADS = 8


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("thread_database")
def test_first_sign_ins_of_one_number_at_once_make_one_account() -> None:
    in_thread(build_world)
    number = fresh_number()

    accounts_made = race(lambda _n: accounts.resident_account(number=number).pk, list(range(THREADS)))

    stored = in_thread(
        lambda: list(User.objects.filter(phone_hash=codes.phone_hash(number)).values_list("pk", flat=True))
    )
    assert len(stored) == 1 and set(accounts_made) == set(stored)
    assert in_thread(lambda: RoleAssignment.objects.filter(user_id=stored[0]).count()) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("thread_database")
def test_one_code_typed_at_once_on_several_phones_signs_in_once(outbox: list[SmsMessage]) -> None:
    in_thread(build_world)
    number = fresh_number()
    in_thread(lambda: accounts.request_code(phone=number))
    code = last_code(outbox, number)

    outcomes = run_together(
        [lambda: accounts.sign_in_with_code(phone=number, code=code, request=a_request())] * THREADS
    )

    signed_in = [o.value for o in outcomes if o.error is None]
    refused = [o.error for o in outcomes if o.error is not None]
    assert len(signed_in) == 1 and isinstance(signed_in[0], User)
    assert len(refused) == THREADS - 1
    assert all(isinstance(e, Invalid) and e.code == "no_code" for e in refused), refused
    assert in_thread(lambda: User.objects.filter(phone_hash=codes.phone_hash(number)).count()) == 1
