import datetime as dt
import json
from collections.abc import Callable
from typing import Any, TypeAlias

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries, Settings

from jiedao.accounts.tokens import token_issue
from jiedao.core.models import AuditEntry
from jiedao.people.models import ROLE_FIELDS, Person
from jiedao.people.services import person_values
from jiedao.testing import ClientResponse, World, make_id_number, make_unit, numbered

URL = "/api/v1/people"


class Api:
    """A client speaking JSON with one persona's bearer token."""

    def __init__(self, client: Client, world: World, persona: str) -> None:
        self.client = client
        self.raw, _ = token_issue(user=world.users[persona])

    def _headers(self) -> dict[str, Any]:  # extra WSGI environ keys for the test client
        return {"HTTP_AUTHORIZATION": f"Bearer {self.raw}"}

    def get(self, path: str = "", **params: Any) -> ClientResponse:
        return self.client.get(URL + path, params, **self._headers())

    def post(self, path: str, body: dict[str, Any]) -> ClientResponse:
        return self.client.post(URL + path, body, content_type="application/json", **self._headers())

    def put(self, path: str, body: dict[str, Any]) -> ClientResponse:
        return self.client.put(URL + path, json.dumps(body), content_type="application/json", **self._headers())


# ``as_("admin")``: the people API, called with a token of that persona.
AsPersona: TypeAlias = Callable[[str], Api]


@pytest.fixture
def as_(client: Client, world: World) -> AsPersona:
    return lambda persona: Api(client, world, persona)


def names(response: ClientResponse) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


