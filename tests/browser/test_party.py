"""A party member's phone pages in a browser at 390×844: a newly transferred 三新
member (李建国) opens 我的学时 with the 三个一 steps, records self-study (a bad date
refused on the page, then saved), and the branch secretary (王秀英) reviews it —
every page clean under axe."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from jiedao.party.models import StudyEntry
from jiedao.party.tests.conftest import party_of
from jiedao.testing import World
from tests.browser.conftest import PHONE, assert_no_violations, log_in

pytestmark = pytest.mark.browser


def test_a_member_records_self_study_on_a_phone_and_the_secretary_approves_it(
    page: Page, live_server: LiveServer, browser_world: World
) -> None:
    setup = party_of(browser_world)
    page.set_viewport_size(PHONE)
    # The machine runs several suites at once: a slow first page is not a failure here.
    page.set_default_navigation_timeout(60_000)
    page.set_default_timeout(30_000)
    log_in(page, live_server.url, "jobseeker", next_path="/party/me/")
    expect(page.get_by_role("heading", level=1)).to_have_text("我的学时")
    expect(page.get_by_role("heading", name="我的“三个一”")).to_be_visible()
    expect(page.locator("main")).to_contain_text("进行一次参观")
    assert_no_violations(page, "my study hours")

    page.get_by_role("link", name="登记自学学时").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("登记自学学时")
    assert_no_violations(page, "self-study form")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    page.get_by_label("学习内容").fill("自学《中国共产党简史》第三章")
    page.get_by_label("学习日期").fill(f"{tomorrow:%Y-%m-%d}")
    page.get_by_label("学时").fill("2")
    page.get_by_label("学习记录").fill("读书笔记三页")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("main")).to_contain_text("学习日期不能晚于今天")
    assert_no_violations(page, "self-study form with an error")
    page.get_by_label("学习日期").fill(f"{timezone.localdate():%Y-%m-%d}")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("我的学时")
    expect(page.locator("main")).to_contain_text("自学《中国共产党简史》第三章")
    entry = StudyEntry.objects.get(title="自学《中国共产党简史》第三章")
    assert entry.member == setup.newcomer and entry.status == StudyEntry.Status.SUBMITTED

    # 李建国's branch is not 王秀英's: she reviews 乐跃明's waiting entry of 秀苑.
    page.context.clear_cookies()
    log_in(page, live_server.url, "worker", next_path="/party/reviews/")
    expect(page.get_by_role("heading", level=1)).to_have_text("审核自学记录")
    assert_no_violations(page, "the secretary's reviews")
    expect(page.locator("main")).not_to_contain_text("第三章")
    page.get_by_role("button", name="提交").first.click()
    expect(page.get_by_role("status").first).to_contain_text("已审核")
    setup.entry.refresh_from_db()
    assert setup.entry.status == StudyEntry.Status.APPROVED
