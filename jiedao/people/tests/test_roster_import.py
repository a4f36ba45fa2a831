import datetime as dt
import io
from typing import Any

import pytest
from django.db import connection
from pytest_django import DjangoAssertNumQueries

from jiedao.core import crypto
from jiedao.core.models import AuditEntry
from jiedao.core.validators import build_id_number
from jiedao.people.models import Person
from jiedao.people.tests.roster_files import HEADER, LI_ID, ZHANG_ID, li, problems, run, xlsx, zhang
from jiedao.testing import World, numbered


def test_it_creates_the_people_of_a_good_file(world: World) -> None:
    before = Person.objects.count()

    result = run(world, xlsx(zhang(), li()))

    assert result.ok, result.errors
    assert (result.rows, result.created, result.updated, result.unchanged) == (2, 2, 0, 0)
    assert Person.objects.count() == before + 2
    person = Person.objects.get(id_number_hash=crypto.blind_index(ZHANG_ID, purpose="id_number"))
    assert (person.name, person.gender, person.birth_date) == ("张伟", "M", dt.date(1978, 3, 9))
    assert (person.id_number, person.phone) == (ZHANG_ID, "13812340001")
    assert (person.residential_area, person.employer) == (world.xiuyuan, world.jiachun)
    assert person.role_labels == ["职工", "工会会员", "党员"]
    assert person.party_category == "new_economic"
    assert "zhangwei" in person.search_text
    other = Person.objects.get(name="李芳")
    assert (other.gender, other.phone, other.employer, other.residential_area) == ("F", "", None, world.zhonghong)
    assert other.role_labels == ["求职者", "志愿者"]


def test_imported_id_numbers_and_phones_are_encrypted_at_rest(world: World) -> None:
    run(world, xlsx(zhang()))

    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone, created_at, updated_at FROM people_person WHERE name = %s", ["张伟"])
        id_number, phone, created_at, updated_at = cursor.fetchone()
    assert id_number.startswith("v1:") and ZHANG_ID not in id_number
    assert phone.startswith("v1:") and "13812340001" not in phone
    assert created_at is not None and updated_at is not None


def test_it_writes_one_audit_entry_per_import_with_the_counts(world: World) -> None:
    run(world, xlsx(zhang(), li()), actor=None)

    entry = AuditEntry.objects.get(action=AuditEntry.Action.IMPORT)
    assert entry.subdistrict_id == world.liangcheng.pk
    assert entry.detail == {
        "file": "名单.xlsx",
        "rows": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "updated_ids": [],
    }
    assert ZHANG_ID not in str(entry.detail)
    assert AuditEntry.objects.count() == 1


def test_a_second_import_of_the_same_file_changes_nothing(world: World) -> None:
    run(world, xlsx(zhang(), li()))
    stamps = dict(Person.objects.values_list("pk", "updated_at"))
    entries = AuditEntry.objects.count()

    again = run(world, xlsx(zhang(), li()))

    assert again.ok
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert dict(Person.objects.values_list("pk", "updated_at")) == stamps
    assert AuditEntry.objects.count() == entries  # no audit noise either


def test_it_updates_a_registered_person_matched_by_id_number(world: World) -> None:
    worker = world.people["worker"]
    worker.party_branch = "秀苑第一支部"
    worker.save()
    row = zhang(姓名=worker.name, 性别="女", 身份证号=worker.id_number, 居民区="中虹", 身份="职工", 党员类别="")

    result = run(world, xlsx(row, li()))

    assert (result.created, result.updated, result.unchanged) == (1, 1, 0)
    worker.refresh_from_db()
    assert worker.residential_area == world.zhonghong
    assert worker.phone == "13812340001"
    assert worker.role_labels == ["职工"]
    assert worker.user == world.users["worker"]  # what the file does not carry is kept
    assert worker.party_branch == "秀苑第一支部"
    assert Person.objects.filter(id_number_hash=worker.id_number_hash).count() == 1


def test_the_same_id_number_in_another_sub_district_is_another_person(world: World) -> None:
    quyang = world.people["quyang_resident"]

    result = run(world, xlsx(zhang(身份证号=quyang.id_number, 性别="男" if quyang.gender == "M" else "女")))

    assert (result.created, result.updated) == (1, 0)
    quyang.refresh_from_db()
    assert quyang.name == "赵曲阳"


@pytest.mark.parametrize(
    ("bad_row", "column", "reason"),
    [
        (zhang(身份证号=ZHANG_ID[:17] + ("0" if ZHANG_ID[17] != "0" else "1")), "身份证号", "校验码"),
        (zhang(身份证号=int(ZHANG_ID[:17] + "0")), "身份证号", "文本格式"),
        (zhang(身份证号=""), "身份证号", "不能为空"),
        (zhang(居民区="不存在的居民区"), "居民区", "不存在的居民区"),
        (zhang(居民区="玉田"), "居民区", "玉田"),  # an area of another sub-district
        (zhang(工作单位="不存在的公司"), "工作单位", "不存在的公司"),
        (zhang(身份="职工、党员、村长"), "身份", "村长"),
        (zhang(性别="女"), "性别", "不符"),
        (zhang(性别="男性"), "性别", "男"),
        (zhang(手机号="1381234"), "手机号", "手机号"),
        (zhang(身份="职工", 党员类别="新经济组织"), "党员类别", "党员"),
        (zhang(党员类别="老党员"), "党员类别", "无效"),
        (zhang(姓名=""), "姓名", "不能为空"),
    ],
    ids=[
        "check digit",
        "numeric ID cell",
        "empty ID",
        "unknown area",
        "area of another sub-district",
        "unknown employer",
        "unknown role word",
        "gender mismatch",
        "gender word",
        "phone",
        "category without membership",
        "unknown category",
        "empty name",
    ],
)
def test_it_reports_a_bad_cell_with_its_row_and_column_and_writes_nothing(
    world: World, bad_row: list[Any], column: str, reason: str
) -> None:
    before = Person.objects.count()
    good = [li(), li(身份证号=build_id_number("310109", dt.date(1960, 1, 1), 12), 姓名="周敏")]

    result = run(world, xlsx(*good, [], bad_row))  # the last row is the bad one, after a blank row

    assert not result.ok
    assert problems(result) == [(5, column)]
    assert reason in result.errors[0].message
    assert Person.objects.count() == before
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).exists()


