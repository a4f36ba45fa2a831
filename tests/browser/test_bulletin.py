"""The published newsletter on a phone, without logging in: the archive and an issue read
at resident-page sizes, with no accessibility violation."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from jiedao.bulletin.models import Article, NewsletterIssue
from jiedao.testing import World
from tests.browser.conftest import assert_no_violations
from tests.browser.test_resident_pages import SMALLEST_TEXT_IN_MAIN

pytestmark = pytest.mark.browser


def test_a_resident_reads_the_published_issue_on_a_phone(
    page: Page, live_server: LiveServer, browser_world: World
) -> None:
    issue = NewsletterIssue.objects.create(
        subdistrict=browser_world.liangcheng,
        year=2020,
        number=1,
        date=timezone.localdate(),
        status="published",
        published_at=timezone.now(),
    )
    for position, title in enumerate(("2020年凉城新村街道与工会联席会议举行", "凉城新村街道为求职者增加就业“砝码”"), 1):
        Article.objects.create(
            subdistrict=browser_world.liangcheng,
            kicker="团结凝聚广大职工群众 更好服务区域经济发展" if position == 1 else "",
            title=title,
            body="<p>日前，街道总工会召开联席会议。</p><ul><li>1、提高政治站位。</li></ul>",
            office="party_office",
            author=browser_world.users["party"],
            status="published",
            issue=issue,
            position=position,
        )
    page.goto(f"{live_server.url}/bulletin/")
    assert_no_violations(page, "the archive")
    page.get_by_role("link", name="凉城新村街道社区报 2020年第1期").click()
    expect(page.get_by_role("heading", name="2020年凉城新村街道与工会联席会议举行")).to_be_visible()
    expect(page.locator("main")).to_contain_text("（党建办）")
    assert page.evaluate(SMALLEST_TEXT_IN_MAIN) >= 18
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    assert_no_violations(page, "an issue")
