"""``jiedao.core.services``: input cleaning with errors per field, values applied to
a model with a record of the changes, and the audit detail shapes."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st
from pytest_django import DjangoAssertNumQueries

from jiedao.core.services import (
    apply_values,
    change_detail,
    check_same_tenant,
    clean_long_text,
    clean_text,
    created_detail,
    json_value,
    model_update,
    new_errors,
    others,
    raise_if,
    withheld_changes,
)
from jiedao.org.models import ResidentialArea
from jiedao.people.models import Person
from jiedao.testing import World

# Text with every kind of whitespace Python's str.split() knows, ideographic space included.
texts = st.text(alphabet=st.sampled_from(["a", "居", "民", " ", "\t", "\n", "\r", "\u3000", "\xa0", "\u2003"]))


# clean_text -----------------------------------------------------------------------


def test_clean_text_trims_and_collapses_inner_whitespace() -> None:
    errors = new_errors()

    assert clean_text(errors, "name", "  凉城 \t 新村\u3000街道\n ", max_length=20) == "凉城 新村 街道"
    assert clean_text(errors, "name", None, max_length=20) == ""
    assert errors == {}


def test_clean_text_requires_a_value_when_asked() -> None:
    errors = new_errors()

    assert clean_text(errors, "name", " \n\t ", max_length=10, required=True) == ""
    clean_text(errors, "address", None, max_length=10, required=True)
    clean_text(errors, "note", "", max_length=10)

    assert errors == {"name": ["此项不能为空。"], "address": ["此项不能为空。"]}


def test_clean_text_names_the_limit_and_the_length() -> None:
    errors = new_errors()

    text = clean_text(errors, "name", "一二三  四五", max_length=4)

    assert text == "一二三 四五"  # returned even when too long, for the form to show again
    assert errors == {"name": ["最多4个字，当前6个字。"]}


def test_clean_text_adds_to_the_errors_of_the_field() -> None:
    errors = new_errors()
    errors["name"].append("已有的错误。")

    clean_text(errors, "name", "一二三", max_length=2)

    assert errors["name"] == ["已有的错误。", "最多2个字，当前3个字。"]


@given(value=texts, max_length=st.integers(min_value=0, max_value=12))
def test_clean_text_collapses_idempotently_and_checks_the_collapsed_length(value: str, max_length: int) -> None:
    errors = new_errors()

    text = clean_text(errors, "f", value, max_length=max_length)

    assert text == " ".join(value.split())
    assert len(text) <= len(value)
    assert text == text.strip() and "  " not in text
    again = new_errors()
    assert clean_text(again, "f", text, max_length=max_length) == text
    assert bool(errors) == (len(text) > max_length)
    assert bool(again) == bool(errors)


@given(value=texts)
def test_clean_text_required_errs_iff_nothing_but_whitespace(value: str) -> None:
    errors = new_errors()

    clean_text(errors, "f", value, max_length=1000, required=True)

    assert bool(errors) == (value.strip() == "")


# clean_long_text ------------------------------------------------------------------


def test_clean_long_text_keeps_lines_and_drops_trailing_spaces() -> None:
    value = "\n  第一行  \r\n  第二行\t\n\n第四行   \n\n"

    assert clean_long_text(value) == "第一行\n  第二行\n\n第四行"
    assert clean_long_text(None) == ""
    assert clean_long_text(" \n\t ") == ""


@given(value=texts)
def test_clean_long_text_is_idempotent_with_no_trailing_spaces(value: str) -> None:
    text = clean_long_text(value)

    assert clean_long_text(text) == text
    assert all(line == line.rstrip() for line in text.split("\n"))
    assert len(text) <= len(value)


# check_same_tenant, raise_if, others ----------------------------------------------


def test_check_same_tenant(world: World) -> None:
    errors = new_errors()

    check_same_tenant(errors, "area", world.xiuyuan, world.liangcheng.pk)
    check_same_tenant(errors, "area", None, world.liangcheng.pk)
    assert errors == {}

    check_same_tenant(errors, "area", world.quyang_area, world.liangcheng.pk)
    check_same_tenant(errors, "unit", world.jiachun, world.quyang.pk)
    assert errors == {"area": ["所选对象不存在或不属于本街道。"], "unit": ["所选对象不存在或不属于本街道。"]}


def test_check_same_tenant_refuses_an_object_without_a_tenant(world: World) -> None:
    errors = new_errors()

    check_same_tenant(errors, "subdistrict", world.liangcheng, world.liangcheng.pk)

    assert list(errors) == ["subdistrict"]


def test_raise_if_raises_the_collected_errors_by_field() -> None:
    raise_if(new_errors())  # nothing collected: nothing raised

    errors = new_errors()
    errors["name"].append("此项不能为空。")
    errors["phone"].extend(["格式有误。", "已被使用。"])
    with pytest.raises(ValidationError) as raised:
        raise_if(errors)

    assert raised.value.message_dict == {"name": ["此项不能为空。"], "phone": ["格式有误。", "已被使用。"]}


def test_others_leaves_out_the_row_being_edited(world: World) -> None:
    areas = ResidentialArea.objects.filter(subdistrict=world.liangcheng)

    assert set(others(areas, None)) == {world.xiuyuan, world.zhonghong}
    assert set(others(areas, world.xiuyuan.pk)) == {world.zhonghong}
    assert not others(areas.filter(name="秀苑"), world.xiuyuan.pk).exists()


# json_value -------------------------------------------------------------------------


def test_json_value_writes_models_dates_decimals_and_sets_for_json(world: World) -> None:
    assert json_value(world.xiuyuan) == world.xiuyuan.pk
    assert json_value(dt.date(2024, 2, 29)) == "2024-02-29"
    assert json_value(dt.datetime(2024, 2, 29, 8, 30, tzinfo=dt.UTC)) == "2024-02-29T08:30:00+00:00"
    assert json_value(dt.time(14, 5)) == "14:05:00"
    assert json_value(Decimal("12.50")) == "12.50"
    assert json_value({"b", "a", "c"}) == ["a", "b", "c"]
    assert json_value(frozenset({world.zhonghong, world.xiuyuan})) == sorted([world.xiuyuan.pk, world.zhonghong.pk])
    for plain in ("text", 3, 1.5, True, None, [1, 2], {"k": "v"}):
        assert json_value(plain) == plain


# apply_values and model_update ----------------------------------------------------


def test_apply_values_sets_without_saving_and_reports_only_the_changes(world: World) -> None:
    area = world.xiuyuan

    changes = apply_values(area, {"name": "新秀苑", "address": "", "is_demo": False})

    assert changes == {"name": ["秀苑", "新秀苑"]}
    assert area.name == "新秀苑"
    assert ResidentialArea.objects.get(pk=area.pk).name == "秀苑"


def update_sets(captured: CaptureQueriesContext) -> list[str]:
    """The SET clause of each UPDATE captured."""
    sets = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if sql.startswith("UPDATE"):
            sets.append(sql.split(" SET ", 1)[1].split(" WHERE ", 1)[0])
    return sets


def test_model_update_writes_only_the_changed_fields(world: World) -> None:
    area = world.xiuyuan

    with CaptureQueriesContext(connection) as captured:
        changes = model_update(area, {"name": "秀苑居民区", "address": "", "is_demo": False})

    assert changes == {"name": ["秀苑", "秀苑居民区"]}
    [set_clause] = update_sets(captured)
    assert '"name"' in set_clause
    for unchanged in ('"address"', '"is_demo"', '"subdistrict_id"'):
        assert unchanged not in set_clause
    assert ResidentialArea.objects.get(pk=area.pk).name == "秀苑居民区"


def test_model_update_writes_nothing_when_nothing_changed(
    world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    area = world.xiuyuan

    with django_assert_num_queries(0):
        assert model_update(area, {"name": "秀苑", "address": "", "subdistrict": world.liangcheng}) == {}


def test_model_update_records_models_as_ids_and_dates_as_iso_text(world: World) -> None:
    person = world.people["worker"]
    old_birth = person.birth_date
    new_birth = dt.date(1980, 5, 17)

    changes = model_update(person, {"residential_area": world.zhonghong, "birth_date": new_birth, "name": "王秀英"})

    assert changes == {
        "residential_area": [world.xiuyuan.pk, world.zhonghong.pk],
        "birth_date": [old_birth.isoformat(), "1980-05-17"],
    }
    saved = Person.objects.get(pk=person.pk)
    assert saved.residential_area_id == world.zhonghong.pk
    assert saved.birth_date == new_birth


def test_model_update_also_writes_auto_now_fields_and_nothing_else(world: World) -> None:
    person = world.people["worker"]
    before = Person.objects.values_list("updated_at", flat=True).get(pk=person.pk)

    with CaptureQueriesContext(connection) as captured:
        model_update(person, {"party_branch": "秀苑第一支部"})

    [set_clause] = update_sets(captured)
    columns = {part.split(" = ", 1)[0].strip() for part in set_clause.split(", ")}
    assert columns == {'"party_branch"', '"updated_at"'}
    saved = Person.objects.get(pk=person.pk)
    assert saved.party_branch == "秀苑第一支部"
    assert saved.updated_at > before


# audit details ----------------------------------------------------------------------


def test_change_detail_wraps_the_changes_with_the_extras() -> None:
    changes: dict[str, list[object] | None] = {"name": ["旧", "新"]}

    assert change_detail(changes) == {"changes": {"name": ["旧", "新"]}}
    assert change_detail(changes, reason="更正", count=2) == {
        "changes": {"name": ["旧", "新"]},
        "reason": "更正",
        "count": 2,
    }


def test_withheld_changes_names_the_fields_in_order_without_values() -> None:
    withheld = withheld_changes({"notes", "assessment", "follow_up"})

    assert list(withheld) == ["assessment", "follow_up", "notes"]
    assert all(value is None for value in withheld.values())
    assert change_detail({**withheld, "status": ["open", "closed"]}) == {
        "changes": {"assessment": None, "follow_up": None, "notes": None, "status": ["open", "closed"]}
    }
    assert withheld_changes([]) == {}


def test_created_detail_writes_each_value_for_json(world: World) -> None:
    detail = created_detail(
        {"name": "秀苑", "area": world.xiuyuan, "on": dt.date(2024, 1, 2), "fee": Decimal("3.0")}, source="导入"
    )

    assert detail == {
        "values": {"name": "秀苑", "area": world.xiuyuan.pk, "on": "2024-01-02", "fee": "3.0"},
        "source": "导入",
    }
