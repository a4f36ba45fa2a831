"""An office admin lifts a colleague's login lock (issue #14, item 12): only the
sub-district admin, only their own sub-district's users, audited."""

import pytest
from axes.models import AccessAttempt
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import Settings

from jiedao.accounts.tests.helpers import session_of
from jiedao.core.models import AuditEntry
from jiedao.testing import PASSWORD, World, make_user

OFFICE = "10.1.1.1"
HOME = "10.3.3.3"
LOCKS = "/accounts/locks/"


def unlock_url(world: World, key: str) -> str:
    return f"/accounts/locks/{world.users[key].pk}/unlock/"


def lock(username: str, address: str, settings: Settings) -> None:
    client = Client(REMOTE_ADDR=address)
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": username, "password": f"guess-{n}"})


def can_sign_in(username: str, address: str) -> bool:
    response = Client(REMOTE_ADDR=address).post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code in (302, 429)
    return response.status_code == 302


@pytest.fixture
def throttled(settings: Settings) -> Settings:
    settings.AXES_ENABLED = True
    return settings


def test_the_admin_sees_who_is_locked_where_and_unlocks_them(world: World, throttled: Settings) -> None:
    lock("xiuyuan", OFFICE, throttled)
    lock("xiuyuan", HOME, throttled)
    assert not can_sign_in("xiuyuan", OFFICE)
    admin = session_of(world.users["admin"])

    page = admin.get(LOCKS).content.decode()
    assert OFFICE in page and HOME in page and unlock_url(world, "xiuyuan") in page

    response = admin.post(unlock_url(world, "xiuyuan"))
    assert response.status_code == 302
    assert response["Location"] == LOCKS
    assert "已解除 xiuyuan 的登录锁定" in admin.get(LOCKS).content.decode()
    assert can_sign_in("xiuyuan", OFFICE) and can_sign_in("xiuyuan", HOME)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE, object_id=str(world.users["xiuyuan"].pk))
    assert entry.actor_name == "admin"
    assert entry.subdistrict_id == world.liangcheng.pk
    assert entry.detail == {"login_unlocked": sorted([OFFICE, HOME])}


def test_unlocking_someone_who_is_not_locked_changes_nothing_and_logs_nothing(world: World) -> None:
    response = session_of(world.users["admin"]).post(unlock_url(world, "worker"))
    assert response.status_code == 302
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).exists()


def test_another_sub_districts_users_are_invisible_and_cannot_be_unlocked(world: World, throttled: Settings) -> None:
    lock("xiuyuan", OFFICE, throttled)
    lock("other_admin", HOME, throttled)
    theirs = session_of(world.users["other_admin"])

    page = theirs.get(LOCKS).content.decode()
    assert OFFICE not in page and "xiuyuan" not in page
    assert HOME in page  # their own user
    assert theirs.post(unlock_url(world, "xiuyuan")).status_code == 404
    assert AccessAttempt.objects.filter(username="xiuyuan").exists()
    assert not can_sign_in("xiuyuan", OFFICE)

    ours = session_of(world.users["admin"]).get(LOCKS).content.decode()
    assert HOME not in ours and "other_admin" not in ours


@pytest.mark.parametrize("key", ["xiuyuan", "union", "labour", "counsellor", "worker"])
def test_nobody_but_the_sub_district_admin_may_unlock(world: World, throttled: Settings, key: str) -> None:
    lock("zhonghong", OFFICE, throttled)
    client = session_of(world.users[key])

    assert client.get(LOCKS).status_code == 403
    assert client.post(unlock_url(world, "zhonghong")).status_code == 403
    assert not can_sign_in("zhonghong", OFFICE)
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).exists()


def test_failures_below_the_limit_and_made_up_names_are_not_listed(world: World, throttled: Settings) -> None:
    Client(REMOTE_ADDR=OFFICE).post("/accounts/login/", {"username": "zhonghong", "password": "typo"})
    lock("nosuchuser", HOME, throttled)

    page = session_of(world.users["admin"]).get(LOCKS).content.decode()
    assert "目前没有被锁定的账号" in page
    assert OFFICE not in page and HOME not in page


def test_the_list_costs_the_same_queries_for_one_lock_or_many(world: World, throttled: Settings) -> None:
    admin = session_of(world.users["admin"])
    lock("xiuyuan", OFFICE, throttled)
    with CaptureQueriesContext(connection) as one:
        admin.get(LOCKS)
    for n in range(6):
        make_user(world.liangcheng, f"clerk{n}")
        lock(f"clerk{n}", f"10.9.9.{n}", throttled)
    with CaptureQueriesContext(connection) as many:
        page = admin.get(LOCKS).content.decode()

    assert all(f"10.9.9.{n}" in page for n in range(6))
    assert len(many.captured_queries) == len(one.captured_queries) <= 8
