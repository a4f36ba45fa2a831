"""The access matrix: every URL pattern and every API operation, every persona,
in scope and out of scope.

It fails when a page or an API operation has no declared policy (see
``jiedao/accounts/policy.py``) or no row in the tables below, so a new URL cannot
ship without someone deciding who may use it. The expected personas are written out
here by hand: they are the specification, not a copy of the code's rules.
"""

import importlib
import json
import pkgutil
import re
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.access
from jiedao.accounts.tokens import token_issue
from jiedao.api.main import api
from jiedao.testing import World, build_world
from tests.access.common import (
    BROWSE,
    EVERYONE,
    FIELD_ERROR,
    OFFICES,
    OFFICES_ANYWHERE,
    PERSONAS,
    SEE_WORKER,
    SEE_ZHONGHONG_WORKER,
    SIGNED_IN,
    STAFF,
    STAFF_ANYWHERE,
    Case,
    Target,
    full_id_of,
    lookup_targets,
    name_of,
    new_person,
    person,
    person_targets,
    pk_of,
)

# ---------------------------------------------------------------- pages
PAGES: dict[str, Case] = {
    # Anonymous visitors of these are sent to the login page, which the check expects.
    "home": Case(targets=[Target(SIGNED_IN | {"other_admin"})]),
    "healthz": Case(targets=[Target(EVERYONE)]),
    "set_language": Case("post", [Target(EVERYONE, data=lambda w: {"language": "en", "next": "/"})]),
    "accounts:login": Case(targets=[Target(EVERYONE)]),
    "accounts:logout": Case("post", [Target(EVERYONE)]),
    "accounts:me": Case(targets=[Target(SIGNED_IN | {"other_admin"})]),
    "audit:list": Case(targets=[Target(OFFICES_ANYWHERE)]),
    # org: any staff member views their own sub-district; only its admin changes it.
    "org:index": Case(targets=[Target(STAFF_ANYWHERE, leak=lambda w: "秀苑", sees=STAFF)]),
    "org:unit_list": Case(targets=[Target(STAFF_ANYWHERE, leak=lambda w: w.jiachun.credit_code, sees=STAFF)]),
    "org:area_detail": Case(targets=[Target(STAFF, pk_of("xiuyuan"), leak=lambda w: w.grid.name)]),
    "org:unit_detail": Case(targets=[Target(STAFF, pk_of("jiachun"), leak=lambda w: w.jiachun.credit_code)]),
    "org:subdistrict_edit": Case(targets=[Target({"admin", "other_admin"})]),
    "org:area_create": Case(targets=[Target({"admin", "other_admin"})]),
    "org:grid_create": Case(targets=[Target({"admin", "other_admin"})]),
    "org:unit_create": Case(targets=[Target({"admin", "other_admin"})]),
    "org:area_edit": Case(targets=[Target({"admin"}, pk_of("xiuyuan"))]),
    "org:grid_edit": Case(targets=[Target({"admin"}, pk_of("grid"), leak=lambda w: w.grid.name)]),
    "org:unit_edit": Case(targets=[Target({"admin"}, pk_of("jiachun"), leak=lambda w: w.jiachun.credit_code)]),
    # people: offices see the sub-district, chairs their area or unit, residents only /me.
    "people:list": Case(targets=[Target(BROWSE, leak=name_of("zhonghong_worker"), sees=SEE_ZHONGHONG_WORKER)]),
    "people:dashboard": Case(targets=[Target(STAFF_ANYWHERE)]),
    "people:create": Case(targets=[Target(BROWSE)]),
    # By POST, so the number stays out of URLs; someone out of scope is not found (404).
    "people:lookup": Case("post", lookup_targets()),
    "people:detail": Case(targets=person_targets(SEE_WORKER)),
    "people:edit": Case(targets=person_targets(SEE_WORKER)),
    "people:reveal": Case(
        "post",
        [
            Target(
                {"admin", "labour"},
                lambda w: {"pk": w.people["worker"].pk, "field": "id_number"},
                leak=full_id_of("worker"),
            )
        ],
    ),
    "people:import": Case(targets=[Target(OFFICES_ANYWHERE)]),
    "people:import_template": Case(targets=[Target(OFFICES_ANYWHERE)]),
    "people:export": Case(targets=[Target(BROWSE)]),
    # The API's own documents describe operations, not data.
    "api:openapi-json": Case(targets=[Target(EVERYONE)]),
    "api:openapi-view": Case(targets=[Target(EVERYONE)]),
}

# URL patterns that cannot carry our decorator, with the reason.
UNDECLARED = {"api:api-root": "django-ninja's own redirect to the docs page; it serves no data"}

