import datetime as dt
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from jiedao.core.models import AuditEntry
from jiedao.people.models import Person
from jiedao.people.services import person_values
from jiedao.testing import World, make_id_number


@pytest.fixture
def login(client: Client, world: World):  # type: ignore[no-untyped-def]
    def as_persona(persona: str) -> Client:
        client.force_login(world.users[persona])
        return client

    return as_persona


def html(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def field_errors(page: str, field: str) -> str:
    """The text of the error block the form renders under ``field``."""
    match = re.search(rf'id="id_{field}_error">(.*?)</div>\s*</div>', page, re.S)
    return re.sub(r"<[^>]+>", " ", match.group(1)) if match else ""


def audit(person: Person) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(object_type="people.person", object_id=str(person.pk)).order_by("id"))


def bulk_people(world: World, size: int) -> None:
    Person.objects.bulk_create(
        Person(
            **person_values(
                subdistrict_id=world.liangcheng.pk,
                name=f"测试{i:04d}",
                id_number=make_id_number(birth=dt.date(1960, 1, 1) + dt.timedelta(days=i)),
                phone=f"139{i:08d}",
                residential_area=world.xiuyuan if i % 2 else world.zhonghong,
                employer=world.gongzhi,
                roles={"is_worker", "is_union_member"},
            )
        )
        for i in range(size)
    )


# --- list ------------------------------------------------------------------------------


