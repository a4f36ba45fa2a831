"""``DemoContext``: ``get_or_create`` counts only the rows it made."""

from jiedao.demo.loader import DemoContext
from jiedao.org.models import Grid, ResidentialArea
from jiedao.testing import World


def test_get_or_create_counts_only_what_it_created(world: World) -> None:
    ctx = DemoContext(subdistrict=world.liangcheng)

    found, created = ctx.get_or_create(ResidentialArea, subdistrict=world.liangcheng, name="秀苑")
    assert (found, created) == (world.xiuyuan, False)
    assert ctx.created == {}

    made, created = ctx.get_or_create(
        ResidentialArea, subdistrict=world.liangcheng, name="凉城一村", defaults={"address": "凉城路1号"}
    )
    assert created
    assert ResidentialArea.objects.get(pk=made.pk).address == "凉城路1号"
    assert ctx.created == {"org.residentialarea": 1}

    again, created = ctx.get_or_create(
        ResidentialArea, subdistrict=world.liangcheng, name="凉城一村", defaults={"address": "别处"}
    )
    assert (again, created) == (made, False)
    assert again.address == "凉城路1号"  # defaults apply to a new row only
    assert ctx.created == {"org.residentialarea": 1}

    ctx.get_or_create(Grid, subdistrict=world.liangcheng, residential_area=made, name="第一网格")
    ctx.get_or_create(Grid, subdistrict=world.liangcheng, residential_area=made, name="第二网格")
    assert ctx.created == {"org.residentialarea": 1, "org.grid": 2}


def test_count_takes_a_model_or_a_row_and_ignores_zero(world: World) -> None:
    ctx = DemoContext(subdistrict=world.liangcheng)

    ctx.count(ResidentialArea, 0)
    assert "org.residentialarea" not in ctx.created

    ctx.count(ResidentialArea, 3)
    ctx.count(world.grid)
    assert ctx.created == {"org.residentialarea": 3, "org.grid": 1}
