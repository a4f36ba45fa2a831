"""A person's page and the reveal of a full number."""

import json
import re

import pytest
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from jiedao.people.tests.pages import LoginAs, audit, html
from jiedao.testing import World


def test_the_detail_is_masked_with_a_reveal_button_for_the_admin(login: LoginAs, world: World) -> None:
    person = world.people["jobseeker"]
    page = html(login("admin").get(reverse("people:detail", args=[person.pk])))
    assert person.id_number_masked in page and person.id_number not in page
    assert "139****1111" in page and "13900001111" not in page
    assert reverse("people:reveal", args=[person.pk, "id_number"]) in page
    assert reverse("people:reveal", args=[person.pk, "phone"]) in page


def test_the_detail_has_no_reveal_button_for_roles_that_may_not_reveal(login: LoginAs, world: World) -> None:
    person = world.people["worker"]
    page = html(login("jiachun").get(reverse("people:detail", args=[person.pk])))
    assert person.id_number_masked in page
    assert "显示完整号码" not in page


def test_the_detail_shows_the_audit_trail_to_offices_only(login: LoginAs, world: World) -> None:
    person = world.people["party_member"]
    client = login("admin")
    client.post(reverse("people:reveal", args=[person.pk, "phone"]))
    page = html(client.get(reverse("people:detail", args=[person.pk])))
    assert "最近操作记录" in page and "查看敏感信息" in page and "手机号" in page
    assert "最近操作记录" not in html(login("xiuyuan").get(reverse("people:detail", args=[person.pk])))


@pytest.mark.parametrize(
    ("persona", "key"), [("xiuyuan", "jobseeker"), ("other_admin", "worker"), ("admin", "quyang_resident")]
)
def test_the_detail_of_someone_out_of_scope_is_not_found(login: LoginAs, world: World, persona: str, key: str) -> None:
    assert login(persona).get(reverse("people:detail", args=[world.people[key].pk])).status_code == 404


def test_reveal_returns_the_full_number_and_is_audited(login: LoginAs, world: World) -> None:
    person = world.people["jobseeker"]
    response = login("labour").post(reverse("people:reveal", args=[person.pk, "id_number"]), HTTP_HX_REQUEST="true")
    page = html(response)
    assert person.id_number in page and "<html" not in page
    assert "no-store" in response["Cache-Control"]
    [entry] = audit(person)
    assert (entry.action, entry.detail, entry.actor_id) == ("reveal", {"field": "id_number"}, world.users["labour"].pk)


def test_reveal_refuses_get(login: LoginAs, world: World) -> None:
    response = login("admin").get(reverse("people:reveal", args=[world.people["worker"].pk, "phone"]))
    assert response.status_code == 405
    assert audit(world.people["worker"]) == []


@pytest.mark.parametrize("persona", ["union", "xiuyuan", "jiachun", "worker"])
def test_reveal_is_forbidden_to_roles_without_the_right(login: LoginAs, world: World, persona: str) -> None:
    person = world.people["worker"]
    response = login(persona).post(reverse("people:reveal", args=[person.pk, "id_number"]))
    assert response.status_code == 403
    assert person.id_number not in response.content.decode()
    assert audit(person) == []


def test_reveal_of_someone_out_of_scope_or_of_another_field_is_not_found(login: LoginAs, world: World) -> None:
    assert (
        login("other_admin").post(reverse("people:reveal", args=[world.people["worker"].pk, "phone"])).status_code
        == 404
    )
    assert login("admin").post(reverse("people:reveal", args=[world.people["worker"].pk, "name"])).status_code == 404


@pytest.mark.parametrize("entries", [1, 40])
def test_the_detail_runs_a_constant_number_of_queries(
    login: LoginAs, world: World, django_assert_num_queries: DjangoAssertNumQueries, entries: int
) -> None:
    person = world.people["jobseeker"]
    client = login("admin")
    for _ in range(entries):
        client.post(reverse("people:reveal", args=[person.pk, "phone"]))
    # session, user with their role assignments, person, audit history
    with django_assert_num_queries(4):
        page = html(client.get(reverse("people:detail", args=[person.pk])))
    assert page.count("查看敏感信息") == min(entries, 20)


def test_pages_keep_no_copies_in_the_browsers_storage(login: LoginAs) -> None:
    page = html(login("admin").get(reverse("people:list")))
    config = re.search(r'<meta name="htmx-config" content=\'([^\']*)\'>', page)
    assert config, "htmx-config meta missing"
    assert json.loads(config.group(1)) == {
        "includeIndicatorStyles": False,
        "historyCacheSize": 0,
        "refreshOnHistoryMiss": True,
    }
