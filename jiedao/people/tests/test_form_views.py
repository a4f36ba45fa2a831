"""Creating and editing a person through the form."""

import re

import pytest
from django.urls import reverse

from jiedao.core.models import AuditEntry
from jiedao.people.models import Person
from jiedao.people.tests.pages import LoginAs, audit, field_errors, form_data, html, options, refused
from jiedao.testing import World, make_id_number


def test_the_create_form_labels_every_input(login: LoginAs) -> None:
    page = html(login("admin").get(reverse("people:create")))
    ids = set(re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', page))
    labelled = set(re.findall(r'<label[^>]*\bfor="([^"]+)"', page))
    form_ids = {i for i in ids if i.startswith("id_")}
    assert form_ids and form_ids <= labelled


def test_creating_a_person_saves_and_shows_them(login: LoginAs, world: World) -> None:
    data = form_data(world)
    response = login("admin").post(reverse("people:create"), data)
    person = Person.objects.get(name="周凉城")
    assert response.status_code == 302 and response["Location"] == reverse("people:detail", args=[person.pk])
    assert person.id_number == data["id_number"] and person.gender == "M"
    assert person.is_worker and person.is_volunteer and not person.is_party_member
    assert [e.action for e in audit(person)] == ["create"]


def test_the_create_form_shows_every_problem_in_chinese_next_to_its_field(login: LoginAs, world: World) -> None:
    number = make_id_number(male=True)
    bad_check = number[:17] + ("0" if number[17] != "0" else "1")
    page = refused(
        login("admin").post(
            reverse("people:create"),
            form_data(world, id_number=bad_check, phone="12345", party_category="new_social", roles=["is_worker"]),
        )
    )
    assert "身份证号校验码错误" in field_errors(page, "id_number")
    assert "手机号" in field_errors(page, "phone")
    assert "只有党员才能填写党员类别" in field_errors(page, "party_category")
    assert 'aria-invalid="true"' in page
    assert not Person.objects.filter(name="周凉城").exists()


def test_the_create_form_checks_the_gender_against_the_id_number(login: LoginAs, world: World) -> None:
    page = refused(login("admin").post(reverse("people:create"), form_data(world, gender="F")))
    assert "与身份证号不符" in field_errors(page, "gender")


def test_the_create_form_refuses_a_duplicate_id_number(login: LoginAs, world: World) -> None:
    page = refused(
        login("admin").post(reverse("people:create"), form_data(world, id_number=world.people["worker"].id_number))
    )
    assert "已登记" in field_errors(page, "id_number")


def test_the_create_form_refuses_an_area_of_another_sub_district(login: LoginAs, world: World) -> None:
    page = refused(
        login("admin").post(reverse("people:create"), form_data(world, residential_area=world.quyang_area.pk))
    )
    assert field_errors(page, "residential_area")
    assert not Person.objects.filter(name="周凉城").exists()


def test_an_area_chair_cannot_create_someone_outside_the_area(login: LoginAs, world: World) -> None:
    page = refused(
        login("xiuyuan").post(reverse("people:create"), form_data(world, residential_area=world.zhonghong.pk))
    )
    assert "选择一个有效的选项" in field_errors(page, "residential_area")  # 中虹 is not among the choices
    assert not Person.objects.filter(name="周凉城").exists()
    assert not AuditEntry.objects.filter(action="create").exists()  # rolled back with the person


def test_an_area_chair_creates_a_resident_of_the_area(login: LoginAs, world: World) -> None:
    response = login("xiuyuan").post(reverse("people:create"), form_data(world))
    assert response.status_code == 302
    assert Person.objects.get(name="周凉城").residential_area == world.xiuyuan


@pytest.mark.parametrize("persona", ["worker", "counsellor"])
def test_create_is_forbidden_to_roles_that_do_not_edit(login: LoginAs, world: World, persona: str) -> None:
    assert login(persona).get(reverse("people:create")).status_code == 403
    assert login(persona).post(reverse("people:create"), form_data(world)).status_code == 403


def test_the_edit_form_never_holds_the_full_numbers(login: LoginAs, world: World) -> None:
    person = world.people["jobseeker"]
    page = html(login("union").get(reverse("people:edit", args=[person.pk])))
    assert person.id_number not in page and "13900001111" not in page
    assert f'placeholder="{person.id_number_masked}"' in page
    assert 'placeholder="139****1111"' in page
    assert 'value="李建国"' in page


def test_editing_with_the_numbers_left_empty_keeps_them(login: LoginAs, world: World) -> None:
    person = world.people["jobseeker"]
    data = form_data(
        world,
        name="李建国",
        id_number="",
        phone="",
        residential_area=world.zhonghong.pk,
        roles=["is_job_seeker", "is_volunteer"],
    )
    response = login("admin").post(reverse("people:edit", args=[person.pk]), data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.id_number == world.people["jobseeker"].id_number
    assert person.phone == "13900001111"
    assert person.is_volunteer
    assert audit(person)[-1].detail == {"changes": {"is_volunteer": None}}


def test_editing_can_replace_or_clear_the_phone(login: LoginAs, world: World) -> None:
    person = world.people["jobseeker"]
    client = login("admin")
    base = form_data(world, name="李建国", id_number="", residential_area=world.zhonghong.pk, roles=["is_job_seeker"])
    client.post(reverse("people:edit", args=[person.pk]), {**base, "phone": "13722223333"})
    person.refresh_from_db()
    assert person.phone == "13722223333"
    client.post(reverse("people:edit", args=[person.pk]), {**base, "phone": "", "clear_phone": "on"})
    person.refresh_from_db()
    assert person.phone == "" and person.phone_hash == ""


def test_the_edit_form_shows_service_errors_and_keeps_the_record(login: LoginAs, world: World) -> None:
    person = world.people["jobseeker"]
    data = form_data(
        world, name="", id_number="", phone="", residential_area=world.zhonghong.pk, roles=["is_job_seeker"]
    )
    page = refused(login("admin").post(reverse("people:edit", args=[person.pk]), data))
    assert field_errors(page, "name")
    person.refresh_from_db()
    assert person.name == "李建国"


def test_a_chair_cannot_move_someone_out_of_scope(login: LoginAs, world: World) -> None:
    person = world.people["party_member"]
    data = form_data(
        world, name="乐跃明", id_number="", phone="", residential_area=world.zhonghong.pk, roles=["is_party_member"]
    )
    page = refused(login("xiuyuan").post(reverse("people:edit", args=[person.pk]), data))
    assert "选择一个有效的选项" in field_errors(page, "residential_area")
    person.refresh_from_db()
    assert person.residential_area == world.xiuyuan
    assert audit(person) == []


@pytest.mark.parametrize(
    ("persona", "key"), [("xiuyuan", "jobseeker"), ("jiachun", "party_member"), ("other_admin", "worker")]
)
def test_editing_someone_out_of_scope_is_not_found(login: LoginAs, world: World, persona: str, key: str) -> None:
    person = world.people[key]
    client = login(persona)
    assert client.get(reverse("people:edit", args=[person.pk])).status_code == 404
    data = form_data(world, name="改名", id_number="", phone="", residential_area="")
    assert client.post(reverse("people:edit", args=[person.pk]), data).status_code == 404
    person.refresh_from_db()
    assert person.name != "改名"


def test_the_form_shows_a_missing_name_and_a_service_problem_together(login: LoginAs, world: World) -> None:
    person = world.people["worker"]
    data = form_data(world, name="", id_number="", phone="", party_category="new_social", roles=["is_worker"])
    page = refused(login("admin").post(reverse("people:edit", args=[person.pk]), data))
    assert "请填写姓名" in field_errors(page, "name")
    assert "只有党员才能填写党员类别" in field_errors(page, "party_category")


def test_the_create_form_asks_for_the_id_number(login: LoginAs, world: World) -> None:
    page = refused(login("admin").post(reverse("people:create"), form_data(world, id_number="")))
    assert "请填写身份证号" in field_errors(page, "id_number")


def test_the_create_form_starts_from_the_chairs_own_area_or_unit(login: LoginAs, world: World) -> None:
    page = html(login("xiuyuan").get(reverse("people:create")))
    assert f'<option value="{world.xiuyuan.pk}" selected>' in page
    page = html(login("jiachun").get(reverse("people:create")))
    assert f'<option value="{world.jiachun.pk}" selected>' in page


def test_an_area_chair_is_offered_the_own_area_and_any_unit(login: LoginAs, world: World) -> None:
    page = html(login("xiuyuan").get(reverse("people:create")))
    assert options(page, "residential_area") == {str(world.xiuyuan.pk)}
    assert options(page, "employer") == {str(u.pk) for u in (world.jiachun, world.gongzhi, world.office, world.school)}


def test_an_enterprise_chair_is_offered_the_own_unit_and_any_area(login: LoginAs, world: World) -> None:
    page = html(login("jiachun").get(reverse("people:edit", args=[world.people["worker"].pk])))
    assert options(page, "residential_area") == {str(world.xiuyuan.pk), str(world.zhonghong.pk)}
    assert options(page, "employer") == {str(world.jiachun.pk)}


def test_an_office_is_offered_every_area_and_unit_of_the_sub_district_only(login: LoginAs, world: World) -> None:
    page = html(login("union").get(reverse("people:create")))
    assert options(page, "residential_area") == {str(world.xiuyuan.pk), str(world.zhonghong.pk)}
    assert options(page, "employer") == {str(u.pk) for u in (world.jiachun, world.gongzhi, world.office, world.school)}


def test_the_area_filter_of_an_area_chair_offers_the_own_area(login: LoginAs, world: World) -> None:
    assert options(html(login("zhonghong").get(reverse("people:list"))), "area") == {str(world.zhonghong.pk)}
    assert options(html(login("jiachun").get(reverse("people:list"))), "area") == {
        str(world.xiuyuan.pk),
        str(world.zhonghong.pk),
    }


def test_the_invalid_fields_are_marked(login: LoginAs, world: World) -> None:
    page = refused(login("admin").post(reverse("people:create"), form_data(world, name="")))
    assert re.search(r'<input[^>]*name="name"[^>]*class="form-control is-invalid"', page)
    assert re.search(r'<input[^>]*name="phone"[^>]*class="form-control"', page)
