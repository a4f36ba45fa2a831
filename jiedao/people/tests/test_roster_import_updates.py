"""Roster import: the header row, blank cells that keep what is stored, tracing updates."""

import datetime as dt
from typing import Any

import pytest

from jiedao.core import crypto
from jiedao.core.models import AuditEntry
from jiedao.core.validators import build_id_number
from jiedao.people.models import Person
from jiedao.people.roster import checking, importing
from jiedao.people.tests.roster_files import HEADER, LI_ID, ZHANG_ID, li, problems, run, xlsx, zhang
from jiedao.testing import World, numbered

# ---------------------------------------------------------------- header row


def test_a_title_row_and_blank_rows_above_the_header_are_skipped_and_rows_keep_their_excel_numbers(
    world: World,
) -> None:
    rows = [["凉城新村街道花名册"], [], ["填表日期：2026年11月"], HEADER, zhang(), [], li(居民区="火星")]

    result = run(world, xlsx(*rows, header=None))

    assert problems(result) == [(7, "居民区")]
    assert run(world, xlsx(*rows[:5], li(), header=None)).created == 2


def test_leading_blank_rows_are_not_an_empty_sheet(world: World) -> None:
    result = run(world, xlsx([], [], HEADER, zhang(), header=None))

    assert result.ok, result.errors
    assert Person.objects.filter(name="张伟").exists()


def test_a_header_found_below_a_title_reports_its_missing_columns_on_its_own_row(world: World) -> None:
    header = [h for h in HEADER if h != "身份"]

    result = run(world, xlsx(["花名册"], header, ["张伟"], header=None))

    assert problems(result) == [(2, "身份")]
    assert "第2行" in result.errors[0].message


def test_a_header_beyond_the_first_ten_rows_is_reported_missing(world: World) -> None:
    result = run(world, xlsx(*[[] for _ in range(10)], HEADER, zhang(), header=None))

    assert problems(result) == [(None, h) for h in HEADER if h != "性别"]
    assert "前10行" in result.errors[0].message


def test_without_a_header_row_the_missing_headers_of_the_likeliest_row_are_reported(world: World) -> None:
    header = ["名字", "性别", "身份证号", "手机号", "居民区", "工作单位", "身份", "党员类别"]

    result = run(world, xlsx(["花名册"], header, zhang(), header=None))

    assert problems(result) == [(2, "姓名")]


# ---------------------------------------------------------------- blank cells keep what is stored


def stored(id_number: str = ZHANG_ID) -> Person:
    return Person.objects.get(id_number_hash=crypto.blind_index(id_number, purpose="id_number"))


def test_a_re_import_with_blank_cells_keeps_phone_area_employer_roles_and_category(world: World) -> None:
    run(world, xlsx(zhang()))
    stamp = stored().updated_at

    result = run(world, xlsx(zhang(性别="", 手机号="", 居民区="", 工作单位="", 身份="", 党员类别="")))

    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    person = stored()
    assert (person.phone, person.residential_area, person.employer) == ("13812340001", world.xiuyuan, world.jiachun)
    assert person.role_labels == ["职工", "工会会员", "党员"]
    assert (person.party_category, person.gender) == ("new_economic", "M")
    assert person.updated_at == stamp


def test_a_blank_cell_keeps_the_stored_value_while_a_filled_one_changes_the_person(world: World) -> None:
    run(world, xlsx(zhang()))

    result = run(world, xlsx(zhang(姓名="张伟明", 手机号="", 居民区="", 身份="")))

    assert (result.updated, result.unchanged) == (1, 0)
    person = stored()
    assert person.name == "张伟明" and "zhangweiming" in person.search_text
    assert (person.phone, person.residential_area) == ("13812340001", world.xiuyuan)
    assert person.role_labels == ["职工", "工会会员", "党员"]


def test_a_filled_cell_replaces_the_stored_value(world: World) -> None:
    run(world, xlsx(zhang()))
    gongzhi = world.gongzhi.name

    result = run(
        world, xlsx(zhang(手机号="13900000002", 居民区="中虹", 工作单位=gongzhi, 身份="党员", 党员类别="新社会组织"))
    )

    assert (result.updated, result.unchanged) == (1, 0)
    person = stored()
    assert (person.phone, person.residential_area, person.employer) == ("13900000002", world.zhonghong, world.gongzhi)
    assert (person.role_labels, person.party_category) == (["党员"], "new_social")


