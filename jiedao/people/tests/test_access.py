import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from jiedao.accounts.actor import ANONYMOUS, actor_for
from jiedao.people.access import can_edit_people, can_reveal, people_visible_to, person_for_actor
from jiedao.testing import World, make_person

LIANGCHENG = {"王秀英", "李建国", "乐跃明", "陈懿"}

# Whom each persona of the test world sees, written out by hand (the specification).
EXPECTED = {
    "admin": LIANGCHENG,
    "union": LIANGCHENG,
    "labour": LIANGCHENG,
    "xiuyuan": {"王秀英", "乐跃明"},  # residents of 秀苑
    "zhonghong": {"李建国", "陈懿"},  # residents of 中虹
    "jiachun": {"王秀英"},  # employees of 嘉春
    "counsellor": set(),
    "worker": {"王秀英"},  # only self
    "jobseeker": {"李建国"},
    "other_admin": {"赵曲阳"},  # nothing of 凉城
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_persona_sees_exactly_whom_it_should(world: World, persona: str) -> None:
    visible = {p.name for p in people_visible_to(actor_for(world.users[persona]))}
    assert visible == EXPECTED[persona]


def test_an_anonymous_visitor_sees_nobody(world: World) -> None:
    assert not people_visible_to(ANONYMOUS).exists()


def test_an_area_chair_sees_a_new_resident_of_the_area_but_not_of_another(world: World) -> None:
    make_person(world.liangcheng, "新秀苑", area=world.xiuyuan)
    make_person(world.liangcheng, "新中虹", area=world.zhonghong)
    visible = {p.name for p in people_visible_to(actor_for(world.users["xiuyuan"]))}
    assert "新秀苑" in visible and "新中虹" not in visible


def test_someone_out_of_scope_is_not_found(world: World) -> None:
    with pytest.raises(Http404):
        person_for_actor(actor_for(world.users["xiuyuan"]), world.people["jobseeker"].pk)
    with pytest.raises(Http404):
        person_for_actor(actor_for(world.users["other_admin"]), world.people["worker"].pk)
    with pytest.raises(Http404):
        person_for_actor(actor_for(world.users["admin"]), world.people["quyang_resident"].pk)


def test_a_resident_finds_themselves_but_may_not_edit(world: World) -> None:
    worker = actor_for(world.users["worker"])
    assert person_for_actor(worker, world.people["worker"].pk).name == "王秀英"
    with pytest.raises(PermissionDenied):  # visible to them, not theirs to change
        person_for_actor(worker, world.people["worker"].pk, for_update=True)


def test_a_chair_may_edit_in_scope(world: World) -> None:
    chair = actor_for(world.users["jiachun"])
    assert person_for_actor(chair, world.people["worker"].pk, for_update=True).name == "王秀英"


@pytest.mark.parametrize(
    ("persona", "edit", "reveal"),
    [
        ("admin", True, True),
        ("labour", True, True),
        ("union", True, False),
        ("xiuyuan", True, False),
        ("jiachun", True, False),
        ("counsellor", False, False),
        ("worker", False, False),
    ],
)
def test_who_may_edit_and_reveal(world: World, persona: str, edit: bool, reveal: bool) -> None:
    actor = actor_for(world.users[persona])
    assert can_edit_people(actor) is edit
    assert can_reveal(actor) is reveal
