"""Browser tests of the confidential side of the 畅心屋: the counsellor writes a
high-risk record (and must add the referral), a supervisor reads it after stating a
reason, the union sees the statistics chart. axe-core on each page; the page fixture
fails on any CSP refusal or script error."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from jiedao.core.models import AuditEntry
from jiedao.counselling.models import Referral, SessionRecord
from jiedao.testing import World
from tests.access.counselling_records import NOTES, book, records_world
from tests.browser.conftest import assert_no_violations, log_in

pytestmark = pytest.mark.browser


def test_the_counsellor_writes_a_high_risk_record_with_its_referral(
    page: Page, live_server: LiveServer, browser_world: World
) -> None:
    rw = records_world(browser_world)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, "counsellor", next_path="/counselling/records/")
    expect(page.get_by_role("heading", name="咨询记录")).to_be_visible()
    expect(page.locator("main tbody")).to_contain_text("王秀英")
    assert_no_violations(page, "record list")
    # The hidden part of the name follows a space (Chromium separates the positioned span).
    page.get_by_role("link", name=re.compile(rf"修改\s*（预约 {rw.own.pk}）")).click()
    expect(page.get_by_label("谈话记录")).to_have_value(NOTES)
    expect(page.get_by_text("精神卫生法", exact=False).first).to_be_visible()
    assert_no_violations(page, "record page")

    page.get_by_label("谈话记录").fill("来访者表示有伤害自己的想法。")
    page.get_by_label("高（危及自身或他人）").check()
    page.get_by_role("button", name="保存记录").click()
    expect(page.get_by_role("alert")).to_contain_text("记录未保存")
    expect(page.locator("main")).to_contain_text("须同时登记转介")
    assert_no_violations(page, "record page with errors")
    assert SessionRecord.objects.get(appointment=rw.own).notes == NOTES

    page.get_by_label("转介对象").fill("虹口区精神卫生中心")
    page.get_by_label("转介时间").fill("2026-11-28T10:30")
    page.get_by_label("转介原因").fill("有明确的自伤想法，需专业评估")
    page.get_by_role("button", name="保存记录").click()
    expect(page.locator("main")).to_contain_text("咨询记录已保存")
    expect(page.locator("#referrals-heading + ul")).to_contain_text("虹口区精神卫生中心")
    assert Referral.objects.get().referred_to == "虹口区精神卫生中心"


def test_a_supervisor_states_a_reason_then_reads(page: Page, live_server: LiveServer, browser_world: World) -> None:
    rw = records_world(browser_world)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, "supervisor", next_path=f"/counselling/records/appointments/{rw.own.pk}/")
    expect(page.get_by_role("heading", name="查阅咨询记录")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(NOTES)
    assert_no_violations(page, "reason form")
    page.get_by_label("查阅理由").fill("季度督导：复核本月个案记录的规范性")
    page.get_by_role("button", name="说明理由并查阅").click()
    expect(page.locator("main")).to_contain_text(NOTES)
    assert_no_violations(page, "read-only record")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.REVEAL)
    assert entry.detail["reason"] == "季度督导：复核本月个案记录的规范性"


def test_the_union_sees_the_statistics_chart(page: Page, live_server: LiveServer, browser_world: World) -> None:
    rw = records_world(browser_world)
    # The statistics show completed months only, and the set-up's sessions are three days
    # old: on most days of a month they are in the current one. One more in the middle of
    # the last completed month gives the chart a figure whatever the day.
    last_month = timezone.localtime().replace(day=1, hour=10, minute=0, second=0, microsecond=0) - dt.timedelta(days=16)
    book(rw.room, rw.mine, browser_world.people["worker"], last_month, status="attended")
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, "union", next_path="/counselling/stats/")
    expect(page.get_by_role("heading", name="畅心屋统计")).to_be_visible()
    expect(page.locator("#counselling-stats-chart canvas, #counselling-stats-chart svg").first).to_be_attached()
    expect(page.locator("main")).not_to_contain_text("王秀英")
    assert_no_violations(page, "statistics")
