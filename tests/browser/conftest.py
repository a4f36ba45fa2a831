"""Browser tests: Playwright's sync API driving Debian's Chromium against
pytest-django's live server. One browser for the whole run, a fresh context
(cookies, storage) per test.

Chromium comes from Debian (``scripts/ensure-system-packages``), never from
``playwright install``: the machines have no internet access.
"""

import os
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Response, ViewportSize, sync_playwright

from jiedao.core import notifications
from jiedao.testing import PASSWORD, World, build_world

CHROMIUM = os.environ.get("JIEDAO_CHROMIUM", "/usr/bin/chromium")
# Quiet, offline Chromium: without these it keeps trying to reach Google services.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# axe-core runs from the axe.min.js shipped inside axe-playwright-python: nothing is downloaded.
AXE = Axe()
# Every rule axe enables by default (WCAG 2.0-2.2 A/AA and best practices), only violations reported.
AXE_OPTIONS = {"resultTypes": ["violations"]}
PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One Chromium for all the browser tests (they all live in this package).

    Playwright's sync API keeps an asyncio loop running in the main thread while
    it is started, and Django then refuses ORM calls from that thread (building
    the world, reading results). The calls are synchronous all the same, so that
    check is lifted for exactly as long as Playwright runs, and the loop is gone
    before the tests outside this package run.
    """
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/ensure-system-packages as root")
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_world(transactional_db: None) -> World:
    """The test world, committed so that the live server's thread sees it."""
    return build_world()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    # Reduced motion: Bootstrap then skips its colour transitions, so that axe
    # measures the colours a person ends up seeing, not a frame halfway.
    context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai", reduced_motion="reduce")
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    """A page that fails the test on any console error (a CSP refusal, a script
    error) and on any stylesheet, script or image that did not load. The status
    of the page itself (a 403, the 429 of the lock-out) is each test's business."""
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        # Failed loads are reported with their URL by on_response instead.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(f"console error: {message.text}")

    def on_response(response: Response) -> None:
        if response.request.resource_type != "document" and response.status >= 400:
            problems.append(f"HTTP {response.status}: {response.url}")

    page = context.new_page()
    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"request failed: {request.url} {request.failure}"))
    page.on("response", on_response)
    yield page
    assert not problems, "\n".join(problems)


def log_in(page: Page, base_url: str, username: str, password: str = PASSWORD, *, next_path: str = "") -> None:
    """Through the real login form, as a person would."""
    page.goto(f"{base_url}/accounts/login/" + (f"?next={next_path}" if next_path else ""))
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()


def sign_in_by_sms(page: Page, number: str) -> None:
    """Through the residents' two sign-in screens (``/login/``), as a person would: the
    number, then the code the text message brought. The live server runs in this
    process, so its messages are in this process's outbox (the test settings' backend)."""
    page.get_by_label("手机号").fill(number)
    with page.expect_navigation():
        page.get_by_role("button", name="获取验证码").click()
    code = [message for message in notifications.outbox if message.phone == number][-1].params["code"]
    page.get_by_label("验证码").fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()


def assert_no_violations(page: Page, what: str) -> None:
    """Fails on any axe-core violation, with axe's readable report as the message."""
    results = AXE.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"{what} ({page.url}):\n{results.generate_report()}"
