"""The second factor in Chromium on a phone: the set-up at a first login (the QR code
is an inline image the CSP lets through), the recovery codes, and the code at the next
login, and one's own page; axe-core on each screen, in both text sizes."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from jiedao.accounts.tests.second_factor_support import code_at, wrong_code
from jiedao.testing import World
from tests.browser.conftest import assert_no_violations, log_in

pytestmark = pytest.mark.browser


def _in_both_modes(page: Page, what: str) -> None:
    toggle = page.get_by_role("button", name="大字模式")
    assert_no_violations(page, what)
    toggle.click()
    assert_no_violations(page, f"{what}, large text")
    toggle.click()


def test_a_first_login_sets_up_the_app_and_the_next_asks_for_its_code(
    page: Page, live_server: LiveServer, browser_world: World, settings: Settings
) -> None:
    settings.JIEDAO_REQUIRE_SECOND_FACTOR = True  # the live server runs in this process
    log_in(page, live_server.url, "counsellor", next_path="/counselling/")
    assert page.url.endswith("/accounts/login/second-factor/")
    qr = page.get_by_role("img", name="设置身份验证器用的二维码")
    assert qr.evaluate("image => image.complete && image.naturalWidth > 0")
    _in_both_modes(page, "set-up")

    device = TOTPDevice.objects.get(user=browser_world.users["counsellor"])
    page.get_by_label("App中显示的6位数字").fill(code_at(device))
    with page.expect_navigation():
        page.get_by_role("button", name="完成设置").click()
    assert page.locator("#recovery-codes li").count() == 10
    _in_both_modes(page, "recovery codes")
    with page.expect_navigation():
        page.get_by_role("link", name="我已保存，继续").click()
    assert page.url.endswith("/counselling/")
    page.goto(f"{live_server.url}/accounts/second-factor/")
    assert "还有10个恢复码未使用" in page.locator("main").inner_text()
    _in_both_modes(page, "one's own page")

    page.context.clear_cookies()  # another day
    log_in(page, live_server.url, "counsellor")
    assert page.url.endswith("/accounts/login/second-factor/")
    _in_both_modes(page, "second step")
    page.get_by_label("验证码").fill(wrong_code(device))
    with page.expect_navigation():
        page.get_by_role("button", name="验证并登录").click()
    assert "验证码不正确" in page.locator("main").inner_text()
    _in_both_modes(page, "second step with an error")
