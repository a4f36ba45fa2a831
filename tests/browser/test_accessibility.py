"""axe-core on every page a resident sees, in the normal and the large-text
mode, with all the rules axe enables by default (WCAG 2.x A and AA, best
practices). Any violation fails the test, with axe's readable report as the
failure message.
"""

import pytest
from playwright.sync_api import Page, expect
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from jiedao.testing import World
from tests.browser.conftest import assert_no_violations, log_in

pytestmark = pytest.mark.browser


def _set_large(page: Page, on: bool) -> None:
    """Through the toggle itself, as a person would; the choice is remembered."""
    toggle = page.get_by_role("button", name="大字模式")
    if (toggle.get_attribute("aria-pressed") == "true") != on:
        toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true" if on else "false")


def _in_both_modes(page: Page, what: str) -> None:
    _set_large(page, False)
    assert_no_violations(page, what)
    _set_large(page, True)
    assert_no_violations(page, f"{what}, large text")


def test_the_login_page_has_no_violations_with_or_without_an_error(
    page: Page, live_server: LiveServer, browser_world: World
) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    _in_both_modes(page, "login page")
    log_in(page, live_server.url, "worker", "wrong password")
    assert "用户名或密码错误" in page.locator("main").inner_text()
    _in_both_modes(page, "login page with an error")


def test_the_locked_out_page_has_no_violations(
    page: Page, live_server: LiveServer, browser_world: World, settings: Settings
) -> None:
    settings.AXES_ENABLED = True  # the live server runs in this process: it sees the change
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(page, live_server.url, "jobseeker", "wrong password")
    assert "账号已暂时锁定" in page.locator("main").inner_text()
    _in_both_modes(page, "locked-out page")


@pytest.mark.parametrize("resident", ["worker", "jobseeker"])
def test_a_residents_own_page_has_no_violations_with_the_menu_closed_or_open(
    page: Page, live_server: LiveServer, browser_world: World, resident: str
) -> None:
    log_in(page, live_server.url, resident)
    assert page.url == f"{live_server.url}/me/"  # the resident's home (residents:home)
    _in_both_modes(page, f"{resident}'s home")
    page.goto(f"{live_server.url}/accounts/me/")
    _in_both_modes(page, f"{resident}'s page")
    page.get_by_role("button", name="展开导航").click()
    expect(page.get_by_role("button", name="退出")).to_be_visible()
    _in_both_modes(page, f"{resident}'s page with the menu open")