def test_the_list_sends_anonymous_visitors_to_the_login_page(client: Client, world: World) -> None:
    response = client.get(reverse("people:list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("persona", ["worker", "counsellor"])
def test_the_list_is_refused_to_roles_that_do_not_browse(login, persona: str) -> None:  # type: ignore[no-untyped-def]
    assert login(persona).get(reverse("people:list")).status_code == 403


def test_the_list_shows_masked_numbers_only(login, world: World) -> None:  # type: ignore[no-untyped-def]
    page = html(login("admin").get(reverse("people:list")))
    for person in world.people.values():
        if person.subdistrict_id != world.liangcheng.pk:
            assert person.name not in page
            continue
        assert person.name in page
        assert person.id_number_masked in page
        assert person.id_number not in page
        assert person.phone not in page
    assert "139****1111" in page  # 李建国's phone, masked
    assert "身份证号" in page and "居民区" in page and "工作单位" in page


def test_the_list_shows_role_badges_and_birth_year(login, world: World) -> None:  # type: ignore[no-untyped-def]
    page = html(login("admin").get(reverse("people:list"), {"q": "王秀英"}))
    assert "工会会员" in page
    assert str(world.people["worker"].birth_date.year) in page


def test_an_area_chair_lists_only_the_residents_of_the_area(login) -> None:  # type: ignore[no-untyped-def]
    page = html(login("xiuyuan").get(reverse("people:list")))
    assert "王秀英" in page and "乐跃明" in page
    assert "李建国" not in page and "陈懿" not in page


def test_the_search_by_initials_returns_just_the_table_to_htmx(login) -> None:  # type: ignore[no-untyped-def]
    response = login("admin").get(reverse("people:list"), {"q": "lym"}, HTTP_HX_REQUEST="true")
    page = html(response)
    assert "<html" not in page and 'id="people-results"' in page
    assert "乐跃明" in page and "王秀英" not in page
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_gets_the_whole_page(login) -> None:  # type: ignore[no-untyped-def]
    response = login("admin").get(
        reverse("people:list"), {"q": "lym"}, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in html(response)


def test_a_number_typed_into_the_search_is_dropped_and_kept_out_of_the_url(login, world: World) -> None:  # type: ignore[no-untyped-def]
    number = world.people["jobseeker"].id_number
    client = login("admin")
    response = client.get(reverse("people:list"), {"q": number, "role": "is_job_seeker"})
    # On to the same list without the number: the browser's history keeps that URL.
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('people:list')}?role=is_job_seeker"
    page = html(client.get(response["Location"]))
    assert number not in page
    assert "身份证号请用“按身份证号查找”" in page
    assert f'href="{reverse("people:export")}?role=is_job_seeker"' in page
    assert "李建国" in page and "王秀英" not in page  # the other filters still apply


def test_a_number_typed_into_the_live_search_reloads_the_page_without_it(login, world: World) -> None:  # type: ignore[no-untyped-def]
    number = world.people["jobseeker"].id_number
    response = login("admin").get(reverse("people:list"), {"q": number[:10]}, HTTP_HX_REQUEST="true")
    # A full navigation (HX-Redirect) rather than a swap: htmx pushes no URL holding the number.
    assert response.status_code == 200 and response.content == b""
    assert response["HX-Redirect"] == reverse("people:list")
    assert number[:10] not in str(response.headers)


def test_the_search_field_asks_for_names_only(login) -> None:  # type: ignore[no-untyped-def]
    page = html(login("admin").get(reverse("people:list")))
    assert 'placeholder="姓名、拼音或首字母"' in page
    assert "18位身份证号" not in page
    # The browser (and htmx, which checks validity before each request) holds back digits.
    assert re.search(r'<input type="search" name="q"[^>]* pattern="\[\^0-9０-９\]\*"', page)


# --- lookup by ID number ----------------------------------------------------------------


def test_the_list_offers_the_lookup_as_a_posted_form(login) -> None:  # type: ignore[no-untyped-def]
    page = html(login("xiuyuan").get(reverse("people:list")))
    form = re.search(rf'<form method="post" action="{reverse("people:lookup")}".*?</form>', page, re.S)
    assert form and "csrfmiddlewaretoken" in form.group(0)
    assert "按身份证号查找" in form.group(0) and 'name="id_number"' in form.group(0)


@pytest.mark.parametrize(
    ("persona", "key"), [("admin", "jobseeker"), ("zhonghong", "jobseeker"), ("jiachun", "worker")]
)
def test_a_lookup_in_scope_goes_to_the_persons_page(login, world: World, persona: str, key: str) -> None:  # type: ignore[no-untyped-def]
    person = world.people[key]
    response = login(persona).post(reverse("people:lookup"), {"id_number": person.id_number.lower()})
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[person.pk])


@pytest.mark.parametrize(
    ("persona", "key"), [("xiuyuan", "zhonghong_worker"), ("jiachun", "jobseeker"), ("admin", "quyang_resident")]
)
def test_a_lookup_out_of_scope_is_not_found_and_leaks_nothing(login, world: World, persona: str, key: str) -> None:  # type: ignore[no-untyped-def]
    person = world.people[key]
    response = login(persona).post(reverse("people:lookup"), {"id_number": person.id_number})
    page = response.content.decode()
    assert response.status_code == 404
    assert "未找到此身份证号的人员" in page
    assert person.name not in page and person.id_number not in page
    assert 'class="form-control is-invalid"' in page


def test_a_lookup_of_someone_not_registered_reads_the_same(login, world: World) -> None:  # type: ignore[no-untyped-def]
    response = login("admin").post(reverse("people:lookup"), {"id_number": make_id_number()})
    assert response.status_code == 404 and "未找到此身份证号的人员" in response.content.decode()


@pytest.mark.parametrize(("typed", "message"), [("", "请填写身份证号"), ("3101091960", "身份证号应为18位，当前为10位")])
def test_a_malformed_lookup_says_what_is_wrong_in_chinese(login, typed: str, message: str) -> None:  # type: ignore[no-untyped-def]
    response = login("admin").post(reverse("people:lookup"), {"id_number": typed})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_lookup_with_a_wrong_check_character_is_refused_without_echoing_it(login, world: World) -> None:  # type: ignore[no-untyped-def]
    good = world.people["worker"].id_number
    typed = good[:17] + ("0" if good[17] != "0" else "1")
    response = login("admin").post(reverse("people:lookup"), {"id_number": typed})
    page = response.content.decode()
    assert response.status_code == 400 and "身份证号校验码错误" in page
    assert typed not in page and good not in page


@pytest.mark.parametrize("persona", ["worker", "counsellor"])
def test_the_lookup_is_refused_to_roles_that_do_not_browse(login, world: World, persona: str) -> None:  # type: ignore[no-untyped-def]
    response = login(persona).post(reverse("people:lookup"), {"id_number": world.people["worker"].id_number})
    assert response.status_code == 403
    assert "Location" not in response


def test_the_lookup_address_opened_directly_leads_to_the_list(login) -> None:  # type: ignore[no-untyped-def]
    response = login("admin").get(reverse("people:lookup"))
    assert response.status_code == 302 and response["Location"] == reverse("people:list")


def test_no_full_number_reaches_a_page_a_link_or_a_location(login, world: World) -> None:  # type: ignore[no-untyped-def]
    numbers = [p.id_number for p in world.people.values()]
    client = login("admin")
    responses = [
        client.get(reverse("people:list"), {"q": numbers[0], "area": world.xiuyuan.pk}, follow=True),
        client.get(reverse("people:list"), {"q": numbers[1]}, HTTP_HX_REQUEST="true"),
        client.get(reverse("people:list"), {"q": "lym"}, HTTP_HX_REQUEST="true"),
        client.post(reverse("people:lookup"), {"id_number": numbers[2]}, follow=True),
        client.post(reverse("people:lookup"), {"id_number": numbers[4]}),  # another sub-district's
    ]
    for response in responses:
        redirects = [url for url, _ in getattr(response, "redirect_chain", [])]
        text = response.content.decode() + str(response.headers) + " ".join(redirects)
        for number in numbers:
            assert number not in text and number.lower() not in text


def test_the_filters_narrow_the_list(login, world: World) -> None:  # type: ignore[no-untyped-def]
    page = html(login("admin").get(reverse("people:list"), {"area": world.zhonghong.pk, "role": "is_job_seeker"}))
    assert "李建国" in page
    assert "陈懿" not in page and "王秀英" not in page


def test_the_area_filter_offers_only_areas_of_the_sub_district(login, world: World) -> None:  # type: ignore[no-untyped-def]
    page = html(login("admin").get(reverse("people:list"), {"area": world.quyang_area.pk}))
    assert f'<option value="{world.zhonghong.pk}"' in page
    assert f'<option value="{world.quyang_area.pk}"' not in page
    assert "部分筛选条件无效" in page  # said, and ignored rather than guessed
    assert "赵曲阳" not in page and "王秀英" in page


def test_the_export_link_carries_the_search(login, world: World) -> None:  # type: ignore[no-untyped-def]
    page = html(login("admin").get(reverse("people:list"), {"q": "lym", "role": "is_party_member", "page": "1"}))
    assert f'href="{reverse("people:export")}?q=lym&amp;role=is_party_member"' in page
    assert f'href="{reverse("people:import")}"' in page


def test_the_list_paginates(login, world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.JIEDAO_PAGE_SIZE = 3
    first = html(login("admin").get(reverse("people:list")))
    second = html(login("admin").get(reverse("people:list"), {"page": 2}))
    assert "第 1 / 2 页" in first and "?page=2" in first
    assert "陈懿" in second  # names sort by code point: 乐 王 李 | 陈
    assert "陈懿" not in first


@pytest.mark.parametrize("size", [10, 1000])
def test_the_list_runs_a_constant_number_of_queries(  # type: ignore[no-untyped-def]
    login, world: World, django_assert_num_queries, size: int
) -> None:
    bulk_people(world, size)
    client = login("admin")
    # session, user, role assignments, area choices, count, page rows
    with django_assert_num_queries(6):
        page = html(client.get(reverse("people:list"), {"area": world.xiuyuan.pk, "role": "is_worker"}))
    assert "测试0001" in page
    with django_assert_num_queries(6):
        fragment = html(client.get(reverse("people:list"), {"q": "ceshi"}, HTTP_HX_REQUEST="true"))
    assert "测试0000" in fragment


# --- detail and reveal ---------------------------------------------------------------


def test_the_detail_is_masked_with_a_reveal_button_for_the_admin(login, world: World) -> None:  # type: ignore[no-untyped-def]
    person = world.people["jobseeker"]
    page = html(login("admin").get(reverse("people:detail", args=[person.pk])))
    assert person.id_number_masked in page and person.id_number not in page
    assert "139****1111" in page and "13900001111" not in page
    assert reverse("people:reveal", args=[person.pk, "id_number"]) in page
    assert reverse("people:reveal", args=[person.pk, "phone"]) in page


def test_the_detail_has_no_reveal_button_for_roles_that_may_not_reveal(login, world: World) -> None:  # type: ignore[no-untyped-def]
    person = world.people["worker"]
    page = html(login("jiachun").get(reverse("people:detail", args=[person.pk])))
    assert person.id_number_masked in page
    assert "显示完整号码" not in page


def test_the_detail_shows_the_audit_trail_to_offices_only(login, world: World) -> None:  # type: ignore[no-untyped-def]
    person = world.people["party_member"]
    client = login("admin")
    client.post(reverse("people:reveal", args=[person.pk, "phone"]))
    page = html(client.get(reverse("people:detail", args=[person.pk])))
    assert "最近操作记录" in page and "查看敏感信息" in page and "手机号" in page
    assert "最近操作记录" not in html(login("xiuyuan").get(reverse("people:detail", args=[person.pk])))


@pytest.mark.parametrize(
    ("persona", "key"), [("xiuyuan", "jobseeker"), ("other_admin", "worker"), ("admin", "quyang_resident")]
)
def test_the_detail_of_someone_out_of_scope_is_not_found(login, world: World, persona: str, key: str) -> None:  # type: ignore[no-untyped-def]
    assert login(persona).get(reverse("people:detail", args=[world.people[key].pk])).status_code == 404


def test_reveal_returns_the_full_number_and_is_audited(login, world: World) -> None:  # type: ignore[no-untyped-def]
    person = world.people["jobseeker"]
    response = login("labour").post(reverse("people:reveal", args=[person.pk, "id_number"]), HTTP_HX_REQUEST="true")
    page = html(response)
    assert person.id_number in page and "<html" not in page
    assert "no-store" in response["Cache-Control"]
    [entry] = audit(person)
    assert (entry.action, entry.detail, entry.actor_id) == ("reveal", {"field": "id_number"}, world.users["labour"].pk)


def test_reveal_refuses_get(login, world: World) -> None:  # type: ignore[no-untyped-def]
    response = login("admin").get(reverse("people:reveal", args=[world.people["worker"].pk, "phone"]))
    assert response.status_code == 405
    assert audit(world.people["worker"]) == []


@pytest.mark.parametrize("persona", ["union", "xiuyuan", "jiachun", "worker"])
def test_reveal_is_forbidden_to_roles_without_the_right(login, world: World, persona: str) -> None:  # type: ignore[no-untyped-def]
    person = world.people["worker"]
    response = login(persona).post(reverse("people:reveal", args=[person.pk, "id_number"]))
    assert response.status_code == 403
    assert person.id_number not in response.content.decode()
    assert audit(person) == []


def test_reveal_of_someone_out_of_scope_or_of_another_field_is_not_found(login, world: World) -> None:  # type: ignore[no-untyped-def]
    assert (
        login("other_admin").post(reverse("people:reveal", args=[world.people["worker"].pk, "phone"])).status_code
        == 404
    )
    assert login("admin").post(reverse("people:reveal", args=[world.people["worker"].pk, "name"])).status_code == 404


# --- create and edit ----------------------------------------------------------------


def form_data(world: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "周凉城",
        "gender": "",
        "id_number": make_id_number(birth=dt.date(1990, 2, 3), male=True),
        "phone": "13611112222",
        "residential_area": world.xiuyuan.pk,
        "employer": "",
        "roles": ["is_worker", "is_volunteer"],
        "party_category": "",
        "party_branch": "",
    }
    data.update(overrides)
    return data


def test_the_create_form_labels_every_input(login) -> None:  # type: ignore[no-untyped-def]
    page = html(login("admin").get(reverse("people:create")))
    ids = set(re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', page))
    labelled = set(re.findall(r'<label[^>]*\bfor="([^"]+)"', page))
    form_ids = {i for i in ids if i.startswith("id_")}
    assert form_ids and form_ids <= labelled


def test_creating_a_person_saves_and_shows_them(login, world: World) -> None:  # type: ignore[no-untyped-def]
    data = form_data(world)
    response = login("admin").post(reverse("people:create"), data)
    person = Person.objects.get(name="周凉城")
    assert response.status_code == 302 and response["Location"] == reverse("people:detail", args=[person.pk])
    assert person.id_number == data["id_number"] and person.gender == "M"
    assert person.is_worker and person.is_volunteer and not person.is_party_member
    assert [e.action for e in audit(person)] == ["create"]


def test_the_create_form_shows_every_problem_in_chinese_next_to_its_field(login, world: World) -> None:  # type: ignore[no-untyped-def]
    number = make_id_number(male=True)
    bad_check = number[:17] + ("0" if number[17] != "0" else "1")
    page = html(
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


def test_the_create_form_checks_the_gender_against_the_id_number(login, world: World) -> None:  # type: ignore[no-untyped-def]
    page = html(login("admin").post(reverse("people:create"), form_data(world, gender="F")))
    assert "与身份证号不符" in field_errors(page, "gender")


def test_the_create_form_refuses_a_duplicate_id_number(login, world: World) -> None:  # type: ignore[no-untyped-def]
    page = html(
        login("admin").post(reverse("people:create"), form_data(world, id_number=world.people["worker"].id_number))
    )
    assert "已登记" in field_errors(page, "id_number")


def test_the_create_form_refuses_an_area_of_another_sub_district(login, world: World) -> None:  # type: ignore[no-untyped-def]
    page = html(login("admin").post(reverse("people:create"), form_data(world, residential_area=world.quyang_area.pk)))
    assert field_errors(page, "residential_area")
    assert not Person.objects.filter(name="周凉城").exists()


def test_an_area_chair_cannot_create_someone_outside_the_area(login, world: World) -> None:  # type: ignore[no-untyped-def]
    page = html(login("xiuyuan").post(reverse("people:create"), form_data(world, residential_area=world.zhonghong.pk)))
    assert "选择一个有效的选项" in field_errors(page, "residential_area")  # 中虹 is not among the choices
    assert not Person.objects.filter(name="周凉城").exists()
    assert not AuditEntry.objects.filter(action="create").exists()  # rolled back with the person


def test_an_area_chair_creates_a_resident_of_the_area(login, world: World) -> None:  # type: ignore[no-untyped-def]
    response = login("xiuyuan").post(reverse("people:create"), form_data(world))
    assert response.status_code == 302
    assert Person.objects.get(name="周凉城").residential_area == world.xiuyuan


@pytest.mark.parametrize("persona", ["worker", "counsellor"])
def test_create_is_forbidden_to_roles_that_do_not_edit(login, world: World, persona: str) -> None:  # type: ignore[no-untyped-def]
    assert login(persona).get(reverse("people:create")).status_code == 403
    assert login(persona).post(reverse("people:create"), form_data(world)).status_code == 403


def test_the_edit_form_never_holds_the_full_numbers(login, world: World) -> None:  # type: ignore[no-untyped-def]
    person = world.people["jobseeker"]
    page = html(login("union").get(reverse("people:edit", args=[person.pk])))
    assert person.id_number not in page and "13900001111" not in page
    assert f'placeholder="{person.id_number_masked}"' in page
    assert 'placeholder="139****1111"' in page
    assert 'value="李建国"' in page


def test_editing_with_the_numbers_left_empty_keeps_them(login, world: World) -> None:  # type: ignore[no-untyped-def]
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
    assert audit(person)[-1].detail == {"fields": ["is_volunteer"]}


def test_editing_can_replace_or_clear_the_phone(login, world: World) -> None:  # type: ignore[no-untyped-def]
    person = world.people["jobseeker"]
    client = login("admin")
    base = form_data(world, name="李建国", id_number="", residential_area=world.zhonghong.pk, roles=["is_job_seeker"])
    client.post(reverse("people:edit", args=[person.pk]), {**base, "phone": "13722223333"})
    person.refresh_from_db()
    assert person.phone == "13722223333"
    client.post(reverse("people:edit", args=[person.pk]), {**base, "phone": "", "clear_phone": "on"})
    person.refresh_from_db()
    assert person.phone == "" and person.phone_hash == ""


def test_the_edit_form_shows_service_errors_and_keeps_the_record(login, world: World) -> None:  # type: ignore[no-untyped-def]
    person = world.people["jobseeker"]
    data = form_data(
        world, name="", id_number="", phone="", residential_area=world.zhonghong.pk, roles=["is_job_seeker"]
    )
    page = html(login("admin").post(reverse("people:edit", args=[person.pk]), data))
    assert field_errors(page, "name")
    person.refresh_from_db()
    assert person.name == "李建国"


def test_a_chair_cannot_move_someone_out_of_scope(login, world: World) -> None:  # type: ignore[no-untyped-def]
    person = world.people["party_member"]
    data = form_data(
        world, name="乐跃明", id_number="", phone="", residential_area=world.zhonghong.pk, roles=["is_party_member"]
    )
    page = html(login("xiuyuan").post(reverse("people:edit", args=[person.pk]), data))
    assert "选择一个有效的选项" in field_errors(page, "residential_area")
    person.refresh_from_db()
    assert person.residential_area == world.xiuyuan
    assert audit(person) == []


@pytest.mark.parametrize(
    ("persona", "key"), [("xiuyuan", "jobseeker"), ("jiachun", "party_member"), ("other_admin", "worker")]
)
def test_editing_someone_out_of_scope_is_not_found(login, world: World, persona: str, key: str) -> None:  # type: ignore[no-untyped-def]
    person = world.people[key]
    client = login(persona)
    assert client.get(reverse("people:edit", args=[person.pk])).status_code == 404
    data = form_data(world, name="改名", id_number="", phone="", residential_area="")
    assert client.post(reverse("people:edit", args=[person.pk]), data).status_code == 404
    person.refresh_from_db()
    assert person.name != "改名"


# --- dashboard ------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["admin", "xiuyuan", "counsellor"])
def test_the_dashboard_is_open_to_all_staff(login, persona: str) -> None:  # type: ignore[no-untyped-def]
    page = html(login(persona).get(reverse("people:dashboard")))
    assert '<script id="dashboard-data" type="application/json">' in page


def test_the_dashboard_is_refused_to_residents(login) -> None:  # type: ignore[no-untyped-def]
    assert login("worker").get(reverse("people:dashboard")).status_code == 403


def test_the_dashboard_has_no_inline_script(login) -> None:  # type: ignore[no-untyped-def]
    page = html(login("admin").get(reverse("people:dashboard")))
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "echarts.min.js" in page and "js/dashboard.js" in page
    assert "style=" not in page


def test_the_dashboard_shows_the_figures_of_the_scope(login) -> None:  # type: ignore[no-untyped-def]
    page = html(login("xiuyuan").get(reverse("people:dashboard")))
    assert "秀苑" in page and "中虹" not in page


@pytest.mark.parametrize("size", [10, 1000])
def test_the_dashboard_runs_a_constant_number_of_queries(  # type: ignore[no-untyped-def]
    login, world: World, django_assert_num_queries, size: int
) -> None:
    bulk_people(world, size)
    client = login("admin")
    # session, user, role assignments, three figures
    with django_assert_num_queries(6):
        html(client.get(reverse("people:dashboard")))


def test_the_form_shows_a_missing_name_and_a_service_problem_together(login, world: World) -> None:  # type: ignore[no-untyped-def]
    person = world.people["worker"]
    data = form_data(world, name="", id_number="", phone="", party_category="new_social", roles=["is_worker"])
    page = html(login("admin").post(reverse("people:edit", args=[person.pk]), data))
    assert "请填写姓名" in field_errors(page, "name")
    assert "只有党员才能填写党员类别" in field_errors(page, "party_category")


def test_the_create_form_asks_for_the_id_number(login, world: World) -> None:  # type: ignore[no-untyped-def]
    page = html(login("admin").post(reverse("people:create"), form_data(world, id_number="")))
    assert "请填写身份证号" in field_errors(page, "id_number")


def test_the_create_form_starts_from_the_chairs_own_area_or_unit(login, world: World) -> None:  # type: ignore[no-untyped-def]
    page = html(login("xiuyuan").get(reverse("people:create")))
    assert f'<option value="{world.xiuyuan.pk}" selected>' in page
    page = html(login("jiachun").get(reverse("people:create")))
    assert f'<option value="{world.jiachun.pk}" selected>' in page


def options(page: str, name: str) -> set[str]:
    """The non-empty option values of the select named ``name``."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select, name
    return set(re.findall(r'<option value="(\d+)"', select.group(1)))


def test_an_area_chair_is_offered_the_own_area_and_any_unit(login, world: World) -> None:  # type: ignore[no-untyped-def]
    page = html(login("xiuyuan").get(reverse("people:create")))
    assert options(page, "residential_area") == {str(world.xiuyuan.pk)}
    assert options(page, "employer") == {str(u.pk) for u in (world.jiachun, world.gongzhi, world.office)}


def test_an_enterprise_chair_is_offered_the_own_unit_and_any_area(login, world: World) -> None:  # type: ignore[no-untyped-def]
    page = html(login("jiachun").get(reverse("people:edit", args=[world.people["worker"].pk])))
    assert options(page, "residential_area") == {str(world.xiuyuan.pk), str(world.zhonghong.pk)}
    assert options(page, "employer") == {str(world.jiachun.pk)}


def test_an_office_is_offered_every_area_and_unit_of_the_sub_district_only(login, world: World) -> None:  # type: ignore[no-untyped-def]
    page = html(login("union").get(reverse("people:create")))
    assert options(page, "residential_area") == {str(world.xiuyuan.pk), str(world.zhonghong.pk)}
    assert options(page, "employer") == {str(u.pk) for u in (world.jiachun, world.gongzhi, world.office)}


def test_the_area_filter_of_an_area_chair_offers_the_own_area(login, world: World) -> None:  # type: ignore[no-untyped-def]
    assert options(html(login("zhonghong").get(reverse("people:list"))), "area") == {str(world.zhonghong.pk)}
    assert options(html(login("jiachun").get(reverse("people:list"))), "area") == {
        str(world.xiuyuan.pk),
        str(world.zhonghong.pk),
    }


def test_pages_keep_no_copies_in_the_browsers_storage(login) -> None:  # type: ignore[no-untyped-def]
    page = html(login("admin").get(reverse("people:list")))
    config = re.search(r'<meta name="htmx-config" content=\'([^\']*)\'>', page)
    assert config, "htmx-config meta missing"
    assert json.loads(config.group(1)) == {
        "includeIndicatorStyles": False,
        "historyCacheSize": 0,
        "refreshOnHistoryMiss": True,
    }


@pytest.mark.parametrize("entries", [1, 40])
def test_the_detail_runs_a_constant_number_of_queries(  # type: ignore[no-untyped-def]
    login, world: World, django_assert_num_queries, entries: int
) -> None:
    person = world.people["jobseeker"]
    client = login("admin")
    for _ in range(entries):
        client.post(reverse("people:reveal", args=[person.pk, "phone"]))
    # session, user, role assignments, person, audit history
    with django_assert_num_queries(5):
        page = html(client.get(reverse("people:detail", args=[person.pk])))
    assert page.count("查看敏感信息") == min(entries, 20)


def test_the_invalid_fields_are_marked(login, world: World) -> None:  # type: ignore[no-untyped-def]
    page = html(login("admin").post(reverse("people:create"), form_data(world, name="")))
    assert re.search(r'<input[^>]*name="name"[^>]*class="form-control is-invalid"', page)
    assert re.search(r'<input[^>]*name="phone"[^>]*class="form-control"', page)


def test_the_registry_link_is_shown_only_to_those_who_can_open_it(client, world: World) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.users["counsellor"])
    assert 'href="/people/"' not in client.get("/people/dashboard/").content.decode()
    client.force_login(world.users["xiuyuan"])
    assert 'href="/people/"' in client.get("/people/dashboard/").content.decode()


def test_the_import_button_is_offered_to_the_offices_only(client, world: World) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.users["xiuyuan"])
    assert 'href="/people/import/"' not in client.get("/people/").content.decode()
    client.force_login(world.users["admin"])
    assert 'href="/people/import/"' in client.get("/people/").content.decode()
