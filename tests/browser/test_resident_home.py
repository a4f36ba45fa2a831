"""The resident's home (我的, ``residents:home``) on a phone: a resident lands on it after
logging in, sees every programme's things for her, large type and large targets, and
axe finds no violation in the normal or the large-text mode."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from jiedao.residents.tests.home_helpers import MEETING, everything_for_worker
from jiedao.testing import World
from tests.browser.conftest import assert_no_violations, log_in

pytestmark = pytest.mark.browser

SMALLEST_TEXT_IN_MAIN = """() => Math.min(...[...document.querySelectorAll("main *")]
    .filter(el => [...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim()))
    .map(el => parseFloat(getComputedStyle(el).fontSize)))"""


def _smallest_target(page: Page) -> float:
    targets = page.locator("main a.btn:visible, main .home-entries a:visible")
    sizes = []
    for i in range(targets.count()):
        box = targets.nth(i).bounding_box()
        assert box is not None
        sizes.append(box["height"])
    assert len(sizes) >= 5
    return min(sizes)


def test_the_worker_lands_on_her_home_on_a_phone(page: Page, live_server: LiveServer, browser_world: World) -> None:
    everything_for_worker(browser_world)
    log_in(page, live_server.url, "worker")
    expect(page).to_have_url(f"{live_server.url}/me/")
    main = page.locator("main")
    for text in ("即将参加", "我的记录", "我可以办", MEETING, "嘉春公司工会", "预约畅心屋"):
        expect(main).to_contain_text(text)
    expect(page.locator('a.nav-link[href="/me/"]')).to_have_attribute("aria-current", "page")  # in the closed menu
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    assert page.evaluate(SMALLEST_TEXT_IN_MAIN) >= 18
    assert _smallest_target(page) >= 44
    assert_no_violations(page, "the resident's home")
    toggle = page.get_by_role("button", name="大字模式")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    assert _smallest_target(page) >= 60
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_no_violations(page, "the resident's home, large text")
