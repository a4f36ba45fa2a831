"""党建 on a resident's home (``party.home``): a current member's study hours, a 三新
member's 三个一; nothing at all for anyone who is not a party member."""

from django.apps import apps
from django.utils import timezone

from jiedao.accounts.actor import actor_for
from jiedao.core.home import HomeAction, HomeCard
from jiedao.party.models import PartyMember
from jiedao.party.tests.conftest import PartySetup
from jiedao.testing import World


def _home(w: World, key: str) -> list[object]:
    return list(apps.get_app_config("party").home(actor_for(w.users[key]), w.people[key]))  # type: ignore[attr-defined]


def test_nothing_for_someone_who_is_no_party_member(world: World) -> None:
    assert _home(world, "worker") == []


def test_a_members_hours_and_a_newcomers_three_steps(world: World, party: PartySetup) -> None:
    hours, action = _home(world, "worker")
    assert isinstance(hours, HomeCard) and isinstance(action, HomeAction)
    assert hours.lines[0] == "秀苑居民区党总支"
    assert [f.label for f in hours.figures] == ["已完成", "目标"]
    hours, steps, _action = _home(world, "jobseeker")  # a 三新 member transferred in
    assert isinstance(steps, HomeCard) and steps.title == "我的“三个一”"
    assert steps.figures[0].value == "0/3" and len(steps.lines) == 3


def test_nothing_once_transferred_out(world: World, party: PartySetup) -> None:
    PartyMember.objects.filter(pk=party.secretary.pk).update(transferred_out_on=timezone.localdate())
    assert _home(world, "worker") == []
