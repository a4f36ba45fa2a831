"""One's own new password, on the page and through the API: checked like a login
(and throttled like one), validated, audited; this session goes on, the rest end."""

import pytest
from django.test import Client
from pytest_django import Settings

from jiedao.accounts.models import User
from jiedao.accounts.tests.helpers import bearer, session_alive, session_of, token_alive
from jiedao.accounts.tokens import token_issue
from jiedao.core.models import AuditEntry
from jiedao.testing import PASSWORD, ClientResponse, World

PAGE = "/accounts/password/"
API = "/api/v1/auth/password"
NEW = "Xiuyuan-new-2026!"


def on_page(client: Client, old: str, new: str, again: str | None = None) -> ClientResponse:
    return client.post(PAGE, {"old_password": old, "new_password": new, "new_password_again": again or new})


def by_api(raw: str, old: str, new: str) -> ClientResponse:
    return Client().post(
        API, {"old_password": old, "new_password": new}, content_type="application/json", headers=bearer(raw)
    )


def test_the_page_keeps_its_own_session_and_audits_the_change_without_the_password(world: World) -> None:
    user = world.users["xiuyuan"]
    client = session_of(user)

    response = on_page(client, PASSWORD, NEW)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/me/"
    assert session_alive(client)
    assert User.objects.get(pk=user.pk).check_password(NEW)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE, object_id=str(user.pk))
    assert entry.detail == {"changes": {"password": None}}
    assert NEW not in str(entry.detail) and "md5$" not in str(entry.detail)


def test_the_form_page_opens_for_any_signed_in_user(world: World) -> None:
    response = session_of(world.users["worker"]).get(PAGE)
    assert response.status_code == 200
    assert "修改密码" in response.content.decode()


@pytest.mark.parametrize(
    ("old", "new", "again", "field", "message"),
    [
        ("wrong-password", NEW, None, "old_password", "原密码不正确"),
        ("", NEW, None, "old_password", ""),
        (PASSWORD, NEW, NEW + "x", "new_password_again", "两次输入的新密码不一致"),
        (PASSWORD, "12345678901", None, "new_password", ""),  # all digits
        (PASSWORD, "short", None, "new_password", ""),
        (PASSWORD, "xiuyuan1", None, "new_password", ""),  # like the username
        (PASSWORD, "password123", None, "new_password", ""),  # too common
    ],
)
def test_the_page_refuses_with_the_reason_next_to_the_field(
    world: World, old: str, new: str, again: str | None, field: str, message: str
) -> None:
    user = world.users["xiuyuan"]
    client, other = session_of(user), session_of(user)

    response = on_page(client, old, new, again)

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert User.objects.get(pk=user.pk).check_password(PASSWORD)  # nothing changed
    assert session_alive(other)


def test_the_api_answers_a_fresh_token_and_ends_every_other(world: World) -> None:
    user = world.users["xiuyuan"]
    calling, (other, _) = token_issue(user=user)[0], token_issue(user=user)
    browser = session_of(user)

    response = by_api(calling, PASSWORD, NEW)

    assert response.status_code == 200
    fresh = response.json()["token"]
    assert token_alive(fresh)
    assert not token_alive(calling) and not token_alive(other) and not session_alive(browser)


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("wrong-password", NEW, "old_password"),
        (PASSWORD, "12345678901", "new_password"),
        (PASSWORD, "", "new_password"),
    ],
)
def test_the_api_refuses_in_the_error_shape(world: World, old: str, new: str, field: str) -> None:
    raw, _ = token_issue(user=world.users["xiuyuan"])

    response = by_api(raw, old, new)

    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["details"]
    assert token_alive(raw)  # a refused change ends nothing


def test_guessing_the_old_password_is_throttled_like_a_login(world: World, settings: Settings) -> None:
    """Someone holding a stolen token cannot try old passwords without limit."""
    settings.AXES_ENABLED = True
    raw, _ = token_issue(user=world.users["xiuyuan"])
    answers = [by_api(raw, f"guess-{n}", NEW) for n in range(settings.AXES_FAILURE_LIMIT)]

    assert [a.status_code for a in answers[:-1]] == [400] * (settings.AXES_FAILURE_LIMIT - 1)
    locked = answers[-1]
    assert locked.status_code == 429
    assert locked.json()["code"] == "locked_out"
    assert locked.json()["details"]["retry_after"] > 0
    # The right old password no longer helps, on the page either, until the lock lifts.
    assert by_api(raw, PASSWORD, NEW).status_code == 429
    page = on_page(session_of(world.users["xiuyuan"]), PASSWORD, NEW)
    assert page.status_code == 400
    assert "账号已暂时锁定" in page.content.decode()
    assert User.objects.get(username="xiuyuan").check_password(PASSWORD)
