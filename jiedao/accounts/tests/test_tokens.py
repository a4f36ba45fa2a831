import datetime as dt
import hashlib
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from pytest_django import DjangoAssertNumQueries, Settings

from jiedao.accounts.models import ApiToken
from jiedao.accounts.tokens import token_issue
from jiedao.testing import PASSWORD, ClientResponse, World

TOKEN_URL = "/api/v1/auth/token"
ME_URL = "/api/v1/auth/me"


def login(client: Client, username: str, password: str = PASSWORD) -> ClientResponse:
    return client.post(TOKEN_URL, {"username": username, "password": password}, content_type="application/json")


def bearer(raw: str) -> dict[str, Any]:  # extra WSGI environ keys for the test client
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def assert_error(response: ClientResponse, status: int, code: str) -> None:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "details"}
    assert body["code"] == code
    assert body["message"]


def test_it_issues_a_token_that_opens_the_api(world: World, client: Client) -> None:
    response = login(client, "admin")
    assert response.status_code == 200
    raw = response.json()["token"]
    me = client.get(ME_URL, **bearer(raw))
    assert me.status_code == 200
    assert me.json()["username"] == "admin"


def test_it_stores_only_a_digest_of_the_token(world: World, client: Client) -> None:
    raw = login(client, "admin").json()["token"]
    token = ApiToken.objects.get()
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert token.prefix == raw[:8]
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_apitoken")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert raw not in stored


def test_it_refuses_a_wrong_password_with_the_error_shape(world: World, client: Client) -> None:
    response = login(client, "admin", "wrong-password")
    assert_error(response, 401, "invalid_credentials")
    assert not ApiToken.objects.exists()


def test_it_refuses_an_unknown_user_the_same_way(world: World, client: Client) -> None:
    assert_error(login(client, "nobody"), 401, "invalid_credentials")


def test_it_locks_the_account_after_five_failures_even_for_the_right_password(
    world: World, client: Client, settings: Settings
) -> None:
    settings.AXES_ENABLED = True
    for _ in range(4):
        assert_error(login(client, "admin", "wrong-password"), 401, "invalid_credentials")
    # The fifth failure reaches the limit: the answer already says the account is locked.
    assert_error(login(client, "admin", "wrong-password"), 429, "locked_out")
    response = login(client, "admin")
    assert_error(response, 429, "locked_out")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert not ApiToken.objects.exists()
    # Another account from the same address is not affected.
    assert login(client, "union").status_code == 200


def test_it_refuses_an_expired_token(world: World, client: Client, settings: Settings) -> None:
    settings.JIEDAO_API_TOKEN_HOURS = 2
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC), tick=False) as traveller:
        raw, _ = token_issue(user=world.users["admin"])
        traveller.shift(dt.timedelta(hours=1, minutes=59))
        assert client.get(ME_URL, **bearer(raw)).status_code == 200
        traveller.shift(dt.timedelta(minutes=2))
        assert_error(client.get(ME_URL, **bearer(raw)), 401, "unauthenticated")


def test_it_refuses_a_revoked_token(world: World, client: Client) -> None:
    raw, _ = token_issue(user=world.users["admin"])
    other, _ = token_issue(user=world.users["admin"])
    assert client.post("/api/v1/auth/token/revoke", **bearer(raw)).status_code == 204
    assert ApiToken.objects.get(prefix=raw[:8]).revoked_at is not None
    assert_error(client.get(ME_URL, **bearer(raw)), 401, "unauthenticated")
    # Revoking one token leaves the user's other sessions alone.
    assert client.get(ME_URL, **bearer(other)).status_code == 200


def test_it_refuses_the_token_of_a_deactivated_user(world: World, client: Client) -> None:
    user = world.users["xiuyuan"]
    raw, _ = token_issue(user=user)
    user.is_active = False
    user.save()
    assert_error(client.get(ME_URL, **bearer(raw)), 401, "unauthenticated")


def test_it_refuses_a_made_up_token(world: World, client: Client) -> None:
    assert_error(client.get(ME_URL, **bearer("not-a-token")), 401, "unauthenticated")


def test_it_records_when_a_token_was_last_used(world: World, client: Client) -> None:
    raw, token = token_issue(user=world.users["admin"])
    assert token.last_used_at is None
    client.get(ME_URL, **bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_me_lists_the_roles_and_scopes_of_the_caller(world: World, client: Client) -> None:
    raw, _ = token_issue(user=world.users["xiuyuan"])
    body = client.get(ME_URL, **bearer(raw)).json()
    assert body["username"] == "xiuyuan"
    assert body["subdistrict"] == {"id": world.liangcheng.pk, "name": "凉城新村街道"}
    assert body["roles"] == ["area_union_chair"]
    assert body["scopes"] == [
        {"role": "area_union_chair", "residential_area": {"id": world.xiuyuan.pk, "name": "秀苑"}, "unit": None}
    ]


def test_me_costs_two_queries(world: World, client: Client, django_assert_num_queries: DjangoAssertNumQueries) -> None:
    # The token with its user, sub-district and role assignments with their scopes,
    # the caller's own registry record: nothing read twice (issue #13).
    raw, _ = token_issue(user=world.users["worker"])
    client.get(ME_URL, **bearer(raw))  # the first use writes last_used_at
    with django_assert_num_queries(2):
        body = client.get(ME_URL, **bearer(raw)).json()
    assert body["bound"] is True and body["subdistrict"]["name"] == "凉城新村街道"


def test_a_token_carries_exactly_its_users_permissions(world: World, client: Client) -> None:
    raw, _ = token_issue(user=world.users["xiuyuan"])
    own = world.people["worker"]  # lives in 秀苑
    foreign = world.people["zhonghong_worker"]  # lives in 中虹
    assert client.get(f"/api/v1/people/{own.pk}", **bearer(raw)).status_code == 200
    assert_error(client.get(f"/api/v1/people/{foreign.pk}", **bearer(raw)), 404, "not_found")
    names = {item["name"] for item in client.get("/api/v1/people", **bearer(raw)).json()["items"]}
    assert own.name in names
    assert foreign.name not in names
    # The same chair cannot reveal what only the admin and the labour office may see.
    reveal = client.post(
        f"/api/v1/people/{own.pk}/reveal", {"field": "phone"}, content_type="application/json", **bearer(raw)
    )
    assert_error(reveal, 403, "forbidden")


@pytest.mark.parametrize("header", ["Token abc", "Bearer", ""])
def test_it_refuses_a_malformed_authorization_header(world: World, client: Client, header: str) -> None:
    assert_error(client.get(ME_URL, HTTP_AUTHORIZATION=header), 401, "unauthenticated")
