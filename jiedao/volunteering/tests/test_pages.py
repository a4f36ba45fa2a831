import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jiedao.core.models import AuditEntry
from jiedao.testing import PASSWORD, World
from jiedao.volunteering.models import Certificate, Claim, Need, ServiceRecord, Shift, Task
from jiedao.volunteering.tests.conftest import VolunteeringSetup

pytestmark = pytest.mark.django_db


def login(client: Client, key: str) -> Client:
    assert client.login(username=key, password=PASSWORD)
    return client


def verify(record_claim: Claim, hours: str = "2") -> ServiceRecord:
    return ServiceRecord.objects.create(
        subdistrict_id=record_claim.subdistrict_id,
        claim=record_claim,
        source="reported",
        hours=Decimal(hours),
        status="verified",
        verified_at=timezone.now(),
    )


def test_volunteer_claims_on_the_phone_and_cancels(client: Client, vol: VolunteeringSetup) -> None:
    login(client, "jobseeker")
    page = client.get(reverse("volunteering:index")).content.decode()
    assert "社区助老陪伴" in page and "剩余2个名额" in page
    claim_url = reverse("volunteering:shift_claim", args=[vol.shift.pk])
    assert claim_url in page
    assert client.post(claim_url).status_code == 302
    assert client.post(claim_url).status_code == 302  # a repeat
    assert Claim.objects.filter(shift=vol.shift, status="claimed").count() == 1
    mine = client.get(reverse("volunteering:mine")).content.decode()
    claim = Claim.objects.get(shift=vol.shift)
    assert reverse("volunteering:claim_cancel", args=[claim.pk]) in mine
    assert client.post(reverse("volunteering:claim_cancel", args=[claim.pk])).status_code == 302
    claim.refresh_from_db()
    assert claim.status == "cancelled"


def test_full_shift_offers_the_waiting_list(client: Client, vol: VolunteeringSetup) -> None:
    Shift.objects.filter(pk=vol.shift.pk).update(capacity=1, claimed=1)
    login(client, "jobseeker")
    page = client.get(reverse("volunteering:index")).content.decode()
    assert "名额已满" in page and reverse("volunteering:shift_wait", args=[vol.shift.pk]) in page
    followed = client.post(reverse("volunteering:shift_claim", args=[vol.shift.pk]), follow=True)
    assert "该班次名额已满" in followed.content.decode()
    client.post(reverse("volunteering:shift_wait", args=[vol.shift.pk]))
    assert Claim.objects.get(shift=vol.shift, person=vol.world.people["jobseeker"]).status == "waiting"


def test_report_hours_then_the_centre_approves_and_corrects(client: Client, vol: VolunteeringSetup) -> None:
    login(client, "worker")
    url = reverse("volunteering:claim_report", args=[vol.past_claim.pk])
    assert url in client.get(reverse("volunteering:mine")).content.decode()
    refused = client.post(url, {"hours": "5", "note": ""})
    assert refused.status_code == 400 and "服务时长应在0到2.0小时之间" in refused.content.decode()
    assert client.post(url, {"hours": "2", "note": "陪老人读报"}).status_code == 302
    record = ServiceRecord.objects.get(claim=vol.past_claim)
    client.logout()
    login(client, "centre")
    assert "陪老人读报" in client.get(reverse("volunteering:records")).content.decode()
    client.post(reverse("volunteering:record_review", args=[record.pk]), {"approve": "1"})
    record.refresh_from_db()
    assert record.status == "verified"
    refused = client.post(reverse("volunteering:record_correct", args=[record.pk]), {"hours": "1.5", "reason": ""})
    assert refused.status_code == 400
    client.post(reverse("volunteering:record_correct", args=[record.pk]), {"hours": "1.5", "reason": "提前离开"})
    record.refresh_from_db()
    assert record.hours == Decimal("1.50")
    assert AuditEntry.objects.filter(object_type="volunteering.servicerecord", detail__reason="提前离开").exists()
    shift_page = client.get(reverse("volunteering:shift", args=[vol.past.pk])).content.decode()
    assert "王秀英" in shift_page and "1.50" in shift_page


def test_centre_publishes_a_task_from_a_need_with_recurring_shifts(client: Client, vol: VolunteeringSetup) -> None:
    login(client, "xiuyuan")
    client.post(
        reverse("volunteering:need_create"), {"residential_area": vol.world.xiuyuan.pk, "title": "帮独居老人买菜"}
    )
    need = Need.objects.get(title="帮独居老人买菜")
    client.logout()
    login(client, "centre")
    form = client.get(reverse("volunteering:task_create"), {"need": need.pk}).content.decode()
    assert "帮独居老人买菜" in form
    done = client.post(
        reverse("volunteering:task_create") + f"?need={need.pk}",
        {
            "title": "帮独居老人买菜",
            "organiser": vol.world.office.pk,
            "residential_area": vol.world.xiuyuan.pk,
            "contact": "秀苑居委会 021-65001234",
            "hours_per_shift": "1.5",
        },
    )
    task = Task.objects.get(need=need)
    assert done.status_code == 302 and done["Location"] == reverse("volunteering:task", args=[task.pk])
    day = timezone.localdate() + dt.timedelta(days=2)
    client.post(
        reverse("volunteering:shift_add", args=[task.pk]),
        {"date": day.isoformat(), "start": "09:00", "end": "10:30", "place": "秀苑", "capacity": "4", "weeks": "3"},
    )
    assert task.shifts.count() == 3
    page = client.get(reverse("volunteering:task", args=[task.pk])).content.decode()
    assert "0 / 4" in page
    assert "帮独居老人买菜" in client.get(reverse("volunteering:tasks")).content.decode()


def test_certificate_pdf_and_public_verification(client: Client, vol: VolunteeringSetup, world: World) -> None:
    verify(vol.past_claim)
    login(client, "worker")
    today = timezone.localdate()
    period = {"date_from": (today - dt.timedelta(days=30)).isoformat(), "date_to": today.isoformat()}
    client.post(reverse("volunteering:certificate_issue"), period)
    client.post(reverse("volunteering:certificate_issue"), period)  # the same certificate again
    (certificate,) = Certificate.objects.filter(person=world.people["worker"])
    assert certificate.hours == Decimal("2.00") and certificate.content == "社区助老陪伴（1次，2小时）"
    pdf = client.get(reverse("volunteering:certificate_pdf", args=[certificate.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    client.logout()
    public = client.get(reverse("volunteering:verify", args=[certificate.number.lower()])).content.decode()
    assert "此证明真实有效" in public and "王*英" in public and "王秀英" not in public
    assert world.people["worker"].id_number[-4:] not in public
    assert client.get(reverse("volunteering:verify", args=["ZY2020-XXXXXXXXXX"])).status_code == 404
