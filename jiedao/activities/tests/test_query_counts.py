"""Organiser and resident pages and the attendance API read in a fixed number of
queries, whatever the number of activities, invitations and sign-ins: each list
is pinned exactly, at two sizes."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from jiedao.accounts.tokens import token_issue
from jiedao.activities import services
from jiedao.activities.models import Activity, Session
from jiedao.activities.tests.helpers import actor, meeting, session_of
from jiedao.testing import World, make_person, numbered

pytestmark = pytest.mark.django_db

# Queries of each list, whatever its length. A page: the session, the user with
# their roles; an API call: the token with its user and roles. Then their own:
PINNED = {
    "list": 4,  # count, the page of activities with organiser and area
    "attendance": 7,  # session; count and page of attendances; who is waiting; counts by category
    "mine": 6,  # invitations; count and page of sign-ins; the person of the account
    "api_attendance": 4,  # session; page and count of attendances
}


def _queries(client: Client, url: str, **headers: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return len(ctx)


def _grow(world: World, activity: Activity, session: Session, n: int) -> None:
    """``n`` more guests invited (every other one signed in), ``n`` more activities,
    and ``n`` more invitations and sign-ins of the resident ``worker``."""
    union = actor(world, "union")
    for i in range(n):
        person = make_person(world.liangcheng, numbered("来宾", i), employer=world.jiachun)
        services.invite(actor=union, activity=activity, person=person)
        if i % 2:
            services.staff_sign_in(actor=union, session=session, person=person)
        other = meeting(world, title=f"活动{i}")
        services.invite(actor=union, activity=other, person=world.people["worker"])
        services.sign_in(session=session_of(world, other), person=world.people["worker"], method="qr")


@pytest.fixture
def meeting_with_guests(world: World) -> tuple[Activity, Session]:
    activity = meeting(world)
    session = session_of(world, activity)
    services.invite(actor=actor(world, "union"), activity=activity, person=world.people["worker"])
    services.invite(actor=actor(world, "union"), activity=activity, person=world.people["party_member"])
    services.sign_in(session=session, person=world.people["worker"], method="qr")
    return activity, session


@pytest.mark.parametrize("more", [0, 25])
def test_lists_read_in_a_pinned_number_of_queries(
    client: Client,
    world: World,
    meeting_with_guests: tuple[Activity, Session],
    more: int,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    activity, session = meeting_with_guests
    _grow(world, activity, session, more)
    raw, _token = token_issue(user=world.users["admin"])
    resident = Client()
    resident.force_login(world.users["worker"])
    client.force_login(world.users["admin"])
    pages = {
        "list": (client, reverse("activities:list"), {}),
        "attendance": (client, reverse("activities:attendance", args=[session.pk]), {}),
        "mine": (resident, reverse("activities:mine"), {}),
        "api_attendance": (
            client,
            f"/api/v1/activities/sessions/{session.pk}/attendance",
            {"Authorization": f"Bearer {raw}"},
        ),
    }
    for browser, url, headers in pages.values():
        browser.get(url, headers=headers)  # warm the caches (content types, the token's last use)
    for name, (browser, url, headers) in pages.items():
        with django_assert_num_queries(PINNED[name]):
            response = browser.get(url, headers=headers)
        assert response.status_code == 200, name


def test_the_other_organiser_pages_keep_their_query_count(
    client: Client, world: World, meeting_with_guests: tuple[Activity, Session]
) -> None:
    activity, session = meeting_with_guests
    urls = [
        reverse("activities:detail", args=[activity.pk]),
        reverse("activities:screen", args=[session.pk]),
        reverse("activities:screen_counts", args=[session.pk]),
    ]
    client.force_login(world.users["admin"])

    def measure() -> list[int]:
        return [_queries(client, url) for url in urls]

    measure()  # warm caches (content types, sessions)
    few = measure()
    _grow(world, activity, session, 12)
    assert measure() == few
