"""The second slice: the SMS of an offered place, closing a task, editing a shift,
the centre issuing and revoking certificates (民政部令第67号's content)."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from jiedao.core import notifications
from jiedao.core.errors import Conflict, Forbidden
from jiedao.core.models import AuditEntry
from jiedao.testing import PASSWORD
from jiedao.volunteering import access, services
from jiedao.volunteering.models import Certificate, Claim, ServiceRecord, Shift, Task
from jiedao.volunteering.tests.conftest import VolunteeringSetup, make_volunteers

pytestmark = pytest.mark.django_db


def login(client: Client, key: str) -> Client:
    assert client.login(username=key, password=PASSWORD)
    return client


def full_with_one_waiting(vol: VolunteeringSetup) -> tuple[Any, Claim, Claim]:
    """Two volunteers hold the shift's two places; a third waits. ``(a, a's claim, waiting)``."""
    (a, _pa), (b, _pb), (c, _pc) = make_volunteers(vol.world, 3)
    claim_a, _ = services.claim_shift(actor=a, shift=vol.shift)
    services.claim_shift(actor=b, shift=vol.shift)
    waiting = services.join_waitlist(actor=c, shift=vol.shift)
    return a, claim_a, waiting


def test_an_offered_place_is_texted_after_the_commit(
    vol: VolunteeringSetup,
    settings: Settings,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    settings.JIEDAO_SMS_BACKEND = "jiedao.core.notifications.LocmemSmsBackend"
    a, claim_a, waiting = full_with_one_waiting(vol)
    notifications.outbox.clear()
    with django_capture_on_commit_callbacks() as callbacks:
        services.cancel_claim(actor=a, claim=claim_a)
    assert not notifications.outbox  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    (message,) = notifications.outbox
    waiting.refresh_from_db()
    assert waiting.status == Claim.Status.OFFERED and waiting.offer_expires_at is not None
    start = timezone.localtime(vol.shift.session.starts_at)
    until = timezone.localtime(waiting.offer_expires_at)
    assert message.template == "place_offer" and message.phone == waiting.person.phone
    assert message.params == {"when": f"{start:%m-%d} 09:00", "until": f"{until:%m-%d %H:%M}"}
    assert message.signature == vol.world.liangcheng.name and "公益" not in message.text


def test_closing_a_task_ends_its_waiting_list_and_keeps_the_claims(
    vol: VolunteeringSetup, client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    a, claim_a, waiting = full_with_one_waiting(vol)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_claim(actor=a, claim=claim_a)  # the place is offered to the one waiting
    (d, _pd), (e, _pe) = make_volunteers(vol.world, 2, prefix="候补")
    late = services.join_waitlist(actor=d, shift=vol.shift)
    ended = services.task_set_open(actor=vol.centre, task=vol.task, is_open=False)
    assert ended == 2
    waiting.refresh_from_db()
    late.refresh_from_db()
    assert waiting.status == late.status == Claim.Status.CANCELLED
    vol.shift.refresh_from_db()
    assert vol.shift.claimed == 1  # the held claim stays, the offer's place is freed
    assert Claim.objects.filter(shift=vol.shift, status="claimed").count() == 1
    # A waiting entry that slipped in as the task closed is offered nothing.
    straggler = Claim.objects.create(
        subdistrict=vol.world.liangcheng, shift=vol.shift, person=vol.world.people["jobseeker"], status="waiting"
    )
    (held,) = Claim.objects.filter(shift=vol.shift, status="claimed")
    services.cancel_claim(actor=vol.centre, claim=held)
    straggler.refresh_from_db()
    assert straggler.status == "waiting" and Shift.objects.get(pk=vol.shift.pk).claimed == 0
    Claim.objects.filter(pk=straggler.pk).update(status="cancelled")
    with pytest.raises(Http404):  # a closed task's shifts are not there to claim
        access.shift_to_claim(e, vol.shift.pk)
    entry = AuditEntry.objects.filter(object_type__endswith="task", object_id=str(vol.task.pk)).order_by("pk").last()
    assert entry is not None and entry.detail["changes"] == {"is_open": [True, False]}
    assert entry.detail["waiting_ended"] == 2
    login(client, "jobseeker")
    assert client.post(reverse("volunteering:shift_claim", args=[vol.shift.pk])).status_code == 404
    client.logout()
    login(client, "centre")
    page = client.post(reverse("volunteering:task_open", args=[vol.task.pk]), {"is_open": "1"}, follow=True)
    assert "任务已重新开放认领" in page.content.decode()
    assert Task.objects.get(pk=vol.task.pk).is_open


def test_editing_a_shift_keeps_the_places_held(
    vol: VolunteeringSetup, client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    _a, _claim, waiting = full_with_one_waiting(vol)
    day = timezone.localdate(vol.shift.session.starts_at) + dt.timedelta(days=1)
    values: dict[str, Any] = {"date": day, "start": dt.time(14, 0), "end": dt.time(16, 30), "place": "中虹居委会"}
    with pytest.raises(ValidationError) as refused:
        services.shift_update(actor=vol.centre, shift=vol.shift, capacity=1, **values)
    assert "名额不能少于2" in str(refused.value.message_dict["capacity"])
    assert Shift.objects.get(pk=vol.shift.pk).session.place == "秀苑居委会"  # nothing half-written
    with django_capture_on_commit_callbacks(execute=True):
        changed = services.shift_update(actor=vol.centre, shift=vol.shift, capacity=3, **values)
    waiting.refresh_from_db()
    assert waiting.status == Claim.Status.OFFERED  # the new place goes to the one waiting
    assert changed.capacity == changed.session.capacity == 3 and changed.claimed == 3
    local = timezone.localtime(changed.session.starts_at)
    assert (local.date(), local.time(), changed.session.place) == (day, dt.time(14, 0), "中虹居委会")
    assert AuditEntry.objects.filter(object_type__endswith="shift", object_id=str(vol.shift.pk)).exists()
    with pytest.raises(Conflict):
        services.shift_update(actor=vol.centre, shift=vol.past, capacity=5, **values)
    login(client, "centre")
    url = reverse("volunteering:shift_edit", args=[vol.shift.pk])
    assert "中虹居委会" in client.get(url).content.decode()
    sent = client.post(
        url, {**{k: str(v) for k, v in values.items()}, "start": "14:00", "end": "16:30", "capacity": "2"}
    )
    assert sent.status_code == 400 and "名额不能少于3" in sent.content.decode()


def test_the_centre_issues_and_revokes_a_certificate(vol: VolunteeringSetup, client: Client) -> None:
    ServiceRecord.objects.create(
        subdistrict=vol.world.liangcheng,
        claim=vol.past_claim,
        source="reported",
        hours=Decimal("2.5"),
        status="verified",
        verified_at=timezone.now(),
    )
    worker = vol.world.people["worker"]
    services.volunteer_number(worker)
    today = timezone.localdate()
    period: dict[str, Any] = {"date_from": today - dt.timedelta(days=30), "date_to": today}
    with pytest.raises(Forbidden):  # a volunteer asks only for their own
        services.issue_certificate(actor=vol.actor("jobseeker"), person=worker, **period)
    login(client, "centre")
    url = reverse("volunteering:certificate_new", args=[worker.pk])
    assert client.post(url, {k: v.isoformat() for k, v in period.items()}).status_code == 302
    (certificate,) = Certificate.objects.filter(person=worker)
    assert certificate.name == worker.name and certificate.id_type == "居民身份证"
    assert certificate.id_number_masked == "*" * 14 + worker.id_number[-4:]
    assert certificate.issuer_contact == "021-65550000" and certificate.content == "社区助老陪伴（1次，2.5小时）"
    listing = client.get(reverse("volunteering:certificates")).content.decode()
    assert certificate.number in listing and worker.name in listing
    revoke = reverse("volunteering:certificate_revoke", args=[certificate.pk])
    assert client.post(revoke, {"reason": ""}).status_code == 400
    assert client.post(revoke, {"reason": "时长更正后重新出具"}).status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None and certificate.revoked_reason == "时长更正后重新出具"
    with pytest.raises(Conflict):
        services.revoke_certificate(actor=vol.centre, certificate=certificate, reason="再次")
    entry = (
        AuditEntry.objects.filter(object_type__endswith="certificate", object_id=str(certificate.pk))
        .order_by("pk")
        .last()
    )
    assert entry is not None and entry.detail["reason"] == "时长更正后重新出具"
    client.logout()
    public = client.get(reverse("volunteering:verify", args=[certificate.number])).content.decode()
    assert "作废，不再有效" in public and "真实有效" not in public
    answer = client.get(f"/api/v1/volunteering/certificates/{certificate.number}").json()
    assert answer["valid"] is False and answer["revoked_on"] == today.isoformat()
    again, created = services.issue_certificate(actor=vol.centre, person=worker, **period)
    assert created and again.number != certificate.number  # the period certified anew
    login(client, "centre")
    pdf = client.get(reverse("volunteering:certificate_pdf", args=[certificate.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")  # marked revoked on the paper
