"""The 2020 joint meeting of the demo reads as the newsletter reports it, in the
record and in the minutes PDF (text extracted with pdftotext)."""

import subprocess
from typing import cast

import pytest

from jiedao.activities.models import Attendance
from jiedao.demo.loader import DemoContext, load_demo
from jiedao.meetings.demo_steps import DELIBERATIONS, MEETING_2020, REGULATION
from jiedao.meetings.models import ActionItem, AgendaItem, Commendation, Meeting, RegulationVersion
from jiedao.meetings.pdf import minutes_pdf
from jiedao.meetings.selectors import minutes_of
from jiedao.people.models import Person


@pytest.fixture
def demo(db: None) -> DemoContext:
    return load_demo(residents=30)


def test_the_2020_meeting_as_the_newsletter_reports_it(demo: DemoContext) -> None:
    meeting = Meeting.objects.get(activity__title=MEETING_2020)
    assert meeting.host is not None
    assert meeting.host.name == "乐跃明"
    assert Attendance.objects.filter(session__activity=meeting.activity).count() == 90
    passed = AgendaItem.objects.filter(meeting=meeting, kind="deliberation", outcome="passed")
    assert sorted(passed.values_list("title", flat=True)) == sorted(f"《{t}》" for t in DELIBERATIONS)
    version = RegulationVersion.objects.get(regulation__title=REGULATION)
    assert version.presented_by is not None
    assert (version.status, version.adopted_at, version.presented_by.name) == ("adopted", meeting, "陈懿")
    assert version.title == "凉城新村街道与工会联席会议制度（草案）"
    assert ActionItem.objects.filter(meeting=meeting, requirement__isnull=False).count() == 3
    assert Commendation.objects.filter(agenda_item__meeting=meeting).count() == 7
    area_chairs = Attendance.objects.filter(session__activity=meeting.activity, category="area_union_chair")
    assert area_chairs.values("person__residential_area").distinct().count() == 27
    ceremony = AgendaItem.objects.get(meeting=meeting, kind="ceremony")
    assert ceremony.presenter is not None
    assert "畅心屋" in ceremony.title and ceremony.presenter.name == "胡军"


def test_an_upcoming_meeting_invites_the_resident_personas(demo: DemoContext) -> None:
    upcoming = Meeting.objects.exclude(activity__title=MEETING_2020).get()
    invited = set(upcoming.activity.registrations.values_list("person__user__username", flat=True))
    assert {"worker", "jobseeker"} <= invited


def test_loading_twice_changes_nothing(demo: DemoContext) -> None:
    again = load_demo(residents=30)
    assert not again.created


def test_minutes_pdf_text_holds_the_titles_and_the_count(demo: DemoContext) -> None:
    meeting = Meeting.objects.get(activity__title=MEETING_2020)
    pdf = minutes_pdf(minutes_of(meeting))
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    flat = "".join(text.split())
    for title in DELIBERATIONS:
        assert title in flat
    assert "共90人" in flat
    assert "畅心屋" in flat and "乐跃明" in flat
    # The named attendees of the newsletter, each present (signed in), in the minutes.
    officials = {cast(Person, r.person).name for r in minutes_of(meeting).officials}
    assert {"胡军", "陈懿", "黄守虎", "许军霞"} <= officials
    assert all(name in flat for name in officials)
