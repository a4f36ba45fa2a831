"""The registry list, the search, the lookup by ID number and the dashboard."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries, Settings

from jiedao.people.tests.pages import LoginAs, bulk_people, html
from jiedao.testing import World, make_id_number, numbered


def test_the_list_sends_anonymous_visitors_to_the_login_page(client: Client, world: World) -> None:
    response = client.get(reverse("people:list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("persona", ["worker", "counsellor"])
def test_the_list_is_refused_to_roles_that_do_not_browse(login: LoginAs, persona: str) -> None:
    assert login(persona).get(reverse("people:list")).status_code == 403


def test_the_list_shows_masked_numbers_only(login: LoginAs, world: World) -> None:
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


def test_the_list_shows_role_badges_and_birth_year(login: LoginAs, world: World) -> None:
    page = html(login("admin").get(reverse("people:list"), {"q": "王秀英"}))
    assert "工会会员" in page
    assert str(world.people["worker"].birth_date.year) in page


def test_an_area_chair_lists_only_the_residents_of_the_area(login: LoginAs) -> None:
    page = html(login("xiuyuan").get(reverse("people:list")))
    assert "王秀英" in page and "乐跃明" in page
    assert "李建国" not in page and "陈懿" not in page


def test_the_search_by_initials_returns_just_the_table_to_htmx(login: LoginAs) -> None:
    response = login("admin").get(reverse("people:list"), {"q": "lym"}, HTTP_HX_REQUEST="true")
    page = html(response)
    assert "<html" not in page and 'id="people-results"' in page
    assert "乐跃明" in page and "王秀英" not in page
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_gets_the_whole_page(login: LoginAs) -> None:
    response = login("admin").get(
        reverse("people:list"), {"q": "lym"}, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in html(response)


def test_a_number_typed_into_the_search_is_dropped_and_kept_out_of_the_url(login: LoginAs, world: World) -> None:
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


def test_a_number_typed_into_the_live_search_reloads_the_page_without_it(login: LoginAs, world: World) -> None:
    number = world.people["jobseeker"].id_number
    response = login("admin").get(reverse("people:list"), {"q": number[:10]}, HTTP_HX_REQUEST="true")
    # A full navigation (HX-Redirect) rather than a swap: htmx pushes no URL holding the number.
    assert response.status_code == 200 and response.content == b""
    assert response["HX-Redirect"] == reverse("people:list")
    assert number[:10] not in str(response.headers)


def test_the_search_field_asks_for_names_only(login: LoginAs) -> None:
    page = html(login("admin").get(reverse("people:list")))
    assert 'placeholder="姓名、拼音或首字母"' in page
    assert "18位身份证号" not in page
    # The browser (and htmx, which checks validity before each request) holds back digits.
    assert re.search(r'<input type="search" name="q"[^>]* pattern="\[\^0-9０-９\]\*"', page)


def test_the_list_offers_the_lookup_as_a_posted_form(login: LoginAs) -> None:
    page = html(login("xiuyuan").get(reverse("people:list")))
    form = re.search(rf'<form method="post" action="{reverse("people:lookup")}".*?</form>', page, re.S)
    assert form and "csrfmiddlewaretoken" in form.group(0)
    assert "按身份证号查找" in form.group(0) and 'name="id_number"' in form.group(0)


@pytest.mark.parametrize(
    ("persona", "key"), [("admin", "jobseeker"), ("zhonghong", "jobseeker"), ("jiachun", "worker")]
)
def test_a_lookup_in_scope_goes_to_the_persons_page(login: LoginAs, world: World, persona: str, key: str) -> None:
    person = world.people[key]
    response = login(persona).post(reverse("people:lookup"), {"id_number": person.id_number.lower()})
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[person.pk])


@pytest.mark.parametrize(
    ("persona", "key"), [("xiuyuan", "zhonghong_worker"), ("jiachun", "jobseeker"), ("admin", "quyang_resident")]
)
def test_a_lookup_out_of_scope_is_not_found_and_leaks_nothing(
    login: LoginAs, world: World, persona: str, key: str
) -> None:
    person = world.people[key]
    response = login(persona).post(reverse("people:lookup"), {"id_number": person.id_number})
    page = response.content.decode()
    assert response.status_code == 404
    assert "未找到此身份证号的人员" in page
    assert person.name not in page and person.id_number not in page
    assert 'class="form-control is-invalid"' in page


def test_a_lookup_of_someone_not_registered_reads_the_same(login: LoginAs, world: World) -> None:
    response = login("admin").post(reverse("people:lookup"), {"id_number": make_id_number()})
    assert response.status_code == 404 and "未找到此身份证号的人员" in response.content.decode()


@pytest.mark.parametrize(("typed", "message"), [("", "请填写身份证号"), ("3101091960", "身份证号应为18位，当前为10位")])
def test_a_malformed_lookup_says_what_is_wrong_in_chinese(login: LoginAs, typed: str, message: str) -> None:
    response = login("admin").post(reverse("people:lookup"), {"id_number": typed})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_lookup_with_a_wrong_check_character_is_refused_without_echoing_it(login: LoginAs, world: World) -> None:
    good = world.people["worker"].id_number
    typed = good[:17] + ("0" if good[17] != "0" else "1")
    response = login("admin").post(reverse("people:lookup"), {"id_number": typed})
    page = response.content.decode()
    assert response.status_code == 400 and "身份证号校验码错误" in page
    assert typed not in page and good not in page


@pytest.mark.parametrize("persona", ["worker", "counsellor"])
def test_the_lookup_is_refused_to_roles_that_do_not_browse(login: LoginAs, world: World, persona: str) -> None:
    response = login(persona).post(reverse("people:lookup"), {"id_number": world.people["worker"].id_number})
    assert response.status_code == 403
    assert "Location" not in response


def test_the_lookup_address_opened_directly_leads_to_the_list(login: LoginAs) -> None:
    response = login("admin").get(reverse("people:lookup"))
    assert response.status_code == 302 and response["Location"] == reverse("people:list")


def test_no_full_number_reaches_a_page_a_link_or_a_location(login: LoginAs, world: World) -> None:
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


def test_the_filters_narrow_the_list(login: LoginAs, world: World) -> None:
    query: dict[str, int | str] = {"area": world.zhonghong.pk, "role": "is_job_seeker"}
    page = html(login("admin").get(reverse("people:list"), query))
    assert "李建国" in page
    assert "陈懿" not in page and "王秀英" not in page


def test_the_area_filter_offers_only_areas_of_the_sub_district(login: LoginAs, world: World) -> None:
    page = html(login("admin").get(reverse("people:list"), {"area": world.quyang_area.pk}))
    assert f'<option value="{world.zhonghong.pk}"' in page
    assert f'<option value="{world.quyang_area.pk}"' not in page
    assert "部分筛选条件无效" in page  # said, and ignored rather than guessed
    assert "赵曲阳" not in page and "王秀英" in page


def test_the_export_link_carries_the_search(login: LoginAs, world: World) -> None:
    page = html(login("admin").get(reverse("people:list"), {"q": "lym", "role": "is_party_member", "page": "1"}))
    assert f'href="{reverse("people:export")}?q=lym&amp;role=is_party_member"' in page
    assert f'href="{reverse("people:import")}"' in page


def test_the_list_paginates(login: LoginAs, world: World, settings: Settings) -> None:
    settings.JIEDAO_PAGE_SIZE = 3
    first = html(login("admin").get(reverse("people:list")))
    second = html(login("admin").get(reverse("people:list"), {"page": 2}))
    assert "第 1 / 2 页" in first and "?page=2" in first
    assert "陈懿" in second  # names sort by code point: 乐 王 李 | 陈
    assert "陈懿" not in first


@pytest.mark.parametrize("size", [10, 1000])
def test_the_list_runs_a_constant_number_of_queries(
    login: LoginAs, world: World, django_assert_num_queries: DjangoAssertNumQueries, size: int
) -> None:
    bulk_people(world, size)
    client = login("admin")
    query: dict[str, int | str] = {"area": world.xiuyuan.pk, "role": "is_worker"}
    # session, user with their role assignments, area choices, count, page rows
    with django_assert_num_queries(5):
        page = html(client.get(reverse("people:list"), query))
    assert numbered("测试", 1, 4) in page
    with django_assert_num_queries(5):
        fragment = html(client.get(reverse("people:list"), {"q": "ceshi"}, HTTP_HX_REQUEST="true"))
    assert numbered("测试", 0, 4) in fragment


@pytest.mark.parametrize("persona", ["admin", "xiuyuan", "counsellor"])
def test_the_dashboard_is_open_to_all_staff(login: LoginAs, persona: str) -> None:
    page = html(login(persona).get(reverse("people:dashboard")))
    assert '<script id="dashboard-data" type="application/json">' in page


def test_the_dashboard_is_refused_to_residents(login: LoginAs) -> None:
    assert login("worker").get(reverse("people:dashboard")).status_code == 403


def test_the_dashboard_has_no_inline_script(login: LoginAs) -> None:
    page = html(login("admin").get(reverse("people:dashboard")))
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "echarts.min.js" in page and "js/dashboard.js" in page
    assert "style=" not in page


def test_the_dashboard_shows_the_figures_of_the_scope(login: LoginAs) -> None:
    page = html(login("xiuyuan").get(reverse("people:dashboard")))
    assert "秀苑" in page and "中虹" not in page


@pytest.mark.parametrize("size", [10, 1000])
def test_the_dashboard_runs_a_constant_number_of_queries(
    login: LoginAs, world: World, django_assert_num_queries: DjangoAssertNumQueries, size: int
) -> None:
    bulk_people(world, size)
    client = login("admin")
    # session, user with their role assignments, three figures (the areas' names apart), the pending registry claims
    with django_assert_num_queries(7):
        html(client.get(reverse("people:dashboard")))


def test_the_registry_link_is_shown_only_to_those_who_can_open_it(client: Client, world: World) -> None:
    client.force_login(world.users["counsellor"])
    assert 'href="/people/"' not in client.get("/people/dashboard/").content.decode()
    client.force_login(world.users["xiuyuan"])
    assert 'href="/people/"' in client.get("/people/dashboard/").content.decode()


def test_the_import_button_is_offered_to_the_offices_only(client: Client, world: World) -> None:
    client.force_login(world.users["xiuyuan"])
    assert 'href="/people/import/"' not in client.get("/people/").content.decode()
    client.force_login(world.users["admin"])
    assert 'href="/people/import/"' in client.get("/people/").content.decode()
