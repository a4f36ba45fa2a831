"""A smoke test of the staff side: an office admin reads the audit log."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from jiedao.core import audit
from jiedao.testing import World
from tests.browser.conftest import assert_no_violations, log_in

pytestmark = pytest.mark.browser


def test_an_admin_opens_the_audit_log_and_filters_it(page: Page, live_server: LiveServer, browser_world: World) -> None:
    admin = browser_world.users["admin"]
    with time_machine.travel(dt.datetime(2026, 11, 30, 10, 15, 3, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        audit.record(actor=admin, action="reveal", obj=browser_world.people["worker"], detail={"field": "phone"})
    audit.record(actor=admin, action="export", object_type="people.person")
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, live_server.url, "admin", next_path="/audit/")
    expect(page.get_by_role("heading", name="审计日志")).to_be_visible()
    expect(page.get_by_role("link", name="审计日志")).to_have_attribute("aria-current", "page")
    rows = page.locator("main tbody tr")
    expect(rows).to_have_count(3)  # the two above and this login
    expect(page.locator("main tbody")).to_contain_text("登录")
    page.get_by_label("操作", exact=True).select_option("reveal")
    page.get_by_role("button", name="筛选").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("2026-11-30 10:15:03 +08:00")
    expect(rows.first).to_contain_text("王秀英")
    assert "action=reveal" in page.url
    assert_no_violations(page, "audit page")


def test_an_admin_finds_a_person_by_pinyin_and_by_id_number_and_reveals_the_number(
    page: Page, live_server: LiveServer, browser_world: World
) -> None:
    worker = browser_world.people["worker"]
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, live_server.url, "admin", next_path="/people/dashboard/")
    expect(page.locator("#dashboard-chart canvas, #dashboard-chart svg").first).to_be_attached()
    assert_no_violations(page, "dashboard")

    page.get_by_role("link", name="人员库").click()
    rows = page.locator("#people-results tbody tr")
    expect(rows).to_have_count(
        len([p for p in browser_world.people.values() if p.subdistrict_id == worker.subdistrict_id])
    )
    # Typing pinyin initials narrows the table through htmx, without a page load.
    page.get_by_label("搜索", exact=True).fill("wxy")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("王秀英")
    assert_no_violations(page, "people list")

    # A full ID number is looked up by POST; it never appears in a URL.
    page.get_by_label("按身份证号查找").fill(worker.id_number)
    page.get_by_role("button", name="查找").click()
    expect(page.get_by_role("heading", name="王秀英")).to_be_visible()
    assert worker.id_number not in page.url
    assert worker.id_number not in page.content()
    assert_no_violations(page, "person detail")

    page.get_by_role("button", name=re.compile("显示完整号码.*身份证号")).click()
    expect(page.locator("main")).to_contain_text(worker.id_number)
