from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries, Settings

from jiedao.core.models import AuditEntry
from jiedao.core.validators import build_credit_code
from jiedao.org.models import Grid, ResidentialArea, Unit
from jiedao.testing import World, make_area, make_person, make_unit, numbered


def login(client: Client, world: World, name: str) -> Client:
    client.force_login(world.users[name])
    return client


def read_urls(world: World) -> list[str]:
    return [
        reverse("org:index"),
        reverse("org:area_detail", args=[world.xiuyuan.pk]),
        reverse("org:unit_list"),
        reverse("org:unit_detail", args=[world.jiachun.pk]),
    ]


def edit_urls(world: World) -> list[str]:
    return [
        reverse("org:subdistrict_edit"),
        reverse("org:area_create"),
        reverse("org:area_edit", args=[world.xiuyuan.pk]),
        reverse("org:grid_create"),
        reverse("org:grid_edit", args=[world.grid.pk]),
        reverse("org:unit_create"),
        reverse("org:unit_edit", args=[world.jiachun.pk]),
    ]


# Who gets in ---------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_the_login_page(client: Client, world: World) -> None:
    response = client.get(reverse("org:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_resident_is_refused_every_org_page(client: Client, world: World) -> None:
    login(client, world, "worker")
    for url in read_urls(world) + edit_urls(world):
        assert client.get(url).status_code == 403, url


def test_a_union_chair_can_view_but_not_edit(client: Client, world: World) -> None:
    login(client, world, "xiuyuan")
    for url in read_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "/edit/" not in html and "/new/" not in html, url
    for url in edit_urls(world):
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("org:unit_edit", args=[world.jiachun.pk]), {"name": "改名", "kind": "office"})
    assert response.status_code == 403
    world.jiachun.refresh_from_db()
    assert world.jiachun.name == "上海嘉春装饰设计工程有限公司"


def test_the_admin_of_another_sub_district_gets_404_on_liangcheng_entries(client: Client, world: World) -> None:
    login(client, world, "other_admin")
    urls = [
        reverse("org:area_detail", args=[world.xiuyuan.pk]),
        reverse("org:area_edit", args=[world.xiuyuan.pk]),
        reverse("org:grid_edit", args=[world.grid.pk]),
        reverse("org:unit_detail", args=[world.jiachun.pk]),
        reverse("org:unit_edit", args=[world.jiachun.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name": "曲阳路的改名"}).status_code in (404, 405), url
    assert not AuditEntry.objects.exists()


def test_the_admin_of_another_sub_district_sees_only_its_own_tree(client: Client, world: World) -> None:
    login(client, world, "other_admin")
    index = client.get(reverse("org:index")).content.decode()
    assert "曲阳路街道" in index and "玉田" in index
    assert "秀苑" not in index
    units = client.get(reverse("org:unit_list")).content.decode()
    assert "嘉春" not in units


# What the pages show --------------------------------------------------------


def test_the_index_shows_the_sub_district_and_area_counts(client: Client, world: World) -> None:
    response = login(client, world, "union").get(reverse("org:index"))
    areas = {a.name: a for a in response.context["page"].object_list}
    assert (areas["秀苑"].grid_count, areas["秀苑"].unit_count, areas["秀苑"].resident_count) == (1, 1, 2)
    assert (areas["中虹"].grid_count, areas["中虹"].unit_count, areas["中虹"].resident_count) == (0, 0, 2)
    subdistrict = response.context["subdistrict"]
    assert (subdistrict.area_count, subdistrict.grid_count, subdistrict.unit_count) == (2, 1, 4)
    assert subdistrict.resident_count == 4  # 曲阳路's resident is not counted
    html = response.content.decode()
    assert "凉城新村街道" in html and "310109016" in html
    assert "新建居民区" not in html  # not an admin


def test_the_area_page_lists_its_grids_and_the_units_in_them(client: Client, world: World) -> None:
    response = login(client, world, "admin").get(reverse("org:area_detail", args=[world.xiuyuan.pk]))
    html = response.content.decode()
    assert "第一网格" in html
    assert "上海嘉春装饰设计工程有限公司" in html
    assert "上海共志通信信息技术发展有限公司" not in html  # in no grid of 秀苑
    assert response.context["resident_count"] == 2
    assert reverse("org:grid_edit", args=[world.grid.pk]) in html


def test_the_unit_list_filters_by_kind_name_and_area(client: Client, world: World) -> None:
    login(client, world, "labour")

    def names(**params: Any) -> list[str]:
        response = client.get(reverse("org:unit_list"), params)
        assert response.status_code == 200
        return [u.name for u in response.context["page"].object_list]

    assert names(kind="office") == ["街道总工会"]
    assert names(q="共志") == ["上海共志通信信息技术发展有限公司"]
    assert names(q=world.jiachun.credit_code.lower()) == ["上海嘉春装饰设计工程有限公司"]
    assert names(residential_area=world.xiuyuan.pk) == ["上海嘉春装饰设计工程有限公司"]
    assert len(names()) == 4
    assert names(residential_area=world.quyang_area.pk) == names()  # not a choice: the filter is ignored


def test_the_unit_list_paginates(client: Client, world: World, settings: Settings) -> None:
    settings.JIEDAO_PAGE_SIZE = 3
    login(client, world, "admin")
    first = client.get(reverse("org:unit_list"))
    assert len(first.context["page"].object_list) == 3
    assert "第 1 / 2 页" in first.content.decode()
    query: dict[str, int | str] = {"page": 2, "kind": ""}
    second = client.get(reverse("org:unit_list"), query)
    assert len(second.context["page"].object_list) == 1


def test_the_unit_page_shows_its_grid_and_registered_employees(client: Client, world: World) -> None:
    response = login(client, world, "jiachun").get(reverse("org:unit_detail", args=[world.jiachun.pk]))
    html = response.content.decode()
    assert world.jiachun.credit_code in html
    assert "秀苑" in html and "第一网格" in html
    assert response.context["employee_count"] == 1


# Forms -----------------------------------------------------------------------


def test_the_admin_creates_a_unit_through_the_form(client: Client, world: World) -> None:
    code = build_credit_code("52310109MJ4999999")
    response = login(client, world, "admin").post(
        reverse("org:unit_create"),
        {
            "name": "凝新志愿者工作室",
            "kind": "social_org",
            "credit_code": code,
            "grid": world.grid.pk,
            "headcount": "3",
        },
    )
    unit = Unit.objects.get(name="凝新志愿者工作室")
    assert response.status_code == 302
    assert response["Location"] == reverse("org:unit_detail", args=[unit.pk])
    assert (unit.subdistrict, unit.grid, unit.headcount, unit.credit_code) == (world.liangcheng, world.grid, 3, code)
    assert AuditEntry.objects.filter(object_type="org.unit", action="create").count() == 1


def test_the_unit_form_shows_chinese_errors_next_to_the_fields(client: Client, world: World) -> None:
    response = login(client, world, "admin").post(
        reverse("org:unit_create"),
        {"name": world.gongzhi.name, "kind": "enterprise", "credit_code": "", "headcount": "-5"},
    )
    assert response.status_code == 400  # a form sent back with errors
    form = response.context["form"]
    assert form.errors == {
        "name": [f"本街道已有名为“{world.gongzhi.name}”的单位。"],
        "credit_code": ["企业必须填写统一社会信用代码。"],
        "headcount": ["职工人数不能为负数。"],
    }
    html = response.content.decode()
    assert 'id="id_credit_code_error"' in html
    assert 'aria-describedby="id_credit_code_error id_credit_code_helptext"' in html
    assert "提交的内容有误" in html
    assert Unit.objects.count() == 4


def test_the_admin_edits_an_area_and_cannot_take_a_taken_name(client: Client, world: World) -> None:
    login(client, world, "admin")
    url = reverse("org:area_edit", args=[world.zhonghong.pk])
    assert client.get(url).context["form"].initial["name"] == "中虹"
    response = client.post(url, {"name": "秀苑"})
    assert response.context["form"].errors == {"name": ["本街道已有名为“秀苑”的居民区。"]}
    response = client.post(url, {"name": "中虹二村", "address": "中山北一路"})
    assert response.status_code == 302
    assert ResidentialArea.objects.get(pk=world.zhonghong.pk).address == "中山北一路"


def test_the_admin_creates_a_grid_preselected_from_the_area_page(client: Client, world: World) -> None:
    login(client, world, "admin")
    form = client.get(reverse("org:grid_create"), {"area": world.zhonghong.pk}).context["form"]
    assert str(form["residential_area"].value()) == str(world.zhonghong.pk)
    response = client.post(reverse("org:grid_create"), {"residential_area": world.zhonghong.pk, "name": "第一网格"})
    assert response["Location"] == reverse("org:area_detail", args=[world.zhonghong.pk])
    assert Grid.objects.filter(residential_area=world.zhonghong, name="第一网格").exists()


def test_the_grid_form_offers_no_area_of_another_sub_district(client: Client, world: World) -> None:
    login(client, world, "admin")
    response = client.post(reverse("org:grid_create"), {"residential_area": world.quyang_area.pk, "name": "第九网格"})
    assert "residential_area" in response.context["form"].errors
    assert not Grid.objects.filter(name="第九网格").exists()


def test_the_admin_corrects_the_sub_district_codes(client: Client, world: World) -> None:
    login(client, world, "admin")
    url = reverse("org:subdistrict_edit")
    data = {"name": "凉城新村街道", "code": "310110016", "district_name": "虹口区", "district_code": "310109"}
    response = client.post(url, data)
    assert response.context["form"].errors == {"code": ["街道区划代码应以所属区代码 310109 开头。"]}
    response = client.post(url, {**data, "code": "310109016", "name": "凉城新村街道办事处"})
    assert response.status_code == 302
    world.liangcheng.refresh_from_db()
    assert world.liangcheng.name == "凉城新村街道办事处"


# Query counts ------------------------------------------------------------------


def grow(world: World, n: int, prefix: str) -> None:
    """n more areas, each with a grid, an enterprise in it and a resident;
    n more enterprises and grids in 秀苑; n more residents of 秀苑."""
    for i in range(n):
        area = make_area(world.liangcheng, f"{prefix}居民区{i:03d}")
        grid = Grid.objects.create(subdistrict=world.liangcheng, residential_area=area, name="第一网格")
        make_unit(world.liangcheng, f"{prefix}企业{i:03d}", grid=grid)
        make_unit(world.liangcheng, f"{prefix}秀苑企业{i:03d}", grid=world.grid)
        Grid.objects.create(subdistrict=world.liangcheng, residential_area=world.xiuyuan, name=f"{prefix}网格{i:03d}")
        make_person(world.liangcheng, numbered(f"{prefix}居民", i, 3), area=area)
        make_person(world.liangcheng, numbered(f"{prefix}秀苑居民", i, 3), area=world.xiuyuan)


@pytest.mark.parametrize("size", [6, 46])
@pytest.mark.parametrize(
    ("name", "params", "expected"),
    [
        ("org:index", {}, 5),
        ("org:area_detail", {"page": 2}, 7),
        ("org:unit_list", {"q": "企业", "kind": "enterprise"}, 5),
        ("org:unit_list", {"residential_area": "AREA", "page": 2}, 6),
    ],
)
def test_pages_keep_a_constant_number_of_queries(
    client: Client,
    world: World,
    settings: Settings,
    django_assert_num_queries: DjangoAssertNumQueries,
    name: str,
    params: dict[str, Any],
    expected: int,
    size: int,
) -> None:
    settings.JIEDAO_PAGE_SIZE = 5
    login(client, world, "admin")
    url = reverse(name, args=[world.xiuyuan.pk]) if name == "org:area_detail" else reverse(name)
    params = {k: (world.xiuyuan.pk if v == "AREA" else v) for k, v in params.items()}
    grow(world, size, "新")
    with django_assert_num_queries(expected):
        assert client.get(url, params).status_code == 200
