"""The access matrix: every URL pattern and every API operation, every persona,
in scope and out of scope.

It fails when a page or an API operation has no declared policy (see
``jiedao/accounts/policy.py``) or no row in the tables below, so a new URL cannot
ship without someone deciding who may use it. The expected personas are written out
here by hand: they are the specification, not a copy of the code's rules.

Every persona is held to one exact status: the row's ``status`` when let through,
and otherwise the refusal the house's access rule gives (302 to the login page or
401; 403 without the role of the ``gate``; 403 for a ``reader``; else 404 out of
scope; see ``tests/access/common.py``).
"""

import importlib
import json
import pkgutil
import re
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from ninja.operation import Operation

import tests.access
from jiedao.accounts.tokens import token_issue
from jiedao.api.main import api
from jiedao.testing import ClientResponse, World, build_world
from tests.access.common import (
    ADMINS,
    ANY_USER,
    BROWSE,
    EVERYONE,
    OFFICES,
    OFFICES_ANYWHERE,
    PERSONAS,
    REVEALERS,
    SEE_WORKER,
    SEE_ZHONGHONG_WORKER,
    STAFF,
    STAFF_ANYWHERE,
    Case,
    Target,
    expected,
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
    # Signed in, one is sent on to one's start page; anonymous visitors to the login page.
    "home": Case(targets=[Target(ANY_USER, status=302)]),
    "healthz": Case(targets=[Target(EVERYONE)]),
    "set_language": Case("post", [Target(EVERYONE, data=lambda w: {"language": "en", "next": "/"}, status=302)]),
    # Someone signed in already is sent on from the login page.
    "accounts:login": Case(targets=[Target(EVERYONE, status=302, answers={"anonymous": 200})]),
    "accounts:logout": Case("post", [Target(EVERYONE, status=302)]),
    "accounts:me": Case(targets=[Target(ANY_USER)]),
    "audit:list": Case(targets=[Target(OFFICES_ANYWHERE)]),
    # org: any staff member views their own sub-district; only its admin changes it.
    "org:index": Case(targets=[Target(STAFF_ANYWHERE, leak=lambda w: "秀苑", sees=STAFF)]),
    "org:unit_list": Case(targets=[Target(STAFF_ANYWHERE, leak=lambda w: w.jiachun.credit_code, sees=STAFF)]),
    "org:area_detail": Case(targets=[Target(STAFF, pk_of("xiuyuan"), leak=lambda w: w.grid.name)], gate=STAFF_ANYWHERE),
    "org:unit_detail": Case(
        targets=[Target(STAFF, pk_of("jiachun"), leak=lambda w: w.jiachun.credit_code)], gate=STAFF_ANYWHERE
    ),
    "org:subdistrict_edit": Case(targets=[Target(ADMINS)]),
    "org:area_create": Case(targets=[Target(ADMINS)]),
    "org:grid_create": Case(targets=[Target(ADMINS)]),
    "org:unit_create": Case(targets=[Target(ADMINS)]),
    "org:area_edit": Case(targets=[Target({"admin"}, pk_of("xiuyuan"))], gate=ADMINS),
    "org:grid_edit": Case(targets=[Target({"admin"}, pk_of("grid"), leak=lambda w: w.grid.name)], gate=ADMINS),
    "org:unit_edit": Case(
        targets=[Target({"admin"}, pk_of("jiachun"), leak=lambda w: w.jiachun.credit_code)], gate=ADMINS
    ),
    # people: offices see the sub-district, chairs their area or unit, residents only /me.
    "people:list": Case(targets=[Target(BROWSE, leak=name_of("zhonghong_worker"), sees=SEE_ZHONGHONG_WORKER)]),
    "people:dashboard": Case(targets=[Target(STAFF_ANYWHERE)]),
    "people:create": Case(targets=[Target(BROWSE)]),
    # By POST, so the number stays out of URLs; found: 302 to the person; out of scope: 404.
    "people:lookup": Case("post", lookup_targets(found=302), gate=BROWSE),
    "people:detail": Case(targets=person_targets(SEE_WORKER), gate=BROWSE),
    # Whoever sees someone in the registry may also edit them (chairs included).
    "people:edit": Case(targets=person_targets(SEE_WORKER), gate=BROWSE),
    "people:reveal": Case(
        "post",
        [
            Target(
                {"admin", "labour"},
                lambda w: {"pk": w.people["worker"].pk, "field": "id_number"},
                leak=full_id_of("worker"),
            )
        ],
        gate=REVEALERS,
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
# A foreign id in a payload is a field error (400), the same as an id that does not exist.
FIELD_ERROR = 400
# Staff pages send to the password login, the others to the residents' SMS sign-in.
LOGIN_URLS = ("/accounts/login/", "/login/")

API: dict[tuple[str, str], Case] = {
    ("POST", "/auth/token"): Case(
        "post", [Target(EVERYONE, data=lambda w: {"username": "admin", "password": "jiedao2020"})]
    ),
    ("POST", "/auth/token/revoke"): Case("post", [Target(ANY_USER, status=204)]),
    ("GET", "/auth/me"): Case(targets=[Target(ANY_USER)]),
    ("GET", "/org/areas"): Case(targets=[Target(STAFF_ANYWHERE, leak=lambda w: "秀苑", sees=STAFF)]),
    ("POST", "/org/areas"): Case("post", [Target(ADMINS, data=lambda w: {"name": "新建居民区"}, status=201)]),
    ("GET", "/org/areas/{pk}"): Case(
        targets=[Target(STAFF, pk_of("xiuyuan"), leak=lambda w: "秀苑")], gate=STAFF_ANYWHERE
    ),
    ("PATCH", "/org/areas/{pk}"): Case(
        "patch", [Target({"admin"}, pk_of("xiuyuan"), data=lambda w: {"address": "秀苑路1号"})], gate=ADMINS
    ),
    ("GET", "/org/grids"): Case(targets=[Target(STAFF_ANYWHERE, leak=lambda w: w.grid.name, sees=STAFF)]),
    # 秀苑 is an area of 凉城: for the other sub-district's admin a field error.
    ("POST", "/org/grids"): Case(
        "post",
        [
            Target(
                {"admin"},
                data=lambda w: {"residential_area": w.xiuyuan.pk, "name": "新建网格"},
                status=201,
                answers={"other_admin": FIELD_ERROR},
            )
        ],
        gate=ADMINS,
    ),
    ("GET", "/org/grids/{pk}"): Case(
        targets=[Target(STAFF, pk_of("grid"), leak=lambda w: w.grid.name)], gate=STAFF_ANYWHERE
    ),
    ("PATCH", "/org/grids/{pk}"): Case(
        "patch", [Target({"admin"}, pk_of("grid"), data=lambda w: {"name": "一网格"})], gate=ADMINS
    ),
    ("GET", "/org/units"): Case(targets=[Target(STAFF_ANYWHERE, leak=lambda w: w.jiachun.credit_code, sees=STAFF)]),
    ("POST", "/org/units"): Case(
        "post", [Target(ADMINS, data=lambda w: {"name": "新建协会", "kind": "social_org"}, status=201)]
    ),
    ("GET", "/org/units/{pk}"): Case(
        targets=[Target(STAFF, pk_of("jiachun"), leak=lambda w: w.jiachun.credit_code)], gate=STAFF_ANYWHERE
    ),
    ("PATCH", "/org/units/{pk}"): Case(
        "patch", [Target({"admin"}, pk_of("jiachun"), data=lambda w: {"headcount": 40})], gate=ADMINS
    ),
    ("GET", "/people"): Case(targets=[Target(BROWSE, leak=name_of("zhonghong_worker"), sees=SEE_ZHONGHONG_WORKER)]),
    # Someone new in 秀苑: a chair may only file people in their own scope (the 中虹 and
    # 嘉春 chairs: a field error), and 秀苑 is not an area of the other sub-district.
    ("POST", "/people"): Case(
        "post",
        [
            Target(
                OFFICES | {"xiuyuan"},
                data=new_person,
                status=201,
                answers=dict.fromkeys(["zhonghong", "jiachun", "other_admin"], FIELD_ERROR),
            )
        ],
        gate=BROWSE,
    ),
    ("POST", "/people/lookup"): Case("post", lookup_targets(found=200), gate=BROWSE),
    # Residents may read their own record through the API.
    ("GET", "/people/{pk}"): Case(targets=person_targets(SEE_WORKER | {"worker"}), gate=ANY_USER),
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
        gate=BROWSE,
    ),
    ("POST", "/people/{pk}/reveal"): Case(
        "post",
        [
            Target(
                {"admin", "labour"}, person("worker"), data=lambda w: {"field": "id_number"}, leak=full_id_of("worker")
            )
        ],
        gate=REVEALERS,
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


# A view as the URL configuration holds it (Django's test client calls it with a request).
View = Callable[..., Any]


def _walk(
    patterns: Sequence[URLPattern | URLResolver], prefix: str = "", namespace: str = ""
) -> list[tuple[str, View]]:
    found: list[tuple[str, View]] = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            found.append((f"{namespace}{entry.name}", entry.callback))
    return found


def page_patterns() -> list[tuple[str, View]]:
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


def _operations() -> list[tuple[str, str, Operation]]:
    ops: list[tuple[str, str, Operation]] = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in operation.methods:
                    # "/people/{int:person_id}" is written "/people/{pk}" in the table.
                    # Sub-routers mounted with add_router("", ...) give prefixes without a leading slash.
                    template = "/" + re.sub(r"\{(?:\w+:)?\w+\}", "{pk}", (prefix + path).replace("//", "/")).lstrip("/")
                    ops.append((method, template, operation))
    return ops


def api_operations() -> list[tuple[str, str, View]]:
    return [(method, template, op.view_func) for method, template, op in _operations()]


def test_every_page_declares_a_policy_and_has_a_row_here() -> None:
    missing_policy = [
        name for name, cb in page_patterns() if not hasattr(cb, "access_policy") and name not in UNDECLARED
    ]
    missing_row = sorted({name for name, _ in page_patterns()} - set(PAGES) - set(UNDECLARED))
    assert not missing_policy, f"pages without a declared access policy: {missing_policy}"
    assert not missing_row, f"pages missing from the access matrix: {missing_row}"


def test_every_api_operation_declares_a_policy_and_has_a_row_here() -> None:
    missing_policy = [(m, p) for m, p, fn in api_operations() if not hasattr(fn, "access_policy")]
    missing_row = sorted({(m, p) for m, p, _ in api_operations()} - set(API))
    assert not missing_policy, f"API operations without a declared access policy: {missing_policy}"
    assert not missing_row, f"API operations missing from the access matrix: {missing_row}"


def test_the_undeclared_api_root_serves_nothing(client: Client, db: None) -> None:
    assert client.get(reverse("api:api-root")).status_code == 404


def test_the_tables_name_no_url_that_does_not_exist() -> None:
    assert set(PAGES) <= {name for name, _ in page_patterns()}
    assert set(API) <= {(m, p) for m, p, _ in api_operations()}


def _check(
    persona: str, case: Case, target: Target, response: ClientResponse, world: World, *, is_api: bool, label: str
) -> None:
    status = response.status_code
    body = response.content.decode(errors="replace") if not getattr(response, "streaming", False) else ""
    if target.leak is not None and persona not in (target.sees if target.sees is not None else target.allowed):
        assert target.leak(world) not in body, f"{label}: {persona} received data outside their scope"
    want = expected(persona, case, target, is_api=is_api)
    right = status in want if isinstance(want, frozenset) else status == want
    verdict = "let through" if persona in target.allowed else "refused"
    assert right, f"{label}: {persona} should be {verdict} with {want}, got {status}: {body[:300]}"
    if status in (301, 302) and not is_api:
        to_login = any(url in response.headers.get("Location", "") for url in LOGIN_URLS)
        if persona == "anonymous" and persona not in target.allowed:
            assert to_login, f"{label}: anonymous not sent to login"
        else:
            assert not to_login, f"{label}: {persona} sent to login"


@pytest.mark.parametrize("name", sorted(PAGES))
def test_pages_admit_exactly_the_personas_in_scope(name: str, client: Client, db: None) -> None:
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
            _check(persona, case, target, response, world, is_api=False, label=f"{case.method.upper()} {url}")


@pytest.mark.parametrize("key", sorted(API), ids=lambda k: f"{k[0]} {k[1]}" if isinstance(k, tuple) else str(k))
def test_api_operations_admit_exactly_the_personas_in_scope(key: tuple[str, str], client: Client, db: None) -> None:
    world = build_world()
    method, template = key
    case = API[key]
    for target in case.targets:
        for persona in PERSONAS:
            headers: dict[str, str] = {}
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
            _check(persona, case, target, response, world, is_api=True, label=f"{method} {url}")
