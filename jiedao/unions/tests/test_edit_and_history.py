"""Editing a union (with its officers, audited), members as of a past year-end, and
the membership API."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from jiedao.accounts.tokens import token_issue
from jiedao.core.errors import Conflict, Forbidden
from jiedao.core.models import AuditEntry
from jiedao.testing import World, make_person
from jiedao.unions import services
from jiedao.unions.models import Membership, MembershipStatus, UnionOfficer
from jiedao.unions.selectors import network
from jiedao.unions.selectors.coverage import coverage
from jiedao.unions.tests.conftest import UnionsSetup, actor
from jiedao.unions.tests.test_api import call

pytestmark = pytest.mark.django_db
# Fixed "now": the spells below are dated, and "a past year" must stay past.
NOW = dt.datetime(2024, 6, 1, 9, tzinfo=dt.UTC)


def _officers(union_id: int) -> list[tuple[str, str]]:
    return list(UnionOfficer.objects.filter(union_id=union_id).values_list("post", "name"))


def test_the_federation_edits_a_union_and_its_officers(world: World, unions: UnionsSetup) -> None:
    union = unions.jiachun_union
    officer = UnionOfficer.objects.get(union=union, post="chair")
    officer.person = world.people["worker"]
    officer.save()
    services.update_union(
        actor=actor(world, "union"),
        union_id=union.pk,
        name="嘉春装饰公司工会",
        parent=unions.federation,
        founded_on=dt.date(2010, 5, 1),
        registration_number="工法证字第123号",
        chair="宋春华",
        vice_chairs=["李明"],
        committee=["张华", "李明"],
    )
    union.refresh_from_db()
    assert (union.name, union.parent, union.founded_on) == ("嘉春装饰公司工会", unions.federation, dt.date(2010, 5, 1))
    assert _officers(union.pk) == [
        ("chair", "宋春华"),
        ("committee", "张华"),
        ("committee", "李明"),
        ("vice_chair", "李明"),
    ]
    # The chair stayed: the same row, still linked to the registry person.
    assert UnionOfficer.objects.get(pk=officer.pk).person == world.people["worker"]
    entry = AuditEntry.objects.filter(object_type__icontains="unionorganisation", action="update").latest("pk")
    changes = entry.detail["changes"]
    assert changes["name"] == ["嘉春公司工会", "嘉春装饰公司工会"]
    assert changes["officers"][0]["vice_chair"] == [] and changes["officers"][1]["vice_chair"] == ["李明"]


def test_edit_refusals(world: World, unions: UnionsSetup) -> None:
    fed = actor(world, "union")
    with pytest.raises(Forbidden):
        services.update_union(actor=actor(world, "xiuyuan"), union_id=unions.xiuyuan_joint.pk, name="x")
    with pytest.raises(ValidationError) as e:  # a joint union hangs under the federation
        services.update_union(
            actor=fed,
            union_id=unions.xiuyuan_joint.pk,
            name="秀苑居民区联合工会",
            parent=unions.zhonghong_joint,
            basis="area",
            residential_area=world.xiuyuan,
        )
    assert "parent" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.update_union(
            actor=fed, union_id=unions.xiuyuan_joint.pk, name="秀苑", parent=unions.federation, basis="grid"
        )
    assert "grid" in e.value.message_dict
    with pytest.raises(Conflict):
        services.update_union(
            actor=fed, union_id=unions.jiachun_union.pk, name="中虹居民区联合工会", parent=unions.federation
        )
    # A joint union by grid takes the grid's area.
    services.update_union(
        actor=fed,
        union_id=unions.xiuyuan_joint.pk,
        name="秀苑网格联合工会",
        parent=unions.federation,
        basis="grid",
        grid=world.grid,
    )
    unions.xiuyuan_joint.refresh_from_db()
    assert (unions.xiuyuan_joint.grid, unions.xiuyuan_joint.residential_area) == (world.grid, world.xiuyuan)


def test_the_edit_page(client: Client, world: World, unions: UnionsSetup) -> None:
    client.force_login(world.users["union"])
    url = reverse("unions:edit", args=[unions.jiachun_union.pk])
    page = client.get(url).content.decode()
    assert "宋春华" in page and "组建方式" not in page  # an enterprise union has no basis
    answer = client.post(url, {"name": "", "parent": unions.federation.pk, "chair": "宋春华"})
    assert answer.status_code == 400
    answer = client.post(url, {"name": "嘉春工会", "parent": unions.xiuyuan_joint.pk, "chair": "王秀英"})
    assert answer.status_code == 302
    assert _officers(unions.jiachun_union.pk) == [("chair", "王秀英")]


def _spells(world: World, unions: UnionsSetup) -> Membership:
    """赵德明: a member of 嘉春's union from 2021-03-01, transferred to 秀苑's joint
    union on 2022-07-01, left on 2023-02-01."""
    person = make_person(world.liangcheng, "赵德明", area=world.xiuyuan, employer=world.jiachun, roles={"is_worker"})
    first = Membership.objects.create(
        subdistrict=world.liangcheng,
        person=person,
        union=unions.jiachun_union,
        employer=world.jiachun,
        status=MembershipStatus.TRANSFERRED,
        card_number="GH2021-ZHAODEMING",
        joined_on=dt.date(2021, 3, 1),
        ended_on=dt.date(2022, 7, 1),
    )
    return Membership.objects.create(
        subdistrict=world.liangcheng,
        person=person,
        union=unions.xiuyuan_joint,
        employer=unions.small,
        status=MembershipStatus.LEFT,
        card_number="GH2021-ZHAODEMING",
        joined_on=dt.date(2022, 7, 1),
        ended_on=dt.date(2023, 2, 1),
        previous=first,
    )


@time_machine.travel(NOW, tick=False)
def test_members_as_of_a_past_year_end(world: World, unions: UnionsSetup) -> None:
    _spells(world, unions)

    def names(union: Any, year: int | None) -> set[str]:
        return {m.person.name for m in network.members_of(union, network.as_of_year(year))}

    assert names(unions.jiachun_union, 2020) == {"宋春华"}
    assert names(unions.jiachun_union, 2021) == {"宋春华", "赵德明"}
    assert names(unions.jiachun_union, 2022) == {"宋春华"}
    assert names(unions.xiuyuan_joint, 2022) == {"赵德明"}
    assert names(unions.xiuyuan_joint, 2023) == set()
    assert names(unions.jiachun_union, None) == names(unions.jiachun_union, 2024) == {"宋春华"}
    listed = network.union_list(actor(world, "union"), as_of=dt.date(2021, 12, 31))
    counts = {u.name: u.member_count for u in listed}  # type: ignore[attr-defined]
    assert (counts["嘉春公司工会"], counts["秀苑居民区联合工会"]) == (2, 0)
    # Coverage of a past year counts the spells where the member worked then.
    xiuyuan_2022 = next(r for r in coverage(subdistrict_id=world.liangcheng.pk, year=2022) if r.name == "秀苑")
    assert xiuyuan_2022.members == 2  # 宋春华 at 嘉春, 赵德明 at the small enterprise
    xiuyuan_2019 = next(r for r in coverage(subdistrict_id=world.liangcheng.pk, year=2019) if r.name == "秀苑")
    assert xiuyuan_2019.members == 0


@time_machine.travel(NOW, tick=False)
def test_the_detail_page_lists_a_past_year(client: Client, world: World, unions: UnionsSetup) -> None:
    _spells(world, unions)
    client.force_login(world.users["union"])
    url = reverse("unions:detail", args=[unions.jiachun_union.pk])
    assert "赵德明" not in client.get(url).content.decode()
    page = client.get(url, {"year": 2021}).content.decode()
    assert "赵德明" in page and "2021-12-31" in page


@time_machine.travel(NOW, tick=False)
def test_membership_api(client: Client, world: World, unions: UnionsSetup, django_assert_num_queries: Any) -> None:
    last = _spells(world, unions)
    raw, _ = token_issue(user=world.users["union"])
    members = f"/api/v1/unions/{unions.jiachun_union.pk}/members?year=2021"
    headers = {"Authorization": f"Bearer {raw}"}
    client.get(members, headers=headers)  # the token's first use
    with django_assert_num_queries(4):  # token with roles; the union; the page and its count
        body = client.get(members, headers=headers).json()
    assert body["count"] == 2 and {i["person"]["name"] for i in body["items"]} == {"宋春华", "赵德明"}
    history = call(client, world, "union", "get", f"/memberships?person={last.person_id}").json()
    assert [(i["status"], i["union"]["name"], i["previous"]) for i in history["items"]] == [
        ("left", "秀苑居民区联合工会", last.previous_id),
        ("transferred", "嘉春公司工会", None),
    ]
    # 中虹's chair sees neither union.
    assert call(client, world, "zhonghong", "get", f"/memberships?person={last.person_id}").json()["count"] == 0
    assert call(client, world, "zhonghong", "get", f"/{unions.jiachun_union.pk}/members").status_code == 404
    assert call(client, world, "worker", "get", "/me/memberships").json() == {"items": [], "count": 0}
    services.apply(actor=actor(world, "worker"), person=world.people["worker"])
    mine = call(client, world, "worker", "get", "/me/memberships").json()["items"]
    assert [(i["status"], i["union"]["name"]) for i in mine] == [("pending_union", "嘉春公司工会")]


def test_a_refused_reinstatement_is_a_message_not_an_error_page(
    client: Client, world: World, unions: UnionsSetup
) -> None:
    left = unions.member_membership
    services.leave(actor=actor(world, "union"), membership_id=left.pk, reason="调离")
    client.force_login(world.users["union"])
    url = reverse("unions:reinstate", args=[left.pk])
    assert client.post(url).status_code == 302
    again = client.post(url, follow=True)
    assert again.status_code == 200 and "该会籍已恢复过" in again.content.decode()
