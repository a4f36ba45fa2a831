"""One person, one current membership and one open application, under concurrency:
real threads, on SQLite (a WAL file copy) and PostgreSQL."""

from functools import partial

import pytest

from jiedao.activities.tests.threads import file_database, run_together
from jiedao.core.errors import Conflict
from jiedao.testing import build_world, make_person
from jiedao.unions import services
from jiedao.unions.models import Membership, MembershipStatus
from jiedao.unions.tests.conftest import actor, unions_of

THREADS = 6


@pytest.mark.django_db(transaction=True)
def test_one_application_wins_when_sent_many_times_at_once() -> None:
    world = build_world()
    unions = unions_of(world)
    person = make_person(world.liangcheng, "周小梅", area=world.xiuyuan, employer=unions.small, roles={"is_worker"})
    a = actor(world, "worker")
    with file_database():
        outcomes = run_together([partial(services.apply, actor=a, person=person) for _ in range(THREADS)])
        won = [o.value for o in outcomes if isinstance(o.value, Membership)]
        lost = [o.error for o in outcomes if o.error is not None]
        assert len(won) == 1, outcomes
        assert all(isinstance(e, Conflict) and e.code == "already_applied" for e in lost), lost
        assert Membership.objects.filter(person=person, status=MembershipStatus.PENDING_UNION).count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_approval_and_a_reinstatement_at_once_leave_one_current_membership() -> None:
    """A person who left 中虹's joint union applies to 秀苑's; the federation approves
    the application while the membership is reinstated: the database keeps one."""
    world = build_world()
    unions = unions_of(world)
    person = make_person(world.liangcheng, "周小梅", area=world.xiuyuan, employer=unions.small, roles={"is_worker"})
    left = Membership.objects.create(
        subdistrict=world.liangcheng,
        person=person,
        union=unions.zhonghong_joint,
        status=MembershipStatus.LEFT,
        card_number="GH2020-LEFTCARD01",
        joined_on="2020-01-01",
        ended_on="2021-01-01",
    )
    pending = Membership.objects.create(
        subdistrict=world.liangcheng,
        person=person,
        union=unions.xiuyuan_joint,
        status=MembershipStatus.PENDING_FEDERATION,
    )
    a = actor(world, "union")
    with file_database():
        outcomes = run_together(
            [
                partial(services.decide, actor=a, membership_id=pending.pk, approve=True),
                partial(services.reinstate, actor=a, membership_id=left.pk),
            ]
        )
        errors = [o.error for o in outcomes if o.error is not None]
        assert len(errors) == 1 and isinstance(errors[0], Conflict), outcomes
        assert Membership.objects.filter(person=person, status=MembershipStatus.ACTIVE).count() == 1
