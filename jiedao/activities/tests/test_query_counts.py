"""Organiser and resident pages and the attendance API read in a constant number
of queries, whatever the number of invitations and sign-ins."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiedao.accounts.tokens import token_issue
from jiedao.activities import services
from jiedao.activities.tests.helpers import actor, meeting, session_of
from jiedao.testing import World, make_person

pytestmark = pytest.mark.django_db


def _queries(client: Client, url: str, **headers: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return len(ctx)


def _grow(world: World, activity, session, n: int) -> None:  # type: ignore[no-untyped-def]
    union = actor(world, "union")
    for i in range(n):
        person = make_person(world.liangcheng, f"来宾{i}", employer=world.jiachun)
        services.invite(actor=union, activity=activity, person=person)
        if i % 2:
            services.staff_sign_in(actor=union, session=session, person=person)


def test_pages_and_api_keep_their_query_count(client, world):
    activity = meeting(world)
    session = session_of(world, activity)
    services.invite(actor=actor(world, "union"), activity=activity, person=world.people["worker"])
    services.sign_in(session=session, person=world.people["worker"], method="qr")
    raw, _token = token_issue(user=world.users["admin"])
    bearer = {"Authorization": f"Bearer {raw}"}
    organiser_urls = [
        reverse("activities:detail", args=[activity.pk]),
        reverse("activities:attendance", args=[session.pk]),
        reverse("activities:screen", args=[session.pk]),
        reverse("activities:screen_counts", args=[session.pk]),
    ]
    api_url = f"/api/v1/activities/sessions/{session.pk}/attendance"
    resident = Client()
    resident.force_login(world.users["worker"])
    client.force_login(world.users["admin"])

    def measure() -> list[int]:
        counts = [_queries(client, url) for url in organiser_urls]
        counts.append(_queries(client, api_url, **bearer))
        counts.append(_queries(resident, reverse("activities:mine")))
        return counts

    measure()  # warm caches (content types, sessions)
    few = measure()
    _grow(world, activity, session, 12)
    for i in range(5):  # more of the resident's own invitations and sign-ins
        other = meeting(world, title=f"活动{i}")
        services.invite(actor=actor(world, "union"), activity=other, person=world.people["worker"])
        services.sign_in(session=session_of(world, other), person=world.people["worker"], method="qr")
    assert measure() == few
