"""Access rows of the union network (``jiedao/unions``).

The sub-district admin and the federation see every union; an area union chair the
joint unions of their area and the enterprise unions in it; an enterprise union chair
their unit's union. Coverage is for the admin, the federation and the area chairs
(their area only). The union's own review is its chair's (秀苑's area chair sees 嘉春's
union, in 秀苑, but does not review it: 403); the second review, transfers, leaving and
reinstatement also the federation's. Every resident may apply (我要入会).

Rows that change state build a fresh object per persona (``kwargs`` is called for each).
"""

import itertools
from typing import Any

from jiedao.testing import World, make_person, make_unit
from jiedao.unions.models import CoveredUnit, Membership, MembershipStatus
from jiedao.unions.tests.conftest import unions_of
from tests.access.common import ANY_USER, STAFF, Case, Target

READ = {"admin", "union", "xiuyuan", "zhonghong", "jiachun", "other_admin"}
COVERAGE = {"admin", "union", "xiuyuan", "zhonghong", "other_admin"}
REVIEW = {"union", "xiuyuan", "zhonghong", "jiachun"}
SEE_JIACHUN = {"admin", "union", "xiuyuan", "jiachun"}
MEMBER = "宋春华"
APPLICANT = "龚丽娟"
_n = itertools.count()
_letters = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"


def _fresh_name() -> str:
    i = next(_n)
    n = len(_letters)
    return f"上海凉城{_letters[i % n]}{_letters[i // n % n]}商贸有限公司"


def setup(w: World) -> dict[str, Any]:
    unions_of(w)
    return {}


def jiachun_union(w: World) -> dict[str, Any]:
    return {"pk": unions_of(w).jiachun_union.pk}


def xiuyuan_joint(w: World) -> dict[str, Any]:
    return {"pk": unions_of(w).xiuyuan_joint.pk}


def _membership(w: World, status: str) -> Membership:
    s = unions_of(w)
    person = make_person(w.liangcheng, APPLICANT, area=w.xiuyuan, employer=w.jiachun, roles={"is_worker"})
    extra: dict[str, Any] = {}
    if status in (MembershipStatus.ACTIVE, MembershipStatus.LEFT):
        extra = {"card_number": f"GH2020-T{person.pk}", "joined_on": "2020-01-01"}
    return Membership.objects.create(
        subdistrict=w.liangcheng, person=person, union=s.jiachun_union, employer=w.jiachun, status=status, **extra
    )


def pending(w: World) -> dict[str, Any]:
    return {"pk": _membership(w, MembershipStatus.PENDING_UNION).pk}


def active(w: World) -> dict[str, Any]:
    return {"pk": _membership(w, MembershipStatus.ACTIVE).pk}


def left(w: World) -> dict[str, Any]:
    return {"pk": _membership(w, MembershipStatus.LEFT).pk}


def fresh_unit(w: World) -> dict[str, Any]:
    return {"unit": make_unit(w.liangcheng, _fresh_name(), grid=w.grid, headcount=5).pk}


def fresh_cover(w: World) -> dict[str, Any]:
    s = unions_of(w)
    unit = make_unit(w.liangcheng, _fresh_name(), grid=w.grid, headcount=5)
    return {"pk": CoveredUnit.objects.create(subdistrict=w.liangcheng, union=s.xiuyuan_joint, unit=unit).pk}


def pending_applicant(w: World) -> dict[str, Any]:
    _membership(w, MembershipStatus.PENDING_UNION)
    return {}


MANAGE = {"union", "jiachun"}
NOT_PERSONS = dict.fromkeys(STAFF | {"other_admin"}, 409)

PAGES = {
    "unions:index": Case(targets=[Target(READ, setup, leak=lambda w: "嘉春公司工会", sees=SEE_JIACHUN)]),
    "unions:create": Case(targets=[Target({"union"})]),
    "unions:edit": Case(targets=[Target({"union"}, jiachun_union)]),
    "unions:detail": Case(targets=[Target(SEE_JIACHUN, jiachun_union, leak=lambda w: MEMBER)], gate=READ),
    "unions:cover": Case("post", [Target({"union"}, xiuyuan_joint, data=fresh_unit, status=302)]),
    "unions:uncover": Case("post", [Target({"union"}, fresh_cover, status=302)]),
    "unions:coverage": Case(
        targets=[Target(COVERAGE, setup, leak=lambda w: "第一网格", sees={"admin", "union", "xiuyuan"})]
    ),
    "unions:to_organise": Case(
        targets=[
            Target(COVERAGE, setup, leak=lambda w: "上海秀苑未建会服务有限公司", sees={"admin", "union", "xiuyuan"})
        ]
    ),
    "unions:applications": Case(
        targets=[Target(REVIEW, pending_applicant, leak=lambda w: APPLICANT, sees={"jiachun"})]
    ),
    "unions:decide": Case(
        "post",
        [Target({"jiachun"}, pending, data=lambda w: {"approve": "1"}, status=302, readers={"union", "xiuyuan"})],
        gate=REVIEW,
    ),
    "unions:leave": Case(
        "post",
        [Target(MANAGE, active, data=lambda w: {"reason": "本人申请"}, status=302, readers={"xiuyuan"})],
        gate=REVIEW,
    ),
    "unions:reinstate": Case("post", [Target(MANAGE, left, status=302, readers={"xiuyuan"})], gate=REVIEW),
    "unions:transfer": Case(
        "post",
        [
            Target(
                MANAGE,
                active,
                data=lambda w: {"union": unions_of(w).xiuyuan_joint.pk},
                status=302,
                readers={"xiuyuan"},
            )
        ],
        gate=REVIEW,
    ),
    "unions:join": Case(targets=[Target(ANY_USER, setup)]),
}

API = {
    ("GET", "/unions"): Case(targets=[Target(READ, setup, leak=lambda w: "嘉春公司工会", sees=SEE_JIACHUN)]),
    ("GET", "/unions/coverage"): Case(
        targets=[Target(COVERAGE, setup, leak=lambda w: "秀苑", sees={"admin", "union", "xiuyuan"})]
    ),
    ("POST", "/unions/applications"): Case(
        targets=[
            Target(
                {"worker"},
                setup,
                data=lambda w: {},
                status=201,
                answers={**NOT_PERSONS, "jobseeker": 422},
            )
        ],
        gate=ANY_USER,
    ),
    ("GET", "/unions/{pk}/members"): Case(
        targets=[Target(SEE_JIACHUN, jiachun_union, leak=lambda w: MEMBER)], gate=READ
    ),
    ("GET", "/unions/memberships"): Case(targets=[Target(READ, setup, leak=lambda w: MEMBER, sees=SEE_JIACHUN)]),
    ("GET", "/unions/me/memberships"): Case(targets=[Target(ANY_USER, setup)]),
    ("POST", "/unions/applications/{pk}/decision"): Case(
        targets=[Target({"jiachun"}, pending, data=lambda w: {"approve": True}, readers={"union", "xiuyuan"})],
        gate=REVIEW,
    ),
}
