"""The shared vocabulary of the access matrix: personas, targets and helpers.

Each programme keeps its rows in ``tests/access/<app>.py`` (``PAGES`` and ``API``
dicts in the same form as the core rows in ``tests/test_access_matrix.py``), which
the matrix test merges; the expected personas are written out by hand there.

Every persona gets one exact answer (``expected``), from the house's one access
rule (``docs/access.md``):

- allowed: the row's ``status`` (200 for a page, 302 for a form posted, what the
  operation answers in the API: 200, 201, 204);
- not signed in: 302 to the login page, 401 in the API;
- without the role the page or operation declares (not in the case's ``gate``): 403;
- sees the object but may not do this to it (the target's ``readers``): 403;
- anyone else who passes the gate: the object is outside their scope, 404.

What the rule does not decide (a staff member without a person record of their
own, a field error for an id in the payload) is written per persona in ``answers``.
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
    "party",
    "centre",
    "xiuyuan",
    "zhonghong",
    "jiachun",
    "counsellor",
    "supervisor",
    "lixiang",
    "handler",
    "legalsup",
    "worker",
    "jobseeker",
    "other_admin",
]
OFFICES = {"admin", "union", "labour", "party", "centre"}
CHAIRS = {"xiuyuan", "zhonghong", "jiachun"}
LEGAL_AID = {"handler", "legalsup"}
STAFF = OFFICES | CHAIRS | LEGAL_AID | {"counsellor", "supervisor", "lixiang"}
SIGNED_IN = STAFF | {"worker", "jobseeker"}
EVERYONE = set(PERSONAS)
# The other sub-district's admin: passes role gates, never sees 凉城's objects.
STAFF_ANYWHERE = STAFF | {"other_admin"}
OFFICES_ANYWHERE = OFFICES | {"other_admin"}

# Who passes each policy decorator (``jiedao/accounts/policy.py``), for ``Case.gate``:
ANY_USER = SIGNED_IN | {"other_admin"}  # @signed_in
#   STAFF_ANYWHERE                          @staff()
#   OFFICES_ANYWHERE                        @staff(*OFFICE_ROLES)
ADMINS = {"admin", "other_admin"}  # @staff(SUBDISTRICT_ADMIN)
REVEALERS = {"admin", "labour", "other_admin"}  # @staff(SUBDISTRICT_ADMIN, LABOUR_OFFICE)


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
    # What every allowed persona gets.
    status: int = 200
    # Personas who see the object but may not do this to it: 403, not 404.
    readers: set[str] = field(default_factory=set)
    # Answers the rule does not decide, by persona (a set where two are right).
    answers: dict[str, int | frozenset[int]] = field(default_factory=dict)


@dataclass
class Case:
    method: str = "get"
    targets: list[Target] = field(default_factory=list)
    # Who passes the page's or operation's policy decorator. None: exactly the
    # personas allowed by some target (a page without objects: every refusal is
    # the decorator's).
    gate: set[str] | None = None


def expected(persona: str, case: Case, target: Target, *, is_api: bool) -> int | frozenset[int]:
    """The one answer (or the set of right answers) ``persona`` gets for ``target``."""
    if persona in target.answers:
        return target.answers[persona]
    if persona in target.allowed:
        return target.status
    if persona == "anonymous":
        return 401 if is_api else 302
    gate = case.gate if case.gate is not None else set().union(*(t.allowed for t in case.targets))
    if persona not in gate or persona in target.readers:
        return 403
    return 404


def person(key: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"pk": w.people[key].pk}


def name_of(key: str) -> Callable[[World], str]:
    return lambda w: w.people[key].name


def full_id_of(key: str) -> Callable[[World], str]:
    return lambda w: w.people[key].id_number


def pk_of(attr: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"pk": getattr(w, attr).pk}


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


def lookup_targets(found: int) -> list[Target]:
    """A lookup by full ID number of each test person: ``found`` (the page: 302 to
    the person; the API: 200) in scope, not found (404) outside it, and never the
    person's name outside the scope, nor the number itself in any answer (``sees=set()``)."""

    def number(key: str) -> Callable[[World], dict[str, Any]]:
        return lambda w: {"id_number": w.people[key].id_number}

    return [
        Target(SEE_WORKER, data=number("worker"), leak=name_of("worker"), status=found),
        Target(SEE_ZHONGHONG_WORKER, data=number("zhonghong_worker"), leak=name_of("zhonghong_worker"), status=found),
        Target({"other_admin"}, data=number("quyang_resident"), leak=name_of("quyang_resident"), status=found),
        Target(SEE_WORKER, data=number("worker"), leak=full_id_of("worker"), sees=set(), status=found),
    ]


def new_person(w: World) -> dict[str, Any]:
    return {
        "name": "新居民",
        "id_number": make_id_number(),
        "residential_area": w.xiuyuan.pk,
        "roles": ["is_worker"],
    }
