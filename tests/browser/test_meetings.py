"""The staff flow of the joint meeting system: the meetings list, a meeting's
page with its agenda (reordered through htmx), the link to the 签到 screen, the
minutes, and axe on each page."""

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from jiedao.meetings.models import AgendaItem
from jiedao.meetings.tests.helpers import MEETING_TITLE, meeting_world
from jiedao.testing import World
from tests.browser.conftest import assert_no_violations, log_in

pytestmark = pytest.mark.browser


def test_an_office_runs_a_meeting_from_agenda_to_minutes(
    page: Page, live_server: LiveServer, browser_world: World
) -> None:
    mw = meeting_world(browser_world)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, "union", next_path="/meetings/")
    expect(page.get_by_role("heading", name="联席会议", exact=True)).to_be_visible()
    assert_no_violations(page, "meetings list")

    page.get_by_role("link", name=MEETING_TITLE).click()
    expect(page.get_by_role("heading", name=MEETING_TITLE)).to_be_visible()
    expect(page.get_by_role("link", name="签到屏")).to_have_attribute(
        "href", f"/activities/sessions/{mw.session.pk}/screen/"
    )
    assert_no_violations(page, "meeting page")

    # Add an agenda item, then move it up one place without a page load (htmx).
    form = page.locator("form", has=page.get_by_role("button", name="添加议程"))
    form.get_by_label("类型").select_option("ceremony")
    form.get_by_label("标题").fill("畅心屋揭牌")
    form.get_by_role("button", name="添加议程").click()
    agenda = page.locator("#agenda-list > ol > li")
    expect(agenda.last).to_contain_text("畅心屋揭牌")
    expect(page.locator(".alert-success, [role=alert]").first).to_be_visible()
    count = agenda.count()
    agenda.last.get_by_role("button", name=re.compile("上移.*畅心屋揭牌")).click()
    expect(agenda.nth(count - 2)).to_contain_text("畅心屋揭牌")
    assert AgendaItem.objects.get(title="畅心屋揭牌").position == count - 1

    page.get_by_role("link", name="会议纪要").first.click()
    expect(page.locator("article.minutes")).to_contain_text("畅心屋揭牌")
    expect(page.locator("article.minutes")).to_contain_text("主持")
    assert_no_violations(page, "minutes page")


def test_the_overdue_view_and_a_progress_note_by_the_owner_units_chair(
    page: Page, live_server: LiveServer, browser_world: World
) -> None:
    meeting_world(browser_world)
    log_in(page, live_server.url, "jiachun", next_path="/meetings/actions/?view=overdue")
    expect(page.get_by_text("已逾期").first).to_be_visible()
    assert_no_violations(page, "overdue action items (phone)")
    page.get_by_role("link", name="提高政治站位（测试督办）").click()
    page.get_by_label("进展情况").fill("已在公司职工大会上传达")
    page.get_by_role("button", name="记录进展").click()
    expect(page.locator("main")).to_contain_text("已在公司职工大会上传达")
    expect(page.locator("main")).to_contain_text("推进中")
    assert_no_violations(page, "action item page (phone)")
