"""Browser test of the legal-aid handler's main flow: the caseload, the case page with
its clock, accepting the case, correcting a note entered with the wrong text, and
suspending the case. axe-core on each page; the page fixture fails on any CSP refusal
or script error."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from jiedao.legalaid.models import CaseStep, LegalAidCase
from jiedao.legalaid.tests.factories import OWN_SUMMARY, legal_aid_of
from jiedao.testing import World
from tests.browser.conftest import assert_no_violations, log_in

pytestmark = pytest.mark.browser


def test_the_handler_moves_a_case_on_corrects_a_step_and_suspends_it(
    page: Page, live_server: LiveServer, browser_world: World
) -> None:
    case = legal_aid_of(browser_world).own
    today = timezone.localdate().isoformat()
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url, "handler", next_path="/legal-aid/")
    expect(page.get_by_role("heading", name="法律援助案件")).to_be_visible()
    expect(page.locator("main")).to_contain_text("王秀英")
    expect(page.locator("main")).not_to_contain_text(OWN_SUMMARY)
    assert_no_violations(page, "caseload")

    page.get_by_role("link", name=f"案件 #{case.pk}").click()
    expect(page.locator("#clock")).to_contain_text("不构成法律意见")
    expect(page.locator("main")).to_contain_text(OWN_SUMMARY)
    assert_no_violations(page, "case page")

    page.get_by_text("记录进展或变更阶段").click()
    page.locator("#step-stage").select_option("accepted")
    page.locator("#step-note").fill("材料齐全，受理。已联系单位人事")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator("main")).to_contain_text("进展已记录")
    step = CaseStep.objects.get(case=case, kind=CaseStep.Kind.STAGE)

    row = page.locator(f"#step-{step.pk}")
    row.get_by_text("更正这条记录").click()
    row.get_by_label("正确的说明").fill("材料齐全，受理。已联系单位人事经理")
    row.get_by_label("更正原因").fill("补全联系人")
    row.get_by_role("button", name="保存更正").click()
    expect(page.locator("main")).to_contain_text("已更正，原记录保留")
    expect(page.locator(f"#step-{step.pk} del").first).to_be_visible()
    assert_no_violations(page, "case page after a correction")

    page.locator("summary", has_text="中止案件").click()
    page.get_by_label("中止之日").fill(today)
    page.get_by_label("中止原因").fill("等待工伤认定结论")
    page.get_by_label("因不可抗力或其他正当理由不能申请仲裁，仲裁时效同时中止").check()
    page.get_by_role("button", name="中止案件", exact=True).click()
    expect(page.locator("main")).to_contain_text("案件已中止")
    expect(page.locator("#clock")).to_contain_text("仲裁时效中止中")
    assert_no_violations(page, "suspended case")
    case.refresh_from_db()
    assert case.stage == "accepted" and case.suspended_since is not None
    assert LegalAidCase.objects.get(pk=case.pk).limitation_rule == "suspended"
