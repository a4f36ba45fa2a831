"""A resident on a phone: login, own page, the large-text mode (the sign-in screen too)."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from jiedao.testing import World
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


SMALLEST_TEXT_IN_MAIN = """() => Math.min(...[...document.querySelectorAll("main *")]
    .filter(el => [...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim()))
    .map(el => parseFloat(getComputedStyle(el).fontSize)))"""


def _assert_tap_targets_at_least(page: Page, size: float) -> None:
    targets = page.locator("button:visible, input:visible, select:visible, a.btn:visible")
    assert targets.count() >= 2
    for i in range(targets.count()):
        box = targets.nth(i).bounding_box()
        assert box is not None
        assert min(box["width"], box["height"]) >= size, targets.nth(i).evaluate("el => el.outerHTML")


def test_a_worker_logs_in_on_a_phone_and_sees_own_masked_data(
    page: Page, live_server: LiveServer, browser_world: World
) -> None:
    log_in(page, live_server.url, "worker", next_path="/accounts/me/")  # the account page (the home: /me/)
    expect(page).to_have_url(f"{live_server.url}/accounts/me/")
    worker = browser_world.people["worker"]
    main = page.locator("main")
    expect(main).to_contain_text("王秀英")
    expect(main).to_contain_text(worker.id_number_masked)
    expect(main).to_contain_text(worker.phone_masked)
    assert worker.id_number not in main.inner_text()
    # The stylesheets and scripts were served (the page fixture fails on any that was not).
    assert page.evaluate("getComputedStyle(document.querySelector('.bg-jiedao')).backgroundColor") == "rgb(164, 22, 26)"
    assert page.evaluate("typeof window.htmx") == "object"


def test_the_large_text_mode_enlarges_text_and_tap_targets_and_survives_a_reload(
    page: Page, live_server: LiveServer, browser_world: World
) -> None:
    log_in(page, live_server.url, "worker")
    normal = page.evaluate(SMALLEST_TEXT_IN_MAIN)
    assert normal >= 18  # resident pages: main text at least 18 px even before the large mode
    _assert_tap_targets_at_least(page, 44)
    toggle = page.get_by_role("button", name="大字模式")
    expect(toggle).to_be_visible()  # on a phone too, without opening the menu
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    page.reload()
    toggle = page.get_by_role("button", name="大字模式")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("document.documentElement.classList.contains('large-text')")
    assert page.evaluate(SMALLEST_TEXT_IN_MAIN) >= normal * 1.2  # 125 %: 22.5 px
    _assert_tap_targets_at_least(page, 60)
    page.get_by_role("button", name="展开导航").click()
    expect(page.get_by_role("button", name="退出")).to_be_visible()
    _assert_tap_targets_at_least(page, 60)  # the language switch and the logout button too
    # The residents' sign-in screen too, in the same (remembered) mode, once signed out.
    with page.expect_navigation():
        page.get_by_role("button", name="退出").click()
    page.goto(f"{live_server.url}/login/")
    expect(page.get_by_role("button", name="获取验证码")).to_be_visible()
    assert page.evaluate("document.documentElement.classList.contains('large-text')")
    _assert_tap_targets_at_least(page, 60)
