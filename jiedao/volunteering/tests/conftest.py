"""Shared fixtures of the volunteering tests.

``vol`` (on top of ``world``) sets the centre's issuer, publishes the task
社区助老陪伴 (2 hours a shift) organised by ``world.office``, with one shift three
days ahead (2 places) and one past shift (5 places) at which the worker's claim has
no record yet. Times are relative to now, so the tests pass on any day.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from jiedao.accounts.actor import Actor, actor_for
from jiedao.activities.models import Session
from jiedao.people.models import Person
from jiedao.testing import World, make_person, make_user, numbered
from jiedao.volunteering import services
from jiedao.volunteering.models import Claim, ProgrammeSettings, Shift, Task


@dataclass
class VolunteeringSetup:
    world: World
    centre: Actor
    task: Task
    shift: Shift  # three days ahead, 2 places
    past: Shift  # began two days ago, 5 places
    past_claim: Claim  # the worker's claim of ``past`` (no record yet)

    def actor(self, name: str) -> Actor:
        return actor_for(self.world.users[name])


def add_shift(task: Task, starts_at: dt.datetime, *, hours: int = 2, capacity: int = 2, claimed: int = 0) -> Shift:
    """A shift straight in the database (also in the past, which the service refuses)."""
    session = Session.objects.create(
        subdistrict_id=task.subdistrict_id,
        activity=task.activity,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=hours),
        place="凉城新村街道党群服务中心",
        capacity=capacity,
    )
    return Shift.objects.create(
        subdistrict_id=task.subdistrict_id, task=task, session=session, capacity=capacity, claimed=claimed
    )


def make_volunteers(world: World, count: int, prefix: str = "志愿者") -> list[tuple[Actor, Person]]:
    made = []
    for i in range(count):
        user = make_user(world.liangcheng, f"{prefix}{i}", ("resident", None))
        person = make_person(world.liangcheng, numbered(prefix, i), user=user)
        made.append((actor_for(user), person))
    return made


def build_volunteering(world: World) -> VolunteeringSetup:
    centre = actor_for(world.users["centre"])
    ProgrammeSettings.objects.create(
        subdistrict=world.liangcheng,
        issuer_name="凉城新村街道党群服务中心",
        person_in_charge="陈懿",
        handler="张敏",
        issuer_contact="021-65550000",
    )
    task = services.task_create(
        actor=centre,
        organiser=world.office,
        title="社区助老陪伴",
        description="陪伴独居老人聊天、读报。",
        skills="耐心细致",
        contact="张老师 021-65000000",
        hours_per_shift=Decimal(2),
    )
    now = timezone.now().replace(second=0, microsecond=0)
    (shift,) = services.shifts_add(
        actor=centre,
        task=task,
        date=timezone.localdate(now + dt.timedelta(days=3)),
        start=dt.time(9, 0),
        end=dt.time(11, 0),
        place="秀苑居委会",
        capacity=2,
    )
    past = add_shift(task, now - dt.timedelta(days=2), capacity=5, claimed=1)
    past_claim = Claim.objects.create(subdistrict=world.liangcheng, shift=past, person=world.people["worker"])
    return VolunteeringSetup(world, centre, task, shift, past, past_claim)


@pytest.fixture
def vol(world: World) -> VolunteeringSetup:
    return build_volunteering(world)
