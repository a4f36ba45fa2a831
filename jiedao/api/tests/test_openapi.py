import re
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import resolve
from ninja.openapi.schema import OpenAPISchema

from jiedao.accounts.policy import Policy
from jiedao.api.main import api

OPERATIONS = {
    ("post", "/api/v1/auth/token"),
    ("post", "/api/v1/auth/token/revoke"),
    ("get", "/api/v1/auth/me"),
    ("get", "/api/v1/people"),
    ("post", "/api/v1/people"),
    ("get", "/api/v1/people/{person_id}"),
    ("put", "/api/v1/people/{person_id}"),
    ("post", "/api/v1/people/{person_id}/reveal"),
}


def test_the_openapi_document_lists_the_operations(db: None, client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    listed = {(method, path) for path, item in document["paths"].items() for method in item}
    assert listed >= OPERATIONS
    assert document["components"]["securitySchemes"]["BearerAuth"]["scheme"] == "bearer"
    # The token endpoint is the one operation that needs no token.
    assert "security" not in document["paths"]["/api/v1/auth/token"]["post"]
    assert document["paths"]["/api/v1/people"]["get"]["security"] == [{"BearerAuth": []}]


def test_every_api_operation_declares_an_access_policy() -> None:
    operations = [
        (f"{prefix}{path}", operation.view_func)
        for prefix, router in api._routers
        for path, path_view in router.path_operations.items()
        for operation in path_view.operations
    ]
    assert len(operations) >= len(OPERATIONS)
    assert [name for name, view in operations if not hasattr(view, "access_policy")] == []


def test_the_docs_page_loads_nothing_from_outside_and_runs_no_inline_script(db: None, client: Client) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/v1/openapi.json" in html
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls, html
    assert all(url.startswith("/static/") for url in urls), urls
    for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S):
        assert "src=" in attributes or 'type="application/json"' in attributes, attributes
        if "src=" in attributes:
            assert not body.strip()
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp


def test_the_docs_assets_are_served_from_here() -> None:
    for asset in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js", "ninja/swagger-ui.css"):
        assert finders.find(asset), asset


def test_the_docs_and_the_schema_are_declared_public() -> None:
    for path in ("/api/v1/docs", "/api/v1/openapi.json"):
        # The policy decorator records its Policy on the view (jiedao/accounts/policy.py).
        policy = getattr(resolve(path).func, "access_policy", None)
        assert isinstance(policy, Policy) and policy.kind == "public", path


def test_no_two_schemas_share_a_name(monkeypatch: pytest.MonkeyPatch) -> None:
    # The document keys components by class name only: a second ``SessionOut`` in another
    # app would silently replace the first, and clients would read the wrong shape.
    clashes: dict[str, list[dict[str, Any]]] = {}
    add = OpenAPISchema.add_schema_definitions

    def checked(self: OpenAPISchema, definitions: dict[str, Any]) -> None:
        for name, schema in definitions.items():
            if name in self.schemas and self.schemas[name] != schema:
                clashes.setdefault(name, [self.schemas[name]]).append(schema)
        add(self, definitions)

    monkeypatch.setattr(OpenAPISchema, "add_schema_definitions", checked)
    api.get_openapi_schema(path_prefix="/api/v1/")
    assert not clashes, f"schemas of one name with different shapes: {sorted(clashes)}"