def test_it_reports_every_problem_of_every_row(world: World) -> None:
    rows = [zhang(居民区="火星", 手机号="12"), li(), li(身份证号="110101199001011234", 身份="村长")]

    result = run(world, xlsx(*rows))

    assert problems(result) == [(2, "手机号"), (2, "居民区"), (4, "身份证号"), (4, "身份")]


def test_it_refuses_a_numeric_id_cell_rather_than_guess_its_digits(world: World) -> None:
    result = run(world, xlsx(zhang(身份证号=float(ZHANG_ID[:17] + "0"))))

    assert problems(result) == [(2, "身份证号")]
    assert "15位" in result.errors[0].message


def test_the_same_id_number_twice_names_both_rows(world: World) -> None:
    result = run(world, xlsx(zhang(), li(), zhang(姓名="张伟明"), li(身份证号=LI_ID.lower())))

    assert problems(result) == [(4, "身份证号"), (5, "身份证号")]
    assert "第2行" in result.errors[0].message and "第4行" in result.errors[0].message
    assert "第3行" in result.errors[1].message and "第5行" in result.errors[1].message
    assert not Person.objects.filter(name="张伟").exists()


def test_a_number_given_three_times_names_its_first_row_each_time(world: World) -> None:
    result = run(world, xlsx(li(), zhang(), li(姓名="李芳芳"), li(身份="求职者", 居民区="火星"), [], li(姓名="李小芳")))

    assert problems(result) == [(4, "身份证号"), (5, "居民区"), (7, "身份证号")]
    assert "第2行、第4行" in result.errors[0].message and "第2行、第7行" in result.errors[2].message


def test_a_missing_header_is_reported_and_nothing_is_read(world: World) -> None:
    header = [h for h in HEADER if h not in {"身份证号", "身份"}]

    result = run(world, xlsx(["张伟", "男"], header=header))

    assert problems(result) == [(1, "身份证号"), (1, "身份")]
    assert "缺少" in result.errors[0].message


def test_a_repeated_header_is_reported(world: World) -> None:
    result = run(world, xlsx(header=[*HEADER, "姓名"]))

    assert problems(result) == [(1, "姓名")]


def test_columns_are_found_by_header_in_any_order_and_extra_columns_are_ignored(world: World) -> None:
    header = ["序号", *reversed(HEADER), "备注"]
    rows = [[1, *reversed(zhang()), "新登记"], [2, *reversed(li()), ""]]

    result = run(world, xlsx(*rows, header=header))

    assert result.ok, result.errors
    assert Person.objects.get(name="张伟").residential_area == world.xiuyuan


def test_the_gender_column_may_be_left_out(world: World) -> None:
    header = [h for h in HEADER if h != "性别"]
    row = [v for h, v in zip(HEADER, zhang(), strict=True) if h != "性别"]

    result = run(world, xlsx(row, header=header))

    assert result.ok, result.errors
    assert Person.objects.get(name="张伟").gender == "M"


def test_blank_rows_are_skipped_and_rows_keep_their_excel_numbers(world: World) -> None:
    result = run(world, xlsx([], zhang(), [None, "  ", None], [], li(居民区="火星")))

    assert problems(result) == [(6, "居民区")]
    assert run(world, xlsx([], zhang(), [], li())).created == 2


def test_a_phone_typed_as_a_number_is_accepted(world: World) -> None:
    result = run(world, xlsx(zhang(手机号=13812340001)))

    assert result.ok, result.errors
    assert Person.objects.get(name="张伟").phone == "13812340001"


@pytest.mark.parametrize("content", [b"name,id\n", b"", b"PK\x03\x04not really a zip", b"%PDF-1.4"])
def test_a_file_that_is_not_a_spreadsheet_gets_a_clear_message(world: World, content: bytes) -> None:
    result = run(world, io.BytesIO(content))

    assert problems(result) == [(None, "")]
    assert "无法读取" in result.errors[0].message


def test_an_empty_sheet_or_a_header_without_rows_is_refused(world: World) -> None:
    assert "表格是空的" in run(world, xlsx(header=None)).errors[0].message
    assert "表格是空的" in run(world, xlsx([], [], [], header=None)).errors[0].message
    assert "没有人员数据" in run(world, xlsx([], [])).errors[0].message


def test_a_dry_run_counts_but_writes_nothing(world: World) -> None:
    before = Person.objects.count()

    result = run(world, xlsx(zhang(), li()), dry_run=True)

    assert result.ok and result.dry_run
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    assert Person.objects.count() == before
    assert not AuditEntry.objects.exists()


def test_the_import_matches_people_in_batches_with_a_constant_number_of_queries(
    world: World, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    rows = [
        li(身份证号=build_id_number("310109", dt.date(1970, 1, 1) + dt.timedelta(days=i), 2), 姓名=numbered("李", i))
        for i in range(30)
    ]
    run(world, xlsx(*rows[:10]))  # some already registered, some new

    # areas + units, match + create per batch, savepoints and the audit entry: not per row
    with django_assert_max_num_queries(10):
        result = run(world, xlsx(*rows))

    assert (result.created, result.unchanged) == (20, 10)