def assert_error(response: ClientResponse, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body: dict[str, Any] = response.json()
    assert set(body) == {"code", "message", "details"}
    assert body["code"] == code
    return body


def new_person(world: World, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "张佳怡",
        "id_number": make_id_number(birth=dt.date(1992, 3, 14), male=False),
        "phone": "13611112222",
        "residential_area": world.xiuyuan.pk,
        "employer": world.jiachun.pk,
        "roles": ["is_worker", "is_party_member"],
        "party_category": "new_economic",
        "party_branch": "嘉春党支部",
    }
    body.update(extra)
    return body


# --- list ---------------------------------------------------------------------------


def test_the_list_shows_the_whole_subdistrict_to_an_office(world: World, as_: AsPersona) -> None:
    response = as_("admin").get()
    assert response.json()["count"] == 4
    assert set(names(response)) == {"王秀英", "李建国", "乐跃明", "陈懿"}  # not 赵曲阳 of 曲阳路街道


def test_a_list_item_carries_masked_numbers_only(world: World, as_: AsPersona) -> None:
    worker = world.people["worker"]
    response = as_("admin").get(q="王秀英")
    (item,) = response.json()["items"]
    assert item == {
        "id": worker.pk,
        "name": "王秀英",
        "gender": "F",
        "birth_date": worker.birth_date.isoformat(),
        "id_number_masked": worker.id_number_masked,
        "phone_masked": "138****5678",
        "residential_area": {"id": world.xiuyuan.pk, "name": "秀苑"},
        "employer": {"id": world.jiachun.pk, "name": "上海嘉春装饰设计工程有限公司"},
        "roles": ["is_worker", "is_union_member"],
        "party_category": "",
    }
    text = response.content.decode()
    assert worker.id_number not in text
    assert "13812345678" not in text


def test_an_area_chair_lists_only_the_residents_of_the_area(world: World, as_: AsPersona) -> None:
    assert set(names(as_("xiuyuan").get())) == {"王秀英", "乐跃明"}
    assert set(names(as_("zhonghong").get())) == {"李建国", "陈懿"}


def test_an_enterprise_chair_lists_only_the_employees(world: World, as_: AsPersona) -> None:
    assert names(as_("jiachun").get()) == ["王秀英"]


@pytest.mark.parametrize("persona", ["worker", "counsellor"])
def test_the_list_is_refused_to_those_who_do_not_browse_people(world: World, as_: AsPersona, persona: str) -> None:
    assert_error(as_(persona).get(), 403, "forbidden")


@pytest.mark.parametrize(
    ("q", "expected"),
    [("乐跃", ["乐跃明"]), ("yueyueming", ["乐跃明"]), ("lym", ["乐跃明"]), ("chenyi", ["陈懿"]), ("无此人", [])],
)
def test_the_list_searches_names_and_their_pinyin(world: World, as_: AsPersona, q: str, expected: list[str]) -> None:
    assert names(as_("admin").get(q=q)) == expected


@pytest.mark.parametrize("part", [slice(None), slice(0, 10)])
def test_the_list_refuses_to_search_an_id_number(world: World, as_: AsPersona, part: slice) -> None:
    # The query string ends up in access logs: numbers are looked up by POST.
    response = as_("admin").get(q=world.people["zhonghong_worker"].id_number[part])
    body = assert_error(response, 400, "invalid")
    assert "POST /api/v1/people/lookup" in body["details"]["q"][0]
    assert "陈懿" not in response.content.decode()


def test_the_list_filters_by_area_and_role(world: World, as_: AsPersona) -> None:
    admin = as_("admin")
    assert set(names(admin.get(residential_area=world.zhonghong.pk))) == {"李建国", "陈懿"}
    assert names(admin.get(role="is_job_seeker")) == ["李建国"]
    assert names(admin.get(residential_area=world.xiuyuan.pk, role="is_party_member")) == ["乐跃明"]
    # Another tenant's area finds nobody rather than its residents.
    assert names(admin.get(residential_area=world.quyang_area.pk)) == []


def test_the_list_refuses_an_unknown_role(world: World, as_: AsPersona) -> None:
    body = assert_error(as_("admin").get(role="is_astronaut"), 400, "invalid")
    assert "role" in body["details"]


def test_the_list_paginates_with_a_stable_order(world: World, as_: AsPersona) -> None:
    admin = as_("admin")
    everyone = names(admin.get())
    first = admin.get(limit=2, offset=0).json()
    second = admin.get(limit=2, offset=2).json()
    assert first["count"] == second["count"] == 4
    assert [i["name"] for i in first["items"] + second["items"]] == everyone
    assert admin.get(limit=2, offset=4).json() == {"items": [], "count": 4}


@pytest.mark.parametrize("params", [{"limit": 201}, {"limit": 0}, {"offset": -1}, {"limit": "many"}])
def test_the_list_refuses_an_unbounded_page(world: World, as_: AsPersona, params: dict[str, Any]) -> None:
    assert_error(as_("admin").get(**params), 422, "invalid_request")


def test_the_page_size_defaults_to_the_setting(world: World, as_: AsPersona, settings: Settings) -> None:
    settings.JIEDAO_PAGE_SIZE = 3
    body = as_("admin").get().json()
    assert (len(body["items"]), body["count"]) == (3, 4)


@pytest.mark.parametrize("size", [10, 1000])
def test_the_list_runs_a_constant_number_of_queries(
    world: World, as_: AsPersona, django_assert_num_queries: DjangoAssertNumQueries, size: int
) -> None:
    values = [
        person_values(
            subdistrict_id=world.liangcheng.pk,
            name=numbered("测试", i, 4),
            id_number=make_id_number(birth=dt.date(1960, 1, 1) + dt.timedelta(days=i)),
            phone=f"139{i:08d}",
            residential_area=world.xiuyuan if i % 2 else world.zhonghong,
            employer=world.gongzhi,
            roles={"is_worker"},
        )
        for i in range(size)
    ]
    Person.objects.bulk_create([Person(**v) for v in values])
    admin = as_("admin")
    admin.get()  # the token's last-used stamp is written once, not on every call
    # token with user and role assignments + count + page
    with django_assert_num_queries(3):
        response = admin.get(limit=200)
    assert response.json()["count"] == size + 4
    assert len(response.json()["items"]) == min(size + 4, 200)


# --- lookup by ID number ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "key"), [("admin", "jobseeker"), ("zhonghong", "zhonghong_worker"), ("jiachun", "worker")]
)
def test_a_lookup_finds_someone_in_scope_and_answers_masked(
    world: World, as_: AsPersona, persona: str, key: str
) -> None:
    person = world.people[key]
    response = as_(persona).post("/lookup", {"id_number": person.id_number.lower()})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["id"], body["name"], body["id_number_masked"]) == (person.pk, person.name, person.id_number_masked)
    assert person.id_number not in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "key"), [("xiuyuan", "zhonghong_worker"), ("jiachun", "jobseeker"), ("admin", "quyang_resident")]
)
def test_a_lookup_out_of_scope_is_not_found_like_an_unknown_number(
    world: World, as_: AsPersona, persona: str, key: str
) -> None:
    person = world.people[key]
    outside = assert_error(as_(persona).post("/lookup", {"id_number": person.id_number}), 404, "not_found")
    unknown = assert_error(as_(persona).post("/lookup", {"id_number": make_id_number()}), 404, "not_found")
    assert outside == unknown


def test_a_malformed_lookup_is_refused_in_chinese(world: World, as_: AsPersona) -> None:
    details = assert_error(as_("admin").post("/lookup", {"id_number": "3101091960"}), 400, "invalid")["details"]
    assert details == {"id_number": ["身份证号应为18位，当前为10位。"]}
    assert_error(as_("admin").post("/lookup", {}), 422, "invalid_request")


