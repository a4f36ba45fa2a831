import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone
from time_machine import TimeMachineFixture

from jiedao.activities.models import Attendance
from jiedao.core.errors import Conflict
from jiedao.core.models import AuditEntry
from jiedao.volunteering import services
from jiedao.volunteering.models import Claim, ProgrammeSettings, Rounding, ServiceRecord, Shift
from jiedao.volunteering.selectors import VerifiedService, first_verified_service
from jiedao.volunteering.services import claims
from jiedao.volunteering.tests.conftest import VolunteeringSetup, add_shift, make_volunteers

pytestmark = pytest.mark.django_db


def test_claim_takes_a_place_and_a_repeat_changes_nothing(vol: VolunteeringSetup) -> None:
    worker = vol.actor("worker")
    claim, created = services.claim_shift(actor=worker, shift=vol.shift)
    again, created_again = services.claim_shift(actor=worker, shift=vol.shift)
    assert created and not created_again and again.pk == claim.pk
    vol.shift.refresh_from_db()
    assert vol.shift.claimed == 1
    assert claim.person == vol.world.people["worker"]
    assert vol.world.people["worker"].volunteer.number.startswith("ZY")


def test_full_shift_refuses_and_the_waiting_list_gets_the_freed_place(vol: VolunteeringSetup) -> None:
    (a, pa), (b, _pb), (c, _pc), (d, _pd) = make_volunteers(vol.world, 4)
    services.claim_shift(actor=a, shift=vol.shift)
    services.claim_shift(actor=b, shift=vol.shift)
    with pytest.raises(services.ShiftFull) as refused:
        services.claim_shift(actor=c, shift=vol.shift)
    assert refused.value.details["waiting_list"] is True
    waiting_c = services.join_waitlist(actor=c, shift=vol.shift)
    services.join_waitlist(actor=d, shift=vol.shift)
    assert services.join_waitlist(actor=c, shift=vol.shift).pk == waiting_c.pk
    claim_a = Claim.objects.get(person=pa, shift=vol.shift)
    services.cancel_claim(actor=a, claim=claim_a)
    waiting_c.refresh_from_db()
    assert waiting_c.status == Claim.Status.OFFERED and waiting_c.offer_expires_at is not None
    vol.shift.refresh_from_db()
    assert vol.shift.claimed == 2  # the offer holds the place
    with pytest.raises(services.ShiftFull):
        services.claim_shift(actor=a, shift=vol.shift)
    accepted, created = services.claim_shift(actor=c, shift=vol.shift)
    assert created and accepted.status == Claim.Status.CLAIMED


def test_a_declined_or_lapsed_offer_goes_to_the_next(vol: VolunteeringSetup, time_machine: TimeMachineFixture) -> None:
    (a, pa), (b, _), (c, pc), (d, pd) = make_volunteers(vol.world, 4)
    services.claim_shift(actor=a, shift=vol.shift)
    services.claim_shift(actor=b, shift=vol.shift)
    services.join_waitlist(actor=c, shift=vol.shift)
    services.join_waitlist(actor=d, shift=vol.shift)
    services.cancel_claim(actor=a, claim=Claim.objects.get(person=pa, shift=vol.shift))
    offered = Claim.objects.get(person=pc, shift=vol.shift)
    assert offered.offer_expires_at is not None
    time_machine.move_to(offered.offer_expires_at + dt.timedelta(minutes=1))
    assert services.expire_offers() == 1
    offered.refresh_from_db()
    assert offered.status == Claim.Status.LAPSED
    assert Claim.objects.get(person=pd, shift=vol.shift).status == Claim.Status.OFFERED
    vol.shift.refresh_from_db()
    assert vol.shift.claimed == 2


def test_cancel_after_the_cut_off_is_refused(vol: VolunteeringSetup) -> None:
    ProgrammeSettings.objects.filter(subdistrict=vol.world.liangcheng).update(cancel_cutoff_hours=24 * 4)
    worker = vol.actor("worker")
    claim, _ = services.claim_shift(actor=worker, shift=vol.shift)
    with pytest.raises(services.TooLate):
        services.cancel_claim(actor=worker, claim=claim)
    vol.shift.refresh_from_db()
    assert vol.shift.claimed == 1


def test_cancel_twice_is_refused_and_frees_one_place(vol: VolunteeringSetup) -> None:
    worker = vol.actor("worker")
    claim, _ = services.claim_shift(actor=worker, shift=vol.shift)
    services.cancel_claim(actor=worker, claim=claim)
    with pytest.raises(services.NotCancellable):
        services.cancel_claim(actor=worker, claim=claim)
    vol.shift.refresh_from_db()
    assert vol.shift.claimed == 0
    again, created = services.claim_shift(actor=worker, shift=vol.shift)
    assert created and again.pk != claim.pk


