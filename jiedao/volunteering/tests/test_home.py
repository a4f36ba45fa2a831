"""公益服务 on a resident's home (``volunteering.home``): one's claimed shifts still to
come, the year's hours and certificates, claiming a shift while one is open."""

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
import time_machine
from django.apps import apps

from jiedao.accounts.actor import actor_for
from jiedao.core.home import HomeAction, HomeCard, HomeEntry
from jiedao.testing import World
from jiedao.volunteering.models import Claim, ServiceRecord
from jiedao.volunteering.tests.conftest import VolunteeringSetup


@pytest.fixture(autouse=True)
def _june() -> Iterator[None]:
    """Mid-June (before the setup runs): the shift two days ago is of this year."""
    with time_machine.travel(dt.datetime(2026, 6, 10, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=True):
        yield


def _home(w: World, key: str) -> list[object]:
    return list(apps.get_app_config("volunteering").home(actor_for(w.users[key]), w.people[key]))  # type: ignore[attr-defined]


def test_nothing_when_no_shift_is_open(world: World) -> None:
    assert _home(world, "worker") == []


def test_a_claimed_shift_the_hours_and_claiming(world: World, vol: VolunteeringSetup) -> None:
    assert [type(i) for i in _home(world, "worker")] == [HomeAction]  # a past claim without hours
    Claim.objects.create(subdistrict=world.liangcheng, shift=vol.shift, person=world.people["worker"])
    ServiceRecord.objects.create(
        subdistrict=world.liangcheng,
        claim=vol.past_claim,
        source=ServiceRecord.Source.REPORTED,
        hours=Decimal("1.5"),
    )
    entry, card, action = _home(world, "worker")
    assert isinstance(entry, HomeEntry) and entry.starts_at == vol.shift.session.starts_at
    assert isinstance(card, HomeCard) and isinstance(action, HomeAction)
    assert card.figures[0].value == "0" and card.lines == ("待审核 1.50 小时",)
    assert [type(i) for i in _home(world, "jobseeker")] == [HomeAction]  # the worker's are hers alone
