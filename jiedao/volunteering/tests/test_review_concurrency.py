"""Races of the third pass, with real threads on SQLite and PostgreSQL, each run a
few times over: overlapping certificates issued at once, the attendance batch
against a phone's report, joining a waiting list as the task closes."""

import datetime as dt
from decimal import Decimal
from functools import partial

import pytest
from django.utils import timezone

from jiedao.activities.models import Attendance
from jiedao.activities.tests.threads import run_together
from jiedao.activities.tests.threads import thread_database as thread_database  # the fixture
from jiedao.core.errors import Conflict
from jiedao.testing import build_world
from jiedao.volunteering import services
from jiedao.volunteering.models import Certificate, Claim, ServiceRecord, Shift
from jiedao.volunteering.tests.conftest import add_shift, build_volunteering, make_volunteers

ROUNDS = 4


@pytest.mark.usefixtures("thread_database")
def test_overlapping_certificates_issued_at_once_certify_the_hours_once() -> None:
    world = build_world()
    vol = build_volunteering(world)
    worker = world.people["worker"]
    ServiceRecord.objects.create(
        subdistrict=world.liangcheng,
        claim=vol.past_claim,
        source=ServiceRecord.Source.REPORTED,
        hours=Decimal(2),
        status=ServiceRecord.Status.VERIFIED,
        verified_at=timezone.now(),
    )
    today = timezone.localdate()
    for n in range(ROUNDS):
        periods = [
            (today - dt.timedelta(days=20 + n), today),
            (today - dt.timedelta(days=10), today - dt.timedelta(days=1)),
        ]
        outcomes = run_together(
            [
                partial(services.issue_certificate, actor=vol.centre, person=worker, date_from=a, date_to=b)
                for a, b in periods
            ]
        )
        won = [o.value[0] for o in outcomes if o.error is None]
        lost = [o.error for o in outcomes if o.error is not None]
        assert len(won) == 1 and len(lost) == 1, outcomes
        assert isinstance(lost[0], Conflict) and lost[0].code == "period_overlaps", lost
        valid = list(Certificate.objects.filter(person=worker, revoked_at__isnull=True))
        assert [c.pk for c in valid] == [won[0].pk]
        services.revoke_certificate(actor=vol.centre, certificate=won[0], reason="下一轮")


@pytest.mark.usefixtures("thread_database")
def test_the_attendance_batch_and_a_phones_report_at_once() -> None:
    """Either the batch records the claim (the report is refused: already recorded) or
    the report does (the batch skips it); the batch never fails, the others are recorded."""
    world = build_world()
    vol = build_volunteering(world)
    volunteers = make_volunteers(world, 3)
    now = timezone.now().replace(second=0, microsecond=0)
    for n in range(ROUNDS):
        shift = add_shift(vol.task, now - dt.timedelta(days=3 + n), capacity=5, claimed=3)
        claims = [Claim.objects.create(subdistrict=world.liangcheng, shift=shift, person=p) for _, p in volunteers]
        for claim in claims:
            Attendance.objects.create(
                subdistrict=world.liangcheng,
                session=shift.session,
                person=claim.person,
                signed_in_at=shift.session.starts_at,
                signed_out_at=shift.session.ends_at,
            )
        phone = volunteers[0][0]
        batch, report = run_together(
            [
                partial(services.hours_from_attendance, actor=vol.centre, shift=shift),
                partial(services.report_hours, actor=phone, claim=claims[0], hours="1"),
            ]
        )
        assert batch.error is None, batch
        assert batch.value.made + batch.value.skipped == 3
        record = ServiceRecord.objects.get(claim=claims[0])
        if report.error is None:
            assert batch.value.skipped == 1 and record.source == ServiceRecord.Source.REPORTED
        else:
            assert isinstance(report.error, Conflict) and report.error.code == "already_recorded", report
            assert batch.value.skipped == 0 and record.source == ServiceRecord.Source.ATTENDANCE
        assert ServiceRecord.objects.filter(claim__shift=shift).count() == 3


@pytest.mark.usefixtures("thread_database")
def test_joining_the_waiting_list_as_the_task_closes_leaves_no_entry() -> None:
    world = build_world()
    vol = build_volunteering(world)
    Shift.objects.filter(pk=vol.shift.pk).update(claimed=2)  # full
    joiners = make_volunteers(world, ROUNDS, "候补者")
    for actor, _ in joiners:
        close, join = run_together(
            [
                partial(services.task_set_open, actor=vol.centre, task=vol.task, is_open=False),
                partial(services.join_waitlist, actor=actor, shift=vol.shift),
            ]
        )
        assert close.error is None, close
        assert join.error is None or isinstance(join.error, services.TaskClosed), join
        assert not Claim.objects.filter(shift=vol.shift, status=Claim.Status.WAITING).exists()
        services.task_set_open(actor=vol.centre, task=vol.task, is_open=True)
