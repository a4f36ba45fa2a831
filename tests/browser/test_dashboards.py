"""The staff dashboard in a browser: every chart drawn, its table one click away, no
axe violation, on a desk and on a phone."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from jiedao.testing import World
from jiedao.unions.tests.conftest import unions_of
from tests.browser.conftest import assert_no_violations, log_in

pytestmark = pytest.mark.browser


def test_an_admin_reads_the_dashboard_as_charts_and_tables(
    page: Page, live_server: LiveServer, browser_world: World
) -> None:
    unions_of(browser_world)
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, live_server.url, "admin", next_path="/dashboard/")
    expect(page.get_by_role("heading", name="工作看板", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="工作看板")).to_have_attribute("aria-current", "page")
    coverage = page.locator("#unions-coverage-chart")
    expect(coverage.locator("canvas, svg").first).to_be_attached()
    figure = page.get_by_role("figure", name="各居民区建会率与入会率")
    figure.get_by_text("数据表").click()
    table = figure.get_by_role("table")
    expect(table).to_be_visible()
    expect(table.get_by_role("rowheader", name="秀苑")).to_be_visible()
    assert_no_violations(page, "dashboard")
    page.set_viewport_size({"width": 390, "height": 844})
    expect(coverage.locator("canvas, svg").first).to_be_attached()
    assert_no_violations(page, "dashboard on a phone")
