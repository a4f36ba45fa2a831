from django.test import Client
from pytest_django import Settings
from pytest_django.asserts import assertTemplateNotUsed, assertTemplateUsed

from jiedao.testing import PASSWORD, ClientResponse, World

LOGIN_URL = "/accounts/login/"


def login(client: Client, username: str, password: str = PASSWORD) -> ClientResponse:
    return client.post(LOGIN_URL, {"username": username, "password": password})


def test_it_signs_in_with_the_right_password(world: World, client: Client) -> None:
    response = login(client, "admin")
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(world.users["admin"].pk)


def test_it_says_so_in_chinese_on_a_wrong_password(world: World, client: Client) -> None:
    response = login(client, "admin", "wrong-password")
    assert response.status_code == 400  # a form sent back with errors
    assert "用户名或密码错误" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_shows_the_lockout_page_after_five_failures(world: World, client: Client, settings: Settings) -> None:
    settings.AXES_ENABLED = True
    for _ in range(4):
        assertTemplateNotUsed(login(client, "admin", "wrong-password"), "accounts/locked_out.html")
    assertTemplateUsed(login(client, "admin", "wrong-password"), "accounts/locked_out.html")
    response = login(client, "admin")  # the right password no longer helps
    assert response.status_code == 429
    assertTemplateUsed(response, "accounts/locked_out.html")
    assert "账号已暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_success_before_the_limit_resets_the_count(world: World, client: Client, settings: Settings) -> None:
    settings.AXES_ENABLED = True
    for _ in range(4):
        login(client, "admin", "wrong-password")
    assert login(client, "admin").status_code == 302
    client.logout()
    for _ in range(4):
        login(client, "admin", "wrong-password")
    assert login(client, "admin").status_code == 302


def test_the_session_cookie_is_http_only_and_same_site(world: World, client: Client) -> None:
    response = login(client, "admin")
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == ""  # ends with the browser session


def test_sign_out_needs_a_post_and_ends_the_session(world: World, client: Client) -> None:
    login(client, "admin")
    assert client.get("/accounts/logout/").status_code == 405
    assert "_auth_user_id" in client.session
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session
