"""Legal aid on a resident's home (``legalaid.home``): counts of one's own cases (no
case's content: that stays behind a fresh proof), asking for legal aid."""

from django.apps import apps

from jiedao.accounts.actor import actor_for
from jiedao.core.home import HomeAction, HomeCard
from jiedao.legalaid.models import LegalAidCase, Stage
from jiedao.legalaid.tests.factories import OWN_SUMMARY, legal_aid_of
from jiedao.testing import World


def _home(w: World, key: str) -> list[object]:
    return list(apps.get_app_config("legalaid").home(actor_for(w.users[key]), w.people[key]))  # type: ignore[attr-defined]


def test_asking_for_legal_aid_without_a_case(world: World) -> None:
    (action,) = _home(world, "worker")
    assert isinstance(action, HomeAction) and action.url == "/legal-aid/open/"


def test_counts_of_ones_own_cases_and_nothing_of_them(world: World) -> None:
    built = legal_aid_of(world)
    card, _action = _home(world, "worker")
    assert isinstance(card, HomeCard)
    assert [(f.label, f.value) for f in card.figures] == [("办理中", "1"), ("已办结", "0")]
    assert OWN_SUMMARY not in str(card) and "嘉春" not in str(card)
    LegalAidCase.objects.filter(pk=built.own.pk).update(stage=Stage.CLOSED)
    card, _action = _home(world, "worker")
    assert isinstance(card, HomeCard)
    assert [f.value for f in card.figures] == ["0", "1"]
    # 陈懿's case is not the job seeker's: she has no card.
    assert [type(i) for i in _home(world, "jobseeker")] == [HomeAction]
