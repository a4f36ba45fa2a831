"""A resident who has never used the platform signs in on a phone with nothing but their
number and the code the text message brings: both screens in the large-text mode, with
no axe-core violation on either, in either mode (nor with a refusal shown), and big tap
targets."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from jiedao.accounts.models import User
from jiedao.core import notifications
from jiedao.residents.codes import phone_hash
from jiedao.testing import World
from tests.browser.conftest import assert_no_violations
from tests.browser.test_accessibility import _in_both_modes
from tests.browser.test_resident_pages import SMALLEST_TEXT_IN_MAIN, _assert_tap_targets_at_least

pytestmark = pytest.mark.browser

NEVER_SEEN = "13912340001"


def _smallest_text(page: Page) -> float:
    smallest: float = page.evaluate(SMALLEST_TEXT_IN_MAIN)
    return smallest


def test_a_number_never_seen_signs_in_on_a_phone_in_large_mode(
    page: Page, live_server: LiveServer, browser_world: World
) -> None:
    notifications.outbox.clear()
    page.goto(f"{live_server.url}/activities/mine/")  # a resident page: off to the sign-in first
    expect(page).to_have_url(f"{live_server.url}/login/?next=/activities/mine/")
    _in_both_modes(page, "sign-in, the number")  # ends in the large mode, which is remembered
    assert _smallest_text(page) >= 18
    _assert_tap_targets_at_least(page, 60)

    page.get_by_label("手机号").fill("139 1234")  # a number cut short
    with page.expect_navigation():
        page.get_by_role("button", name="获取验证码").click()
    expect(page.locator("#id_phone_error")).to_be_visible()
    assert_no_violations(page, "sign-in, the number refused")

    page.get_by_label("手机号").fill(NEVER_SEEN)
    with page.expect_navigation():
        page.get_by_role("button", name="获取验证码").click()
    expect(page).to_have_url(f"{live_server.url}/login/code/?next=%2Factivities%2Fmine%2F")
    expect(page.locator("main")).to_contain_text("139****0001")
    expect(page.get_by_label("在这台手机上保持登录")).to_be_checked()
    assert _smallest_text(page) >= 18
    _assert_tap_targets_at_least(page, 60)
    _in_both_modes(page, "sign-in, the code")

    [message] = notifications.outbox
    assert message.phone == NEVER_SEEN and "验证码" in message.text
    code = message.params["code"]
    page.get_by_label("验证码").fill("000000" if code != "000000" else "111111")
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()
    expect(page.locator("#id_code_error")).to_contain_text("验证码不正确")
    assert_no_violations(page, "sign-in, the code refused")

    page.get_by_label("验证码").fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()
    user = User.objects.get(phone_hash=phone_hash(NEVER_SEEN))
    assert user.subdistrict == browser_world.liangcheng
    # Signed in: not sent back to the sign-in, and the page names the account.
    assert "/login/" not in page.url
    expect(page.get_by_role("button", name="展开导航")).to_be_visible()
    page.get_by_role("button", name="展开导航").click()
    expect(page.get_by_role("button", name="退出")).to_be_visible()
