"""The staff account list reads in a fixed number of queries, whatever the number of
accounts and roles (and whatever the filters): pinned exactly at two sizes."""

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries, Settings

from jiedao.accounts.models import Role
from jiedao.testing import World, make_user

SIZES = [2, 30]


def _grow(world: World, size: int) -> None:
    """``size`` more staff accounts, each with two roles, one of them scoped; every
    other one has not set its password yet."""
    for n in range(size):
        user = make_user(
            world.liangcheng,
            f"staff{n:03d}",
            (Role.PARTY_OFFICE, None),
            (Role.AREA_UNION_CHAIR, world.xiuyuan if n % 2 else world.zhonghong),
        )
        if n % 2:
            user.set_unusable_password()
            user.save()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("query", ["", "?q=staff", "?state=active&role=area_union_chair", "?state=pending&page=2"])
def test_the_staff_list(
    client: Client,
    world: World,
    settings: Settings,
    django_assert_num_queries: DjangoAssertNumQueries,
    size: int,
    query: str,
) -> None:
    settings.JIEDAO_PAGE_SIZE = 10
    _grow(world, size)
    client.force_login(world.users["admin"])
    # session, user with their role assignments (accounts.identity), count, one page, the page's roles
    with django_assert_num_queries(5):
        assert client.get(f"/accounts/staff/{query}").status_code == 200
