import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from jiedao.core.models import AuditEntry
from jiedao.core.validators import build_credit_code
from jiedao.org.models import Grid, Unit
from jiedao.org.tests.helpers import ApiAs, ApiClient
from jiedao.testing import World, make_unit


@pytest.fixture
def admin_api(world: World, api_as: ApiAs) -> ApiClient:
    return api_as(world.users["admin"])


# Who gets in ---------------------------------------------------------------


def test_it_refuses_a_request_without_a_token(client: Client, world: World) -> None:
    response = client.get("/api/v1/org/units")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_a_resident_is_refused_with_403(world: World, api_as: ApiAs) -> None:
    api = api_as(world.users["worker"])
    for path in ("/areas", "/grids", "/units", f"/units/{world.jiachun.pk}"):
        response = api.get(path)
        assert response.status_code == 403, path
        assert response.json()["code"] == "forbidden"


def test_the_admin_of_another_sub_district_gets_404_on_liangcheng_entries(world: World, api_as: ApiAs) -> None:
    api = api_as(world.users["other_admin"])
    for path in (f"/areas/{world.xiuyuan.pk}", f"/grids/{world.grid.pk}", f"/units/{world.jiachun.pk}"):
        assert api.get(path).status_code == 404, path
        response = api.patch(path, {"name": "改名"})
        assert response.status_code == 404, path
        assert response.json() == {"code": "not_found", "message": "未找到该对象。", "details": {}}
    assert api.get("/units").json() == {"items": [], "count": 0}
    assert [a["name"] for a in api.get("/areas").json()["items"]] == ["玉田"]
    assert not AuditEntry.objects.exists()


def test_the_admin_of_another_sub_district_cannot_attach_a_liangcheng_grid(world: World, api_as: ApiAs) -> None:
    api = api_as(world.users["other_admin"])
    response = api.post("/units", {"name": "曲阳路某中心", "kind": "institution", "grid": world.grid.pk})
    assert response.status_code == 400
    assert response.json()["details"] == {"grid": ["所选对象不存在或不属于本街道。"]}


def test_a_union_chair_can_read_but_not_write(world: World, api_as: ApiAs) -> None:
    api = api_as(world.users["zhonghong"])
    assert api.get(f"/units/{world.jiachun.pk}").json()["name"] == "上海嘉春装饰设计工程有限公司"
    assert api.patch(f"/units/{world.jiachun.pk}", {"headcount": 1}).status_code == 403
    assert api.post("/areas", {"name": "新区"}).status_code == 403
    assert api.post("/grids", {"residential_area": world.zhonghong.pk, "name": "第二网格"}).status_code == 403
    world.jiachun.refresh_from_db()
    assert world.jiachun.headcount == 36


# Lists ---------------------------------------------------------------------


def test_lists_have_the_items_and_count_shape(world: World, admin_api: ApiClient) -> None:
    areas = admin_api.get("/areas").json()
    assert areas == {
        "count": 2,
        "items": [
            {
                "id": world.zhonghong.pk,
                "name": "中虹",
                "address": "",
                "grid_count": 0,
                "unit_count": 0,
                "resident_count": 2,
            },
            {
                "id": world.xiuyuan.pk,
                "name": "秀苑",
                "address": "",
                "grid_count": 1,
                "unit_count": 1,
                "resident_count": 2,
            },
        ],
    }
    grids = admin_api.get("/grids", residential_area=world.xiuyuan.pk).json()
    assert grids == {
        "count": 1,
        "items": [
            {
                "id": world.grid.pk,
                "name": "第一网格",
                "residential_area": world.xiuyuan.pk,
                "residential_area_name": "秀苑",
                "unit_count": 1,
            }
        ],
    }
    units = admin_api.get("/units", kind="enterprise", residential_area=world.xiuyuan.pk).json()
    assert units["count"] == 1
    assert units["items"][0] == {
        "id": world.jiachun.pk,
        "name": "上海嘉春装饰设计工程有限公司",
        "kind": "enterprise",
        "kind_label": "企业",
        "credit_code": world.jiachun.credit_code,
        "address": "",
        "grid": world.grid.pk,
        "grid_name": "第一网格",
        "residential_area": world.xiuyuan.pk,
        "headcount": 36,
    }


def test_the_unit_list_searches_by_name(world: World, admin_api: ApiClient) -> None:
    body = admin_api.get("/units", q="共志").json()
    assert [u["name"] for u in body["items"]] == ["上海共志通信信息技术发展有限公司"]


def test_lists_paginate_with_limit_and_offset(world: World, admin_api: ApiClient) -> None:
    for i in range(5):
        make_unit(world.liangcheng, f"企业{i}")
    all_names = [u["name"] for u in admin_api.get("/units", limit=100).json()["items"]]
    assert len(all_names) == 9
    page = admin_api.get("/units", limit=3, offset=3).json()
    assert page["count"] == 9
    assert [u["name"] for u in page["items"]] == all_names[3:6]
    assert admin_api.get("/units", limit=3, offset=99).json() == {"items": [], "count": 9}


