"""Login throttling (issue #14, item 12; ``accounts.throttle``): a (username, address)
pair is locked after ``AXES_FAILURE_LIMIT`` failures, an address across all accounts
after ``AXES_ADDRESS_FAILURE_LIMIT``; the login page and the token endpoint alike."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import time_machine
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from pytest_django import Settings

from jiedao.accounts.throttle import lifts_at
from jiedao.testing import PASSWORD, World

OFFICE = "10.1.1.1"  # an office behind one NAT address
ELSEWHERE = "10.2.2.2"
COOL_OFF = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class Answer:
    signed_in: bool
    locked: bool
    retry_after: int | None = None


def by_page(username: str, password: str, address: str) -> Answer:
    response = Client(REMOTE_ADDR=address).post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code in (302, 400, 429), response.status_code
    return Answer(signed_in=response.status_code == 302, locked=response.status_code == 429)


def by_api(username: str, password: str, address: str) -> Answer:
    response = Client(REMOTE_ADDR=address).post(
        "/api/v1/auth/token", {"username": username, "password": password}, content_type="application/json"
    )
    assert response.status_code in (200, 401, 429), response.status_code
    body = response.json()
    if response.status_code == 429:
        assert body["code"] == "locked_out"
        return Answer(signed_in=False, locked=True, retry_after=body["details"].get("retry_after"))
    return Answer(signed_in=response.status_code == 200, locked=False)


Login = Callable[[str, str, str], Answer]
CHANNELS = pytest.mark.parametrize("login", [by_page, by_api], ids=["page", "api"])


@pytest.fixture
def throttled(settings: Settings) -> Settings:
    settings.AXES_ENABLED = True
    return settings


@CHANNELS
def test_spraying_one_password_over_many_accounts_locks_the_address_only(
    world: World, throttled: Settings, login: Login
) -> None:
    limit = throttled.AXES_ADDRESS_FAILURE_LIMIT
    names = [*world.users, *(f"staff{n:02d}" for n in range(40))][:40]  # real accounts and made-up ones
    answers = [login(name, "Spring2026!", OFFICE) for name in names]

    # Each failure counts until the limit; the one that reaches it is already refused.
    assert [a.locked for a in answers[: limit - 1]] == [False] * (limit - 1)
    assert all(a.locked for a in answers[limit - 1 :])
    assert not any(a.signed_in for a in answers)
    # Locked for every account there, the right password included ...
    assert login("admin", PASSWORD, OFFICE).locked
    # ... but not from another address.
    assert login("admin", PASSWORD, ELSEWHERE).signed_in


@CHANNELS
def test_the_address_limit_is_a_setting(world: World, throttled: Settings, login: Login) -> None:
    throttled.AXES_ADDRESS_FAILURE_LIMIT = 8
    answers = [login(f"nobody{n}", "x", OFFICE) for n in range(8)]
    assert [a.locked for a in answers] == [False] * 7 + [True]


@CHANNELS
def test_a_colleague_cannot_be_locked_out_beyond_the_pair(world: World, throttled: Settings, login: Login) -> None:
    """An attacker behind the office's address locks the victim's pair there (by design:
    5 guesses in 15 minutes), but no further: refused attempts are not counted, so
    hammering the locked pair never adds up to an address lock; the victim signs in
    from any other address, and the others from the office."""
    limit = throttled.AXES_FAILURE_LIMIT
    answers = [login("xiuyuan", f"guess-{n}", OFFICE) for n in range(3 * throttled.AXES_ADDRESS_FAILURE_LIMIT)]

    assert [a.locked for a in answers[: limit - 1]] == [False] * (limit - 1)
    assert all(a.locked for a in answers[limit - 1 :])
    assert login("xiuyuan", PASSWORD, OFFICE).locked  # the pair's lock, as designed
    assert login("xiuyuan", PASSWORD, ELSEWHERE).signed_in  # not the account
    assert login("zhonghong", PASSWORD, OFFICE).signed_in  # not the office


@CHANNELS
def test_a_desks_mistakes_stay_far_below_the_address_limit(world: World, throttled: Settings, login: Login) -> None:
    """A dozen colleagues behind the one address mistyping twice, then signing in."""
    colleagues = [name for name in world.users if name != "other_admin"][:12]
    assert len(colleagues) == 12
    for name in colleagues:
        assert not login(name, "typo", OFFICE).locked
        assert not login(name, "typo again", OFFICE).locked
        assert login(name, PASSWORD, OFFICE).signed_in


@CHANNELS
@pytest.mark.parametrize("length", [151, 255, 256, 5000])
def test_a_username_of_any_length_is_a_failure_like_any_other(
    world: World, throttled: Settings, login: Login, length: int
) -> None:
    """No account's name is that long: a wrong password, counted (under its first 255
    characters, what axes keeps). It used to fail axes' write on PostgreSQL: a 500."""
    name = "秀" * length
    answers = [login(name, "x", OFFICE) for _ in range(throttled.AXES_FAILURE_LIMIT)]

    assert [a.locked for a in answers] == [False] * (throttled.AXES_FAILURE_LIMIT - 1) + [True]
    assert not any(a.signed_in for a in answers)


