from typing import Any

import pytest
from django.db import IntegrityError, transaction

from jiedao.accounts.actor import actor_for
from jiedao.accounts.models import Role, RoleAssignment
from jiedao.testing import World


def _assign(world: World, user: str, role: str, **scope: Any) -> RoleAssignment:
    return RoleAssignment.objects.create(subdistrict=world.liangcheng, user=world.users[user], role=role, **scope)


@pytest.mark.parametrize(
    ("role", "scope"),
    [
        (Role.UNION_FEDERATION, {}),
        (Role.AREA_UNION_CHAIR, {"residential_area": "xiuyuan"}),
        (Role.ENTERPRISE_UNION_CHAIR, {"unit": "jiachun"}),
    ],
)
def test_the_same_role_in_the_same_scope_cannot_be_given_twice(world: World, role: str, scope: dict[str, str]) -> None:
    resolved = {key: getattr(world, value) for key, value in scope.items()}
    _assign(world, "counsellor", role, **resolved)
    with pytest.raises(IntegrityError), transaction.atomic():
        _assign(world, "counsellor", role, **resolved)


def test_one_role_may_cover_two_areas(world: World) -> None:
    _assign(world, "counsellor", Role.AREA_UNION_CHAIR, residential_area=world.zhonghong)
    _assign(world, "counsellor", Role.AREA_UNION_CHAIR, residential_area=world.xiuyuan)
    actor = actor_for(world.users["counsellor"])
    assert actor.area_ids(Role.AREA_UNION_CHAIR) == {world.xiuyuan.pk, world.zhonghong.pk}


@pytest.mark.parametrize(
    ("role", "scope"),
    [
        (Role.AREA_UNION_CHAIR, {}),  # a chair needs an area
        (Role.ENTERPRISE_UNION_CHAIR, {"residential_area": "xiuyuan"}),  # ... and this one a unit
        (Role.SUBDISTRICT_ADMIN, {"unit": "jiachun"}),  # an office acts for the whole sub-district
    ],
)
def test_a_role_takes_only_its_own_kind_of_scope(world: World, role: str, scope: dict[str, str]) -> None:
    resolved = {key: getattr(world, value) for key, value in scope.items()}
    with pytest.raises(IntegrityError), transaction.atomic():
        _assign(world, "counsellor", role, **resolved)


def test_assignments_in_another_sub_district_give_no_power(world: World) -> None:
    RoleAssignment.objects.create(subdistrict=world.quyang, user=world.users["worker"], role=Role.SUBDISTRICT_ADMIN)
    assert Role.SUBDISTRICT_ADMIN not in actor_for(world.users["worker"]).roles
