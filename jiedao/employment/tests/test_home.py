"""就业服务 on a resident's home (``employment.home``): one's own job-seeker
registration; nothing without one."""

from django.apps import apps

from jiedao.accounts.actor import actor_for
from jiedao.core.home import HomeCard
from jiedao.employment.tests.conftest import seeker_of
from jiedao.testing import World


def _home(w: World, key: str) -> list[object]:
    return list(apps.get_app_config("employment").home(actor_for(w.users[key]), w.people[key]))  # type: ignore[attr-defined]


def test_ones_own_registration_only(world: World) -> None:
    assert _home(world, "jobseeker") == []
    seeker_of(world)
    (card,) = _home(world, "jobseeker")
    assert isinstance(card, HomeCard)
    assert [(f.label, f.value) for f in card.figures] == [("职业指导", "1"), ("岗位推荐", "1")]
    assert "求职意向：花店店员" in card.lines
    assert _home(world, "worker") == []
