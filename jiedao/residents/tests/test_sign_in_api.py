"""Signing in through the API: ``POST /auth/sms-code``, ``POST /auth/token`` with a number
and a code, and what ``GET /auth/me`` says of the registry person."""

import json
from typing import Any

import pytest
import time_machine
from django.test import Client
from pytest_django import Settings

from jiedao.accounts.models import User
from jiedao.api.main import api
from jiedao.core.models import AuditEntry
from jiedao.core.sms import SmsMessage
from jiedao.residents import codes
from jiedao.residents.tests.sign_in_helpers import clock, fresh_number, last_code, outbox
from jiedao.testing import PASSWORD, ClientResponse, World

__all__ = ["clock", "outbox"]  # fixtures, used by name

pytestmark = pytest.mark.django_db


def post(client: Client, path: str, body: dict[str, Any]) -> ClientResponse:
    return client.post(f"/api/v1/auth/{path}", json.dumps(body), content_type="application/json")


def me(client: Client, token: str) -> dict[str, Any]:
    response = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def token_by_sms(client: Client, outbox: list[SmsMessage], number: str) -> ClientResponse:
    assert post(client, "sms-code", {"phone": number}).status_code == 202
    return post(client, "token", {"phone": number, "code": last_code(outbox, number)})


def give_phone(user: User, number: str) -> None:
    user.phone, user.phone_hash = number, codes.phone_hash(number)
    user.save()


def test_a_code_is_sent_with_202_whether_the_number_is_known_or_not(
    client: Client, world: World, outbox: list[SmsMessage], settings: Settings
) -> None:
    known, unknown = fresh_number(), fresh_number()
    give_phone(world.users["worker"], known)
    answers = [post(client, "sms-code", {"phone": number}) for number in (known, unknown)]
    assert [a.status_code for a in answers] == [202, 202]
    assert answers[0].json() == answers[1].json() == {"resend_after": 60, "expires_in": 300}
    assert [m.phone for m in outbox] == [known, unknown]


def test_a_malformed_number_is_a_400_field_error(client: Client, world: World, outbox: list[SmsMessage]) -> None:
    for value in ["", "138", "02165001234", "abc"]:
        response = post(client, "sms-code", {"phone": value})
        assert response.status_code == 400 and set(response.json()["details"]) == {"phone"}
    assert outbox == []


def test_too_many_codes_is_a_429_with_the_seconds_to_wait(
    client: Client, world: World, outbox: list[SmsMessage], clock: time_machine.Traveller
) -> None:
    number = fresh_number()
    post(client, "sms-code", {"phone": number})
    clock.shift(25)
    response = post(client, "sms-code", {"phone": number})
    assert response.status_code == 429
    assert response.json() == {
        "code": "rate_limited",
        "message": "验证码发送过于频繁，请35秒后再试。",
        "details": {"retry_after": 35},
    }


def test_a_message_not_sent_is_a_503(client: Client, world: World, settings: Settings) -> None:
    settings.JIEDAO_SMS_BACKEND = "jiedao.core.notifications.ConsoleSmsBackend"  # DEBUG off: sends nothing
    response = post(client, "sms-code", {"phone": fresh_number()})
    assert response.status_code == 503 and response.json()["code"] == "sms_not_sent"


def test_no_home_subdistrict_is_a_503(client: Client, world: World, settings: Settings) -> None:
    settings.JIEDAO_RESIDENT_SUBDISTRICT = ""
    response = post(client, "sms-code", {"phone": fresh_number()})
    assert response.status_code == 503 and response.json()["code"] == "sign_in_unavailable"


def test_a_new_number_gets_a_token_for_a_new_unbound_account(
    client: Client, world: World, outbox: list[SmsMessage]
) -> None:
    number = fresh_number()
    response = token_by_sms(client, outbox, number)
    assert response.status_code == 200 and set(response.json()) == {"token", "expires_at"}
    answer = me(client, response.json()["token"])
    user = User.objects.get(phone_hash=codes.phone_hash(number))
    assert answer["username"] == user.username and answer["roles"] == ["resident"]
    assert answer["bound"] is False and answer["person"] is None
    login = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN, object_id=str(user.pk))
    assert login.detail == {"via": "sms-api"}


def test_a_bound_resident_is_told_their_person(client: Client, world: World, outbox: list[SmsMessage]) -> None:
    number = fresh_number()
    give_phone(world.users["worker"], number)
    answer = me(client, token_by_sms(client, outbox, number).json()["token"])
    worker = world.people["worker"]
    assert answer["bound"] is True and answer["person"] == {"id": worker.pk, "name": "王秀英"}


def test_staff_are_told_bound_false_without_a_person(client: Client, world: World) -> None:
    token = post(client, "token", {"username": "admin", "password": PASSWORD}).json()["token"]
    answer = me(client, token)
    assert answer["bound"] is False and answer["person"] is None


@pytest.mark.parametrize("typed", ["000000", "12345", "abcdef"])
def test_a_wrong_or_malformed_code_is_a_400(client: Client, world: World, outbox: list[SmsMessage], typed: str) -> None:
    number = fresh_number()
    post(client, "sms-code", {"phone": number})
    if last_code(outbox, number) == typed:
        typed = "999999"
    response = post(client, "token", {"phone": number, "code": typed})
    assert response.status_code == 400
    assert response.json()["code"] in {"wrong_code", "malformed_code"}
    assert not User.objects.filter(phone_hash=codes.phone_hash(number)).exists()


def test_a_staff_number_gets_no_token_by_sms(client: Client, world: World, outbox: list[SmsMessage]) -> None:
    number = fresh_number()
    give_phone(world.users["labour"], number)
    response = token_by_sms(client, outbox, number)
    assert response.status_code == 401
    assert response.json() == {"code": "staff_account", "message": "工作人员请用账号密码登录。", "details": {}}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"username": "admin"},
        {"password": PASSWORD},
        {"phone": "13600000001"},
        {"code": "123456"},
        {"username": "admin", "code": "123456"},
        {"username": "admin", "password": PASSWORD, "phone": "13600000001", "code": "123456"},
        {"username": None, "password": None, "phone": None, "code": None},
    ],
)
def test_a_body_without_exactly_one_pair_is_a_422(client: Client, world: World, body: dict[str, Any]) -> None:
    response = post(client, "token", body)
    assert response.status_code == 422 and response.json()["code"] == "invalid_request"


def test_username_and_password_still_work_and_otp_is_accepted(client: Client, world: World) -> None:
    for body in ({"username": "admin", "password": PASSWORD}, {"username": "admin", "password": PASSWORD, "otp": ""}):
        assert post(client, "token", body).status_code == 200
    assert post(client, "token", {"username": "admin", "password": "wrong"}).status_code == 401


def test_the_document_says_which_pairs_and_which_refusals() -> None:
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    credentials = document["components"]["schemas"]["Credentials"]
    assert credentials["oneOf"] == [{"required": ["username", "password"]}, {"required": ["phone", "code"]}]
    assert {"username", "password", "otp", "phone", "code"} <= set(credentials["properties"])
    sms_code = document["paths"]["/api/v1/auth/sms-code"]["post"]
    assert {int(s) for s in sms_code["responses"]} == {202, 400, 422, 429, 503}
    assert "security" not in sms_code