@pytest.mark.parametrize("persona", ["worker", "counsellor"])
def test_the_lookup_is_refused_to_those_who_do_not_browse_people(world: World, as_: AsPersona, persona: str) -> None:
    assert_error(as_(persona).post("/lookup", {"id_number": world.people["worker"].id_number}), 403, "forbidden")


# --- detail -------------------------------------------------------------------------


def test_the_detail_is_masked_too(world: World, as_: AsPersona) -> None:
    person = world.people["party_member"]
    response = as_("admin").get(f"/{person.pk}")
    body = response.json()
    assert body["id_number_masked"] == person.id_number_masked
    assert body["party_category"] == "new_social"
    assert body["roles"] == ["is_party_member"]
    assert person.id_number not in response.content.decode()


def test_the_detail_of_someone_out_of_scope_is_not_found(world: World, as_: AsPersona) -> None:
    assert_error(as_("xiuyuan").get(f"/{world.people['jobseeker'].pk}"), 404, "not_found")
    assert_error(as_("other_admin").get(f"/{world.people['worker'].pk}"), 404, "not_found")
    assert_error(as_("admin").get(f"/{world.people['quyang_resident'].pk}"), 404, "not_found")


def test_a_resident_reads_their_own_record_and_nobody_elses(world: World, as_: AsPersona) -> None:
    worker = as_("worker")
    assert worker.get(f"/{world.people['worker'].pk}").json()["name"] == "王秀英"
    assert_error(worker.get(f"/{world.people['party_member'].pk}"), 404, "not_found")


# --- create -------------------------------------------------------------------------


def test_an_office_creates_a_person(world: World, as_: AsPersona) -> None:
    body = new_person(world)
    response = as_("admin").post("", body)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["name"] == "张佳怡"
    assert created["gender"] == "F"
    assert created["birth_date"] == "1992-03-14"
    assert created["roles"] == ["is_worker", "is_party_member"]
    assert created["residential_area"] == {"id": world.xiuyuan.pk, "name": "秀苑"}
    assert body["id_number"] not in response.content.decode()
    person = Person.objects.get(pk=created["id"])
    assert person.id_number == body["id_number"]
    assert person.subdistrict == world.liangcheng
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, object_id=str(person.pk)).exists()


def test_create_reports_every_invalid_field(world: World, as_: AsPersona) -> None:
    response = as_("admin").post(
        "", new_person(world, name=" ", id_number="310109199213400000", phone="12", party_category="bogus")
    )
    details = assert_error(response, 400, "invalid")["details"]
    assert {"name", "id_number", "phone", "party_category"} <= set(details)
    assert all(isinstance(m, str) and m for messages in details.values() for m in messages)
    assert not Person.objects.filter(name="张佳怡").exists()


@pytest.mark.parametrize("field", ["residential_area", "employer"])
def test_create_refuses_an_id_of_another_subdistrict_like_an_unknown_one(
    world: World, as_: AsPersona, field: str
) -> None:
    foreign_pk = world.quyang_area.pk if field == "residential_area" else make_unit(world.quyang, "曲阳某公司").pk
    foreign = assert_error(as_("admin").post("", new_person(world, **{field: foreign_pk})), 400, "invalid")
    unknown = assert_error(as_("admin").post("", new_person(world, **{field: 987654})), 400, "invalid")
    assert foreign["details"] == unknown["details"]
    assert list(foreign["details"]) == [field]
    assert not Person.objects.filter(name="张佳怡").exists()


def test_create_merges_foreign_id_and_field_errors(world: World, as_: AsPersona) -> None:
    response = as_("admin").post("", new_person(world, residential_area=987654, id_number="123"))
    assert set(assert_error(response, 400, "invalid")["details"]) == {"residential_area", "id_number"}


def test_create_refuses_a_registered_id_number(world: World, as_: AsPersona) -> None:
    taken = world.people["worker"].id_number
    details = assert_error(as_("admin").post("", new_person(world, id_number=taken)), 400, "invalid")["details"]
    assert "id_number" in details
    assert Person.objects.filter(id_number_hash=world.people["worker"].id_number_hash).count() == 1


def test_an_area_chair_creates_only_within_the_area(world: World, as_: AsPersona) -> None:
    chair = as_("xiuyuan")
    outside = chair.post("", new_person(world, residential_area=world.zhonghong.pk, employer=None))
    assert_error(outside, 400, "invalid")
    assert not Person.objects.filter(name="张佳怡").exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.CREATE).exists()
    # A union chair does not see party membership, so does not write it either.
    party = assert_error(chair.post("", new_person(world)), 400, "invalid")["details"]
    assert set(party) == {"roles", "party_category", "party_branch"}
    plain = new_person(world, roles=["is_worker"], party_category="", party_branch="")
    assert chair.post("", plain).status_code == 201


