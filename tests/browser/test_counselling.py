"""畅心屋 on a phone: a worker finds a free slot by date, confirms it with the consent
(first booking) and anonymity, and gets the done page with the calendar file — in well
under a minute, every page clean under axe and with tap targets of at least 44 px."""

import datetime as dt
import time

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from jiedao.counselling.models import Appointment, Consent
from jiedao.counselling.tests.conftest import build_counselling
from jiedao.testing import World
from tests.browser.conftest import assert_no_violations, log_in

pytestmark = pytest.mark.browser


def _tap_targets_at_least(page: Page, size: float) -> None:
    targets = page.locator("main a.btn:visible, main button:visible, main input[type=checkbox]:visible")
    for i in range(targets.count()):
        box = targets.nth(i).bounding_box()
        assert box is not None
        assert min(box["width"], box["height"]) >= size or targets.nth(i).get_attribute("type") == "checkbox", (
            targets.nth(i).evaluate("el => el.outerHTML")
        )


def _text_at_least(page: Page, px: float) -> None:
    """Every visible text in main is at least ``px`` (the age-friendly rule)."""
    small = page.evaluate(
        """px => Array.from(document.querySelectorAll('main *')).filter(el =>
            el.getClientRects().length &&
            Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim()) &&
            !el.closest('.visually-hidden') &&
            parseFloat(getComputedStyle(el).fontSize) < px
        ).map(el => el.tagName + ': ' + el.textContent.trim().slice(0, 30))""",
        px,
    )
    assert small == [], small


def test_a_worker_books_a_slot_on_a_phone(page: Page, live_server: LiveServer, browser_world: World) -> None:
    setup = build_counselling(browser_world)
    # The walk ends by cancelling online: take a slot past the cancel cut-off, whatever the hour.
    cutoff = timezone.now() + dt.timedelta(hours=setup.studio.cancel_cutoff_hours, minutes=30)
    slot = next(slot for slot in setup.free_slots() if slot.starts_at > cutoff)
    day = timezone.localdate(slot.starts_at)
    started = time.monotonic()
    log_in(page, live_server.url, "jobseeker", next_path="/counselling/")
    expect(page.get_by_role("heading", level=1)).to_have_text("畅心屋心理咨询预约")
    assert_no_violations(page, "slot finder")
    _tap_targets_at_least(page, 44)
    _text_at_least(page, 18)

    page.get_by_role("link", name=f"{day.month}月{day.day}日").first.click()
    start = timezone.localtime(slot.starts_at).strftime("%H:%M")
    page.locator("a.slot-button", has_text=start).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("第三步：确认预约")
    assert_no_violations(page, "confirm page")
    _text_at_least(page, 18)
    pseudonym = page.get_by_label("化名（可不填，系统自动生成）")
    expect(pseudonym).to_be_hidden()  # shown only with anonymity (counselling.js)
    page.get_by_label("匿名预约").check()
    expect(pseudonym).to_be_visible()
    page.get_by_role("button", name="确认预约").click()
    # Without the consent ticked: refused with a clear message, nothing booked.
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator("main")).to_contain_text("请勾选同意后再预约")
    assert not Appointment.objects.filter(slot=slot).exists()
    page.get_by_label("我已阅读并同意以上告知内容").check()
    page.get_by_label("匿名预约").check()
    page.get_by_role("button", name="确认预约").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("预约成功")
    elapsed = time.monotonic() - started
    assert elapsed < 60, elapsed
    assert_no_violations(page, "done page")
    _text_at_least(page, 18)
    expect(page.get_by_role("link", name="加入日历")).to_have_attribute(
        "href", f"/counselling/appointments/{Appointment.objects.get(slot=slot).pk}.ics"
    )
    appointment = Appointment.objects.get(slot=slot)
    assert appointment.person is not None
    assert appointment.person.name == "李建国" and appointment.is_anonymous
    assert Consent.objects.filter(person=appointment.person).count() == 1

    page.get_by_role("link", name="我的预约").click()
    expect(page.locator("main")).to_contain_text("已预约")
    assert_no_violations(page, "my appointments")
    _tap_targets_at_least(page, 44)
    _text_at_least(page, 18)

    # Cancel from 我的预约: the cancel page keeps the resident text size.
    page.get_by_role("link", name="取消预约").first.click()
    expect(page.get_by_role("button", name="确认取消")).to_be_visible()
    _text_at_least(page, 18)
    page.get_by_role("button", name="确认取消").click()
    expect(page.locator("main")).to_contain_text("预约已取消")
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED
