from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from jiedao.accounts.actor import Actor, actor_for
from jiedao.core.models import AuditEntry
from jiedao.core.validators import build_credit_code
from jiedao.org.models import Grid, ResidentialArea, Unit
from jiedao.org.services import (
    area_create,
    area_update,
    grid_create,
    grid_update,
    subdistrict_update,
    unit_create,
    unit_update,
)
from jiedao.testing import World

GOOD_CODE = build_credit_code("91310109MA1G99999")


@pytest.fixture
def admin(world: World) -> Actor:
    return actor_for(world.users["admin"])


def errors_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_it_creates_a_unit_and_writes_the_audit_log(world: World, admin: Actor) -> None:
    unit = unit_create(
        actor=admin,
        subdistrict_id=world.liangcheng.pk,
        name=" 上海启航职业技能培训学校 ",
        kind=Unit.Kind.TRAINING_SCHOOL,
        grid=world.grid,
        headcount=12,
    )
    assert unit.name == "上海启航职业技能培训学校"
    entry = AuditEntry.objects.get(object_type="org.unit", object_id=str(unit.pk))
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.actor_name == "admin"
    assert entry.subdistrict_id == world.liangcheng.pk
    assert entry.detail["values"]["grid"] == world.grid.pk


def test_it_refuses_an_invalid_credit_code_with_a_chinese_message(world: World, admin: Actor) -> None:
    bad = GOOD_CODE[:-1] + ("0" if GOOD_CODE[-1] != "0" else "1")
    with pytest.raises(ValidationError) as excinfo:
        unit_create(
            actor=admin, subdistrict_id=world.liangcheng.pk, name="某公司", kind=Unit.Kind.ENTERPRISE, credit_code=bad
        )
    assert errors_of(excinfo) == {"credit_code": ["统一社会信用代码无效（应为18位，且校验码正确）。"]}
    assert not Unit.objects.filter(name="某公司").exists()
    assert not AuditEntry.objects.filter(object_type="org.unit").exists()


def test_it_refuses_an_enterprise_without_a_credit_code(world: World, admin: Actor) -> None:
    with pytest.raises(ValidationError) as excinfo:
        unit_create(actor=admin, subdistrict_id=world.liangcheng.pk, name="某公司", kind=Unit.Kind.ENTERPRISE)
    assert errors_of(excinfo)["credit_code"] == ["企业必须填写统一社会信用代码。"]


def test_it_accepts_a_social_organisation_without_a_credit_code(world: World, admin: Actor) -> None:
    unit = unit_create(
        actor=admin, subdistrict_id=world.liangcheng.pk, name="凝新志愿者工作室", kind=Unit.Kind.SOCIAL_ORGANISATION
    )
    assert unit.credit_code == ""


def test_it_normalises_a_lower_case_credit_code_with_spaces(world: World, admin: Actor) -> None:
    unit = unit_create(
        actor=admin,
        subdistrict_id=world.liangcheng.pk,
        name="某公司",
        kind=Unit.Kind.ENTERPRISE,
        credit_code=f" {GOOD_CODE[:9].lower()} {GOOD_CODE[9:]} ",
    )
    assert unit.credit_code == GOOD_CODE


def test_it_refuses_a_credit_code_already_registered_in_the_same_sub_district(world: World, admin: Actor) -> None:
    with pytest.raises(ValidationError) as excinfo:
        unit_create(
            actor=admin,
            subdistrict_id=world.liangcheng.pk,
            name="另一家公司",
            kind=Unit.Kind.ENTERPRISE,
            credit_code=world.jiachun.credit_code,
        )
    assert errors_of(excinfo)["credit_code"] == ["本街道已有单位登记了该统一社会信用代码。"]


def test_another_sub_district_registers_the_same_credit_code_without_learning_of_the_first(world: World) -> None:
    # A refusal would tell the second tenant which enterprises the first has registered.
    other = actor_for(world.users["other_admin"])
    unit = unit_create(
        actor=other,
        subdistrict_id=world.quyang.pk,
        name="另一家公司",
        kind=Unit.Kind.ENTERPRISE,
        credit_code=world.jiachun.credit_code,
    )
    assert unit.credit_code == world.jiachun.credit_code
    unit_update(actor=other, unit=unit, name="改名公司", kind=Unit.Kind.ENTERPRISE, credit_code=unit.credit_code)
    assert Unit.objects.filter(credit_code=unit.credit_code).count() == 2


def test_the_database_keeps_a_credit_code_unique_within_a_sub_district(world: World) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.create(
            subdistrict=world.liangcheng,
            name="重复公司",
            kind=Unit.Kind.ENTERPRISE,
            credit_code=world.jiachun.credit_code,
        )
    Unit.objects.create(
        subdistrict=world.quyang, name="重复公司", kind=Unit.Kind.ENTERPRISE, credit_code=world.jiachun.credit_code
    )


def test_it_refuses_a_duplicate_unit_name_in_the_same_sub_district(world: World, admin: Actor) -> None:
    with pytest.raises(ValidationError) as excinfo:
        unit_create(actor=admin, subdistrict_id=world.liangcheng.pk, name=world.office.name, kind=Unit.Kind.OFFICE)
    assert errors_of(excinfo)["name"] == [f"本街道已有名为“{world.office.name}”的单位。"]


def test_it_allows_the_same_unit_name_in_another_sub_district(world: World) -> None:
    other = actor_for(world.users["other_admin"])
    unit = unit_create(actor=other, subdistrict_id=world.quyang.pk, name=world.office.name, kind=Unit.Kind.OFFICE)
    assert unit.subdistrict_id == world.quyang.pk


def test_it_refuses_a_grid_of_another_sub_district_for_a_unit(world: World) -> None:
    quyang_grid = Grid.objects.create(subdistrict=world.quyang, residential_area=world.quyang_area, name="第一网格")
    other = actor_for(world.users["other_admin"])
    with pytest.raises(ValidationError) as excinfo:
        unit_update(
            actor=other,
            unit=world.office,
            name=world.office.name,
            kind=world.office.kind,
            grid=quyang_grid,
        )
    assert errors_of(excinfo) == {"grid": ["该网格不属于本街道。"]}
    world.office.refresh_from_db()
    assert world.office.grid_id is None


def test_it_refuses_a_negative_headcount_and_reports_every_problem_at_once(world: World, admin: Actor) -> None:
    with pytest.raises(ValidationError) as excinfo:
        unit_create(actor=admin, subdistrict_id=world.liangcheng.pk, name="", kind="bank", headcount=-1)
    assert errors_of(excinfo) == {
        "name": ["此项不能为空。"],
        "kind": ["请选择有效的单位类型。"],
        "headcount": ["职工人数不能为负数。"],
    }


def test_it_records_only_the_changed_fields_of_a_unit(world: World, admin: Actor) -> None:
    unit_update(
        actor=admin,
        unit=world.jiachun,
        name=world.jiachun.name,
        kind=world.jiachun.kind,
        credit_code=world.jiachun.credit_code,
        grid=world.grid,
        headcount=40,
    )
    entry = AuditEntry.objects.get(object_type="org.unit", action=AuditEntry.Action.UPDATE)
    assert entry.detail == {"changes": {"headcount": [36, 40]}}
    world.jiachun.refresh_from_db()
    assert world.jiachun.headcount == 40


def test_it_writes_nothing_when_an_update_changes_nothing(world: World, admin: Actor) -> None:
    area_update(actor=admin, area=world.xiuyuan, name="秀苑", address="")
    assert not AuditEntry.objects.exists()


def test_it_refuses_a_duplicate_area_name(world: World, admin: Actor) -> None:
    with pytest.raises(ValidationError) as excinfo:
        area_create(actor=admin, subdistrict_id=world.liangcheng.pk, name="  中虹 ")
    assert errors_of(excinfo) == {"name": ["本街道已有名为“中虹”的居民区。"]}


