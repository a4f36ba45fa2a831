"""The API's own OpenAPI document, read by the tests that cover every operation of a
kind (every list, every id, every string) without naming them: a new operation is
covered as soon as it is in the document. And how those tests call an operation and
check that it refused a parameter."""

import json
from functools import cache
from typing import Any

from django.test import Client

from jiedao.api.main import api
from jiedao.testing import ClientResponse

# (method, path, the operation's details in the document)
Operation = tuple[str, str, dict[str, Any]]


@cache
def document() -> dict[str, Any]:
    return dict(api.get_openapi_schema(path_prefix="/api/v1/"))


def operations() -> list[Operation]:
    return [
        (method.upper(), path, details)
        for path, item in document()["paths"].items()
        for method, details in item.items()
    ]


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema``, or the component it refers to."""
    if "$ref" in schema:
        resolved: dict[str, Any] = document()["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        return resolved
    return schema


def variants(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The schemas a value may follow (``anyOf``: a type or null), resolved."""
    return [resolve(s) for s in schema.get("anyOf", [schema])]


def body_schema(details: dict[str, Any]) -> dict[str, Any] | None:
    """The JSON body's schema; None without one (or for a file upload: multipart, whose
    files the hostile-file tests send)."""
    json_body = details.get("requestBody", {}).get("content", {}).get("application/json")
    return resolve(json_body["schema"]) if json_body else None


def label(operation: Operation) -> str:
    return f"{operation[0]} {operation[1]}"


def url(path: str, **values: object) -> str:
    """``path`` with the given path parameters, and every other one 1."""
    for name, value in values.items():
        path = path.replace("{" + name + "}", str(value))
    while "{" in path:
        start = path.index("{")
        path = path[:start] + "1" + path[path.index("}", start) + 1 :]
    return path


def send(client: Client, method: str, path: str, auth: dict[str, str], **options: Any) -> ClientResponse:
    """``method path`` with ``query`` (text) and a JSON ``body``, as the holder of ``auth``."""
    body = options.pop("body", None)
    return client.generic(
        method,
        path + options.pop("query", ""),
        data="" if body is None else json.dumps(body),
        content_type="application/json",
        headers=auth,
    )


def refused(response: ClientResponse, *location: str) -> None:
    """422 in the error shape, with an error at ``location``."""
    assert response.status_code == 422, response.content
    body = response.json()
    assert set(body) == {"code", "message", "details"}
    assert body["code"] == "invalid_request"
    assert location in {
        tuple(str(part) for part in error["loc"])[: len(location)] for error in body["details"]["errors"]
    }
