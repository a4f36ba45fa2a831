"""Staff accounts in a browser: the admin creates one and the newcomer sets a password
from the invitation; a colleague asks for a password reset. axe on every page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from jiedao.testing import World
from tests.browser.conftest import assert_no_violations, log_in

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Qiao-men-2026!"


def _link(body: object) -> str:
    found = re.search(r"https?://[^\s]+/accounts/(?:invitation|password/reset)/[\w-]+/[\w-]+/", str(body))
    assert found, body
    return found[0]


def test_an_admin_creates_an_account_and_the_newcomer_sets_a_password(
    page: Page, live_server: LiveServer, browser_world: World
) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, live_server.url, "admin", next_path="/accounts/me/")
    page.get_by_role("link", name="工作人员账号").click()
    expect(page.get_by_role("heading", name="工作人员账号")).to_be_visible()
    assert_no_violations(page, "staff list")

    page.get_by_role("link", name="新建工作人员账号").click()
    assert_no_violations(page, "new staff account")
    page.get_by_role("button", name="保存").click()  # empty: every required field says so
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    assert_no_violations(page, "new staff account with errors")
    page.get_by_label("用户名").fill("qianxinlai")
    page.get_by_label("姓名").fill("钱新来")
    page.get_by_label("邮箱").fill("qianxinlai@example.gov.cn")
    page.get_by_label("角色").select_option(label="居民区工会主席")
    page.get_by_label("居民区").select_option(label="秀苑")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name=re.compile("钱新来"))).to_be_visible()
    expect(page.locator("main")).to_contain_text("已通过邮件")
    assert_no_violations(page, "staff account page")

    browser = page.context.browser
    assert browser is not None
    newcomer = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", reduced_motion="reduce")
    visitor = newcomer.new_page()
    visitor.goto(_link(mail.outbox[-1].body))
    expect(visitor.get_by_role("heading", name="设置密码")).to_be_visible()
    assert_no_violations(visitor, "set-password page")
    visitor.locator("#id_new_password1").fill(NEW_PASSWORD)
    visitor.locator("#id_new_password2").fill(NEW_PASSWORD)
    visitor.get_by_role("button", name="设置密码").click()
    expect(visitor.locator("main")).to_contain_text("密码已设置，请用新密码登录")
    log_in(visitor, live_server.url, "qianxinlai", NEW_PASSWORD)
    expect(visitor.get_by_role("button", name="退出")).to_be_attached()
    newcomer.close()


def test_a_staff_member_asks_for_a_reset_link(page: Page, live_server: LiveServer, browser_world: World) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="忘记密码").click()
    assert_no_violations(page, "password reset page")
    page.get_by_label("用户名、邮箱或手机号").fill("union")
    page.get_by_role("button", name="发送重置链接").click()
    expect(page.get_by_role("status")).to_contain_text("如果该账号存在并可以找回密码")
    assert_no_violations(page, "password reset page, sent")
    page.goto(f"{live_server.url}/accounts/password/reset/MQ/forged-token/")
    expect(page.locator("main")).to_contain_text("链接已失效")
    assert_no_violations(page, "spent link page")
