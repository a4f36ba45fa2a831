"""The counts of the minutes, the meeting page and the API agree: people present
at any session of the meeting, each counted once, by category; the API reads
in a constant number of queries."""

import datetime as dt
from typing import cast

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiedao.accounts.tokens import token_issue
from jiedao.activities import services as activities
from jiedao.activities.models import AttendeeCategory, Registration, Session
from jiedao.meetings import selectors, services
from jiedao.meetings.tests.helpers import MeetingWorld, meeting_world
from jiedao.people.models import Person
from jiedao.testing import ClientResponse, World


@pytest.fixture
def mw(world: World) -> MeetingWorld:
    return meeting_world(world)


def _api(client: Client, world: World, path: str) -> ClientResponse:
    raw, _ = token_issue(user=world.users["admin"])
    return client.get("/api/v1/meetings" + path, headers={"Authorization": f"Bearer {raw}"})


def _second_session(mw: MeetingWorld) -> Session:
    starts = mw.session.starts_at + dt.timedelta(days=1)
    return activities.session_create(
        actor=mw.actor,
        activity=mw.meeting.activity,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        place="二楼",
    )


def test_minutes_count_each_person_once_in_every_category(client: Client, world: World, mw: MeetingWorld) -> None:
    empty = selectors.minutes_of(mw.meeting)
    assert [c.category for c in empty.categories] == list(AttendeeCategory.values)
    assert empty.total == 0 and empty.officials == []
    second = _second_session(mw)
    worker, jobseeker = world.people["worker"], world.people["jobseeker"]
    for session in (mw.session, second):  # the worker comes to both sittings
        activities.sign_in(session=session, person=worker, method="manual", category=AttendeeCategory.MEMBER_UNIT)
    activities.sign_in(session=second, person=jobseeker, method="manual", category=AttendeeCategory.OTHER)
    services.meeting_invite(actor=mw.actor, meeting=mw.meeting, person=jobseeker, role=Registration.Role.GUEST)
    minutes = selectors.minutes_of(mw.meeting)
    counts = {c.category: c.count for c in minutes.categories}
    assert counts[AttendeeCategory.MEMBER_UNIT] == 1 and counts[AttendeeCategory.OTHER] == 1 and minutes.total == 2
    # The host was invited but did not sign in: not named as present; the guest who came is.
    assert [cast(Person, r.person).name for r in minutes.officials] == [jobseeker.name]
    assert selectors.attendance_count(mw.meeting) == 2
    assert _api(client, world, f"/{mw.meeting.pk}").json()["attendance_count"] == 2
    assert _api(client, world, "").json()["items"][0]["attendance_count"] == 2
    client.force_login(world.users["admin"])
    page = client.get(reverse("meetings:minutes", args=[mw.meeting.pk])).content.decode()
    assert "共2人" in page


def test_the_api_reads_in_a_constant_number_of_queries(client: Client, world: World, mw: MeetingWorld) -> None:
    paths = ["", f"/{mw.meeting.pk}"]
    for path in paths:
        _api(client, world, path)
    before = []
    for path in paths:
        with CaptureQueriesContext(connection) as ctx:
            assert _api(client, world, path).status_code == 200
        before.append(len(ctx))
    second = _second_session(mw)
    for key in ("worker", "jobseeker", "party_member"):
        activities.sign_in(session=second, person=world.people[key], method="manual")
    for i in range(3):
        item = services.agenda_item_add(actor=mw.actor, meeting=mw.meeting, kind="speech", title=f"讲话{i}")
        services.requirement_add(actor=mw.actor, item=item, text=f"要求{i}")
        start = mw.session.starts_at + dt.timedelta(days=10 + i)
        services.meeting_create(
            actor=mw.actor,
            joint_meeting=mw.body,
            title=f"另一次会议{i}",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            place="会议室",
            host=world.people["party_member"],
        )
    after = []
    for path in paths:
        with CaptureQueriesContext(connection) as ctx:
            assert _api(client, world, path).status_code == 200
        after.append(len(ctx))
    assert after == before
