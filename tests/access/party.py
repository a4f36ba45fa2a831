"""Access rows of the party pages and API (``jiedao/party``).

Party-member records are for the admin, the party office and the party-mass centre
(``READ``); keeping them (external training, targets) for the admin and the party
office. Union, labour and other staff are refused at the gate (403); another
sub-district's admin passes it and finds nothing of 凉城 (404, empty lists). A
resident sees their own membership; the worker (王秀英) is the secretary of 秀苑's
branch and reviews its self-study; the jobseeker (李建国) is a newly transferred 三新
member. Names of party members never reach anyone else.
"""

from typing import Any

from jiedao.party.models import CommitteeMember
from jiedao.party.tests.conftest import party_of, pending_entry
from jiedao.testing import World
from tests.access.common import ANY_USER, Case, Target

READ = {"admin", "party", "centre"}
READ_ANYWHERE = READ | {"other_admin"}
MANAGE = {"admin", "party"}
MANAGE_ANYWHERE = MANAGE | {"other_admin"}
MEMBERS = {"worker", "jobseeker"}


def setup(w: World) -> dict[str, Any]:
    party_of(w)
    return {}


def member(w: World) -> dict[str, Any]:
    return {"pk": party_of(w).member.pk}


def newcomer(w: World) -> dict[str, Any]:
    return {"pk": party_of(w).newcomer.pk}


def evidence_entry(w: World) -> dict[str, Any]:
    return {"pk": party_of(w).entry.pk}


def fresh_entry(w: World) -> dict[str, Any]:
    return {"pk": pending_entry(party_of(w)).pk}


def branch(w: World) -> dict[str, Any]:
    return {"pk": party_of(w).xiuyuan.pk}


def lecture(w: World) -> dict[str, Any]:
    return {"pk": party_of(w).lecture.pk}


def committee_row(w: World) -> dict[str, Any]:
    setup = party_of(w)
    row, _ = CommitteeMember.objects.get_or_create(
        subdistrict=setup.xiuyuan.subdistrict, branch=setup.xiuyuan, person=setup.member.person
    )
    return {"pk": setup.xiuyuan.pk, "row": row.pk}


def member_name(w: World) -> str:
    return w.people["party_member"].name


PAGES = {
    "party:index": Case(targets=[Target(READ_ANYWHERE, setup, leak=lambda w: "非公企业联合党支部", sees=READ)]),
    "party:members": Case(targets=[Target(READ_ANYWHERE, setup, leak=member_name, sees=READ)]),
    "party:branch_create": Case(targets=[Target(MANAGE_ANYWHERE)]),
    "party:branch": Case(targets=[Target(READ, branch)], gate=READ_ANYWHERE),
    "party:branch_edit": Case(targets=[Target(MANAGE, branch, leak=member_name)], gate=MANAGE_ANYWHERE),
    "party:committee_add": Case(
        "post",
        [Target(MANAGE, branch, data=lambda w: {"member": party_of(w).member.pk, "post": "member"}, status=302)],
        gate=MANAGE_ANYWHERE,
    ),
    "party:committee_remove": Case("post", [Target(MANAGE, committee_row, status=302)], gate=MANAGE_ANYWHERE),
    "party:lecture": Case(targets=[Target(READ, lecture, leak=lambda w: "新中国史")], gate=READ_ANYWHERE),
    "party:lecture_invite": Case(
        "post",
        [Target(READ, lecture, data=lambda w: {"branches": [party_of(w).enterprise.pk]}, status=302)],
        gate=READ_ANYWHERE,
    ),
    "party:branch_secretary": Case(
        targets=[Target(MANAGE, lambda w: {"pk": party_of(w).xiuyuan.pk}, leak=member_name)], gate=MANAGE_ANYWHERE
    ),
    "party:member_enrol": Case(targets=[Target(MANAGE_ANYWHERE)]),
    "party:member_edit": Case(targets=[Target(MANAGE, member)], gate=MANAGE_ANYWHERE),
    "party:member_transfer_out": Case(targets=[Target(MANAGE, member)], gate=MANAGE_ANYWHERE),
    "party:member": Case(targets=[Target(READ, member, leak=member_name)], gate=READ_ANYWHERE),
    "party:external_create": Case(targets=[Target(MANAGE, member)], gate=MANAGE_ANYWHERE),
    "party:target": Case(targets=[Target(MANAGE, member)], gate=MANAGE_ANYWHERE),
    "party:remind": Case("post", [Target(READ, newcomer, status=302)], gate=READ_ANYWHERE),
    "party:ledger": Case(targets=[Target(READ_ANYWHERE, setup, leak=member_name, sees=READ)]),
    "party:rules": Case(targets=[Target(MANAGE_ANYWHERE)]),
    "party:ledger_export": Case(
        "post", [Target(READ_ANYWHERE, setup, data=lambda w: {"year": 2020}, status=302)], gate=READ_ANYWHERE
    ),
    "party:lectures": Case(targets=[Target(READ_ANYWHERE, setup, leak=lambda w: "新中国史", sees=READ)]),
    "party:lecture_create": Case(targets=[Target(READ_ANYWHERE)]),
    "party:onboarding": Case(
        targets=[Target(READ_ANYWHERE, setup, leak=lambda w: w.people["jobseeker"].name, sees=READ | {"jobseeker"})]
    ),
    "party:me": Case(targets=[Target(ANY_USER, setup)]),
    "party:study_submit": Case(targets=[Target(MEMBERS, setup)], gate=ANY_USER),
    "party:reviews": Case(targets=[Target({"worker"}, setup, leak=member_name)], gate=ANY_USER),
    "party:review": Case(
        "post", [Target({"worker"}, fresh_entry, data=lambda w: {"approve": "1"}, status=302)], gate=ANY_USER
    ),
    "party:evidence": Case(targets=[Target(READ | {"worker"}, evidence_entry)], gate=ANY_USER),
}

API: dict[tuple[str, str], Case] = {
    ("GET", "/party/study-hours"): Case(targets=[Target(READ_ANYWHERE, setup, leak=member_name, sees=READ)]),
    ("GET", "/party/study-hours/me"): Case(targets=[Target(MEMBERS, setup)], gate=ANY_USER),
    ("GET", "/party/onboarding"): Case(
        targets=[Target(READ_ANYWHERE, setup, leak=lambda w: w.people["jobseeker"].name, sees=READ | {"jobseeker"})]
    ),
    ("GET", "/party/onboarding/me"): Case(targets=[Target({"jobseeker"}, setup)], gate=ANY_USER),
}
