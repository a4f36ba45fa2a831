"""The training desk in a browser: the labour office opens the classes, refers a job
seeker from the registry to the upcoming class, edits the class, adds a session,
then runs 结业评定 on the finished class and opens a trainee's page — every page
clean under axe."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from jiedao.people.models import Person
from jiedao.testing import World
from jiedao.training.models import Enrolment, TrainingClass
from jiedao.training.tests.helpers import build_training, make_job_seeker
from tests.browser.conftest import assert_no_violations, log_in

pytestmark = pytest.mark.browser


def test_the_labour_office_runs_a_class_from_the_desk(
    page: Page, live_server: LiveServer, browser_world: World
) -> None:
    setup = build_training(browser_world)
    referred = Person.objects.get(pk=make_job_seeker(browser_world, "推荐学员"))
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, "labour", next_path="/training/")
    expect(page.get_by_role("heading", level=1)).to_have_text("培训班")
    assert_no_violations(page, "classes")

    page.get_by_role("link", name=setup.upcoming.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(setup.upcoming.name)
    assert_no_violations(page, "class page")
    page.get_by_role("combobox", name="求职人员").select_option(str(referred.pk))
    page.get_by_role("button", name="推荐", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("已推荐入班")
    assert Enrolment.objects.filter(training_class=setup.upcoming, person=referred).exists()

    # Edit the class: a bad figure is refused on the page, a good one saved.
    page.get_by_role("link", name="修改培训班").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("修改培训班")
    assert_no_violations(page, "class edit page")
    page.get_by_role("spinbutton", name="人数上限").fill("0")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("main")).to_contain_text("人数上限应在1到1000之间")
    page.get_by_role("spinbutton", name="人数上限").fill("20")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(setup.upcoming.name)
    assert TrainingClass.objects.get(pk=setup.upcoming.pk).capacity == 20

    # A third session, two days after the last: the class's end date follows.
    page.get_by_role("link", name="添加场次").click()
    day = (setup.upcoming.ends_on or timezone.localdate()) + dt.timedelta(days=2)
    page.locator("#id_starts_at").fill(f"{day:%Y-%m-%d}T13:00")
    page.locator("#id_ends_at").fill(f"{day:%Y-%m-%d}T17:00")
    page.locator("#id_hours").fill("4")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(setup.upcoming.name)
    assert TrainingClass.objects.get(pk=setup.upcoming.pk).ends_on == day

    # The finished class: 结业评定, then the trainee's page.
    page.goto(f"{live_server.url}/training/classes/{setup.past.pk}/")
    page.get_by_role("button", name="结业评定").click()
    expect(page.get_by_role("status").first).to_contain_text("已按结业规则评定每位学员")
    expect(page.locator("main")).to_contain_text("本班已结业评定，场次不能再增删改")
    page.get_by_role("link", name=setup.enrolment.person.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(setup.enrolment.person.name)
    assert_no_violations(page, "trainee page")