@pytest.mark.parametrize("size", [2, 30])
@pytest.mark.parametrize("path", ["/areas", "/grids", "/units"])
def test_lists_keep_a_constant_number_of_queries(
    client: Client,
    world: World,
    admin_api: ApiClient,
    django_assert_num_queries: DjangoAssertNumQueries,
    path: str,
    size: int,
) -> None:
    for i in range(size):
        area = world.liangcheng.residentialarea_set.create(name=f"新{i}")
        grid = Grid.objects.create(subdistrict=world.liangcheng, residential_area=area, name="第一网格")
        make_unit(world.liangcheng, f"新企业{i}", grid=grid)
    admin_api.get(path)  # the first request also stamps the token's last use
    with django_assert_num_queries(3):  # token with user and role assignments, count, one page
        assert admin_api.get(path, limit=50).status_code == 200


# Writes --------------------------------------------------------------------


def test_the_admin_creates_and_updates_a_unit(world: World, admin_api: ApiClient) -> None:
    code = build_credit_code("91310109MA1H00001")
    response = admin_api.post(
        "/units",
        {"name": "上海启航职业技能培训学校", "kind": "school", "credit_code": code.lower(), "grid": world.grid.pk},
    )
    assert response.status_code == 201
    created = response.json()
    assert (created["credit_code"], created["grid"], created["residential_area"]) == (
        code,
        world.grid.pk,
        world.xiuyuan.pk,
    )

    response = admin_api.patch(f"/units/{created['id']}", {"headcount": 12, "grid": None})
    assert response.status_code == 200
    assert (response.json()["headcount"], response.json()["grid"]) == (12, None)
    unit = Unit.objects.get(pk=created["id"])
    assert (unit.headcount, unit.grid_id, unit.credit_code, unit.kind) == (12, None, code, "school")
    entries = AuditEntry.objects.filter(object_type="org.unit", object_id=str(unit.pk)).order_by("id")
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[1].detail == {"changes": {"grid": [world.grid.pk, None], "headcount": [0, 12]}}


def test_a_bad_unit_gets_the_one_error_shape_with_details_per_field(world: World, admin_api: ApiClient) -> None:
    response = admin_api.post(
        "/units", {"name": "某公司", "kind": "enterprise", "credit_code": "91310109MA1G0010", "headcount": -1}
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "message": "提交的数据有误。",
        "details": {
            "credit_code": ["统一社会信用代码无效（应为18位，且校验码正确）。"],
            "headcount": ["职工人数不能为负数。"],
        },
    }
    assert not Unit.objects.filter(name="某公司").exists()


def test_an_update_that_breaks_a_rule_changes_nothing(world: World, admin_api: ApiClient) -> None:
    response = admin_api.patch(f"/units/{world.jiachun.pk}", {"headcount": 99, "credit_code": ""})
    assert response.status_code == 400
    assert response.json()["details"] == {"credit_code": ["企业必须填写统一社会信用代码。"]}
    world.jiachun.refresh_from_db()
    assert world.jiachun.headcount == 36


def test_a_payload_of_the_wrong_type_is_a_422(world: World, admin_api: ApiClient) -> None:
    response = admin_api.post("/units", {"name": "某公司", "kind": "office", "headcount": "many"})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_request"


def test_the_admin_creates_and_renames_an_area(world: World, admin_api: ApiClient) -> None:
    response = admin_api.post("/areas", {"name": "凉城三村", "address": "凉城路"})
    assert response.status_code == 201
    area = response.json()
    assert area == {
        "id": area["id"],
        "name": "凉城三村",
        "address": "凉城路",
        "grid_count": 0,
        "unit_count": 0,
        "resident_count": 0,
    }
    response = admin_api.patch(f"/areas/{area['id']}", {"name": "秀苑"})
    assert response.status_code == 400
    assert response.json()["details"] == {"name": ["本街道已有名为“秀苑”的居民区。"]}
    response = admin_api.patch(f"/areas/{area['id']}", {"name": "凉城四村"})
    assert response.json()["name"] == "凉城四村"
    assert response.json()["address"] == "凉城路"


def test_the_admin_creates_and_moves_a_grid(world: World, admin_api: ApiClient) -> None:
    response = admin_api.post("/grids", {"residential_area": world.zhonghong.pk, "name": "第一网格"})
    assert response.status_code == 201
    grid_id = response.json()["id"]
    response = admin_api.patch(f"/grids/{grid_id}", {"residential_area": world.xiuyuan.pk})
    assert response.status_code == 400
    assert response.json()["details"] == {"name": ["居民区“秀苑”已有名为“第一网格”的网格。"]}
    response = admin_api.patch(f"/grids/{grid_id}", {"residential_area": world.xiuyuan.pk, "name": "第二网格"})
    assert response.status_code == 200
    assert response.json()["residential_area_name"] == "秀苑"


def test_a_grid_cannot_be_put_in_another_sub_districts_area(world: World, admin_api: ApiClient) -> None:
    response = admin_api.post("/grids", {"residential_area": world.quyang_area.pk, "name": "第一网格"})
    assert response.status_code == 400
    assert response.json()["details"] == {"residential_area": ["所选对象不存在或不属于本街道。"]}