def test_it_renames_an_area_and_logs_old_and_new_names(world: World, admin: Actor) -> None:
    area_update(actor=admin, area=world.zhonghong, name="中虹二村", address="")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE)
    assert entry.detail == {"changes": {"name": ["中虹", "中虹二村"]}}
    assert ResidentialArea.objects.get(pk=world.zhonghong.pk).name == "中虹二村"


def test_it_refuses_a_grid_in_an_area_of_another_sub_district(world: World, admin: Actor) -> None:
    with pytest.raises(ValidationError) as excinfo:
        grid_create(
            actor=admin, subdistrict_id=world.liangcheng.pk, residential_area=world.quyang_area, name="第二网格"
        )
    assert errors_of(excinfo) == {"residential_area": ["该居民区不属于本街道。"]}
    assert not Grid.objects.filter(name="第二网格").exists()


def test_it_refuses_a_duplicate_grid_name_in_one_area_but_not_across_areas(world: World, admin: Actor) -> None:
    with pytest.raises(ValidationError) as excinfo:
        grid_create(actor=admin, subdistrict_id=world.liangcheng.pk, residential_area=world.xiuyuan, name="第一网格")
    assert errors_of(excinfo) == {"name": ["居民区“秀苑”已有名为“第一网格”的网格。"]}
    grid = grid_create(
        actor=admin, subdistrict_id=world.liangcheng.pk, residential_area=world.zhonghong, name="第一网格"
    )
    assert grid.residential_area == world.zhonghong


def test_it_moves_a_grid_to_another_area(world: World, admin: Actor) -> None:
    grid_update(actor=admin, grid=world.grid, residential_area=world.zhonghong, name="第一网格")
    entry = AuditEntry.objects.get(object_type="org.grid")
    assert entry.detail == {"changes": {"residential_area": [world.xiuyuan.pk, world.zhonghong.pk]}}


def test_it_updates_the_sub_district_codes(world: World, admin: Actor) -> None:
    subdistrict_update(
        actor=admin,
        subdistrict=world.liangcheng,
        name="凉城新村街道办事处",
        code=" 310109016 ",
        district_name="虹口区",
        district_code="310109",
    )
    world.liangcheng.refresh_from_db()
    assert world.liangcheng.name == "凉城新村街道办事处"
    assert AuditEntry.objects.get(object_type="org.subdistrict").subdistrict_id == world.liangcheng.pk


@pytest.mark.parametrize(
    ("code", "district_code", "errors"),
    [
        ("31010901", "310109", {"code": ["行政区划代码应为9位数字。"]}),
        ("310110016", "310109", {"code": ["街道区划代码应以所属区代码 310109 开头。"]}),
        ("310109016", "99010", {"district_code": ["行政区划代码应为6位数字。"]}),
        ("310109010", "310109", {"code": ["该区划代码已被其他街道使用。"]}),
    ],
)
def test_it_refuses_bad_division_codes(
    world: World, admin: Actor, code: str, district_code: str, errors: dict[str, list[str]]
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        subdistrict_update(
            actor=admin,
            subdistrict=world.liangcheng,
            name="凉城新村街道",
            code=code,
            district_name="虹口区",
            district_code=district_code,
        )
    assert errors_of(excinfo) == errors
    world.liangcheng.refresh_from_db()
    assert world.liangcheng.code == "310109016"


def test_it_reports_a_name_taken_by_a_concurrent_write_as_a_validation_error(
    world: World, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jiedao.core.services import others as real_others  # what jiedao.org.services imports as ``others``
    from jiedao.org import services

    calls: list[int | None] = []

    def blind_first_check(
        qs: QuerySet[Any], pk: int | None
    ) -> QuerySet[Any]:  # the check ran before the other writer committed
        calls.append(pk)
        return qs.none() if len(calls) == 1 else real_others(qs, pk)

    monkeypatch.setattr(services, "others", blind_first_check)
    with pytest.raises(ValidationError) as excinfo:
        area_create(actor=admin, subdistrict_id=world.liangcheng.pk, name="中虹")
    assert errors_of(excinfo) == {"name": ["本街道已有名为“中虹”的居民区。"]}
    assert len(calls) == 2