@pytest.mark.parametrize("persona", ["worker", "counsellor"])
def test_create_is_refused_to_those_who_do_not_edit_people(world: World, as_: AsPersona, persona: str) -> None:
    assert_error(as_(persona).post("", new_person(world)), 403, "forbidden")
    assert not Person.objects.filter(name="张佳怡").exists()


def test_create_refuses_a_malformed_body(world: World, as_: AsPersona) -> None:
    assert_error(as_("admin").post("", {"name": "张佳怡"}), 422, "invalid_request")
    assert_error(as_("admin").post("", new_person(world, roles="is_worker")), 422, "invalid_request")


# --- update -------------------------------------------------------------------------


def update_body(person: Person, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": person.name,
        "residential_area": person.residential_area_id,
        "employer": person.employer_id,
        "roles": [field for field in ROLE_FIELDS if getattr(person, field)],
        "party_category": person.party_category,
        "party_branch": person.party_branch,
    }
    body.update(changes)
    return body


def test_an_update_keeps_the_numbers_it_was_not_given(world: World, as_: AsPersona) -> None:
    person = world.people["worker"]
    response = as_("admin").put(f"/{person.pk}", update_body(person, name="王秀英英", roles=["is_volunteer"]))
    assert response.status_code == 200, response.content
    assert response.json()["roles"] == ["is_volunteer"]
    person.refresh_from_db()
    assert person.name == "王秀英英"
    assert person.id_number == world.people["worker"].id_number
    assert person.phone == "13812345678"
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE, object_id=str(person.pk))
    assert set(entry.detail["changes"]) >= {"name", "is_volunteer"}


def test_an_update_clears_the_phone_on_an_empty_string(world: World, as_: AsPersona) -> None:
    person = world.people["worker"]
    assert as_("admin").put(f"/{person.pk}", update_body(person, phone="")).json()["phone_masked"] == ""
    person.refresh_from_db()
    assert person.phone == ""


def test_an_invalid_update_changes_nothing(world: World, as_: AsPersona) -> None:
    person = world.people["worker"]
    response = as_("admin").put(f"/{person.pk}", update_body(person, name="新名字", id_number="bad"))
    assert "id_number" in assert_error(response, 400, "invalid")["details"]
    person.refresh_from_db()
    assert person.name == "王秀英"


def test_an_area_chair_cannot_move_a_resident_out_of_the_area(world: World, as_: AsPersona) -> None:
    person = world.people["party_member"]
    response = as_("xiuyuan").put(f"/{person.pk}", update_body(person, residential_area=world.zhonghong.pk))
    assert_error(response, 400, "invalid")
    person.refresh_from_db()
    assert person.residential_area == world.xiuyuan


def test_an_update_of_someone_out_of_scope_is_not_found(world: World, as_: AsPersona) -> None:
    person = world.people["jobseeker"]
    assert_error(as_("xiuyuan").put(f"/{person.pk}", update_body(person, name="改名")), 404, "not_found")
    assert_error(as_("other_admin").put(f"/{person.pk}", update_body(person, name="改名")), 404, "not_found")
    assert_error(as_("worker").put(f"/{world.people['worker'].pk}", update_body(person)), 403, "forbidden")
    person.refresh_from_db()
    assert person.name == "李建国"


# --- reveal -------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["admin", "labour"])
def test_a_reveal_role_sees_the_full_number_and_it_is_audited(world: World, as_: AsPersona, persona: str) -> None:
    person = world.people["jobseeker"]
    response = as_(persona).post(f"/{person.pk}/reveal", {"field": "id_number"})
    assert response.status_code == 200, response.content
    assert response.json() == {"value": person.id_number}
    assert "no-store" in response["Cache-Control"]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.REVEAL)
    assert entry.actor == world.users[persona]
    assert entry.detail == {"field": "id_number"}
    assert as_(persona).post(f"/{person.pk}/reveal", {"field": "phone"}).json() == {"value": "13900001111"}


@pytest.mark.parametrize("persona", ["union", "zhonghong", "jiachun", "counsellor", "jobseeker"])
def test_other_roles_cannot_reveal(world: World, as_: AsPersona, persona: str) -> None:
    response = as_(persona).post(f"/{world.people['jobseeker'].pk}/reveal", {"field": "id_number"})
    assert_error(response, 403, "forbidden")
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL).exists()


def test_a_reveal_outside_the_subdistrict_is_not_found(world: World, as_: AsPersona) -> None:
    response = as_("other_admin").post(f"/{world.people['jobseeker'].pk}/reveal", {"field": "id_number"})
    assert_error(response, 404, "not_found")
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL).exists()


def test_a_reveal_of_another_field_is_a_malformed_request(world: World, as_: AsPersona) -> None:
    response = as_("admin").post(f"/{world.people['jobseeker'].pk}/reveal", {"field": "name"})
    assert_error(response, 422, "invalid_request")
