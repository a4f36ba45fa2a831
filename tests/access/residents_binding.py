"""Access rows of binding to the registry, registry claims, the step-up page and the
phone change (``jiedao/residents``, docs/residents.md).

The personas of ``common.py`` are all bound (residents) or staff. A signed-in but
unbound resident is made here: ``unbound_worker`` takes 王秀英's record away from the
worker's account before each request, so the persona "worker" meets these pages as a
resident who has just signed in by SMS; the job seeker stays bound.

- Binding and filing a claim: residents only (staff 403), an unbound one gets the
  page, a bound one is sent on (302).
- Claims: decided by the offices and the union chair of the claim's area
  (``residents.access``); the other area's chair and the other sub-district do not
  find it (404); every other role is refused by the gate (403).
- The staff's phone change: the same deciders, for the people of their area.
"""

import itertools
from typing import Any

from jiedao.people.models import Person
from jiedao.residents.claims import file_claim
from jiedao.residents.models import RegistryClaim
from jiedao.residents.tests.binding_helpers import new_resident
from jiedao.testing import World, make_id_number
from tests.access.common import ANY_USER, CHAIRS, OFFICES, STAFF, Case, Target

# Who passes @staff(*residents.access.DECIDER_ROLES): offices, area union chairs.
DECIDERS = OFFICES | {"xiuyuan", "zhonghong"}
DECIDERS_ANYWHERE = DECIDERS | {"other_admin"}
# Staff of every kind are no residents: 403 on the residents' binding pages.
NOT_RESIDENTS = dict.fromkeys(STAFF | CHAIRS | {"other_admin"}, 403)
CLAIMANT = "周凉城"
_claimants = itertools.count(1)


def unbound_worker(w: World) -> dict[str, Any]:
    Person.objects.filter(pk=w.people["worker"].pk).update(user=None)
    return {}


def _claim(w: World) -> RegistryClaim:
    """A claim of a new resident for 秀苑."""
    return file_claim(
        user=new_resident(w),
        name=f"{CLAIMANT}{'〇一二三四五六七八九'[next(_claimants) % 10]}",
        id_number=make_id_number(),
        residential_area_id=w.xiuyuan.pk,
        note="",
    )


def listed_claim(w: World) -> dict[str, Any]:
    """One pending claim of 秀苑, made once per world, for the list."""
    if "residents_claim" not in w.extras:
        w.extras["residents_claim"] = _claim(w)
    return {}


def a_claim(w: World) -> dict[str, Any]:
    listed_claim(w)
    claim = w.extras["residents_claim"]
    assert isinstance(claim, RegistryClaim)
    return {"pk": claim.pk}


def fresh_claim(w: World) -> dict[str, Any]:
    """A new pending claim for each persona: every allowed one decides the same situation."""
    return {"pk": _claim(w).pk}


PAGES = {
    # The worker, unbound, gets the form; the bound job seeker is sent on to next.
    "residents:bind": Case(
        targets=[Target({"worker"}, unbound_worker, answers={"jobseeker": 302, **NOT_RESIDENTS})], gate=ANY_USER
    ),
    "residents:claim": Case(
        targets=[Target({"worker"}, unbound_worker, answers={"jobseeker": 302, **NOT_RESIDENTS})], gate=ANY_USER
    ),
    # Signing in is a fresh proof: everyone signed in a moment ago is sent straight on.
    "residents:step_up": Case(targets=[Target(ANY_USER, status=302)]),
    "residents:phone": Case(targets=[Target(ANY_USER)]),
    # Signing in is a fresh proof: the two accounts with a person record of their own read
    # their own number; every other account goes back to "我的". (Stale sessions going to
    # the step-up page: jiedao/residents/tests.)
    "residents:own_id_number": Case(
        method="post",
        targets=[
            Target(
                ANY_USER,
                status=302,
                leak=lambda w: w.people["worker"].id_number,
                sees={"worker"},
                answers={"worker": 200, "jobseeker": 200},
            )
        ],
    ),
    # The other sub-district's admin opens the list but finds none of 凉城's claims.
    "residents:claims": Case(
        targets=[
            Target(
                DECIDERS_ANYWHERE,
                listed_claim,
                leak=lambda w: CLAIMANT,
                sees=OFFICES | {"xiuyuan"},
            )
        ]
    ),
    "residents:claim_detail": Case(
        targets=[Target(OFFICES | {"xiuyuan"}, a_claim, leak=lambda w: CLAIMANT)], gate=DECIDERS_ANYWHERE
    ),
    "residents:claim_confirm": Case(
        "post", [Target(OFFICES | {"xiuyuan"}, fresh_claim, status=302)], gate=DECIDERS_ANYWHERE
    ),
    "residents:claim_reject": Case(
        "post",
        [Target(OFFICES | {"xiuyuan"}, fresh_claim, data=lambda w: {"reason": "查无此人"}, status=302)],
        gate=DECIDERS_ANYWHERE,
    ),
    # The worker lives in 秀苑: its chair and the offices; 中虹's chair does not see them.
    "residents:staff_phone": Case(
        targets=[Target(OFFICES | {"xiuyuan"}, lambda w: {"pk": w.people["worker"].pk}, leak=lambda w: "王秀英")],
        gate=DECIDERS_ANYWHERE,
    ),
}

API = {
    # The unbound worker binds (200); the bound job seeker 409; staff 403.
    ("POST", "/me/bind"): Case(
        "post",
        [
            Target(
                {"worker"},
                unbound_worker,
                data=lambda w: {"name": "王秀英", "id_number": w.people["worker"].id_number},
                answers={"jobseeker": 409, **NOT_RESIDENTS},
            )
        ],
        gate=ANY_USER,
    ),
}
