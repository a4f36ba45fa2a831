"""The activities core on a resident's home (``activities.home``): upcoming sessions of
the meetings and lectures the person is invited to; nothing of another person, of a
declined invitation, of a past session, or of a class or volunteer task (their own
programmes show those)."""

import datetime as dt

from django.apps import apps
from django.utils import timezone

from jiedao.accounts.actor import actor_for
from jiedao.activities.models import Activity, Registration, Session
from jiedao.activities.tests.helpers import meeting, session_of
from jiedao.core.home import HomeEntry
from jiedao.testing import World


def _home(w: World, key: str) -> list[object]:
    return list(apps.get_app_config("activities").home(actor_for(w.users[key]), w.people[key]))  # type: ignore[attr-defined]


def test_upcoming_sessions_of_ones_own_invitations(world: World) -> None:
    assert _home(world, "worker") == []  # nothing when nothing
    activity = meeting(world)
    later = session_of(world, activity, hours_from_now=48)
    session_of(world, activity, hours_from_now=-48)  # over
    Registration.objects.create(subdistrict=world.liangcheng, activity=activity, person=world.people["worker"])
    (entry,) = _home(world, "worker")
    assert isinstance(entry, HomeEntry)
    assert (entry.title, entry.starts_at, entry.place) == (activity.title, later.starts_at, later.place)
    assert _home(world, "jobseeker") == []  # not invited


def test_declined_invitations_and_other_programmes_kinds_are_left_out(world: World) -> None:
    declined = meeting(world, title="婉拒的会议")
    session_of(world, declined, hours_from_now=24)
    Registration.objects.create(
        subdistrict=world.liangcheng,
        activity=declined,
        person=world.people["worker"],
        status=Registration.Status.DECLINED,
    )
    for kind in (Activity.Kind.CLASS, Activity.Kind.SERVICE):
        other = meeting(world, kind=kind, title=f"{kind}活动")
        session_of(world, other, hours_from_now=24)
        Registration.objects.create(subdistrict=world.liangcheng, activity=other, person=world.people["worker"])
    lecture = Activity.objects.create(
        subdistrict=world.liangcheng, kind=Activity.Kind.LECTURE, title="四史党课", organiser=world.office
    )
    start = timezone.now() + dt.timedelta(days=1)
    Session.objects.create(
        subdistrict=world.liangcheng,
        activity=lecture,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="秀苑",
    )
    Registration.objects.create(subdistrict=world.liangcheng, activity=lecture, person=world.people["worker"])
    assert [e.title for e in _home(world, "worker") if isinstance(e, HomeEntry)] == ["四史党课"]
