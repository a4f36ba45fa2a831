"""The shared vocabulary of the access matrix: personas, targets and helpers.

Each programme keeps its rows in ``tests/access/<app>.py`` (``PAGES`` and ``API``
dicts in the same form as the core rows in ``tests/test_access_matrix.py``), which
the matrix test merges; the expected personas are written out by hand there.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from jiedao.testing import World, make_id_number

PERSONAS = [
    "anonymous",
    "admin",
    "union",
    "labour",
    "xiuyuan",
    "zhonghong",
    "jiachun",
    "counsellor",
    "supervisor",
    "worker",
    "jobseeker",
    "other_admin",
]
OFFICES = {"admin", "union", "labour"}
CHAIRS = {"xiuyuan", "zhonghong", "jiachun"}
STAFF = OFFICES | CHAIRS | {"counsellor", "supervisor"}
SIGNED_IN = STAFF | {"worker", "jobseeker"}
EVERYONE = set(PERSONAS)
# The other sub-district's admin: passes role gates, never sees 凉城's objects.
STAFF_ANYWHERE = STAFF | {"other_admin"}
OFFICES_ANYWHERE = OFFICES | {"other_admin"}


@dataclass
class Target:
    """One request and who gets through. ``leak`` is a text (a name, a full ID
    number) that no persona outside ``sees`` (default: ``allowed``) may receive,
    refused or not: an allowed list must not show what lies outside its scope."""

    allowed: set[str]
    kwargs: Callable[[World], dict[str, Any]] = lambda w: {}
    data: Callable[[World], dict[str, Any]] | None = None
    leak: Callable[[World], str] | None = None
    sees: set[str] | None = None
    # A foreign id in a payload is refused as a field error (400), which is fine too.
    refused: frozenset[int] = frozenset({403, 404})


@dataclass
class Case:
    method: str = "get"
    targets: list[Target] = field(default_factory=list)


def person(key: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"pk": w.people[key].pk}


def name_of(key: str) -> Callable[[World], str]:
    return lambda w: w.people[key].name


def full_id_of(key: str) -> Callable[[World], str]:
    return lambda w: w.people[key].id_number


def pk_of(attr: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"pk": getattr(w, attr).pk}


FIELD_ERROR = frozenset({400, 403, 404})
# Who may see each test person (the specification of people's scopes):
SEE_WORKER = OFFICES | {"xiuyuan", "jiachun"}  # 王秀英: lives in 秀苑, works at 嘉春
SEE_ZHONGHONG_WORKER = OFFICES | {"zhonghong"}  # 陈懿: lives in 中虹, works at 共志
BROWSE = OFFICES | CHAIRS | {"other_admin"}


def person_targets(allowed_worker: set[str], **extra: Any) -> list[Target]:
    return [
        Target(allowed_worker, person("worker"), leak=name_of("worker"), **extra),
        Target(SEE_ZHONGHONG_WORKER, person("zhonghong_worker"), leak=name_of("zhonghong_worker"), **extra),
        Target({"other_admin"}, person("quyang_resident"), leak=name_of("quyang_resident"), **extra),
    ]


def lookup_targets() -> list[Target]:
    """A lookup by full ID number of each test person: found (302 / 200) in scope,
    not found (404) outside it, and never the person's name outside the scope, nor
    the number itself in any answer (``sees=set()``)."""

    def number(key: str) -> Callable[[World], dict[str, Any]]:
        return lambda w: {"id_number": w.people[key].id_number}

    return [
        Target(SEE_WORKER, data=number("worker"), leak=name_of("worker")),
        Target(SEE_ZHONGHONG_WORKER, data=number("zhonghong_worker"), leak=name_of("zhonghong_worker")),
        Target({"other_admin"}, data=number("quyang_resident"), leak=name_of("quyang_resident")),
        Target(SEE_WORKER, data=number("worker"), leak=full_id_of("worker"), sees=set()),
    ]


def new_person(w: World) -> dict[str, Any]:
    return {
        "name": "新居民",
        "id_number": make_id_number(),
        "residential_area": w.xiuyuan.pk,
        "roles": ["is_worker"],
    }
