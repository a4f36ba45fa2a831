import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jiedao.testing import World, make_person, make_unit
from jiedao.unions.selectors import union_status_of_units
from jiedao.unions.selectors.coverage import coverage, total, uncovered_units, units_to_organise
from jiedao.unions.tests.conftest import UnionsSetup

pytestmark = pytest.mark.django_db


def this_year() -> int:
    """Today's year: its members are the registry's (a past year's come from the spells)."""
    return timezone.localdate().year


def test_union_status_of_units(world: World, unions: UnionsSetup) -> None:
    ids = [world.jiachun.pk, unions.small.pk, unions.uncovered.pk, world.gongzhi.pk]
    with CaptureQueriesContext(connection) as queries:
        status = union_status_of_units(subdistrict_id=world.liangcheng.pk, unit_ids=ids)
    assert status == {
        world.jiachun.pk: "own",
        unions.small.pk: "joint",
        unions.uncovered.pk: "none",
        world.gongzhi.pk: "none",
    }
    assert len(queries) == 2
    # Another sub-district's id of the same units finds nothing.
    assert set(union_status_of_units(subdistrict_id=world.quyang.pk, unit_ids=ids).values()) == {"none"}
    assert union_status_of_units(subdistrict_id=world.liangcheng.pk, unit_ids=[]) == {}


def test_coverage_per_area_from_the_registry(world: World, unions: UnionsSetup) -> None:
    make_person(world.liangcheng, "周小梅", employer=unions.small, roles={"is_worker", "is_union_member"})
    make_person(world.liangcheng, "吴大力", employer=unions.uncovered, roles={"is_worker"})
    rows = coverage(subdistrict_id=world.liangcheng.pk, year=this_year())
    by_name = {r.name: r for r in rows}
    xiuyuan = by_name["秀苑"]
    # 嘉春 (own union), the small one (joint), the uncovered one.
    assert (xiuyuan.enterprises, xiuyuan.with_union, xiuyuan.covered, xiuyuan.uncovered) == (3, 1, 1, 1)
    assert xiuyuan.should_organise == 1  # the uncovered one has 30 workers
    # 王秀英 and 宋春华 at 嘉春, 周小梅 and 吴大力.
    assert (xiuyuan.workers, xiuyuan.members) == (4, 3)
    assert str(xiuyuan.organised_rate) == "66.7"
    assert str(xiuyuan.membership_rate) == "75.0"
    assert [g.name for g in xiuyuan.grids] == ["第一网格"]
    assert by_name["中虹"].enterprises == 0 and by_name["中虹"].organised_rate is None
    unplaced = next(r for r in rows if r.area_id is None)  # 共志 has no grid
    assert unplaced.enterprises == 1 and unplaced.uncovered == 1
    assert total(rows).enterprises == 4
    # Before the union was founded, 嘉春 had none.
    unions.jiachun_union.founded_on = "2021-05-01"
    unions.jiachun_union.save()
    assert {r.name: r for r in coverage(subdistrict_id=world.liangcheng.pk, year=2020)}["秀苑"].with_union == 0


def test_an_area_chair_sees_their_area_only(world: World, unions: UnionsSetup) -> None:
    rows = coverage(subdistrict_id=world.liangcheng.pk, year=this_year(), area_ids=[world.zhonghong.pk])
    assert [r.name for r in rows] == ["中虹"]


def test_coverage_takes_a_constant_number_of_queries(world: World, unions: UnionsSetup) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            coverage(subdistrict_id=world.liangcheng.pk, year=this_year())
        return len(queries)

    before = count()
    for i in range(12):
        unit = make_unit(
            world.liangcheng, f"上海秀苑测试{'甲乙丙丁戊己庚辛壬癸子丑'[i]}有限公司", grid=world.grid, headcount=40
        )
        make_person(world.liangcheng, "测试职工", employer=unit, roles={"is_worker"})
    assert count() == before == 3


def test_lists_to_organise(world: World, unions: UnionsSetup) -> None:
    big = units_to_organise(subdistrict_id=world.liangcheng.pk, year=this_year())
    assert [u.name for u in big] == ["上海共志通信信息技术发展有限公司", "上海秀苑未建会服务有限公司"]
    none = uncovered_units(subdistrict_id=world.liangcheng.pk, year=this_year(), area_ids=[world.xiuyuan.pk])
    assert [u.name for u in none] == ["上海秀苑未建会服务有限公司"]