def test_started_shift_cannot_be_claimed(vol: VolunteeringSetup) -> None:
    with pytest.raises(services.ShiftStarted):
        services.claim_shift(actor=vol.actor("jobseeker"), shift=vol.past)


def test_an_account_without_a_person_cannot_claim(vol: VolunteeringSetup) -> None:
    with pytest.raises(services.NoPerson):
        services.claim_shift(actor=vol.centre, shift=vol.shift)


def test_database_refuses_a_shift_over_capacity(vol: VolunteeringSetup) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Shift.objects.filter(pk=vol.shift.pk).update(claimed=3)


@pytest.mark.parametrize(
    ("minutes", "rounding", "step", "hours"),
    [
        (100, Rounding.DOWN, 30, "1.50"),
        (100, Rounding.NEAREST, 30, "1.50"),
        (105, Rounding.NEAREST, 30, "1.50"),
        (106, Rounding.NEAREST, 30, "2.00"),
        (15, Rounding.NEAREST, 30, "0.00"),
        (45, Rounding.NEAREST, 30, "0.50"),
        (91, Rounding.UP, 30, "2.00"),
        (100, Rounding.DOWN, 1, "1.67"),
        (29, Rounding.DOWN, 30, "0.00"),
    ],
)
def test_rounding(minutes: int, rounding: str, step: int, hours: str) -> None:
    settings = ProgrammeSettings(rounding=rounding, rounding_minutes=step)
    assert services.rounded_hours(minutes, settings) == Decimal(hours)


def test_hours_from_attendance_exclude_travel_and_are_capped(vol: VolunteeringSetup) -> None:
    worker = vol.world.people["worker"]
    start = vol.past.session.starts_at
    Attendance.objects.create(
        subdistrict=vol.world.liangcheng,
        session=vol.past.session,
        person=worker,
        method="qr",
        signed_in_at=start - dt.timedelta(minutes=40),
        signed_out_at=start + dt.timedelta(minutes=100),
    )
    assert services.hours_from_attendance(actor=vol.centre, shift=vol.past) == services.AttendanceHours(1, 0)
    record = ServiceRecord.objects.get(claim=vol.past_claim)
    assert record.hours == Decimal("1.50")  # 100 minutes inside the shift, rounded down to the half hour
    assert record.status == ServiceRecord.Status.VERIFIED
    assert services.hours_from_attendance(actor=vol.centre, shift=vol.past) == services.AttendanceHours(0, 1)


def test_reported_hours_are_approved_and_corrected_with_a_reason(vol: VolunteeringSetup) -> None:
    worker = vol.actor("worker")
    with pytest.raises(ValidationError):
        services.report_hours(actor=worker, claim=vol.past_claim, hours="3", note="")  # over the shift's 2 hours
    record = services.report_hours(actor=worker, claim=vol.past_claim, hours="2", note="陪伴两位老人")
    with pytest.raises(Conflict):
        services.report_hours(actor=worker, claim=vol.past_claim, hours="1")
    assert first_verified_service(subdistrict_id=vol.world.liangcheng.pk, person_ids=[vol.past_claim.person_id]) == {}
    record = services.review_record(actor=vol.centre, record=record, approve=True)
    assert record.status == ServiceRecord.Status.VERIFIED
    with pytest.raises(ValidationError):
        services.correct_record(actor=vol.centre, record=record, hours="1.5", reason=" ")
    record = services.correct_record(actor=vol.centre, record=record, hours="1.5", reason="提前离开半小时")
    assert record.hours == Decimal("1.50")
    entry = AuditEntry.objects.filter(object_type="volunteering.servicerecord").latest("id")
    assert entry.detail == {"changes": {"hours": ["2.00", "1.50"]}, "reason": "提前离开半小时"}


def test_first_verified_service_is_the_earliest_verified(vol: VolunteeringSetup) -> None:
    worker = vol.world.people["worker"]
    older = add_shift(vol.task, vol.past.session.starts_at - dt.timedelta(days=7), claimed=1)
    older_claim = Claim.objects.create(subdistrict=vol.world.liangcheng, shift=older, person=worker)
    now = timezone.now()
    for claim in (vol.past_claim, older_claim):
        ServiceRecord.objects.create(
            subdistrict=vol.world.liangcheng,
            claim=claim,
            source="reported",
            hours=Decimal(2),
            status="verified",
            verified_at=now,
        )
    other = vol.world.people["jobseeker"]
    found = first_verified_service(subdistrict_id=vol.world.liangcheng.pk, person_ids=[worker.pk, other.pk])
    assert found == {
        worker.pk: VerifiedService(
            claim_id=older_claim.pk, task="社区助老陪伴", starts_at=older.session.starts_at, hours=Decimal("2.00")
        )
    }
    assert first_verified_service(subdistrict_id=vol.world.quyang.pk, person_ids=[worker.pk]) == {}