def test_a_blank_role_cell_keeps_the_membership_a_new_category_needs(world: World) -> None:
    run(world, xlsx(zhang()))

    result = run(world, xlsx(zhang(身份="", 党员类别="新就业群体")))

    assert result.ok, result.errors
    assert (stored().role_labels, stored().party_category) == (["职工", "工会会员", "党员"], "new_employment")


def test_roles_without_party_membership_and_a_kept_category_are_refused(world: World) -> None:
    run(world, xlsx(zhang()))

    result = run(world, xlsx(li(), zhang(身份="职工", 党员类别="")))

    assert problems(result) == [(3, "身份")]
    assert "新经济组织" in result.errors[0].message and "编辑页" in result.errors[0].message
    assert stored().role_labels == ["职工", "工会会员", "党员"]
    assert not Person.objects.filter(name="李芳").exists()


def test_a_new_category_for_a_registered_person_who_is_not_a_party_member_is_refused(world: World) -> None:
    run(world, xlsx(li()))

    result = run(world, xlsx(li(党员类别="新经济组织", 身份="")))

    assert problems(result) == [(2, "党员类别")]
    assert stored(LI_ID).party_category == ""


def test_blank_cells_of_a_new_person_are_left_empty(world: World) -> None:
    result = run(world, xlsx(zhang(手机号="", 居民区="", 工作单位="", 身份="", 党员类别="")))

    assert result.created == 1
    person = stored()
    assert (person.phone, person.residential_area, person.employer, person.role_labels) == ("", None, None, [])


# ---------------------------------------------------------------- tracing updates


def test_the_audit_entry_lists_the_ids_of_the_people_updated(world: World) -> None:
    run(world, xlsx(zhang(), li()))
    other = build_id_number("310109", dt.date(1960, 1, 1), 12)

    result = run(world, xlsx(zhang(手机号="13900000003"), li(), li(身份证号=other, 姓名="周敏")))

    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    assert result.updated_ids == [stored().pk]
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).latest("pk")
    assert entry.detail["updated_ids"] == [stored().pk]
    assert entry.detail["updated"] == 1


def test_the_list_of_updated_ids_is_capped_but_the_count_is_not(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checking, "UPDATED_IDS_KEPT", 2)
    numbers = [build_id_number("310109", dt.date(1970, 1, 1) + dt.timedelta(days=i), 2) for i in range(3)]
    run(world, xlsx(*(li(身份证号=n, 姓名=numbered("李", i)) for i, n in enumerate(numbers))))

    result = run(
        world, xlsx(*(li(身份证号=n, 姓名=numbered("李", i), 手机号="13900000004") for i, n in enumerate(numbers)))
    )

    assert result.updated == 3
    assert result.updated_ids == [stored(n).pk for n in numbers[:2]]
    assert AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).latest("pk").detail["updated_ids"] == (
        result.updated_ids
    )


def test_a_dry_run_counts_the_updates_it_would_make(world: World) -> None:
    run(world, xlsx(zhang()))

    result = run(world, xlsx(zhang(手机号="13900000005"), li()), dry_run=True)

    assert (result.created, result.updated, result.updated_ids) == (1, 1, [stored().pk])
    assert stored().phone == "13812340001"


def test_a_person_deleted_between_the_check_and_the_write_stops_the_import(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(world, xlsx(zhang()))
    check = checking.validate_rows  # what importing calls, until patched below

    def check_then_delete(*args: Any, **kwargs: Any) -> checking.Checked:
        checked = check(*args, **kwargs)
        stored().delete()
        return checked

    monkeypatch.setattr(importing, "validate_rows", check_then_delete)

    result = run(world, xlsx(zhang(手机号="13900000006"), li()))

    assert problems(result) == [(None, "")]
    assert "重新导入" in result.errors[0].message
    assert not Person.objects.filter(name="李芳").exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT, detail__updated=1).exists()


def test_a_number_typed_full_width_or_with_a_small_x_matches_the_registered_person(world: World) -> None:
    number = next(n for s in range(1, 100) if (n := build_id_number("310109", dt.date(1980, 5, 5), s)).endswith("X"))
    run(world, xlsx(zhang(身份证号=number, 性别="")))
    typed = "".join(chr(ord(c) + 0xFEE0) for c in number[:17]) + "x"  # as a Chinese input method types it

    result = run(world, xlsx(zhang(身份证号=typed, 性别="", 手机号="13900000009")))

    assert (result.created, result.updated) == (0, 1), result.errors
    assert stored(number).phone == "13900000009"
