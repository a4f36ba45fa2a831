"""One code lets one login in, however many requests bring it at once: a recovery
code and an app code raced by real threads (the device's row is locked while a code
is checked), on SQLite and on PostgreSQL."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiedao.accounts.models import User
from jiedao.accounts.second_factor import devices, services
from jiedao.accounts.tests.second_factor_support import code_at, enrol
from jiedao.activities.tests.threads import in_thread, run_together, thread_database
from jiedao.core.errors import TooMany, Unauthenticated
from jiedao.testing import build_world

__all__ = ["thread_database"]  # the fixture, used by name

THREADS = 6


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("thread_database")
@pytest.mark.parametrize("kind", ["recovery code", "app code"])
def test_a_code_brought_by_several_requests_at_once_lets_one_in(kind: str) -> None:
    def set_up() -> tuple[User, TOTPDevice, list[str]]:
        user = build_world().users["admin"]
        device, codes = enrol(user)
        return user, device, codes

    user, device, codes = in_thread(set_up)
    # The enrolment used this time step's app code: the next step's is still good.
    code = codes[0] if kind == "recovery code" else code_at(device, 1)

    def check() -> bool:
        services.verify(user=user, otp=code, request=None, via="page")
        return True

    outcomes = run_together([check] * THREADS)
    assert [o.value for o in outcomes].count(True) == 1
    assert all(isinstance(o.error, Unauthenticated | TooMany) for o in outcomes if o.value is not True)
    if kind == "recovery code":
        assert in_thread(lambda: devices.recovery_codes_left(user)) == devices.RECOVERY_CODE_COUNT - 1