def test_tasks_from_needs_and_recurring_shifts(vol: VolunteeringSetup) -> None:
    chair = vol.actor("xiuyuan")
    with pytest.raises(ValidationError):
        services.need_report(actor=chair, residential_area=vol.world.zhonghong, title="帮老人买菜")
    need = services.need_report(actor=chair, residential_area=vol.world.xiuyuan, title="帮老人买菜")
    task = services.task_create(
        actor=vol.centre,
        organiser=vol.world.office,
        title=need.title,
        contact="秀苑居委会",
        hours_per_shift="1.5",
        need=need,
    )
    need.refresh_from_db()
    assert need.status == "adopted" and task.activity.residential_area == vol.world.xiuyuan
    assert task.activity.kind == "service" and task.activity.sign_out_enabled
    shifts = services.shifts_add(
        actor=vol.centre,
        task=task,
        date=timezone.localdate() + dt.timedelta(days=1),
        start=dt.time(8),
        end=dt.time(9),
        place="秀苑",
        capacity=3,
        weeks=4,
    )
    assert [s.session.starts_at.date() - shifts[0].session.starts_at.date() for s in shifts] == [
        dt.timedelta(weeks=w) for w in range(4)
    ]
    with pytest.raises(ValidationError):
        services.task_create(
            actor=vol.centre, organiser=vol.world.office, title="x", contact="y", hours_per_shift=1, need=need
        )


def test_the_expire_command_lapses_offers(vol: VolunteeringSetup, time_machine: TimeMachineFixture) -> None:
    (a, pa), (b, _pb) = make_volunteers(vol.world, 2)
    services.claim_shift(actor=a, shift=vol.shift)
    services.claim_shift(actor=vol.actor("worker"), shift=vol.shift)
    services.join_waitlist(actor=b, shift=vol.shift)
    services.cancel_claim(actor=a, claim=Claim.objects.get(person=pa, shift=vol.shift))
    offered = Claim.objects.get(shift=vol.shift, status="offered")
    assert offered.offer_expires_at is not None
    time_machine.move_to(offered.offer_expires_at + dt.timedelta(minutes=1))
    out = StringIO()
    call_command("volunteering_expire_offers", stdout=out)
    assert out.getvalue().strip() == "1 offers lapsed"
    vol.shift.refresh_from_db()
    assert vol.shift.claimed == 1


def test_a_shift_with_places_left_is_claimed_not_waited_for(vol: VolunteeringSetup) -> None:
    with pytest.raises(services.PlacesLeft):
        services.join_waitlist(actor=vol.actor("worker"), shift=vol.shift)


def test_an_offer_declined_meanwhile_cannot_be_accepted_from_a_stale_read(
    vol: VolunteeringSetup, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Phone 1 shows c the offer; on phone 2 c declines it and the place goes to d; then
    # phone 1's "accept" arrives. It must not bring the claim back without its place.
    (a, pa), (b, _), (c, pc), (d, pd) = make_volunteers(vol.world, 4)
    services.claim_shift(actor=a, shift=vol.shift)
    services.claim_shift(actor=b, shift=vol.shift)
    services.join_waitlist(actor=c, shift=vol.shift)
    services.join_waitlist(actor=d, shift=vol.shift)
    services.cancel_claim(actor=a, claim=Claim.objects.get(person=pa, shift=vol.shift))
    stale = Claim.objects.get(person=pc, shift=vol.shift)
    assert stale.status == Claim.Status.OFFERED
    services.cancel_claim(actor=c, claim=Claim.objects.get(pk=stale.pk))
    assert Claim.objects.get(person=pd, shift=vol.shift).status == Claim.Status.OFFERED
    monkeypatch.setattr(claims, "_active", lambda shift, person: stale if person == pc else None)
    with pytest.raises(services.ShiftFull):
        services.claim_shift(actor=c, shift=vol.shift)
    with pytest.raises(services.ShiftFull):
        claims._accept_offer(actor=c, claim=stale, shift=vol.shift, now=timezone.now(), request=None)
    vol.shift.refresh_from_db()
    holders = Claim.objects.filter(shift=vol.shift, status__in=[Claim.Status.CLAIMED, Claim.Status.OFFERED])
    assert vol.shift.claimed == holders.count() == vol.shift.capacity == 2
