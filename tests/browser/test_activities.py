"""QR sign-in on phones: the organiser's 签到 screen, a resident scanning it in
a second browser, and the screen's live count rising (htmx polling)."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from jiedao.accounts.actor import actor_for
from jiedao.activities import services
from jiedao.activities.models import Attendance, Session
from jiedao.residents.codes import phone_hash
from jiedao.testing import World
from tests.browser.conftest import PHONE, assert_no_violations, log_in, sign_in_by_sms

pytestmark = pytest.mark.browser


def _session(world: World) -> Session:
    """A joint meeting of the union federation with one session, begun ten minutes ago."""
    union = actor_for(world.users["union"])
    activity = services.activity_create(actor=union, kind="meeting", title="街道与工会联席会议", organiser=world.office)
    start = timezone.now() - dt.timedelta(minutes=10)
    return services.session_create(
        actor=union, activity=activity, starts_at=start, ends_at=start + dt.timedelta(hours=2), place="党群服务中心"
    )


def test_a_resident_signs_in_with_the_token_on_the_screen_and_the_count_rises(
    page: Page, browser: Browser, live_server: LiveServer, browser_world: World
) -> None:
    session = _session(browser_world)
    log_in(page, live_server.url, "union")
    page.goto(f"{live_server.url}/activities/sessions/{session.pk}/screen/")
    expect(page.locator("[data-total]")).to_have_text("0")
    qr_box = page.locator("#qr")
    expect(page.get_by_role("img", name="签到二维码")).to_be_visible()
    link = page.locator("a.qr-link").get_attribute("href")
    assert link is not None and link.startswith(f"{live_server.url}/activities/sessions/{session.pk}/sign-in/?t=")
    assert link.endswith(str(qr_box.get_attribute("data-token")))
    assert_no_violations(page, "签到 screen")

    resident_context = browser.new_context(viewport=PHONE, locale="zh-CN", reduced_motion="reduce")
    resident_context.set_default_timeout(10_000)
    try:
        phone = resident_context.new_page()
        errors: list[str] = []
        phone.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        # The resident's account signs in with the number of their registry record.
        worker = browser_world.users["worker"]
        worker.phone = browser_world.people["worker"].phone
        worker.phone_hash = phone_hash(worker.phone)
        worker.save()
        phone.goto(link)  # the scan: not signed in yet, so the sign-in by SMS first, then back
        expect(phone).to_have_url(f"{live_server.url}/login/?next=" + phone.url.split("next=")[1])
        sign_in_by_sms(phone, worker.phone)
        expect(phone.get_by_role("button", name="确认签到")).to_be_visible()
        expect(phone.locator("main")).to_contain_text("街道与工会联席会议")
        assert_no_violations(phone, "resident sign-in page")
        button = phone.get_by_role("button", name="确认签到").bounding_box()
        assert button is not None and button["height"] >= 44
        phone.get_by_role("button", name="确认签到").click()
        expect(phone.locator("main")).to_contain_text("签到成功")
        assert_no_violations(phone, "sign-in result page")
        # Scanning again says 已签到 and changes nothing.
        phone.goto(link)
        expect(phone.locator("main")).to_contain_text("已签到")
        phone.goto(f"{live_server.url}/activities/mine/")
        expect(phone.locator("main")).to_contain_text("街道与工会联席会议")
        assert_no_violations(phone, "我的活动")
        assert not errors, errors
    finally:
        resident_context.close()

    # The organiser's screen picks the sign-in up by itself (htmx polling), no reload.
    expect(page.locator("[data-total]")).to_have_text("1", timeout=15_000)
    expect(page.locator('[data-category="other"]')).to_have_text("1")
    assert Attendance.objects.filter(session=session).count() == 1


def test_an_old_photo_of_the_code_gives_a_clear_message(
    page: Page, live_server: LiveServer, browser_world: World
) -> None:
    session = _session(browser_world)
    log_in(page, live_server.url, "worker")
    page.goto(f"{live_server.url}/activities/sessions/{session.pk}/sign-in/?t=made-up:token")
    expect(page.locator("main")).to_contain_text("无效的签到码")
    expect(page.get_by_role("button", name="确认签到")).to_have_count(0)
    assert_no_violations(page, "refused sign-in page")
