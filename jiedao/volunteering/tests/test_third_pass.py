"""The third pass: certificate periods never overlap, hours are read half up, the
attendance batch skips claims recorded meanwhile, a closed task's waiting list takes
nobody, and volunteers hear of a shift's change and of an offer by e-mail."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from jiedao.activities.models import Attendance
from jiedao.core import notifications
from jiedao.core.errors import Conflict
from jiedao.testing import PASSWORD
from jiedao.volunteering import services
from jiedao.volunteering.models import Certificate, Claim, ServiceRecord, Shift
from jiedao.volunteering.services import hours as hours_module
from jiedao.volunteering.tests.conftest import VolunteeringSetup, make_volunteers

pytestmark = pytest.mark.django_db


def verified(vol: VolunteeringSetup, hours: str = "2") -> ServiceRecord:
    """The worker's claim of the past shift (two days ago) with verified hours."""
    return ServiceRecord.objects.create(
        subdistrict=vol.world.liangcheng,
        claim=vol.past_claim,
        source=ServiceRecord.Source.REPORTED,
        hours=Decimal(hours),
        status=ServiceRecord.Status.VERIFIED,
        verified_at=timezone.now(),
    )


def test_a_period_overlapping_a_valid_certificate_is_refused(vol: VolunteeringSetup) -> None:
    verified(vol)
    worker = vol.world.people["worker"]
    today = timezone.localdate()
    first, made = services.issue_certificate(
        actor=vol.centre, person=worker, date_from=today - dt.timedelta(days=30), date_to=today
    )
    assert made and first.hours == Decimal(2)
    with pytest.raises(Conflict) as refused:
        services.issue_certificate(
            actor=vol.centre,
            person=worker,
            date_from=today - dt.timedelta(days=5),
            date_to=today - dt.timedelta(days=1),
        )
    assert refused.value.code == "period_overlaps" and refused.value.details == {"certificate": first.number}
    assert first.number in refused.value.message
    # The same period again is the same certificate; a period next to it (no shared day) is not refused.
    again, made_again = services.issue_certificate(
        actor=vol.centre, person=worker, date_from=today - dt.timedelta(days=30), date_to=today
    )
    assert (again.pk, made_again) == (first.pk, False)
    with pytest.raises(Conflict) as empty:
        services.issue_certificate(
            actor=vol.centre,
            person=worker,
            date_from=today - dt.timedelta(days=60),
            date_to=today - dt.timedelta(days=31),
        )
    assert empty.value.code == "no_hours"
    # Revoked, the overlapping period may be certified.
    services.revoke_certificate(actor=vol.centre, certificate=first, reason="时段有误")
    second, made_second = services.issue_certificate(
        actor=vol.centre, person=worker, date_from=today - dt.timedelta(days=5), date_to=today - dt.timedelta(days=1)
    )
    assert made_second and second.number != first.number
    assert Certificate.objects.filter(person=worker, revoked_at__isnull=True).count() == 1


def test_hours_typed_are_rounded_half_up(vol: VolunteeringSetup) -> None:
    task = services.task_create(
        actor=vol.centre, organiser=vol.world.office, title="图书整理", contact="李老师", hours_per_shift="2.25"
    )
    assert task.hours_per_shift == Decimal("2.3")  # half-even would give 2.2
    record = services.report_hours(actor=vol.actor("worker"), claim=vol.past_claim, hours="1.125")
    assert record.hours == Decimal("1.13")
    with pytest.raises(Exception) as refused:
        services.report_hours(actor=vol.actor("worker"), claim=vol.past_claim, hours="abc")
    assert "请填写服务时长" in str(refused.value)


def _signed(shift: Shift, person_id: int) -> None:
    start = shift.session.starts_at
    Attendance.objects.create(
        subdistrict_id=shift.subdistrict_id,
        session=shift.session,
        person_id=person_id,
        signed_in_at=start,
        signed_out_at=start + dt.timedelta(hours=2),
    )


