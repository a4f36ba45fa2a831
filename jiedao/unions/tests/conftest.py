"""Shared set-up of the union tests: ``unions_of(world)`` builds (once per world) the
federation, a joint union for 秀苑 and one for 中虹 (by residential area), the enterprise
union of 嘉春 (秀苑's grid) with 宋春华 (its chair, a worker there) an active member
— the worker 王秀英 is a union member in the registry but has no membership row yet — a small enterprise of
秀苑 covered by 秀苑's joint union and one uncovered."""

from dataclasses import dataclass

import pytest

from jiedao.accounts.actor import Actor, actor_for
from jiedao.org.models import Unit
from jiedao.testing import World, make_person, make_unit
from jiedao.unions.models import (
    CoveredUnit,
    JointBasis,
    Membership,
    MembershipStatus,
    UnionKind,
    UnionOfficer,
    UnionOrganisation,
)


@dataclass
class UnionsSetup:
    federation: UnionOrganisation
    xiuyuan_joint: UnionOrganisation
    zhonghong_joint: UnionOrganisation
    jiachun_union: UnionOrganisation
    small: Unit
    uncovered: Unit
    member_membership: Membership


def unions_of(w: World) -> UnionsSetup:
    found = w.extras.get("unions")
    if isinstance(found, UnionsSetup):
        return found
    sd = w.liangcheng
    federation = UnionOrganisation.objects.create(subdistrict=sd, name="凉城新村街道总工会", kind=UnionKind.FEDERATION)
    xiuyuan_joint = UnionOrganisation.objects.create(
        subdistrict=sd,
        name="秀苑居民区联合工会",
        kind=UnionKind.JOINT,
        basis=JointBasis.AREA,
        parent=federation,
        residential_area=w.xiuyuan,
    )
    zhonghong_joint = UnionOrganisation.objects.create(
        subdistrict=sd,
        name="中虹居民区联合工会",
        kind=UnionKind.JOINT,
        basis=JointBasis.AREA,
        parent=federation,
        residential_area=w.zhonghong,
    )
    jiachun_union = UnionOrganisation.objects.create(
        subdistrict=sd, name="嘉春公司工会", kind=UnionKind.ENTERPRISE, parent=xiuyuan_joint, unit=w.jiachun
    )
    UnionOfficer.objects.create(subdistrict=sd, union=jiachun_union, post="chair", name="宋春华")
    small = make_unit(sd, "上海秀苑小微商贸有限公司", grid=w.grid, headcount=8)
    uncovered = make_unit(sd, "上海秀苑未建会服务有限公司", grid=w.grid, headcount=30)
    CoveredUnit.objects.create(subdistrict=sd, union=xiuyuan_joint, unit=small)
    member = make_person(sd, "宋春华", area=w.xiuyuan, employer=w.jiachun, roles={"is_worker", "is_union_member"})
    membership = Membership.objects.create(
        subdistrict=sd,
        person=member,
        union=jiachun_union,
        employer=w.jiachun,
        status=MembershipStatus.ACTIVE,
        card_number="GH2020-MEMBERCARD",
        joined_on="2020-03-01",
    )
    setup = UnionsSetup(federation, xiuyuan_joint, zhonghong_joint, jiachun_union, small, uncovered, membership)
    w.extras["unions"] = setup
    return setup


def actor(w: World, persona: str) -> Actor:
    return actor_for(w.users[persona])


@pytest.fixture
def unions(world: World) -> UnionsSetup:
    return unions_of(world)
