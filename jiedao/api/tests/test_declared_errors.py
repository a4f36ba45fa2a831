"""Every answer an operation can give is declared in the OpenAPI document, the errors
in the one ``Error`` shape (issue #14, item 13). ``tests/test_api_schema_fuzz.py``
checks the answers against the document; here, the rules that write it, and that every
status the access matrix expects of an operation is declared for it."""

from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client

from jiedao.accounts.policy import Policy
from jiedao.accounts.tokens import token_issue
from jiedao.activities.qr import TokenError
from jiedao.api.errors import status_of
from jiedao.api.main import api
from jiedao.core.errors import Conflict, DomainError, Forbidden, Invalid, NotFound, TooMany
from jiedao.counselling.services.errors import SlotTaken
from jiedao.testing import World, make_id_number
from tests.access.common import PERSONAS, expected
from tests.test_access_matrix import API, _operations

ERROR_REF = {"$ref": "#/components/schemas/Error"}
DOCUMENT: dict[str, Any] = dict(api.get_openapi_schema(path_prefix="/api/v1/"))
# operationId -> ("METHOD /path", details)
BY_ID = {
    details["operationId"]: (f"{method.upper()} {path}", details)
    for path, item in DOCUMENT["paths"].items()
    for method, details in item.items()
}


def declared(details: dict[str, Any]) -> set[int]:
    return {int(status) for status in details["responses"]}


def source(details: dict[str, Any], where: str) -> bool:
    return any(p["in"] == where for p in details.get("parameters", []))


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        (ValidationError, 400),
        (Invalid, 400),
        (TokenError, 400),
        (PermissionDenied, 403),
        (Forbidden, 403),
        (Http404, 404),
        (NotFound, 404),
        (Conflict, 409),
        (SlotTaken, 409),
        (DomainError, 422),
        (TooMany, 429),
    ],
)
def test_each_exception_has_the_status_its_handler_answers(kind: type[Exception], status: int) -> None:
    assert status_of(kind) == status


def test_an_exception_no_handler_answers_cannot_be_declared() -> None:
    with pytest.raises(ValueError, match="KeyError"):
        status_of(KeyError)


def test_the_error_shape_is_in_the_document() -> None:
    error = DOCUMENT["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"code", "message", "details"}
    assert error["properties"]["details"]["type"] == "object"


@pytest.mark.parametrize("operation_id", sorted(BY_ID))
def test_each_operation_declares_the_errors_that_follow_from_it(operation_id: str) -> None:
    _label, details = BY_ID[operation_id]
    statuses = declared(details)
    errors = {status for status in statuses if status >= 400}
    assert all(details["responses"][status]["content"]["application/json"]["schema"] == ERROR_REF for status in errors)
    if "security" in details:
        assert 401 in statuses
    if source(details, "path"):
        assert {404, 422} <= statuses
    if details.get("parameters") or "requestBody" in details:
        assert 422 in statuses
    if "requestBody" in details:
        assert 400 in statuses  # a body that is not JSON


def test_a_role_gate_declares_403_and_an_open_operation_does_not() -> None:
    for _method, _template, operation in _operations():
        policy: Policy = getattr(operation.view_func, "access_policy")  # noqa: B009
        label, details = BY_ID[api.get_openapi_operation_id(operation)]
        if policy.kind == "staff":
            assert 403 in declared(details), label
    assert 403 not in declared(DOCUMENT["paths"]["/api/v1/auth/me"]["get"])
    assert 403 not in declared(DOCUMENT["paths"]["/api/v1/counselling/consent"]["get"])


@pytest.mark.parametrize(
    ("method", "path", "statuses"),
    [
        ("post", "/api/v1/auth/token", {200, 400, 401, 422, 429}),
        ("post", "/api/v1/auth/password", {200, 400, 401, 422, 429}),
        ("post", "/api/v1/auth/token/revoke", {204, 401}),
        ("get", "/api/v1/auth/me", {200, 401}),
        ("get", "/api/v1/people", {200, 400, 401, 403, 422}),
        ("post", "/api/v1/people", {201, 400, 401, 403, 422, 429}),
        ("post", "/api/v1/people/lookup", {200, 400, 401, 403, 404, 422}),
        ("get", "/api/v1/people/{person_id}", {200, 401, 404, 422}),
        ("post", "/api/v1/activities/sessions/{session_id}/sign-in", {200, 201, 400, 401, 404, 409, 422}),
        ("post", "/api/v1/counselling/appointments", {201, 400, 401, 403, 404, 409, 422}),
        ("get", "/api/v1/counselling/slots", {200, 401, 404, 422}),
    ],
)
def test_what_an_operation_declares_by_hand_is_there(method: str, path: str, statuses: set[int]) -> None:
    assert declared(DOCUMENT["paths"][path][method]) == statuses


def test_every_status_the_access_matrix_expects_is_declared() -> None:
    """The matrix holds every persona to one exact status per operation (and checks it
    against the running code); each of those must be in the document."""
    missing = []
    for method, template, operation in _operations():
        label, details = BY_ID[api.get_openapi_operation_id(operation)]
        case = API[(method, template)]
        wanted: set[int] = set()
        for target in case.targets:
            for persona in PERSONAS:
                answer = expected(persona, case, target, is_api=True)
                wanted |= set(answer) if isinstance(answer, frozenset) else {answer}
        missing += [f"{label}: {status}" for status in sorted(wanted - declared(details))]
    assert missing == []


def test_a_throttled_person_write_answers_the_declared_429(client: Client, world: World) -> None:
    raw, _ = token_issue(user=world.users["admin"])
    refusal = TooMany("请稍后再试。", details={"retry_after": 60})
    with mock.patch("jiedao.people.services.check_probe_limit", side_effect=refusal):
        response = client.post(
            "/api/v1/people",
            {"name": "新居民", "id_number": make_id_number()},
            content_type="application/json",
            headers={"Authorization": f"Bearer {raw}"},
        )
    assert response.status_code == 429
    assert response.json() == {"code": "rate_limited", "message": "请稍后再试。", "details": {"retry_after": 60}}
    assert 429 in declared(DOCUMENT["paths"]["/api/v1/people"]["post"])
    assert 429 in declared(DOCUMENT["paths"]["/api/v1/people/{person_id}"]["put"])
