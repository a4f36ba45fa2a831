"""Every list page and list endpoint of the joint meetings reads in a fixed
number of queries, whatever the number of rows: pinned exactly at two sizes."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from jiedao.accounts.tokens import token_issue
from jiedao.meetings import services
from jiedao.meetings.models import AgendaItem
from jiedao.meetings.tests.helpers import MeetingWorld, meeting_world
from jiedao.org.models import Unit
from jiedao.testing import World

SIZES = [2, 25]


def _grow(world: World, mw: MeetingWorld, size: int) -> None:
    """``size`` of each: meetings, bodies, regulations, action items (the test
    meeting world has one of each)."""
    actor = mw.actor
    for i in range(size - 1):
        start = mw.session.starts_at + dt.timedelta(days=i + 1)
        unit = Unit.objects.create(subdistrict=world.liangcheng, name=f"成员单位{i}", kind="other")
        services.meeting_create(
            actor=actor,
            joint_meeting=mw.body,
            title=f"会议{i}",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            place="会议室",
            host=world.people["party_member"],
        )
        services.joint_meeting_create(actor=actor, name=f"联席会议{i}", convenor_unit=unit)
        services.regulation_create(actor=actor, joint_meeting=mw.body, title=f"制度{i}")
        services.action_item_create(
            actor=actor, title=f"事项{i}", owner_unit=unit, deadline=dt.date(2021, 1, 1), meeting=mw.meeting
        )


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # session, user with their role assignments, count, one page
        ("meetings:index", 4),
        ("meetings:regulation_list", 4),
        # and the unit choices of the office's create form
        ("meetings:body_list", 5),
        ("meetings:action_list", 5),
    ],
)
def test_list_pages(
    client: Client, world: World, django_assert_num_queries: DjangoAssertNumQueries, size: int, url: str, expected: int
) -> None:
    _grow(world, meeting_world(world), size)
    client.force_login(world.users["admin"])
    path = reverse(url) + ("?view=all" if url == "meetings:action_list" else "")
    with django_assert_num_queries(expected):
        assert client.get(path).status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_the_meeting_list_endpoint(
    client: Client, world: World, django_assert_num_queries: DjangoAssertNumQueries, size: int
) -> None:
    _grow(world, meeting_world(world), size)
    raw, _ = token_issue(user=world.users["admin"])
    headers = {"Authorization": f"Bearer {raw}"}
    client.get("/api/v1/meetings", headers=headers)  # the first request also stamps the token's last use
    with django_assert_num_queries(3):  # token with user and role assignments, count, one page
        assert client.get("/api/v1/meetings?limit=50", headers=headers).status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_the_meeting_endpoint(
    client: Client, world: World, django_assert_num_queries: DjangoAssertNumQueries, size: int
) -> None:
    mw = meeting_world(world)
    _grow(world, mw, size)
    units = list(Unit.objects.filter(subdistrict=world.liangcheng))
    before = AgendaItem.objects.filter(meeting=mw.meeting).count()
    for i in range(size):
        kind = AgendaItem.Kind.COMMENDATION if i % 2 else AgendaItem.Kind.SPEECH
        item = services.agenda_item_add(
            actor=mw.actor, meeting=mw.meeting, kind=kind, title=f"议题{i}", presenter=world.people["party_member"]
        )
        if kind == AgendaItem.Kind.COMMENDATION:
            for unit in units[:3]:
                services.commendation_add(actor=mw.actor, item=item, unit=unit, award="先进集体")
        else:
            services.requirement_add(actor=mw.actor, item=item, text=f"要求{i}")
    raw, _ = token_issue(user=world.users["admin"])
    headers = {"Authorization": f"Bearer {raw}"}
    path = f"/api/v1/meetings/{mw.meeting.pk}"
    client.get(path, headers=headers)  # the first request also stamps the token's last use
    # token with user and role assignments; the meeting; its sessions; attendance by
    # category; the agenda with presenters and regulations, its commendations, its requirements
    with django_assert_num_queries(7):
        response = client.get(path, headers=headers)
    assert response.status_code == 200
    assert len(response.json()["agenda"]) == before + size
