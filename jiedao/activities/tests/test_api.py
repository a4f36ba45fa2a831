import datetime as dt
from collections.abc import Callable
from typing import Any, TypeAlias

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from jiedao.accounts.tokens import token_issue
from jiedao.activities import qr, services
from jiedao.activities.models import Attendance, AttendeeCategory, Session
from jiedao.activities.tests.helpers import actor, meeting, session_of
from jiedao.testing import ClientResponse, World

URL = "/api/v1/activities/sessions"


class Api:
    def __init__(self, client: Client, world: World, persona: str) -> None:
        self.client = client
        self.raw, _token = token_issue(user=world.users[persona])

    def get(self, path: str, **params: Any) -> ClientResponse:
        return self.client.get(URL + path, params, HTTP_AUTHORIZATION=f"Bearer {self.raw}")

    def post(self, path: str, body: dict[str, Any]) -> ClientResponse:
        return self.client.post(
            URL + path, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {self.raw}"
        )


# ``as_("worker")``: the sessions API, called with a token of that persona.
AsPersona: TypeAlias = Callable[[str], Api]


@pytest.fixture
def as_(client: Client, world: World) -> AsPersona:
    return lambda persona: Api(client, world, persona)


def error(response: ClientResponse, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body: dict[str, Any] = response.json()
    assert set(body) == {"code", "message", "details"} and body["code"] == code
    return body


@pytest.fixture
def session(world: World) -> Session:
    return session_of(world, meeting(world))


def test_qr_token_for_organisers(as_: AsPersona, session: Session) -> None:
    body = as_("union").get(f"/{session.pk}/qr-token").json()
    assert set(body) >= {"token", "expires_at"}
    token = qr.verify(body["token"], session.pk)
    assert dt.datetime.fromisoformat(body["expires_at"]) == token.expires_at
    assert body["url"].startswith("http://testserver/activities/sessions/")
    assert body["url"].endswith(f"?t={body['token']}")
    # A meeting has no sign-out; a chair outside the scope does not see the session.
    error(as_("union").get(f"/{session.pk}/qr-token", mode="out"), 400, "invalid")
    error(as_("jiachun").get(f"/{session.pk}/qr-token"), 404, "not_found")
    error(as_("worker").get(f"/{session.pk}/qr-token"), 403, "forbidden")


def test_sign_in_201_then_200_with_the_same_attendance(as_: AsPersona, world: World, session: Session) -> None:
    token = qr.issue(session.pk).value
    first = as_("worker").post(f"/{session.pk}/sign-in", {"token": token})
    assert first.status_code == 201, first.content
    again = as_("worker").post(f"/{session.pk}/sign-in", {"token": qr.issue(session.pk).value})
    assert again.status_code == 200
    assert first.json() == again.json()
    body = first.json()
    assert body["person"] == {"id": world.people["worker"].pk, "name": "王秀英"}
    assert body["method"] == "qr" and body["category"] == AttendeeCategory.OTHER
    assert body["unit"] == world.jiachun.name
    assert Attendance.objects.count() == 1


def test_token_errors(as_: AsPersona, world: World, session: Session) -> None:
    other = session_of(world, meeting(world, title="另一场"))
    api = as_("worker")
    error(api.post(f"/{session.pk}/sign-in", {"token": "forged:token"}), 400, "token_invalid")
    error(api.post(f"/{session.pk}/sign-in", {"token": qr.issue(other.pk).value}), 400, "token_wrong_session")
    with time_machine.travel(timezone.now() - dt.timedelta(minutes=3)):
        old = qr.issue(session.pk).value
    body = error(api.post(f"/{session.pk}/sign-in", {"token": old}), 400, "token_expired")
    assert body["message"] == "签到码已过期，请扫描现场屏幕上的最新二维码"
    error(api.post(f"/{session.pk}/sign-in", {}), 422, "invalid_request")
    assert not Attendance.objects.exists()


def test_no_person_is_409_and_another_subdistrict_404(as_: AsPersona, world: World, session: Session) -> None:
    token = qr.issue(session.pk).value
    body = error(as_("union").post(f"/{session.pk}/sign-in", {"token": token}), 409, "no_person")
    assert "居民信息" in body["message"]
    error(as_("other_admin").post(f"/{session.pk}/sign-in", {"token": token}), 404, "not_found")
    error(as_("worker").post("/999999/sign-in", {"token": token}), 404, "not_found")


def test_sign_out_token(as_: AsPersona, world: World) -> None:
    cls = services.activity_create(actor=actor(world, "union"), kind="class", title="培训班", organiser=world.office)
    session = session_of(world, cls)
    api = as_("worker")
    out = qr.issue(session.pk, qr.Mode.OUT).value
    error(api.post(f"/{session.pk}/sign-in", {"token": out}), 400, "invalid")  # not signed in yet
    assert api.post(f"/{session.pk}/sign-in", {"token": qr.issue(session.pk).value}).status_code == 201
    response = api.post(f"/{session.pk}/sign-in", {"token": out})
    assert response.status_code == 200 and response.json()["signed_out_at"] is not None


def test_attendance_list_paginated(as_: AsPersona, world: World, session: Session) -> None:
    for key in ("worker", "jobseeker", "party_member"):
        services.sign_in(session=session, person=world.people[key], method="manual")
    body = as_("admin").get(f"/{session.pk}/attendance", limit=2).json()
    assert body["count"] == 3 and len(body["items"]) == 2
    assert [i["person"]["name"] for i in body["items"]] == ["王秀英", "李建国"]
    rest = as_("admin").get(f"/{session.pk}/attendance", limit=2, offset=2).json()
    assert [i["person"]["name"] for i in rest["items"]] == ["乐跃明"]
    error(as_("jiachun").get(f"/{session.pk}/attendance"), 404, "not_found")
    error(as_("admin").get(f"/{session.pk}/attendance", limit=0), 422, "invalid_request")


def test_a_chair_signing_in_is_counted_as_a_chair(as_: AsPersona, world: World, session: Session) -> None:
    from jiedao.testing import make_person

    make_person(world.liangcheng, "嘉春主席", user=world.users["jiachun"], employer=world.jiachun)
    response = as_("jiachun").post(f"/{session.pk}/sign-in", {"token": qr.issue(session.pk).value})
    assert response.status_code == 201
    assert response.json()["category"] == AttendeeCategory.ENTERPRISE_UNION_CHAIR
    assert response.json()["category_label"] == "非公企业工会主席"
