"""The first time ever: a resident on the registry, who has never used the platform,
scans a meeting's QR code with their phone and is signed in to the session with nothing
but the phone — number, code from the text message, name and ID number, one screen after
another, no username or password anywhere. The taps are counted (the closing note of
issue #15 gives them): a tap is a press on a field or a button."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from jiedao.accounts.actor import actor_for
from jiedao.activities import qr, services
from jiedao.activities.models import Attendance
from jiedao.core import notifications
from jiedao.testing import World, make_id_number, make_person
from tests.browser.conftest import PHONE, assert_no_violations

pytestmark = pytest.mark.browser

NUMBER = "13912345601"
# Scan → number → code → bind → 确认签到: 2 taps for the number (field, 获取验证码), 2 for
# the code (field, 登录), 3 for binding (name, ID number, 确认), 1 to sign in.
TAPS = 8


def test_a_first_timer_signs_in_to_a_meeting_from_its_qr(
    browser: Browser, live_server: LiveServer, browser_world: World
) -> None:
    union = actor_for(browser_world.users["union"])
    activity = services.activity_create(
        actor=union, kind="meeting", title="街道与工会联席会议", organiser=browser_world.office
    )
    start = timezone.now() - dt.timedelta(minutes=10)
    session = services.session_create(
        actor=union, activity=activity, starts_at=start, ends_at=start + dt.timedelta(hours=2), place="党群服务中心"
    )
    id_number = make_id_number(birth=dt.date(1956, 3, 8), male=False)
    person = make_person(browser_world.liangcheng, "周桂芳", phone=NUMBER, id_number=id_number)
    assert person.user is None
    link = f"{live_server.url}/activities/sessions/{session.pk}/sign-in/?t={qr.issue(session.pk).value}"

    context = browser.new_context(viewport=PHONE, locale="zh-CN", reduced_motion="reduce")
    context.set_default_timeout(10_000)
    taps = 0

    def press(locator: Locator, *, then_navigates: bool = False) -> None:
        nonlocal taps
        taps += 1
        if then_navigates:
            with locator.page.expect_navigation():
                locator.click()
        else:
            locator.click()

    def screen(phone: Page, what: str) -> None:
        expect(phone.locator("input[type=password]")).to_have_count(0)  # no password, ever
        assert_no_violations(phone, what)

    try:
        phone = context.new_page()
        phone.goto(link)  # the scan: the camera opens the link, no tap in the page
        expect(phone.get_by_role("heading", level=1)).to_contain_text("手机号登录")
        screen(phone, "number screen")
        press(phone.get_by_label("手机号"))
        phone.get_by_label("手机号").fill(NUMBER)
        press(phone.get_by_role("button", name="获取验证码"), then_navigates=True)
        screen(phone, "code screen")
        code = [m for m in notifications.outbox if m.phone == NUMBER][-1].params["code"]
        press(phone.get_by_label("验证码"))
        phone.get_by_label("验证码").fill(code)
        press(phone.get_by_role("button", name="登录"), then_navigates=True)

        expect(phone.get_by_role("heading", level=1)).to_have_text("实名认证")
        screen(phone, "binding screen")
        press(phone.get_by_label("姓名"))
        phone.get_by_label("姓名").fill("周桂芳")
        press(phone.get_by_label("身份证号"))
        phone.get_by_label("身份证号").fill(id_number)
        # A first-timer is slow: by the time they are bound, the code they scanned is
        # long past its 2 minutes (the browser's scan pass still holds it).
        with time_machine.travel(timezone.now() + dt.timedelta(minutes=6)):
            press(phone.get_by_role("button", name="确认"), then_navigates=True)
            expect(phone.locator("main")).to_contain_text("街道与工会联席会议")
            screen(phone, "scan page")
            press(phone.get_by_role("button", name="确认签到"), then_navigates=True)
            expect(phone.locator("main")).to_contain_text("签到成功")
            screen(phone, "done page")
    finally:
        context.close()

    assert taps == TAPS
    person.refresh_from_db()
    assert person.user is not None and person.user.phone == NUMBER
    assert Attendance.objects.filter(session=session, person=person).count() == 1