def test_the_attendance_batch_skips_a_claim_reported_meanwhile(
    vol: VolunteeringSetup, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The volunteer's report lands between the batch's read and its insert: that claim
    keeps the report and is counted skipped; the others are recorded."""
    (other, other_person), (third, third_person) = make_volunteers(vol.world, 2)
    other_claim = Claim.objects.create(subdistrict=vol.world.liangcheng, shift=vol.past, person=other_person)
    Claim.objects.create(subdistrict=vol.world.liangcheng, shift=vol.past, person=third_person)
    for person_id in (vol.past_claim.person_id, other_person.pk, third_person.pk):
        _signed(vol.past, person_id)
    services.report_hours(actor=third, claim=Claim.objects.get(person=third_person), hours="1")  # before the batch
    real = hours_module.attended_hours
    reported: list[ServiceRecord] = []

    def report_first(*args: Any) -> Decimal:
        if not reported:  # the phone's report of the worker's claim, the same instant
            reported.append(services.report_hours(actor=vol.actor("worker"), claim=vol.past_claim, hours="1.5"))
        return real(*args)

    monkeypatch.setattr(hours_module, "attended_hours", report_first)
    done = services.hours_from_attendance(actor=vol.centre, shift=vol.past)
    assert done == services.AttendanceHours(made=1, skipped=2)
    worker_record = ServiceRecord.objects.get(claim=vol.past_claim)
    assert (worker_record.source, worker_record.status, worker_record.hours) == ("reported", "pending", Decimal("1.5"))
    assert ServiceRecord.objects.get(claim=other_claim).status == ServiceRecord.Status.VERIFIED
    assert other is not None


def test_the_desk_says_how_many_were_skipped(vol: VolunteeringSetup, client: Client) -> None:
    _signed(vol.past, vol.past_claim.person_id)
    services.report_hours(actor=vol.actor("worker"), claim=vol.past_claim, hours="1")
    assert client.login(username="centre", password=PASSWORD)
    page = client.post(reverse("volunteering:shift_hours", args=[vol.past.pk]), follow=True).content.decode()
    assert "已按签到签退核定0条服务记录" in page and "1位签到签退的志愿者已有服务记录" in page


def test_a_closed_task_takes_no_waiting_entry(vol: VolunteeringSetup) -> None:
    (a, _), (b, _), (c, _) = make_volunteers(vol.world, 3)
    services.claim_shift(actor=a, shift=vol.shift)
    services.claim_shift(actor=b, shift=vol.shift)
    services.task_set_open(actor=vol.centre, task=vol.task, is_open=False)
    with pytest.raises(services.TaskClosed) as refused:
        services.join_waitlist(actor=c, shift=vol.shift)
    assert refused.value.code == "task_closed"
    assert not Claim.objects.filter(shift=vol.shift, status=Claim.Status.WAITING).exists()


def _edit(vol: VolunteeringSetup, **changes: Any) -> Shift:
    session = vol.shift.session
    start = timezone.localtime(session.starts_at)
    values: dict[str, Any] = {
        "date": start.date(),
        "start": start.time(),
        "end": timezone.localtime(session.ends_at).time(),
        "place": session.place,
        "capacity": vol.shift.capacity,
    }
    values.update(changes)
    return services.shift_update(actor=vol.centre, shift=vol.shift, **values)


def test_volunteers_hear_of_a_changed_shift(
    vol: VolunteeringSetup,
    client: Client,
    settings: Settings,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    settings.JIEDAO_SMS_BACKEND = "jiedao.core.notifications.LocmemSmsBackend"
    worker_user = vol.world.users["worker"]
    worker_user.email = "wang@example.com"
    worker_user.save(update_fields=["email"])
    claim, _ = services.claim_shift(actor=vol.actor("worker"), shift=vol.shift)
    (b, _pb), (c, _pc) = make_volunteers(vol.world, 2)  # no e-mail address
    services.claim_shift(actor=b, shift=vol.shift)
    waiting = services.join_waitlist(actor=c, shift=vol.shift)
    mail.outbox.clear()
    notifications.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _edit(vol, capacity=2)  # nothing about time or place: nobody is told
    assert not mail.outbox and not notifications.outbox
    claim.refresh_from_db()
    assert claim.shift_changed_at is None
    with django_capture_on_commit_callbacks() as callbacks:
        _edit(vol, place="中虹居委会", start=dt.time(14, 0), end=dt.time(16, 0))
    assert not mail.outbox  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    (message,) = mail.outbox
    assert message.to == ["wang@example.com"] and "社区助老陪伴" in message.subject
    texts = notifications.outbox
    assert len(texts) == 3 and all("14:00" in t.text and "社区助老陪伴" not in t.text for t in texts)
    assert "秀苑居委会" in message.body and "中虹居委会" in message.body and "14:00–16:00" in message.body
    assert "王秀英" not in f"{message.subject} {message.body}"  # the shift is named, not the person
    claim.refresh_from_db()
    waiting.refresh_from_db()
    assert claim.shift_changed_at is not None and waiting.shift_changed_at is not None
    assert client.login(username="worker", password=PASSWORD)
    page = client.get(reverse("volunteering:mine")).content.decode()
    assert "该班次的时间或地点已于" in page


def test_an_offer_is_also_e_mailed(
    vol: VolunteeringSetup, settings: Settings, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    settings.JIEDAO_SMS_BACKEND = "jiedao.core.notifications.LocmemSmsBackend"
    (a, _pa), (b, _pb) = make_volunteers(vol.world, 2)
    claim_a, _ = services.claim_shift(actor=a, shift=vol.shift)
    services.claim_shift(actor=b, shift=vol.shift)
    worker_user = vol.world.users["worker"]
    worker_user.email = "wang@example.com"
    worker_user.save(update_fields=["email"])
    services.join_waitlist(actor=vol.actor("worker"), shift=vol.shift)
    notifications.outbox.clear()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_claim(actor=a, claim=claim_a)
    (text,) = notifications.outbox
    (message,) = mail.outbox
    assert text.template == "place_offer" and message.to == ["wang@example.com"]
    assert "社区助老陪伴" in message.subject and "秀苑居委会" in message.body and "保留到" in message.body
