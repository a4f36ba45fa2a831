"""An ID number registered already (``people.id_numbers``): an actor who sees its
holder is told who it is; anyone else gets a neutral refusal, audited, and after
``JIEDAO_ID_PROBE_LIMIT`` of them within the window may try no other number, so that
a union chair cannot test the numbers of the whole sub-district one by one."""

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from jiedao.accounts.actor import actor_for
from jiedao.accounts.models import Role, User
from jiedao.accounts.tokens import token_issue
from jiedao.core.errors import TooMany
from jiedao.core.models import AuditEntry
from jiedao.people import access
from jiedao.people.id_numbers import PROBE_REASON
from jiedao.people.models import Person
from jiedao.people.services import person_create, person_update
from jiedao.people.tests.pages import field_errors, form_data, refused
from jiedao.testing import World, make_id_number

NEUTRAL = "无法用该身份证号登记，请联系街道管理员核实。"
LIMIT = 3


@pytest.fixture(autouse=True)
def probe_limit(settings: Settings) -> None:
    settings.JIEDAO_ID_PROBE_LIMIT = LIMIT
    settings.JIEDAO_ID_PROBE_WINDOW_MINUTES = 60


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    # A fixed instant (01:00 Asia/Shanghai, when CI runs), moved on by hand.
    with time_machine.travel(dt.datetime(2026, 3, 1, 17, 0, tzinfo=dt.UTC), tick=False) as traveller:
        yield traveller


def new_person(world: World, persona: str, **extra: Any) -> dict[str, Any]:
    """The arguments of ``person_create`` for a new person in ``persona``'s scope."""
    data: dict[str, Any] = {
        "subdistrict_id": world.liangcheng.pk,
        "name": "周凉城",
        "id_number": make_id_number(),
        "residential_area": world.zhonghong if persona == "zhonghong" else world.xiuyuan,
        "employer": None,
    }
    if persona == "jiachun":  # an enterprise chair files people under the enterprise
        data.update(residential_area=None, employer=world.jiachun)
    return {**data, **extra}


def refusals(user: User) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(actor=user, action=AuditEntry.Action.REFUSED).order_by("id"))


def create_error(world: World, persona: str, **extra: Any) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        person_create(actor=actor_for(world.users[persona]), **new_person(world, persona, **extra))
    return exc.value.message_dict["id_number"]


# What the actor is told ----------------------------------------------------------------


@pytest.mark.parametrize(
    "persona, holder",
    [("admin", "jobseeker"), ("union", "zhonghong_worker"), ("xiuyuan", "worker"), ("jiachun", "worker")],
)
def test_an_actor_who_sees_the_holder_is_told_who_it_is(world: World, persona: str, holder: str) -> None:
    taken = world.people[holder]

    messages = create_error(world, persona, id_number=taken.id_number)

    assert messages == [f"该身份证号已登记在{taken.name}名下，可在人员名单中按身份证号查找。"]
    assert refusals(world.users[persona]) == []


@pytest.mark.parametrize(
    "persona, holder",
    [("xiuyuan", "jobseeker"), ("zhonghong", "worker"), ("jiachun", "jobseeker"), ("xiuyuan", "zhonghong_worker")],
)
def test_a_chair_who_cannot_see_the_holder_gets_a_neutral_refusal_that_is_audited(
    world: World, persona: str, holder: str
) -> None:
    taken = world.people[holder]

    messages = create_error(world, persona, id_number=taken.id_number)

    assert messages == [NEUTRAL]
    assert taken.name not in messages[0] and "已登记" not in messages[0]
    [entry] = refusals(world.users[persona])
    assert (entry.object_type, entry.object_id, entry.subdistrict_id) == (
        "people.person",
        str(taken.pk),
        taken.subdistrict_id,
    )
    assert entry.detail == {"reason": PROBE_REASON, "editing": None}
    assert not Person.objects.filter(name="周凉城").exists()


@pytest.mark.parametrize("persona", ["admin", "xiuyuan"])
def test_a_malformed_number_is_no_probe(world: World, persona: str) -> None:
    number = world.people["jobseeker"].id_number
    wrong = number[:17] + ("0" if number[17] != "0" else "1")

    assert create_error(world, persona, id_number=wrong) == ["身份证号校验码错误，请核对。"]
    assert refusals(world.users[persona]) == []


# The limit ----------------------------------------------------------------------------


def probe(world: World, persona: str, times: int = 1) -> None:
    """``times`` refused attempts at a number held outside ``persona``'s scope."""
    holder = world.people["worker" if persona == "zhonghong" else "jobseeker"]
    for _ in range(times):
        assert create_error(world, persona, id_number=holder.id_number) == [NEUTRAL]


def test_after_the_limit_every_creation_is_refused_until_the_window_has_passed(
    world: World, clock: time_machine.Traveller
) -> None:
    chair = actor_for(world.users["xiuyuan"])
    probe(world, "xiuyuan", LIMIT - 1)
    clock.shift(dt.timedelta(minutes=30))
    probe(world, "xiuyuan")

    with pytest.raises(TooMany) as exc:  # even a fresh number: the user may try none
        person_create(actor=chair, **new_person(world, "xiuyuan"))
    # Allowed again when the LIMIT-th latest refusal, 30 minutes old, leaves the hour.
    assert exc.value.details == {"retry_after": 30 * 60}
    assert exc.value.code == "rate_limited" and "30分钟" in exc.value.message

    clock.shift(dt.timedelta(minutes=30))
    person = person_create(actor=chair, **new_person(world, "xiuyuan"))
    assert person.pk is not None
    assert len(refusals(world.users["xiuyuan"])) == LIMIT  # the limit refusals are not themselves counted