# ---------------------------------------------------------------- API
API: dict[tuple[str, str], Case] = {
    ("POST", "/auth/token"): Case(
        "post", [Target(EVERYONE, data=lambda w: {"username": "admin", "password": "jiedao2020"})]
    ),
    ("POST", "/auth/token/revoke"): Case("post", [Target(SIGNED_IN | {"other_admin"})]),
    ("GET", "/auth/me"): Case(targets=[Target(SIGNED_IN | {"other_admin"})]),
    ("GET", "/org/areas"): Case(targets=[Target(STAFF_ANYWHERE, leak=lambda w: "秀苑", sees=STAFF)]),
    ("POST", "/org/areas"): Case("post", [Target({"admin", "other_admin"}, data=lambda w: {"name": "新建居民区"})]),
    ("GET", "/org/areas/{pk}"): Case(targets=[Target(STAFF, pk_of("xiuyuan"), leak=lambda w: "秀苑")]),
    ("PATCH", "/org/areas/{pk}"): Case(
        "patch", [Target({"admin"}, pk_of("xiuyuan"), data=lambda w: {"address": "秀苑路1号"})]
    ),
    ("GET", "/org/grids"): Case(targets=[Target(STAFF_ANYWHERE, leak=lambda w: w.grid.name, sees=STAFF)]),
    ("POST", "/org/grids"): Case(
        "post",
        [
            Target(
                {"admin"},
                data=lambda w: {"residential_area": w.xiuyuan.pk, "name": "新建网格"},
                refused=FIELD_ERROR,
            )
        ],
    ),
    ("GET", "/org/grids/{pk}"): Case(targets=[Target(STAFF, pk_of("grid"), leak=lambda w: w.grid.name)]),
    ("PATCH", "/org/grids/{pk}"): Case("patch", [Target({"admin"}, pk_of("grid"), data=lambda w: {"name": "一网格"})]),
    ("GET", "/org/units"): Case(targets=[Target(STAFF_ANYWHERE, leak=lambda w: w.jiachun.credit_code, sees=STAFF)]),
    ("POST", "/org/units"): Case(
        "post", [Target({"admin", "other_admin"}, data=lambda w: {"name": "新建协会", "kind": "social_org"})]
    ),
    ("GET", "/org/units/{pk}"): Case(targets=[Target(STAFF, pk_of("jiachun"), leak=lambda w: w.jiachun.credit_code)]),
    ("PATCH", "/org/units/{pk}"): Case(
        "patch", [Target({"admin"}, pk_of("jiachun"), data=lambda w: {"headcount": 40})]
    ),
    ("GET", "/people"): Case(targets=[Target(BROWSE, leak=name_of("zhonghong_worker"), sees=SEE_ZHONGHONG_WORKER)]),
    # A chair may only add people to their own scope; elsewhere it is a field error.
    ("POST", "/people"): Case("post", [Target(OFFICES | {"xiuyuan"}, data=new_person, refused=FIELD_ERROR)]),
    ("POST", "/people/lookup"): Case("post", lookup_targets()),
    # Residents may read their own record through the API.
    ("GET", "/people/{pk}"): Case(targets=person_targets(SEE_WORKER | {"worker"})),
    ("PUT", "/people/{pk}"): Case(
        "put",
        [
            Target(
                SEE_WORKER,
                person("worker"),
                data=lambda w: {
                    "name": "王秀英",
                    "residential_area": w.xiuyuan.pk,
                    "employer": w.jiachun.pk,
                    "roles": ["is_worker", "is_union_member"],
                },
                leak=name_of("worker"),
            )
        ],
    ),
    ("POST", "/people/{pk}/reveal"): Case(
        "post",
        [
            Target(
                {"admin", "labour"}, person("worker"), data=lambda w: {"field": "id_number"}, leak=full_id_of("worker")
            )
        ],
    ),
}


def _merge_programme_rows() -> None:
    """Add each programme's rows (``tests/access/<app>.py``); a name twice is an error."""
    for info in pkgutil.iter_modules(tests.access.__path__):
        if info.name == "common":
            continue
        module = importlib.import_module(f"tests.access.{info.name}")
        for table, rows in ((PAGES, getattr(module, "PAGES", {})), (API, getattr(module, "API", {}))):
            clash = set(table) & set(rows)
            assert not clash, f"tests/access/{info.name}.py repeats rows: {clash}"
            table.update(rows)


_merge_programme_rows()

# Django's admin site has its own gate (is_staff / permissions) and is for superusers.
SKIPPED_NAMESPACES = {"admin"}


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> list[tuple[str, Any]]:
    found = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            found.append((f"{namespace}{entry.name}", entry.callback))
    return found


