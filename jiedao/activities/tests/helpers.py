"""Shared set-up of the activity tests: a meeting organised by the union
federation of 凉城, with one session today."""

import datetime as dt

from django.utils import timezone

from jiedao.accounts.actor import Actor, actor_for
from jiedao.activities import services
from jiedao.activities.models import Activity, Session
from jiedao.testing import World


def actor(world: World, key: str) -> Actor:
    return actor_for(world.users[key])


def meeting(world: World, *, kind: str = Activity.Kind.MEETING, title: str = "街道与工会联席会议") -> Activity:
    return services.activity_create(actor=actor(world, "union"), kind=kind, title=title, organiser=world.office)


def session_of(world: World, activity: Activity, *, hours_from_now: float = 0) -> Session:
    start = timezone.now() + dt.timedelta(hours=hours_from_now) - dt.timedelta(minutes=30)
    return services.session_create(
        actor=actor(world, "union"),
        activity=activity,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="凉城新村街道社区党群服务中心",
    )
