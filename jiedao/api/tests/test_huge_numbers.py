"""Numbers beyond what the database holds (issue #14, item 6). Python's ``int`` has no
bound and the database's ``bigint`` has: a huge ``offset`` or id used to reach the
driver and fail there, a 500. Now the bounds are in the shared places — ``PageQuery``
and the ``Id`` type — and every such number is a 422 in the error shape, naming the
parameter.

The operations are discovered from the OpenAPI document, so a new list endpoint or id
parameter is covered without being named here.
"""

from typing import Any

import pytest
from django.test import Client

from jiedao.accounts.tokens import token_issue
from jiedao.api.pagination import MAX_LIMIT, MAX_OFFSET
from jiedao.api.tests.document import Operation, body_schema, label, operations, refused, send, url, variants
from jiedao.core.converters import MAX_ID
from jiedao.testing import World

# Past the 64-bit integers: the boundary, the issue's examples, far beyond.
HUGE = [MAX_ID + 1, 2**64 + 1, 10**19 + 1, 99_999_999_999_999_999_999, 10**40]
BAD_OFFSETS = [MAX_OFFSET + 1, *HUGE, -1]
BAD_LIMITS = [0, -1, MAX_LIMIT + 1, *HUGE]
BAD_IDS = [*HUGE, 0, -1, -(2**63) - 1]


def is_id(schema: dict[str, Any]) -> bool:
    return any(s.get("type") == "integer" and s.get("maximum") == MAX_ID for s in variants(schema))


def is_integer(schema: dict[str, Any]) -> bool:
    return any(s.get("type") == "integer" for s in variants(schema))


def ids(value: object) -> str:
    return label(value) if isinstance(value, tuple) else str(value)


LISTS = [op for op in operations() if any(p["name"] == "offset" for p in op[2].get("parameters", []))]
PARAMETER_INTEGERS = [
    (op, parameter["name"], parameter["in"], parameter["schema"])
    for op in operations()
    for parameter in op[2].get("parameters", [])
    if is_integer(parameter["schema"])
]
PARAMETER_IDS = [(op, name, where) for op, name, where, schema in PARAMETER_INTEGERS if is_id(schema)]
BODY_INTEGERS = [
    (op, name, is_id(field))
    for op in operations()
    if (schema := body_schema(op[2])) is not None
    for name, field in schema.get("properties", {}).items()
    if is_integer(field)
]


@pytest.fixture
def auth(world: World) -> dict[str, str]:
    raw, _ = token_issue(user=world.users["admin"])
    return {"Authorization": f"Bearer {raw}"}


def test_the_discovery_finds_the_operations() -> None:
    assert {label(op) for op in LISTS} >= {"GET /api/v1/people", "GET /api/v1/org/units", "GET /api/v1/meetings"}
    assert {(label(op), name) for op, name, _ in PARAMETER_IDS} >= {
        ("GET /api/v1/people/{person_id}", "person_id"),
        ("GET /api/v1/people", "residential_area"),
        ("GET /api/v1/counselling/slots", "studio"),
    }
    assert {(label(op), name) for op, name, _ in BODY_INTEGERS} >= {
        ("POST /api/v1/people", "employer"),
        ("POST /api/v1/counselling/appointments", "slot"),
        ("POST /api/v1/org/units", "headcount"),
    }


def test_every_integer_parameter_is_bounded() -> None:
    """So a huge number is refused before it reaches anything (and the document says so)."""
    unbounded = [
        f"{label(op)} {name}"
        for op, name, _, schema in PARAMETER_INTEGERS
        if not all("maximum" in s and "minimum" in s for s in variants(schema) if s.get("type") == "integer")
    ]
    assert unbounded == []


@pytest.mark.parametrize("operation", LISTS, ids=label)
def test_every_list_refuses_an_offset_or_limit_out_of_bounds(
    client: Client, auth: dict[str, str], operation: Operation
) -> None:
    method, path, _ = operation
    for offset in BAD_OFFSETS:
        refused(send(client, method, url(path), auth, query=f"?offset={offset}"), "query", "offset")
    for limit in BAD_LIMITS:
        refused(send(client, method, url(path), auth, query=f"?limit={limit}"), "query", "limit")


@pytest.mark.parametrize("operation", LISTS, ids=label)
def test_every_list_takes_the_largest_offset(client: Client, auth: dict[str, str], operation: Operation) -> None:
    method, path, _ = operation
    response = send(client, method, url(path), auth, query=f"?offset={MAX_OFFSET}&limit={MAX_LIMIT}")
    # Past the end of the list, or refused for the caller (a 403 or 404): never a 500.
    assert response.status_code in (200, 403, 404), response.content
    if response.status_code == 200:
        assert response.json()["items"] == []


@pytest.mark.parametrize(("operation", "name", "where"), PARAMETER_IDS, ids=ids)
def test_every_id_parameter_refuses_a_number_out_of_bounds(
    client: Client, auth: dict[str, str], operation: Operation, name: str, where: str
) -> None:
    method, path, details = operation
    body: dict[str, Any] | None = {} if details.get("requestBody") else None
    for value in BAD_IDS:
        if where == "path":
            target, query = url(path, **{name: value}), ""
            if value < 0:  # the path's int converter takes digits only: no such URL
                assert send(client, method, target, auth, body=body).status_code == 404
                continue
        else:
            target, query = url(path), f"?{name}={value}"
        refused(send(client, method, target, auth, query=query, body=body), where, name)


@pytest.mark.parametrize(
    ("operation", "name", "where"), [p for p in PARAMETER_IDS if body_schema(p[0][2]) is None], ids=ids
)
def test_every_id_parameter_takes_the_largest_id(
    client: Client, auth: dict[str, str], operation: Operation, name: str, where: str
) -> None:
    """The largest id reaches the database, which answers "no such row" (or an empty
    list): the database holds every id the API takes."""
    method, path, _ = operation
    if where == "path":
        response = send(client, method, url(path, **{name: MAX_ID}), auth)
    else:
        response = send(client, method, url(path), auth, query=f"?{name}={MAX_ID}")
    assert response.status_code in (200, 403, 404), response.content


@pytest.mark.parametrize(("operation", "name", "an_id"), BODY_INTEGERS, ids=ids)
def test_every_integer_in_a_body_is_refused_when_huge(
    client: Client, auth: dict[str, str], operation: Operation, name: str, an_id: bool
) -> None:
    """An id in a body is refused by its type (422); any other integer is refused in
    the error shape by its type or by the service's own check: never a 500."""
    method, path, _ = operation
    for value in HUGE:
        response = send(client, method, url(path), auth, body={name: value})
        if an_id:
            refused(response, "body", "payload", name)
        else:
            assert response.status_code < 500, response.content
            assert set(response.json()) == {"code", "message", "details"}


def test_a_huge_headcount_reaches_the_service_and_is_a_field_error(
    client: Client, auth: dict[str, str], world: World
) -> None:
    for value in HUGE:
        response = send(client, "PATCH", f"/api/v1/org/units/{world.jiachun.pk}", auth, body={"headcount": value})
        assert response.status_code == 400, response.content
        assert set(response.json()["details"]) == {"headcount"}