def page_patterns() -> list[tuple[str, Any]]:
    """Every URL pattern except the admin site's and the API operations (checked apart)."""
    return [
        (name, callback)
        for name, callback in _walk(get_resolver().url_patterns)
        if name.split(":")[0] not in SKIPPED_NAMESPACES and name not in _operation_url_names()
    ]


def _operation_url_names() -> set[str]:
    return {
        f"{api.urls_namespace}:{pattern.name}"
        for router in api._get_bound_routers()
        for pattern in router.urls_paths(router.prefix)
    }


def _operations() -> list[tuple[str, str, Any]]:
    ops = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in operation.methods:
                    # "/people/{int:person_id}" is written "/people/{pk}" in the table.
                    # Sub-routers mounted with add_router("", ...) give prefixes without a leading slash.
                    template = "/" + re.sub(r"\{(?:\w+:)?\w+\}", "{pk}", (prefix + path).replace("//", "/")).lstrip("/")
                    ops.append((method, template, operation))
    return ops


def api_operations() -> list[tuple[str, str, Any]]:
    return [(method, template, op.view_func) for method, template, op in _operations()]


def test_every_page_declares_a_policy_and_has_a_row_here():
    missing_policy = [
        name for name, cb in page_patterns() if not hasattr(cb, "access_policy") and name not in UNDECLARED
    ]
    missing_row = sorted({name for name, _ in page_patterns()} - set(PAGES) - set(UNDECLARED))
    assert not missing_policy, f"pages without a declared access policy: {missing_policy}"
    assert not missing_row, f"pages missing from the access matrix: {missing_row}"


def test_every_api_operation_declares_a_policy_and_has_a_row_here():
    missing_policy = [(m, p) for m, p, fn in api_operations() if not hasattr(fn, "access_policy")]
    missing_row = sorted({(m, p) for m, p, _ in api_operations()} - set(API))
    assert not missing_policy, f"API operations without a declared access policy: {missing_policy}"
    assert not missing_row, f"API operations missing from the access matrix: {missing_row}"


def test_the_undeclared_api_root_serves_nothing(client, db):
    assert client.get(reverse("api:api-root")).status_code == 404


def test_the_tables_name_no_url_that_does_not_exist():
    assert set(PAGES) <= {name for name, _ in page_patterns()}
    assert set(API) <= {(m, p) for m, p, _ in api_operations()}


def _check(persona: str, target: Target, response: Any, world: World, *, is_api: bool, label: str) -> None:
    status = response.status_code
    body = response.content.decode(errors="replace") if not getattr(response, "streaming", False) else ""
    if target.leak is not None and persona not in (target.sees if target.sees is not None else target.allowed):
        assert target.leak(world) not in body, f"{label}: {persona} received data outside their scope"
    if persona in target.allowed:
        assert status < 400, f"{label}: {persona} should get through, got {status}: {body[:300]}"
        if status in (301, 302) and not is_api:
            assert "/accounts/login/" not in response.headers.get("Location", ""), f"{label}: {persona} sent to login"
        return
    if persona == "anonymous":
        expected = {401} if is_api else {302}
        if not is_api:
            assert "/accounts/login/" in response.headers.get("Location", ""), f"{label}: anonymous not sent to login"
    else:
        expected = set(target.refused)
    assert status in expected, f"{label}: {persona} should be refused ({expected}), got {status}"


@pytest.mark.parametrize("name", sorted(PAGES))
def test_pages_admit_exactly_the_personas_in_scope(name, client, db):
    world = build_world()
    case = PAGES[name]
    for target in case.targets:
        for persona in PERSONAS:
            client.logout()
            if persona != "anonymous":
                client.force_login(world.users[persona])
            url = reverse(name, kwargs=target.kwargs(world))
            data = target.data(world) if target.data else {}
            response = getattr(client, case.method)(url, data)
            _check(persona, target, response, world, is_api=False, label=f"{case.method.upper()} {url}")


@pytest.mark.parametrize("key", sorted(API), ids=lambda k: f"{k[0]} {k[1]}" if isinstance(k, tuple) else str(k))
def test_api_operations_admit_exactly_the_personas_in_scope(key, client, db):
    world = build_world()
    method, template = key
    case = API[key]
    for target in case.targets:
        for persona in PERSONAS:
            headers = {}
            if persona != "anonymous":
                raw, _ = token_issue(user=world.users[persona])
                headers["Authorization"] = f"Bearer {raw}"
            url = "/api/v1" + template.format(**target.kwargs(world))
            data = target.data(world) if target.data else None
            response = client.generic(
                method,
                url,
                data=json.dumps(data) if data is not None else "",
                content_type="application/json",
                headers=headers,
            )
            _check(persona, target, response, world, is_api=True, label=f"{method} {url}")