def test_a_locked_out_api_client_is_told_how_long_to_wait(world: World, throttled: Settings) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC), tick=False) as traveller:
        for n in range(throttled.AXES_FAILURE_LIMIT):
            by_api("admin", f"guess-{n}", OFFICE)
        assert by_api("admin", PASSWORD, OFFICE).retry_after == 15 * 60
        traveller.shift(dt.timedelta(minutes=10))
        assert by_api("admin", PASSWORD, OFFICE).retry_after == 5 * 60  # refusals do not prolong it
        traveller.shift(dt.timedelta(minutes=5, seconds=1))
        assert by_api("admin", PASSWORD, OFFICE).signed_in


def test_an_address_lock_lifts_as_its_failures_age(world: World, throttled: Settings) -> None:
    """Failures spread over time: the lock lifts once enough of them are older than the
    cool-off, and the API says when."""
    throttled.AXES_ADDRESS_FAILURE_LIMIT = 6
    with time_machine.travel(dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC), tick=False) as traveller:
        for n in range(3):
            by_api(f"early{n}", "x", OFFICE)
        traveller.shift(dt.timedelta(minutes=5))
        answers = [by_api(f"late{n}", "x", OFFICE) for n in range(3)]
        assert answers[-1].locked
        # The three early failures stop counting 15 minutes after they were made.
        assert by_api("admin", PASSWORD, OFFICE).retry_after == 10 * 60
        traveller.shift(dt.timedelta(minutes=10, seconds=1))
        assert by_api("admin", PASSWORD, OFFICE).signed_in


def test_the_page_tells_an_address_lock_from_an_account_lock(world: World, throttled: Settings) -> None:
    throttled.AXES_ADDRESS_FAILURE_LIMIT = throttled.AXES_FAILURE_LIMIT + 1
    for n in range(throttled.AXES_ADDRESS_FAILURE_LIMIT):
        by_page(f"nobody{n}", "x", OFFICE)
    address = Client(REMOTE_ADDR=OFFICE).post("/accounts/login/", {"username": "admin", "password": PASSWORD})
    for n in range(throttled.AXES_FAILURE_LIMIT):
        by_page("admin", f"guess-{n}", ELSEWHERE)
    account = Client(REMOTE_ADDR=ELSEWHERE).post("/accounts/login/", {"username": "admin", "password": PASSWORD})

    assert address.status_code == account.status_code == 429
    assert "此网络地址的登录失败次数过多" in address.content.decode()
    assert "账号已暂时锁定" in account.content.decode()
    assert "街道管理员解除锁定" in account.content.decode()
    assert "15 分钟后再试" in account.content.decode()


# The arithmetic of a lock's end ------------------------------------------------------

T0 = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)
records = st.lists(
    st.tuples(st.integers(0, 3600).map(lambda s: T0 + dt.timedelta(seconds=s)), st.integers(1, 10)), max_size=12
)


def counted(records: list[tuple[dt.datetime, int]], at: dt.datetime) -> int:
    """What axes counts at ``at``: the records whose last failure is within the cool-off."""
    return sum(n for last, n in records if last >= at - COOL_OFF)


@given(records=records, limit=st.integers(1, 40))
def test_a_lock_lifts_exactly_when_the_count_drops_under_the_limit(
    records: list[tuple[dt.datetime, int]], limit: int
) -> None:
    until = lifts_at(records, limit)
    latest = max((last for last, _ in records), default=T0)
    if until is None:
        assert counted(records, latest) < limit
    else:
        assert counted(records, until) >= limit  # still locked at that instant
        assert counted(records, until + dt.timedelta(microseconds=1)) < limit
