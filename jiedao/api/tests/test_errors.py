"""Every failure of the API answers with one shape: ``{"code", "message", "details"}``."""

import re
from typing import Any

import pytest
from django.test import Client

from jiedao.accounts.tokens import token_issue
from jiedao.api.main import api
from jiedao.testing import ClientResponse, World


@pytest.fixture
def auth(world: World) -> dict[str, str]:
    """Request headers carrying a token of the sub-district admin."""
    raw, _ = token_issue(user=world.users["admin"])
    return {"Authorization": f"Bearer {raw}"}


def error(response: ClientResponse, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert set(body) == {"code", "message", "details"}
    assert body["code"] == code
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["details"], dict)
    return body


@pytest.mark.parametrize("path", ["/api/v1/people", "/api/v1/auth/me", "/api/v1/people/1"])
def test_it_answers_401_without_a_token(world: World, client: Client, path: str) -> None:
    error(client.get(path), 401, "unauthenticated")


def test_it_answers_401_for_a_session_without_a_token(world: World, client: Client) -> None:
    # The API authenticates by token only: a browser session must not open it
    # (that would make every operation reachable by cross-site requests).
    client.force_login(world.users["admin"])
    error(client.get("/api/v1/people"), 401, "unauthenticated")


def test_it_answers_404_for_an_unknown_id(world: World, client: Client, auth: dict[str, str]) -> None:
    body = error(client.get("/api/v1/people/987654", headers=auth), 404, "not_found")
    assert body["details"] == {}


def test_it_answers_422_for_a_body_of_the_wrong_shape(world: World, client: Client, auth: dict[str, str]) -> None:
    response = client.post("/api/v1/people", {"name": 3, "roles": "x"}, content_type="application/json", headers=auth)
    body = error(response, 422, "invalid_request")
    locations = {tuple(e["loc"]) for e in body["details"]["errors"]}
    assert ("body", "payload", "id_number") in locations


def test_it_answers_400_for_a_body_that_is_not_json(world: World, client: Client, auth: dict[str, str]) -> None:
    response = client.post("/api/v1/people", "{not json", content_type="application/json", headers=auth)
    error(response, 400, "malformed_request")


def test_it_answers_400_with_field_messages_for_business_rules(
    world: World, client: Client, auth: dict[str, str]
) -> None:
    body = {"name": "张三", "id_number": "310109198506010000", "phone": "123"}
    result = error(client.post("/api/v1/people", body, content_type="application/json", headers=auth), 400, "invalid")
    assert set(result["details"]) == {"id_number", "phone"}
    assert all(isinstance(m, str) for m in result["details"]["phone"])


def test_it_answers_403_for_a_role_without_access(world: World, client: Client) -> None:
    raw, _ = token_issue(user=world.users["worker"])
    error(client.get("/api/v1/people", HTTP_AUTHORIZATION=f"Bearer {raw}"), 403, "forbidden")


def test_it_answers_401_in_the_error_shape_for_a_wrong_password(world: World, client: Client) -> None:
    body = {"username": "admin", "password": "nope"}
    error(client.post("/api/v1/auth/token", body, content_type="application/json"), 401, "invalid_credentials")


# Every operation that takes a JSON body, from the OpenAPI document (a multipart upload
# reads no JSON: the hostile-file tests send it files).
BODY_OPERATIONS = [
    (method.upper(), path)
    for path, item in api.get_openapi_schema(path_prefix="/api/v1/")["paths"].items()
    for method, details in item.items()
    if "application/json" in details.get("requestBody", {}).get("content", {})
]
NOT_OBJECTS = ["[]", "[null, null]", '[{"name": "x"}]', "3", '"x"', "null", "true"]


@pytest.mark.parametrize(("method", "path"), BODY_OPERATIONS, ids=[f"{m} {p}" for m, p in BODY_OPERATIONS])
def test_a_body_that_is_json_but_not_an_object_is_400(
    world: World, client: Client, auth: dict[str, str], method: str, path: str
) -> None:
    # An id that exists or not: the body is read before any object is looked up.
    url = re.sub(r"\{\w+\}", str(world.xiuyuan.pk), path)
    for body in NOT_OBJECTS:
        response = client.generic(method, url, body, content_type="application/json", headers=auth)
        assert error(response, 400, "malformed_request")["message"] == "请求内容应为一个 JSON 对象（{…}）。"
