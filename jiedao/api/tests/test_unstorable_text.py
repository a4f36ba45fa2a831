"""Text that nothing can store: U+0000 and lone surrogates (a JSON escape such as
``"\\ud800"``). A username holding one failed in the database or the password hasher,
and a search term holding U+0000 failed every list on PostgreSQL: 500s. Now the API's
parser refuses them in every string of a body or a query before any parameter is read
(``api.parser``): a 422 in the error shape, naming where.

The operations are discovered from the OpenAPI document, so a new string parameter is
covered without being named here. The suite runs on SQLite and PostgreSQL alike.
"""

import json
from typing import Any

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from jiedao.accounts.tokens import token_issue
from jiedao.api.parser import UnstorableText, refuse_unstorable
from jiedao.api.tests.document import Operation, body_schema, label, operations, refused, send, url, variants
from jiedao.core.models import AuditEntry
from jiedao.testing import World

UNSTORABLE = ["\x00", "\ud800", "\udbff", "\udc00", "\udfff"]


def takes_text(schema: dict[str, Any]) -> bool:
    """A string, or a list of strings."""
    return any(
        s.get("type") == "string" or (s.get("type") == "array" and takes_text(s.get("items", {})))
        for s in variants(schema)
    )


QUERY_STRINGS = [
    (op, parameter["name"])
    for op in operations()
    for parameter in op[2].get("parameters", [])
    if parameter["in"] == "query" and takes_text(parameter["schema"])
]
BODY_STRINGS = [
    (op, name, any(s.get("type") == "array" for s in variants(field)))
    for op in operations()
    if (schema := body_schema(op[2])) is not None
    for name, field in schema.get("properties", {}).items()
    if takes_text(field)
]


def ids(value: object) -> str:
    return label(value) if isinstance(value, tuple) else str(value)


@pytest.fixture
def auth(world: World) -> dict[str, str]:
    raw, _ = token_issue(user=world.users["admin"])
    return {"Authorization": f"Bearer {raw}"}


def test_the_discovery_finds_the_operations() -> None:
    assert {(label(op), name) for op, name in QUERY_STRINGS} >= {("GET /api/v1/people", "q")}
    assert {(label(op), name) for op, name, _ in BODY_STRINGS} >= {
        ("POST /api/v1/auth/token", "username"),
        ("POST /api/v1/auth/token", "password"),
        ("POST /api/v1/people", "name"),
        ("POST /api/v1/people", "roles"),
    }


@pytest.mark.parametrize(("operation", "name"), QUERY_STRINGS, ids=ids)
def test_every_string_in_a_query_refuses_a_nul(
    client: Client, auth: dict[str, str], operation: Operation, name: str
) -> None:
    # A query string cannot carry a lone surrogate: Django decodes it as U+FFFD.
    method, path, _ = operation
    refused(send(client, method, url(path), auth, query=f"?{name}=%E7%A7%80%00%E8%8B%91"), "query", name)


@pytest.mark.parametrize(("operation", "name", "is_list"), BODY_STRINGS, ids=ids)
def test_every_string_in_a_body_refuses_nul_and_lone_surrogates(
    client: Client, auth: dict[str, str], operation: Operation, name: str, is_list: bool
) -> None:
    method, path, _ = operation
    for character in UNSTORABLE:
        text = f"秀苑{character}"
        response = send(client, method, url(path), auth, body={name: [text] if is_list else text})
        refused(response, "body", name)
        assert f"U+{ord(character):04X}" in response.json()["details"]["errors"][0]["msg"]


def test_a_refused_body_changes_nothing(client: Client, auth: dict[str, str], world: World) -> None:
    before = AuditEntry.objects.count()
    response = client.post(
        "/api/v1/auth/password",
        json.dumps({"old_password": "\ud800", "new_password": "Xiuyuan-new-2026!"}),
        content_type="application/json",
        headers=auth,
    )
    refused(response, "body", "old_password")
    assert AuditEntry.objects.count() == before


def test_a_paired_surrogate_is_a_character_like_any_other(client: Client, auth: dict[str, str], world: World) -> None:
    """``"\\ud83d\\ude00"`` is 😀, read as one character: not refused here."""
    response = client.get("/api/v1/people", {"q": "😀"}, headers=auth)
    assert response.status_code == 200
    refuse_unstorable(json.loads('{"q": "\\ud83d\\ude00"}'), ("body",))  # no exception


# The rule over any JSON value ---------------------------------------------------------

text = st.text(st.characters(codec=None), max_size=8)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=12,
)


def strings_in(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for key, item in value.items() for s in (key, *strings_in(item))]
    if isinstance(value, list):
        return [s for item in value for s in strings_in(item)]
    return []


@given(json_values)
def test_a_json_value_is_refused_exactly_when_one_of_its_strings_holds_such_a_character(value: Any) -> None:
    unstorable = any(c == "\x00" or 0xD800 <= ord(c) <= 0xDFFF for s in strings_in(value) for c in s)
    try:
        refuse_unstorable(value, ("body",))
    except UnstorableText as exc:
        assert unstorable
        [error] = exc.errors
        assert error["loc"][0] == "body" and error["type"] == "unstorable_characters"
    else:
        assert not unstorable
