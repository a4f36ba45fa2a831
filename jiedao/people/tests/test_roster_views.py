import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from jiedao.core.models import AuditEntry
from jiedao.people.models import Person
from jiedao.people.roster.forms import MAX_UPLOAD_MB
from jiedao.people.services import id_number_hash
from jiedao.people.tests.pages import LoginAs
from jiedao.people.tests.roster_files import HEADER, LI_ID, ZHANG_ID, li, xlsx, zhang
from jiedao.testing import ClientResponse, World, make_person, numbered


@pytest.fixture
def login(client: Client, world: World) -> LoginAs:
    def as_persona(persona: str) -> Client:
        client.force_login(world.users[persona])
        return client

    return as_persona


def upload(client: Client, content: bytes, name: str = "名单.xlsx", **data: Any) -> Any:
    return client.post(reverse("people:import"), {"file": SimpleUploadedFile(name, content), **data})


def workbook(response: ClientResponse) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(b"".join(response) if response.streaming else response.content))


def exported_rows(response: ClientResponse) -> list[tuple[Any, ...]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(workbook(response).worksheets[0].iter_rows(values_only=True))


# ---------------------------------------------------------------- access


@pytest.mark.parametrize("persona", ["xiuyuan", "jiachun", "counsellor", "worker"])
@pytest.mark.parametrize("name", ["people:import", "people:import_template"])
def test_import_pages_are_for_office_roles_only(login: LoginAs, persona: str, name: str) -> None:
    assert login(persona).get(reverse(name)).status_code == 403


def test_import_pages_send_visitors_to_sign_in(client: Client, world: World) -> None:
    response = client.get(reverse("people:import"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("persona", ["counsellor", "worker"])
def test_export_is_refused_to_roles_that_do_not_browse_people(login: LoginAs, persona: str) -> None:
    assert login(persona).get(reverse("people:export")).status_code == 403


# ---------------------------------------------------------------- template


def test_the_template_has_the_headers_text_columns_and_instructions(login: LoginAs) -> None:
    response = login("admin").get(reverse("people:import_template"))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = workbook(response)
    sheet, notes = book.worksheets
    assert [c.value for c in sheet[1]] == HEADER
    assert sheet.max_row == 1  # no example row to skip: instructions live on the second sheet
    for letter in ("C", "D"):  # 身份证号, 手机号
        assert sheet.column_dimensions[letter].number_format == "@"
    text = " ".join(str(c.value) for row in notes.iter_rows() for c in row if c.value)
    assert "文本格式" in text and "秀苑" in text and "上海嘉春装饰设计工程有限公司" in text
    assert "空白单元格保留已登记的信息" in text and "编辑页" in text
    assert "玉田" not in text  # another sub-district's area


def test_the_template_filled_in_imports_cleanly(login: LoginAs, world: World) -> None:
    client = login("admin")
    book = workbook(client.get(reverse("people:import_template")))
    sheet = book.worksheets[0]
    sheet.append(zhang())
    sheet.append(li())
    buffer = io.BytesIO()
    book.save(buffer)

    response = upload(client, buffer.getvalue(), name="人员导入模板.xlsx")

    assert response.status_code == 200, response.content.decode()
    assert "导入完成" in response.content.decode()
    assert Person.objects.filter(name__in=["张伟", "李芳"], subdistrict=world.liangcheng).count() == 2


# ---------------------------------------------------------------- upload


def test_the_upload_page_has_a_labelled_file_input(login: LoginAs) -> None:
    page = login("union").get(reverse("people:import")).content.decode()

    assert '<label class="form-label" for="id_file">' in page
    assert 'id="id_file"' in page and 'enctype="multipart/form-data"' in page
    assert reverse("people:import_template") in page


def test_a_good_upload_shows_the_summary_and_is_audited(login: LoginAs, world: World) -> None:
    response = upload(login("admin"), xlsx(zhang(), li()).getvalue())

    page = response.content.decode()
    assert response.status_code == 200
    assert "新增 2 人，更新 0 人，未变 0 人" in page
    entry = AuditEntry.objects.get(action=AuditEntry.Action.IMPORT)
    assert entry.actor == world.users["admin"]
    assert entry.detail["file"] == "名单.xlsx" and entry.detail["created"] == 2


def test_the_upload_page_says_blank_cells_keep_stored_values_and_where_to_clear_them(login: LoginAs) -> None:
    page = login("admin").get(reverse("people:import")).content.decode()

    assert "空白单元格保留已登记的信息" in page and "编辑页" in page
    assert "前10行" in page


def test_a_re_import_lists_the_people_it_updated_with_links(login: LoginAs, world: World) -> None:
    client = login("admin")
    upload(client, xlsx(zhang(), li()).getvalue())
    person = Person.objects.get(id_number_hash=id_number_hash(ZHANG_ID))

    response = upload(client, xlsx(zhang(手机号="13900000007", 居民区=""), li()).getvalue())

    page = response.content.decode()
    assert "新增 0 人，更新 1 人，未变 1 人" in page
    assert "空白单元格不会清除已登记的信息" in page
    assert f'<a href="{reverse("people:detail", args=[person.pk])}">张伟</a>' in page
    assert "李芳</a>" not in page
    person.refresh_from_db()
    assert (person.phone, person.residential_area) == ("13900000007", world.xiuyuan)


def test_a_dry_run_lists_the_people_it_would_update(login: LoginAs) -> None:
    client = login("admin")
    upload(client, xlsx(zhang()).getvalue())

    page = upload(client, xlsx(zhang(手机号="13900000008")).getvalue(), dry_run="on").content.decode()

    assert "将更新的人员" in page and "张伟</a>" in page
    assert Person.objects.get(id_number_hash=id_number_hash(ZHANG_ID)).phone == "13812340001"


def test_a_bad_upload_shows_every_problem_with_row_and_column(login: LoginAs) -> None:
    response = upload(login("admin"), xlsx(zhang(), li(居民区="火星")).getvalue())

    page = response.content.decode()
    assert response.status_code == 400
    assert "未导入任何数据" in page
    assert "第3行" in page and "居民区" in page and "火星" in page
    assert not Person.objects.filter(name="张伟").exists()


def test_an_upload_that_is_not_a_spreadsheet_gets_a_clear_message(login: LoginAs) -> None:
    response = upload(login("admin"), b"\xe5\xa7\x93\xe5\x90\x8d,id\n", name="名单.csv")

    assert response.status_code == 400
    assert "无法读取该文件" in response.content.decode()


def test_a_file_over_20_mb_is_refused_unread(login: LoginAs) -> None:
    response = upload(login("admin"), b"0" * (MAX_UPLOAD_MB * 1024 * 1024 + 1))

    assert response.status_code == 400
    assert "文件超过20 MB" in response.content.decode()


def test_an_upload_without_a_file_asks_for_one(login: LoginAs) -> None:
    response = login("admin").post(reverse("people:import"), {})

    assert response.status_code == 400
    assert "请选择要导入的文件" in response.content.decode()


def test_a_dry_run_upload_writes_nothing(login: LoginAs) -> None:
    response = upload(login("admin"), xlsx(zhang()).getvalue(), dry_run="on")

    assert response.status_code == 200
    assert "检查通过，尚未导入" in response.content.decode()
    assert not Person.objects.filter(name="张伟").exists()


# ---------------------------------------------------------------- export


def test_the_export_masks_values_exactly_as_on_screen(login: LoginAs, world: World) -> None:
    response = login("admin").get(reverse("people:export"))

    rows = exported_rows(response)
    assert list(rows[0]) == HEADER
    worker = world.people["worker"]
    row = next(r for r in rows if r[0] == worker.name)
    assert row[2] == worker.id_number_masked and row[3] == worker.phone_masked
    assert row[4:7] == ("秀苑", "上海嘉春装饰设计工程有限公司", "职工、工会会员")
    assert worker.id_number not in response.content.decode("latin-1")
    names = {r[0] for r in rows[1:]}
    assert names == {"王秀英", "李建国", "乐跃明", "陈懿"}  # not 赵曲阳 of the other sub-district


def test_the_export_of_an_area_chair_has_only_the_residents_of_the_area(login: LoginAs, world: World) -> None:
    rows = exported_rows(login("xiuyuan").get(reverse("people:export")))

    assert {r[0] for r in rows[1:]} == {"王秀英", "乐跃明"}
    assert {r[4] for r in rows[1:]} == {"秀苑"}


def test_the_export_applies_the_list_filters(login: LoginAs, world: World) -> None:
    client = login("admin")

    by_role = exported_rows(client.get(reverse("people:export"), {"role": "is_party_member"}))
    by_area = exported_rows(client.get(reverse("people:export"), {"area": world.zhonghong.pk}))
    by_pinyin = exported_rows(client.get(reverse("people:export"), {"q": "ljg"}))

    assert [r[0] for r in by_role[1:]] == ["乐跃明"]
    assert {r[0] for r in by_area[1:]} == {"李建国", "陈懿"}
    assert [r[0] for r in by_pinyin[1:]] == ["李建国"]


def test_the_export_is_audited_with_the_count_and_the_filters(login: LoginAs, world: World) -> None:
    login("admin").get(reverse("people:export"), {"q": "ljg", "role": "is_job_seeker"})

    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert entry.actor == world.users["admin"] and entry.subdistrict_id == world.liangcheng.pk
    assert entry.detail == {"count": 1, "filters": {"q": "ljg", "role": "is_job_seeker"}}


def test_an_export_asked_for_an_id_number_exports_nobody_and_logs_no_number(login: LoginAs, world: World) -> None:
    worker = world.people["worker"]

    rows = exported_rows(login("admin").get(reverse("people:export"), {"q": worker.id_number}))

    assert rows == [tuple(HEADER)]  # a search for one person never widens to the whole scope
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert entry.detail == {"count": 0, "filters": {}}


def test_the_export_re_imports_as_a_file_with_masked_id_numbers_refused(login: LoginAs) -> None:
    # An export is for reading, not a round trip: masked numbers are not numbers.
    client = login("admin")
    exported = client.get(reverse("people:export")).content

    response = upload(client, exported)

    assert response.status_code == 400
    assert "身份证号" in response.content.decode()


@pytest.mark.parametrize("size", [5, 60])
def test_the_export_takes_a_constant_number_of_queries(
    login: LoginAs, world: World, size: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    for i in range(size):
        make_person(world.liangcheng, numbered("员工", i), area=world.xiuyuan, employer=world.gongzhi)
    client = login("admin")

    # session, user with their role assignments, the filter form's areas, the people, the audit entry
    with django_assert_num_queries(5):
        rows = exported_rows(client.get(reverse("people:export")))

    assert len(rows) == 1 + 4 + size


def test_other_tenants_export_none_of_these_people(login: LoginAs) -> None:
    rows = exported_rows(login("other_admin").get(reverse("people:export")))

    assert [r[0] for r in rows[1:]] == ["赵曲阳"]


def test_numbers_in_the_fixtures_are_not_registered_yet(world: World) -> None:
    # Guards the tests above: ZHANG_ID and LI_ID are new to the test world.
    hashes = set(Person.objects.values_list("id_number_hash", flat=True))
    assert id_number_hash(ZHANG_ID) not in hashes and id_number_hash(LI_ID) not in hashes
