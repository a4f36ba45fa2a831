"""The union on a resident's home (``unions.home``): a member's card, an application
under review; applying to join for anyone else."""

from django.apps import apps

from jiedao.accounts.actor import actor_for
from jiedao.core.home import HomeAction, HomeCard
from jiedao.testing import World
from jiedao.unions.models import Membership, MembershipStatus
from jiedao.unions.tests.conftest import UnionsSetup, unions_of


def _home(w: World, key: str) -> list[object]:
    return list(apps.get_app_config("unions").home(actor_for(w.users[key]), w.people[key]))  # type: ignore[attr-defined]


def test_apply_to_join_without_a_membership(world: World) -> None:
    assert _home(world, "worker") == []  # no union to join yet
    unions_of(world)
    (action,) = _home(world, "worker")
    assert isinstance(action, HomeAction) and action.label == "申请加入工会"


def test_a_members_card_and_an_application_under_review(world: World, unions: UnionsSetup) -> None:
    membership = Membership.objects.create(
        subdistrict=world.liangcheng,
        person=world.people["worker"],
        union=unions.jiachun_union,
        employer=world.jiachun,
        status=MembershipStatus.PENDING_UNION,
    )
    (card,) = _home(world, "worker")
    assert isinstance(card, HomeCard) and card.lines == ("待工会审核", "嘉春公司工会")
    Membership.objects.filter(pk=membership.pk).update(
        status=MembershipStatus.ACTIVE, joined_on="2021-04-01", card_number="GH-WANG"
    )
    (card,) = _home(world, "worker")
    assert isinstance(card, HomeCard)
    assert card.lines == ("在会", "嘉春公司工会", "入会日期：2021-04-01", "会员证号：GH-WANG")
    assert "GH-WANG" not in str(_home(world, "jobseeker"))
