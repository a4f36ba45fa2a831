import datetime as dt

import pytest

from jiedao.accounts.actor import actor_for
from jiedao.core.validators import build_id_number
from jiedao.people.access import people_visible_to
from jiedao.people.models import Person
from jiedao.people.selectors import people_search, role_choices
from jiedao.testing import World, make_person


def names(qs) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.name for p in qs]


def liangcheng(world: World):  # type: ignore[no-untyped-def]
    return Person.objects.filter(subdistrict=world.liangcheng)


@pytest.mark.parametrize("q", ["lym", "leyueming", "yueyueming", "yym", "LYM", "乐跃", "跃明", " le yue ming "])
def test_it_finds_a_polyphonic_surname_by_name_pinyin_and_initials(world: World, q: str) -> None:
    assert names(people_search(liangcheng(world), q=q)) == ["乐跃明"]


def test_it_finds_someone_by_the_full_id_number(world: World) -> None:
    person = world.people["jobseeker"]
    assert names(people_search(liangcheng(world), q=person.id_number)) == ["李建国"]


def test_it_finds_an_id_number_ending_in_x_typed_in_lower_case(world: World) -> None:
    number = next(
        n for n in (build_id_number("310109", dt.date(1970, 3, 3), seq) for seq in range(1, 999)) if n.endswith("X")
    )
    make_person(world.liangcheng, "徐晓", id_number=number)
    assert names(people_search(liangcheng(world), q=number.lower())) == ["徐晓"]


def test_it_does_not_match_part_of_an_id_number(world: World) -> None:
    # A masked prefix is on every screen; it must not work as a search key.
    number = world.people["jobseeker"].id_number
    assert names(people_search(liangcheng(world), q=number[:6])) == []
    assert names(people_search(liangcheng(world), q=number[:17])) == []


def test_it_does_not_find_an_id_number_outside_the_given_people(world: World) -> None:
    xiuyuan = people_visible_to(actor_for(world.users["xiuyuan"]))
    assert names(people_search(xiuyuan, q=world.people["jobseeker"].id_number)) == []


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
