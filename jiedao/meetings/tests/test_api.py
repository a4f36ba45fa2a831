import pytest
from django.test import Client

from jiedao.accounts.models import User
from jiedao.accounts.tokens import token_issue
from jiedao.meetings.tests.helpers import MEETING_TITLE, MeetingWorld, meeting_world
from jiedao.testing import ClientResponse, World


@pytest.fixture
def mw(world: World) -> MeetingWorld:
    return meeting_world(world)


def _get(client: Client, user: User, path: str) -> ClientResponse:
    raw, _ = token_issue(user=user)
    return client.get("/api/v1" + path, headers={"Authorization": f"Bearer {raw}"})


def test_list_is_paginated_and_scoped(client: Client, world: World, mw: MeetingWorld) -> None:
    data = _get(client, world.users["admin"], "/meetings?limit=1").json()
    assert data["count"] == 1 and data["items"][0]["title"] == MEETING_TITLE
    assert _get(client, world.users["xiuyuan"], "/meetings").json() == {"items": [], "count": 0}
    assert _get(client, world.users["admin"], "/meetings?limit=0").status_code == 422


def test_detail_has_sessions_agenda_and_attendance(client: Client, world: World, mw: MeetingWorld) -> None:
    data = _get(client, world.users["jiachun"], f"/meetings/{mw.meeting.pk}").json()
    assert data["title"] == MEETING_TITLE
    assert data["starts_at"].startswith("2020-09-24")
    assert [s["id"] for s in data["sessions"]] == [mw.session.pk]
    assert [i["kind"] for i in data["agenda"]] == ["report", "deliberation", "commendation", "speech"]
    assert data["agenda"][1]["outcome"] == "passed"
    assert data["agenda"][3]["requirements"] == ["提高政治站位"]
    assert data["attendance_count"] == 0


def test_detail_outside_scope_is_404(client: Client, world: World, mw: MeetingWorld) -> None:
    response = _get(client, world.users["xiuyuan"], f"/meetings/{mw.meeting.pk}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_minutes_pdf(client: Client, world: World, mw: MeetingWorld) -> None:
    response = _get(client, world.users["admin"], f"/meetings/{mw.meeting.pk}/minutes.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == f'inline; filename="minutes-20200924-{mw.meeting.pk}.pdf"'
