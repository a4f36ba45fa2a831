import datetime as dt

import pytest
from pytest_django import DjangoAssertNumQueries

from jiedao.accounts.actor import actor_for
from jiedao.org.access import units_in_scope
from jiedao.people.dashboard import dashboard_figures
from jiedao.people.models import Person
from jiedao.people.services import person_values
from jiedao.testing import World, make_id_number, make_person, numbered


def by_name(figure: list[dict[str, object]]) -> dict[object, object]:
    return {item["name"]: item["value"] for item in figure}


def test_the_office_sees_figures_of_the_whole_sub_district(world: World) -> None:
    data = dashboard_figures(actor_for(world.users["admin"]))
    assert data["people_total"] == 4
    assert by_name(data["people_by_role"]) == {"职工": 2, "工会会员": 1, "党员": 1, "求职者": 1, "志愿者": 0}
    assert data["people_by_area"] == [{"name": "中虹", "value": 2}, {"name": "秀苑", "value": 2}]
    assert data["units_by_kind"] == [
        {"name": "街道办所", "value": 1},
        {"name": "企业", "value": 2},
        {"name": "培训学校", "value": 1},
    ]


def test_areas_are_listed_largest_first_and_people_without_one_last(world: World) -> None:
    make_person(world.liangcheng, "新秀苑", area=world.xiuyuan)
    make_person(world.liangcheng, "无居民区")
    data = dashboard_figures(actor_for(world.users["admin"]))
    assert data["people_by_area"] == [
        {"name": "秀苑", "value": 3},
        {"name": "中虹", "value": 2},
        {"name": "未登记居民区", "value": 1},
    ]


def test_an_area_chair_sees_only_the_area_and_the_units_on_its_grids(world: World) -> None:
    data = dashboard_figures(actor_for(world.users["xiuyuan"]))
    assert data["people_total"] == 2
    assert data["people_by_area"] == [{"name": "秀苑", "value": 2}]
    assert data["units_by_kind"] == [{"name": "企业", "value": 1}]
    assert list(units_in_scope(actor_for(world.users["xiuyuan"]))) == [world.jiachun]


def test_an_enterprise_chair_sees_only_the_employees_and_the_unit(world: World) -> None:
    data = dashboard_figures(actor_for(world.users["jiachun"]))
    assert data["people_total"] == 1
    assert by_name(data["people_by_role"])["工会会员"] == 1
    assert list(units_in_scope(actor_for(world.users["jiachun"]))) == [world.jiachun]


def test_a_chair_without_units_on_its_grids_counts_none(world: World) -> None:
    assert dashboard_figures(actor_for(world.users["zhonghong"]))["units_by_kind"] == []


def test_the_other_sub_district_sees_nothing_of_liangcheng(world: World) -> None:
    data = dashboard_figures(actor_for(world.users["other_admin"]))
    assert data["people_total"] == 1
    assert data["people_by_area"] == [{"name": "玉田", "value": 1}]
    assert data["units_by_kind"] == []


@pytest.mark.parametrize("size", [10, 1000])
def test_the_figures_cost_four_queries_whatever_the_size(
    world: World,
    django_assert_num_queries: DjangoAssertNumQueries,
    size: int,
) -> None:
    Person.objects.bulk_create(
        Person(
            **person_values(
                subdistrict_id=world.liangcheng.pk,
                name=numbered("测试", i, 4),
                id_number=make_id_number(birth=dt.date(1960, 1, 1) + dt.timedelta(days=i)),
                residential_area=world.xiuyuan if i % 3 else None,
                roles={"is_worker", "is_volunteer"} if i % 2 else {"is_job_seeker"},
            )
        )
        for i in range(size)
    )
    actor = actor_for(world.users["admin"])
    with django_assert_num_queries(4):  # roles, counts by area, the areas' names, units by kind
        data = dashboard_figures(actor)
    assert data["people_total"] == size + 4
    assert sum(item["value"] for item in data["people_by_area"]) == size + 4
