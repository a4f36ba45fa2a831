import datetime as dt
from collections.abc import Iterable

import pytest
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from pytest_django import DjangoAssertNumQueries

from jiedao.accounts.actor import actor_for
from jiedao.core.validators import build_id_number
from jiedao.people.models import Person
from jiedao.people.selectors import (
    audit_history,
    holds_a_number,
    people_search,
    person_by_id_number,
    role_choices,
)
from jiedao.people.services import person_reveal
from jiedao.testing import World, make_person


def names(qs: Iterable[Person]) -> list[str]:
    return [p.name for p in qs]


def liangcheng(world: World) -> QuerySet[Person]:
    return Person.objects.filter(subdistrict=world.liangcheng)


@pytest.mark.parametrize("q", ["lym", "leyueming", "yueyueming", "yym", "LYM", "乐跃", "跃明", " le yue ming "])
def test_it_finds_a_polyphonic_surname_by_name_pinyin_and_initials(world: World, q: str) -> None:
    assert names(people_search(liangcheng(world), q=q)) == ["乐跃明"]


@pytest.mark.parametrize("part", [slice(None), slice(0, 6), slice(0, 17), slice(14, None)])
def test_it_refuses_to_search_a_text_holding_a_number(world: World, part: slice) -> None:
    # Search texts travel in URLs: an ID number, whole or in part, is looked up by POST.
    q = world.people["jobseeker"].id_number[part]
    assert holds_a_number(q)
    with pytest.raises(ValueError):
        people_search(liangcheng(world), q=q)


@pytest.mark.parametrize("q", ["13900001111", "wang3", "王 1", "３１０１０９"])
def test_a_phone_or_any_digit_is_not_a_name(q: str) -> None:
    assert holds_a_number(q)


@pytest.mark.parametrize("q", ["", "lym", "乐跃明", "le yue ming"])
def test_names_and_pinyin_hold_no_number(q: str) -> None:
    assert not holds_a_number(q)


def test_it_looks_up_someone_by_the_full_id_number_within_the_scope(world: World) -> None:
    number = world.people["jobseeker"].id_number
    assert person_by_id_number(actor_for(world.users["admin"]), number) == world.people["jobseeker"]
    assert person_by_id_number(actor_for(world.users["zhonghong"]), f"  {number} ") == world.people["jobseeker"]


@pytest.mark.parametrize(
    ("persona", "key"),
    [
        ("xiuyuan", "jobseeker"),
        ("jiachun", "zhonghong_worker"),
        ("admin", "quyang_resident"),
        ("other_admin", "worker"),
    ],
)
def test_it_does_not_find_an_id_number_outside_the_scope(world: World, persona: str, key: str) -> None:
    assert person_by_id_number(actor_for(world.users[persona]), world.people[key].id_number) is None


def test_it_looks_up_an_id_number_ending_in_x_typed_in_lower_case(world: World) -> None:
    number = next(
        n for n in (build_id_number("310109", dt.date(1970, 3, 3), seq) for seq in range(1, 999)) if n.endswith("X")
    )
    person = make_person(world.liangcheng, "徐晓", id_number=number)
    assert person_by_id_number(actor_for(world.users["admin"]), number.lower()) == person


@pytest.mark.parametrize(
    ("number", "message"), [("310109", "应为18位"), ("31010919600101123", "应为18位"), ("full-bad-check", "校验码错误")]
)
def test_a_malformed_number_is_refused_in_chinese(world: World, number: str, message: str) -> None:
    if number == "full-bad-check":
        good = world.people["worker"].id_number
        number = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(ValidationError) as caught:
        person_by_id_number(actor_for(world.users["admin"]), number)
    assert message in " ".join(caught.value.message_dict["id_number"])


def test_a_lookup_takes_one_query(world: World, django_assert_num_queries: DjangoAssertNumQueries) -> None:
    actor = actor_for(world.users["admin"])
    with django_assert_num_queries(1):
        person = person_by_id_number(actor, world.people["worker"].id_number)
        assert person is not None and person.residential_area is not None
        assert person.residential_area.name == "秀苑" and person.employer is not None


def test_it_filters_by_residential_area_and_role(world: World) -> None:
    assert names(people_search(liangcheng(world), area_id=world.zhonghong.pk)) == ["李建国", "陈懿"]
    assert names(people_search(liangcheng(world), role="is_party_member")) == ["乐跃明"]
    assert names(people_search(liangcheng(world), area_id=world.xiuyuan.pk, role="is_worker")) == ["王秀英"]


def test_it_combines_search_and_filters(world: World) -> None:
    assert names(people_search(liangcheng(world), q="lym", area_id=world.zhonghong.pk)) == []


def test_it_refuses_an_unknown_role(world: World) -> None:
    with pytest.raises(ValueError):
        people_search(liangcheng(world), role="is_superhero")


def test_it_sorts_by_name(world: World) -> None:
    result = names(people_search(liangcheng(world)))
    assert result == sorted(result)
    assert len(result) == 4


def test_the_role_choices_are_labelled_in_chinese(db: None) -> None:
    assert role_choices() == [
        ("is_worker", "职工"),
        ("is_union_member", "工会会员"),
        ("is_party_member", "党员"),
        ("is_job_seeker", "求职者"),
        ("is_volunteer", "志愿者"),
    ]


def test_the_audit_history_lists_the_latest_entries_with_field_labels(
    world: World,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    admin = actor_for(world.users["admin"])
    person = world.people["jobseeker"]
    person_reveal(actor=admin, person=person, field="phone")
    person_reveal(actor=admin, person=person, field="id_number")
    with django_assert_num_queries(1):
        lines = audit_history(admin, person)
    assert lines is not None
    assert [line.fields for line in lines] == [["身份证号"], ["手机号"]]  # newest first
    assert [line.fields for line in audit_history(admin, person, limit=1) or []] == [["身份证号"]]
    assert audit_history(admin, world.people["worker"]) == []


def test_the_audit_history_is_for_the_offices_only(world: World) -> None:
    person = world.people["jobseeker"]
    assert audit_history(actor_for(world.users["zhonghong"]), person) is None
    assert audit_history(actor_for(world.users["other_admin"]), person) is None
