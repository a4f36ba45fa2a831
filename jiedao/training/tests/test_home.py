"""职业技能培训 on a resident's home (``training.home``): the next sessions of one's
class, one's classes and certificates, enrolling while a class is open to one."""

import datetime as dt

from django.apps import apps
from django.utils import timezone

from jiedao.accounts.actor import actor_for
from jiedao.core.home import HomeAction, HomeCard, HomeEntry
from jiedao.testing import World
from jiedao.training.models import Enrolment
from jiedao.training.tests.helpers import seat, training_of


def _home(w: World, key: str) -> list[object]:
    return list(apps.get_app_config("training").home(actor_for(w.users[key]), w.people[key]))  # type: ignore[attr-defined]


def test_nothing_without_a_class(world: World) -> None:
    assert _home(world, "worker") == []


def test_sessions_classes_certificates_and_enrolling(world: World) -> None:
    built = training_of(world)
    card, action = _home(world, "jobseeker")  # her class is over, with a certificate
    assert isinstance(card, HomeCard) and isinstance(action, HomeAction)
    assert [(f.label, f.value) for f in card.figures] == [("培训班", "1"), ("结业证书", "1")]
    assert [type(i) for i in _home(world, "worker")] == [HomeAction]  # the open class
    seat(built.upcoming, world.people["worker"].pk)
    items = _home(world, "worker")
    entries = [i for i in items if isinstance(i, HomeEntry)]
    assert [e.title for e in entries] == ["插花二班", "插花二班"]
    assert entries[0].starts_at < entries[1].starts_at
    assert not any(isinstance(i, HomeAction) for i in items)  # no other class open to her


def test_a_place_offered_from_the_waiting_list_is_to_accept(world: World) -> None:
    built = training_of(world)
    enrolment = seat(built.upcoming, world.people["worker"].pk)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        status=Enrolment.Status.OFFERED, offer_expires_at=timezone.now() + dt.timedelta(hours=48)
    )
    items = _home(world, "worker")
    assert [i.label for i in items if isinstance(i, HomeAction)] == ["确认入班：插花二班"]
    assert not any(isinstance(i, HomeEntry) for i in items)  # not in the class yet
