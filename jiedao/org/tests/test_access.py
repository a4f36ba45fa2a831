import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from jiedao.accounts.actor import actor_for
from jiedao.org.access import (
    area_for_actor,
    areas_visible_to,
    grid_for_actor,
    subdistrict_for_actor,
    unit_for_actor,
    units_visible_to,
)
from jiedao.testing import World


def test_every_staff_role_sees_the_whole_org_tree_of_its_sub_district(world: World) -> None:
    for name in (
        "admin",
        "union",
        "labour",
        "party",
        "centre",
        "xiuyuan",
        "zhonghong",
        "jiachun",
        "counsellor",
        "lixiang",
    ):
        actor = actor_for(world.users[name])
        assert set(areas_visible_to(actor)) == {world.xiuyuan, world.zhonghong}, name
        assert set(units_visible_to(actor)) == {world.jiachun, world.gongzhi, world.office, world.school}, name


def test_a_resident_sees_no_org_entries(world: World) -> None:
    actor = actor_for(world.users["worker"])
    assert not areas_visible_to(actor).exists()
    with pytest.raises(Http404):
        unit_for_actor(actor, world.jiachun.pk)
    with pytest.raises(Http404):
        subdistrict_for_actor(actor)


def test_an_admin_of_another_sub_district_gets_404_even_for_update(world: World) -> None:
    other = actor_for(world.users["other_admin"])
    for lookup, obj in ((area_for_actor, world.xiuyuan), (grid_for_actor, world.grid), (unit_for_actor, world.jiachun)):
        with pytest.raises(Http404):
            lookup(other, obj.pk)
        with pytest.raises(Http404):
            lookup(other, obj.pk, for_update=True)


def test_a_union_chair_can_read_but_not_take_an_entry_for_update(world: World) -> None:
    chair = actor_for(world.users["xiuyuan"])
    assert unit_for_actor(chair, world.jiachun.pk) == world.jiachun
    with pytest.raises(PermissionDenied):
        unit_for_actor(chair, world.jiachun.pk, for_update=True)
    with pytest.raises(PermissionDenied):
        subdistrict_for_actor(chair, for_update=True)


def test_the_admin_takes_an_entry_for_update(world: World) -> None:
    admin = actor_for(world.users["admin"])
    assert area_for_actor(admin, world.xiuyuan.pk, for_update=True) == world.xiuyuan
    assert subdistrict_for_actor(admin, for_update=True) == world.liangcheng
