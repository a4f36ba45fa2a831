import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from jiedao.accounts.actor import actor_for
from jiedao.core.errors import Forbidden
from jiedao.core.models import AuditEntry
from jiedao.people.models import Person
from jiedao.people.services import person_create, person_reveal, person_update, person_values
from jiedao.testing import World, make_id_number


def valid(world: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "subdistrict_id": world.liangcheng.pk,
        "name": "周凉城",
        "id_number": make_id_number(birth=dt.date(1990, 2, 3), male=True),
        "phone": "13611112222",
        "residential_area": world.xiuyuan,
        "roles": {"is_worker"},
    }
    data.update(overrides)
    return data


def errors_of(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def audit(person: Person) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(object_type="people.person", object_id=str(person.pk)).order_by("id"))


def test_it_explains_a_bad_check_digit_in_chinese(world: World) -> None:
    number = make_id_number()
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(ValidationError) as exc:
        person_values(**valid(world, id_number=wrong))
    assert errors_of(exc)["id_number"] == ["身份证号校验码错误，请核对。"]


def test_it_refuses_a_gender_that_contradicts_the_id_number(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        person_values(**valid(world, id_number=make_id_number(male=True), gender="F"))
    assert errors_of(exc)["gender"] == ["性别“女”与身份证号不符。"]


def test_it_takes_the_gender_from_the_id_number_when_none_is_given(world: World) -> None:
    assert person_values(**valid(world, id_number=make_id_number(male=False)))["gender"] == "F"


def test_it_refuses_a_party_category_without_membership(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        person_values(**valid(world, party_category="new_social"))
    assert errors_of(exc)["party_category"] == ["只有党员才能填写党员类别。"]


def test_it_reports_every_problem_at_once(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        person_values(**valid(world, name=" ", id_number="123", phone="12", residential_area=world.quyang_area))
    assert set(errors_of(exc)) == {"name", "id_number", "phone", "residential_area"}
    assert errors_of(exc)["residential_area"] == ["不属于本街道。"]


def test_it_refuses_an_id_number_already_registered_in_the_sub_district(world: World) -> None:
    admin = actor_for(world.users["admin"])
    taken = world.people["jobseeker"].id_number
    with pytest.raises(ValidationError) as exc:
        person_create(actor=admin, **valid(world, id_number=taken))
    assert errors_of(exc)["id_number"] == ["该身份证号已登记在李建国名下，可在人员名单中按身份证号查找。"]
    assert Person.objects.filter(name="周凉城").count() == 0


def test_it_allows_the_same_id_number_in_another_sub_district(world: World) -> None:
    other = actor_for(world.users["other_admin"])
    taken = world.people["jobseeker"].id_number
    person = person_create(
        actor=other, **valid(world, subdistrict_id=world.quyang.pk, residential_area=None, id_number=taken)
    )
    assert person.subdistrict_id == world.quyang.pk
    assert Person.objects.filter(id_number_hash=person.id_number_hash).count() == 2


def test_it_refuses_to_move_someone_onto_a_number_already_taken(world: World) -> None:
    admin = actor_for(world.users["admin"])
    person = world.people["party_member"]
    data = valid(world, name=person.name, id_number=world.people["worker"].id_number)
    del data["subdistrict_id"]
    with pytest.raises(ValidationError) as exc:
        person_update(actor=admin, person=person, **data)
    assert "id_number" in errors_of(exc)


def test_it_never_stores_the_id_number_or_phone_in_plain_text(world: World) -> None:
    person = person_create(actor=actor_for(world.users["admin"]), **valid(world))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id_number, phone, id_number_hash, search_text FROM {Person._meta.db_table} WHERE id = %s",
            [person.pk],
        )
        row = cursor.fetchone()
    raw = " ".join(str(column) for column in row)
    assert person.id_number not in raw
    assert person.id_number[6:14] not in raw  # not even the birth date
    assert "13611112222" not in raw
    assert Person.objects.get(pk=person.pk).id_number == person.id_number  # and it reads back


def test_it_records_create_update_and_reveal_in_the_audit_log(world: World) -> None:
    admin = actor_for(world.users["admin"])
    person = person_create(actor=admin, **valid(world))
    data = valid(world, id_number=person.id_number, phone="13799998888", name="周凉城新")
    del data["subdistrict_id"]
    person_update(actor=admin, person=person, **data)
    assert person_reveal(actor=admin, person=person, field="phone") == "13799998888"

    entries = audit(person)
    assert [e.action for e in entries] == ["create", "update", "reveal"]
    assert all(e.actor_id == world.users["admin"].pk and e.subdistrict_id == world.liangcheng.pk for e in entries)
    assert sorted(entries[1].detail["changes"]) == ["name", "phone"]
    assert entries[2].detail == {"field": "phone"}


def test_the_update_log_names_fields_but_never_values(world: World) -> None:
    admin = actor_for(world.users["admin"])
    person = person_create(actor=admin, **valid(world))
    new_number = make_id_number(birth=dt.date(1991, 4, 5), male=True)
    data = valid(world, id_number=new_number, phone="13799998888")
    del data["subdistrict_id"]
    person_update(actor=admin, person=person, **data)
    entry = audit(person)[-1]
    logged = str(entry.detail) + entry.object_repr
    assert "id_number" in entry.detail["changes"] and "phone" in entry.detail["changes"]
    assert not any(f.endswith("_hash") for f in entry.detail["changes"])
    for secret in (new_number, "13799998888", person.id_number_hash):
        assert secret not in logged


def test_an_update_that_changes_nothing_is_not_logged(world: World) -> None:
    admin = actor_for(world.users["admin"])
    person = person_create(actor=admin, **valid(world))
    data = valid(world, id_number=person.id_number)
    del data["subdistrict_id"]
    person_update(actor=admin, person=person, **data)
    assert [e.action for e in audit(person)] == ["create"]


@pytest.mark.parametrize("persona", ["union", "xiuyuan", "jiachun"])
def test_reveal_is_refused_to_roles_without_the_right_and_not_logged(world: World, persona: str) -> None:
    person = world.people["worker"]
    with pytest.raises(Forbidden):
        person_reveal(actor=actor_for(world.users[persona]), person=person, field="id_number")
    assert audit(person) == []


def test_reveal_only_knows_the_sensitive_fields(world: World) -> None:
    with pytest.raises(ValueError):
        person_reveal(actor=actor_for(world.users["admin"]), person=world.people["worker"], field="name")


def test_a_chair_cannot_file_someone_outside_their_scope_and_nothing_is_kept(world: World) -> None:
    chair = actor_for(world.users["xiuyuan"])
    before = (Person.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as exc:
        person_create(actor=chair, **valid(world, residential_area=world.zhonghong))
    assert "residential_area" in errors_of(exc)
    assert (Person.objects.count(), AuditEntry.objects.count()) == before


def test_a_chair_cannot_move_a_resident_away_and_the_row_is_unchanged(world: World) -> None:
    chair = actor_for(world.users["xiuyuan"])
    resident = world.people["party_member"]
    with pytest.raises(ValidationError):
        person_update(
            actor=chair,
            person=resident,
            name=resident.name,
            id_number=resident.id_number,
            residential_area=world.zhonghong,
            roles={"is_party_member"},
            party_category="new_social",
        )
    resident.refresh_from_db()
    assert resident.residential_area == world.xiuyuan
