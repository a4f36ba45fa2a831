"""Areas and units in a roster, written as people write them (``org.names``)."""

import pytest

from jiedao.people.models import Person
from jiedao.people.tests.roster_files import JIACHUN, problems, run, xlsx, zhang
from jiedao.testing import World, make_area


@pytest.mark.parametrize(
    "written",
    ["秀苑居民区", "秀苑居委会", "秀苑居民委员会", " 秀 苑 ", "秀苑\u3000", "\u3000秀苑居委会\t", "秀苑\u200b"],
)
def test_an_area_written_with_its_full_name_or_stray_spaces_is_the_registered_one(world: World, written: str) -> None:
    result = run(world, xlsx(zhang(居民区=written)))

    assert result.ok, result.errors
    assert Person.objects.get(name="张伟").residential_area == world.xiuyuan


def test_an_area_name_that_fits_two_areas_is_refused_with_the_row_and_the_choices(world: World) -> None:
    make_area(world.liangcheng, "秀苑居民区")

    result = run(world, xlsx(zhang(居民区="秀苑居委会")))

    assert problems(result) == [(2, "居民区")]
    assert "“秀苑”" in result.errors[0].message and "“秀苑居民区”" in result.errors[0].message
    assert not Person.objects.filter(name="张伟").exists()
    assert run(world, xlsx(zhang(居民区="秀苑"))).ok  # as registered: no doubt


def test_an_area_of_another_sub_district_is_still_unknown_whatever_its_suffix(world: World) -> None:
    result = run(world, xlsx(zhang(居民区="玉田居委会")))

    assert problems(result) == [(2, "居民区")] and "玉田居委会" in result.errors[0].message


@pytest.mark.parametrize("written", [f" {JIACHUN} ", JIACHUN.replace("装饰", "装饰 "), f"{JIACHUN}\u3000"])
def test_a_unit_written_with_stray_spaces_is_the_registered_one(world: World, written: str) -> None:
    result = run(world, xlsx(zhang(工作单位=written)))

    assert result.ok, result.errors
    assert Person.objects.get(name="张伟").employer == world.jiachun


@pytest.mark.parametrize("written", [JIACHUN.removesuffix("有限公司"), "嘉春装饰", f"{JIACHUN}居委会"])
def test_a_unit_is_otherwise_matched_exactly(world: World, written: str) -> None:
    assert problems(run(world, xlsx(zhang(工作单位=written)))) == [(2, "工作单位")]
