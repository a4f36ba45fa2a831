from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from jiedao.testing import World, make_unit
from jiedao.unions.models import Membership, MembershipStatus, UnionKind, UnionOrganisation
from jiedao.unions.tests.conftest import UnionsSetup

pytestmark = pytest.mark.django_db


def test_union_list_and_detail(
    client: Client, world: World, unions: UnionsSetup, django_assert_num_queries: Any
) -> None:
    client.force_login(world.users["union"])
    client.get(reverse("unions:index"))  # warm the session
    with django_assert_num_queries(4):
        page = client.get(reverse("unions:index")).content.decode()
    assert "嘉春公司工会" in page and "中虹居民区联合工会" in page
    detail = client.get(reverse("unions:detail", args=[unions.jiachun_union.pk])).content.decode()
    assert "宋春华" in detail and "GH2020-MEMBERCARD" in detail


def test_union_list_queries_do_not_grow(client: Client, world: World, unions: UnionsSetup) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.users["union"])
    client.get(reverse("unions:index"))

    def count() -> int:
        with CaptureQueriesContext(connection) as q:
            client.get(reverse("unions:index"))
        return len(q)

    before = count()
    for i, letter in enumerate("甲乙丙丁戊"):
        unit = make_unit(world.liangcheng, f"上海{letter}测试有限公司", grid=world.grid, headcount=30 + i)
        UnionOrganisation.objects.create(
            subdistrict=world.liangcheng,
            name=f"{letter}公司工会",
            kind=UnionKind.ENTERPRISE,
            parent=unions.federation,
            unit=unit,
        )
    assert count() == before


def test_coverage_and_to_organise_pages(client: Client, world: World, unions: UnionsSetup) -> None:
    client.force_login(world.users["xiuyuan"])
    page = client.get(reverse("unions:coverage"), {"year": 2026}).content.decode()
    assert "秀苑" in page and "66.7%" in page and "中虹" not in page
    page = client.get(reverse("unions:to_organise"), {"list": "uncovered"}).content.decode()
    assert "上海秀苑未建会服务有限公司" in page and "上海共志" not in page


def test_join_then_review_on_the_pages(client: Client, world: World, unions: UnionsSetup) -> None:
    client.force_login(world.users["worker"])
    page = client.get(reverse("unions:join")).content.decode()
    assert "嘉春公司工会" in page  # suggested by the employer
    answer = client.post(reverse("unions:join"), {"union": ""})
    assert answer.status_code == 302
    m = Membership.objects.get(person=world.people["worker"])
    assert m.status == MembershipStatus.PENDING_UNION
    client.force_login(world.users["jiachun"])
    assert "王秀英" in client.get(reverse("unions:applications")).content.decode()
    client.post(reverse("unions:decide", args=[m.pk]), {"approve": "1"})
    client.force_login(world.users["union"])
    client.post(reverse("unions:decide", args=[m.pk]), {"approve": "1"})
    m.refresh_from_db()
    assert m.status == MembershipStatus.ACTIVE
    client.force_login(world.users["worker"])
    page = client.get(reverse("unions:join")).content.decode()
    assert m.card_number in page and "总工会审核通过" in page


def test_a_refused_application_says_why(client: Client, world: World, unions: UnionsSetup) -> None:
    client.force_login(world.users["jobseeker"])
    answer = client.post(reverse("unions:join"), {"union": ""})
    assert answer.status_code == 400
    assert "不是在职职工" in answer.content.decode()


def test_the_federation_creates_a_joint_union_and_covers_a_unit(
    client: Client, world: World, unions: UnionsSetup
) -> None:
    client.force_login(world.users["union"])
    answer = client.post(
        reverse("unions:create"),
        {
            "name": "凉城楼宇联合工会",
            "kind": "joint",
            "basis": "building",
            "basis_detail": "凉城商务楼",
            "chair": "金晓",
            "vice_chairs": "李明、赵华",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    union = UnionOrganisation.objects.get(name="凉城楼宇联合工会")
    assert list(union.officers.values_list("post", "name")) == [
        ("chair", "金晓"),
        ("vice_chair", "李明"),
        ("vice_chair", "赵华"),
    ]
    client.post(reverse("unions:cover", args=[union.pk]), {"unit": unions.uncovered.pk})
    assert unions.uncovered.joint_cover.union == union
    bad = client.post(reverse("unions:create"), {"name": "缺居民区联合工会", "kind": "joint", "basis": "area"})
    assert bad.status_code == 400 and "请选择居民区" in bad.content.decode()


def test_the_transfer_list_shows_members_whose_employer_changed(
    client: Client, world: World, unions: UnionsSetup
) -> None:
    member = unions.member_membership.person
    member.employer = unions.small
    member.save()
    client.force_login(world.users["jiachun"])
    page = client.get(reverse("unions:detail", args=[unions.jiachun_union.pk])).content.decode()
    assert "需办理转会" in page
    client.post(
        reverse("unions:transfer", args=[unions.member_membership.pk]),
        {"union": unions.xiuyuan_joint.pk, "next": reverse("unions:detail", args=[unions.jiachun_union.pk])},
    )
    assert Membership.objects.get(person=member, status="active").union == unions.xiuyuan_joint


def test_the_federation_ends_a_cover(client: Client, world: World, unions: UnionsSetup) -> None:
    from jiedao.unions.models import CoveredUnit

    cover = CoveredUnit.objects.get(unit=unions.small)
    client.force_login(world.users["union"])
    assert "移出覆盖" in client.get(reverse("unions:detail", args=[unions.xiuyuan_joint.pk])).content.decode()
    answer = client.post(reverse("unions:uncover", args=[cover.pk]))
    assert answer.status_code == 302 and not CoveredUnit.objects.filter(pk=cover.pk).exists()