def test_the_limit_is_per_user(world: World) -> None:
    probe(world, "xiuyuan", LIMIT)

    probe(world, "zhonghong")
    person = person_create(actor=actor_for(world.users["zhonghong"]), **new_person(world, "zhonghong"))
    assert person.pk is not None


def test_refusals_outside_the_window_do_not_count(world: World, clock: time_machine.Traveller) -> None:
    probe(world, "xiuyuan", LIMIT - 1)
    clock.shift(dt.timedelta(minutes=61))

    probe(world, "xiuyuan", LIMIT - 1)  # refused as a duplicate, not as too many


def test_a_number_an_office_may_see_never_counts(world: World) -> None:
    for _ in range(LIMIT + 1):
        create_error(world, "admin", id_number=world.people["jobseeker"].id_number)

    assert person_create(actor=actor_for(world.users["admin"]), **new_person(world, "admin")).pk is not None


# Editing ------------------------------------------------------------------------------


def edit(world: World, persona: str, person: Person, **changes: Any) -> Person:
    data = {
        "name": person.name,
        "id_number": person.id_number,
        "residential_area": person.residential_area,
        "employer": person.employer,
        "roles": {"is_worker"},
    }
    return person_update(actor=actor_for(world.users[persona]), person=person, **{**data, **changes})


def test_changing_a_number_to_one_held_out_of_sight_is_refused_neutrally_and_audited(world: World) -> None:
    worker, taken = world.people["worker"], world.people["jobseeker"]

    with pytest.raises(ValidationError) as exc:
        edit(world, "xiuyuan", worker, id_number=taken.id_number)

    assert exc.value.message_dict["id_number"] == [NEUTRAL]
    [entry] = refusals(world.users["xiuyuan"])
    assert (entry.object_id, entry.detail["editing"]) == (str(taken.pk), worker.pk)


def test_changing_a_number_to_one_held_in_sight_names_the_holder(world: World) -> None:
    worker, taken = world.people["worker"], world.people["party_member"]

    with pytest.raises(ValidationError) as exc:
        edit(world, "xiuyuan", worker, id_number=taken.id_number)

    assert exc.value.message_dict["id_number"] == [
        f"该身份证号已登记在{taken.name}名下，可在人员名单中按身份证号查找。"
    ]
    assert refusals(world.users["xiuyuan"]) == []


def test_over_the_limit_a_chair_still_edits_everything_but_the_number(world: World) -> None:
    probe(world, "xiuyuan", LIMIT)
    worker = world.people["worker"]

    assert edit(world, "xiuyuan", worker, name="王秀瑛").name == "王秀瑛"
    with pytest.raises(TooMany):
        edit(world, "xiuyuan", worker, id_number=make_id_number(male=False))


# Pages and API --------------------------------------------------------------------------


def api(client: Client, world: World, persona: str, method: str, path: str, body: dict[str, Any]) -> Any:
    raw, _ = token_issue(user=world.users[persona])
    send = getattr(client, method)
    return send(f"/api/v1/people{path}", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_the_api_refuses_neutrally_then_answers_429_with_the_wait(client: Client, world: World) -> None:
    body = {"name": "周凉城", "id_number": world.people["jobseeker"].id_number, "residential_area": world.xiuyuan.pk}
    for _ in range(LIMIT):
        response = api(client, world, "xiuyuan", "post", "", body)
        assert response.status_code == 400, response.content
        assert response.json()["details"] == {"id_number": [NEUTRAL]}

    response = api(client, world, "xiuyuan", "post", "", {**body, "id_number": make_id_number()})

    assert response.status_code == 429, response.content
    assert response.json()["code"] == "rate_limited"
    assert 0 < response.json()["details"]["retry_after"] <= 3600
    assert len(refusals(world.users["xiuyuan"])) == LIMIT


def test_the_api_update_keeps_its_audit_entry_although_its_transaction_rolls_back(client: Client, world: World) -> None:
    worker, taken = world.people["worker"], world.people["jobseeker"]
    body = {"name": worker.name, "id_number": taken.id_number, "residential_area": world.xiuyuan.pk}

    response = api(client, world, "xiuyuan", "put", f"/{worker.pk}", body)

    assert response.status_code == 400, response.content
    assert response.json()["details"] == {"id_number": [NEUTRAL]}
    [entry] = refusals(world.users["xiuyuan"])
    assert entry.object_id == str(taken.pk) and entry.client_address == "127.0.0.1"


def test_the_pages_refuse_neutrally_audit_and_then_say_to_wait(client: Client, world: World) -> None:
    client.force_login(world.users["xiuyuan"])
    taken, worker = world.people["jobseeker"], world.people["worker"]

    page = refused(client.post(reverse("people:create"), form_data(world, id_number=taken.id_number)))
    assert NEUTRAL in field_errors(page, "id_number") and taken.name not in page

    edit_data = form_data(world, name=worker.name, id_number=taken.id_number)
    page = refused(client.post(reverse("people:edit", args=[worker.pk]), edit_data))
    assert NEUTRAL in field_errors(page, "id_number")
    assert len(refusals(world.users["xiuyuan"])) == 2  # the edit's entry outlived its transaction

    probe(world, "xiuyuan", LIMIT - 2)
    page = refused(client.post(reverse("people:create"), form_data(world)))
    assert "分钟后再登记或修改身份证号" in field_errors(page, "id_number")
    assert not Person.objects.filter(name="周凉城").exists()


def test_the_roster_import_is_for_offices_only_who_see_every_holder() -> None:
    # An import refuses nothing as out of sight: the roles that may import see the
    # whole sub-district. A chair's import would need the same wording and limit.
    assert access.IMPORT_ROLES.isdisjoint({Role.AREA_UNION_CHAIR, Role.ENTERPRISE_UNION_CHAIR})
