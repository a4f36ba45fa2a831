"""The binding page (``/me/bind/``), ``POST /api/v1/me/bind``, and the QR sign-in page
sending an unbound resident to binding and back."""

from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from jiedao.accounts.tokens import token_issue
from jiedao.activities import qr
from jiedao.activities.models import Attendance
from jiedao.activities.tests.helpers import meeting, session_of
from jiedao.people.models import Person
from jiedao.residents.tests.binding_helpers import BIND_URL, NOT_VERIFIED, field_error, html, new_resident
from jiedao.testing import ClientResponse, World, make_id_number

pytestmark = pytest.mark.django_db
API = "/api/v1/me/bind"
NEXT = "/activities/mine/"


def test_the_url_is_the_one_people_are_sent_to() -> None:
    assert reverse("residents:bind") == BIND_URL


def test_the_page_asks_name_and_number_and_offers_later_and_a_claim(client: Client, world: World) -> None:
    client.force_login(new_resident(world))
    response = client.get(BIND_URL, {"next": NEXT})
    page = html(response)
    assert response.status_code == 200
    assert 'name="name"' in page and 'name="id_number"' in page and f'value="{NEXT}"' in page
    assert f'href="{NEXT}?bind=later"' in page and 'href="/me/claim/?next=%2Factivities%2Fmine%2F"' in page


def test_binding_sends_on_to_next(client: Client, world: World) -> None:
    user = new_resident(world)
    client.force_login(user)
    target = world.people["party_member"]
    response = client.post(BIND_URL, {"name": "乐跃明", "id_number": target.id_number, "next": NEXT})
    assert response.status_code == 302 and response["Location"] == NEXT
    assert Person.objects.get(pk=target.pk).user_id == user.pk


@pytest.mark.parametrize("foreign", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_a_next_off_the_site_is_dropped(client: Client, world: World, foreign: str) -> None:
    client.force_login(new_resident(world))
    target = world.people["party_member"]
    response = client.post(BIND_URL, {"name": "乐跃明", "id_number": target.id_number, "next": foreign})
    assert response.status_code == 302 and response["Location"] == "/accounts/me/"


def test_a_refusal_is_the_one_message_on_the_page(client: Client, world: World) -> None:
    client.force_login(new_resident(world))
    response = client.post(BIND_URL, {"name": "乐跃华", "id_number": world.people["party_member"].id_number})
    assert response.status_code == 400 and NOT_VERIFIED in html(response)
    malformed = client.post(BIND_URL, {"name": "乐跃明", "id_number": "3101"})
    assert malformed.status_code == 400 and "18位" in field_error(malformed, "id_number")


def test_staff_get_403_and_a_bound_resident_goes_on(client: Client, world: World) -> None:
    client.force_login(world.users["xiuyuan"])
    assert client.get(BIND_URL).status_code == 403
    client.force_login(world.users["worker"])
    response = client.get(BIND_URL, {"next": NEXT})
    assert response.status_code == 302 and response["Location"] == NEXT


# ---------------------------------------------------------------- API


def post(client: Client, user: Any, body: dict[str, str]) -> ClientResponse:
    raw, _token = token_issue(user=user)
    return client.post(API, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_the_api_binds_and_answers_the_person_masked(client: Client, world: World) -> None:
    target = world.people["party_member"]
    response = post(client, new_resident(world), {"name": "乐跃明", "id_number": target.id_number})
    assert response.status_code == 200
    assert response.json() == {
        "id": target.pk,
        "name": "乐跃明",
        "id_number_masked": target.id_number_masked,
        "residential_area": {"id": world.xiuyuan.pk, "name": "秀苑"},
    }
    assert target.id_number not in response.content.decode()


@pytest.mark.parametrize("case", ["other_name", "unregistered", "bound_elsewhere"])
def test_the_api_gives_one_answer_for_every_no(client: Client, world: World, case: str) -> None:
    body = {
        "other_name": {"name": "乐跃华", "id_number": world.people["party_member"].id_number},
        "unregistered": {"name": "乐跃明", "id_number": make_id_number()},
        "bound_elsewhere": {"name": "王秀英", "id_number": world.people["worker"].id_number},
    }[case]
    response = post(client, new_resident(world), body)
    assert response.status_code == 400
    assert response.json() == {"code": "invalid", "message": NOT_VERIFIED, "details": {}}


def test_the_api_refusals(client: Client, world: World, settings: Settings) -> None:
    settings.JIEDAO_BIND_ATTEMPT_LIMIT = 1
    number = world.people["party_member"].id_number
    malformed = post(client, new_resident(world), {"name": "乐跃明", "id_number": "3101"})
    assert malformed.status_code == 400 and set(malformed.json()["details"]) == {"id_number"}
    assert post(client, world.users["union"], {"name": "乐跃明", "id_number": number}).status_code == 403
    bound = post(client, world.users["worker"], {"name": "乐跃明", "id_number": number})
    assert bound.status_code == 409 and bound.json()["code"] == "already_bound"
    user = new_resident(world)
    assert post(client, user, {"name": "乐跃华", "id_number": number}).status_code == 400
    limited = post(client, user, {"name": "乐跃明", "id_number": number})
    assert limited.status_code == 429 and limited.json()["details"]["retry_after"] > 0
    anonymous = client.post(API, {"name": "乐跃明", "id_number": number}, content_type="application/json")
    assert anonymous.status_code == 401


# ---------------------------------------------------------------- the QR sign-in page


def test_an_unbound_resident_scanning_is_sent_to_binding_and_back(client: Client, world: World) -> None:
    session = session_of(world, meeting(world))
    scan = f"{reverse('activities:scan', args=[session.pk])}?t={qr.issue(session.pk).value}"
    client.force_login(new_resident(world))
    response = client.get(scan)
    assert response.status_code == 302 and response["Location"] == f"{BIND_URL}?{urlencode({'next': scan})}"
    target = world.people["party_member"]
    bound = client.post(BIND_URL, {"name": "乐跃明", "id_number": target.id_number, "next": scan})
    assert bound.status_code == 302 and bound["Location"] == scan
    page = client.get(scan)
    assert page.status_code == 200 and "确认签到" in html(page)


def test_putting_binding_off_shows_the_scan_page_and_the_post_stays_409(client: Client, world: World) -> None:
    session = session_of(world, meeting(world))
    token = qr.issue(session.pk).value
    url = reverse("activities:scan", args=[session.pk])
    client.force_login(new_resident(world))
    later = client.get(url, {"t": token, "bind": "later"})
    assert later.status_code == 200 and "尚未关联居民信息" in html(later)
    assert client.post(url, {"t": token}).status_code == 409 and not Attendance.objects.exists()


def test_staff_without_a_person_are_not_sent_to_binding(client: Client, world: World) -> None:
    session = session_of(world, meeting(world))
    client.force_login(world.users["union"])
    page = client.get(reverse("activities:scan", args=[session.pk]), {"t": qr.issue(session.pk).value})
    assert page.status_code == 200 and "尚未关联居民信息" in html(page)
