import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from jiedao.accounts.tokens import token_issue
from jiedao.core.errors import Conflict
from jiedao.testing import World
from jiedao.volunteering import services
from jiedao.volunteering.models import Claim, ServiceRecord, Shift
from jiedao.volunteering.tests.conftest import VolunteeringSetup

pytestmark = pytest.mark.django_db


def auth(world: World, key: str) -> dict[str, Any]:
    raw, _ = token_issue(user=world.users[key])
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_shifts_claim_repeat_full_cancel(client: Client, vol: VolunteeringSetup) -> None:
    h = auth(vol.world, "jobseeker")
    day = timezone.localdate(vol.shift.session.starts_at).isoformat()
    shifts = client.get("/api/v1/volunteering/shifts", {"date_from": day, "date_to": day}, **h).json()
    assert shifts == {
        "items": [
            {
                "id": vol.shift.pk,
                "task": "社区助老陪伴",
                "start": shifts["items"][0]["start"],
                "end": shifts["items"][0]["end"],
                "place": "秀苑居委会",
                "capacity": 2,
                "claimed": 0,
                "hours": "2.0",
            }
        ],
        "count": 1,
    }
    url = f"/api/v1/volunteering/shifts/{vol.shift.pk}/claim"
    first = client.post(url, **h)
    assert first.status_code == 201 and first.json()["status"] == "claimed"
    again = client.post(url, **h)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    Shift.objects.filter(pk=vol.shift.pk).update(claimed=2)
    full = client.post(url, **auth(vol.world, "worker"))
    assert full.status_code == 409
    assert full.json() == {
        "code": "shift_full",
        "message": "该班次名额已满，可以加入候补。",
        "details": {"shift": vol.shift.pk, "waiting_list": True},
    }
    Shift.objects.filter(pk=vol.shift.pk).update(claimed=1)
    cancelled = client.post(f"/api/v1/volunteering/claims/{first.json()['id']}/cancel", **h)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    again = client.post(f"/api/v1/volunteering/claims/{first.json()['id']}/cancel", **h)
    assert again.status_code == 409 and again.json()["code"] == "not_cancellable"
    # Someone else's claim does not exist for the caller.
    assert client.post(f"/api/v1/volunteering/claims/{vol.past_claim.pk}/cancel", **h).status_code == 404


def test_hours_me_and_public_certificate(client: Client, vol: VolunteeringSetup) -> None:
    h = auth(vol.world, "worker")
    services.report_hours(actor=vol.actor("worker"), claim=vol.past_claim, hours="1.5")
    year = timezone.localdate(vol.past.session.starts_at).year
    hours = client.get("/api/v1/volunteering/hours/me", {"year": year}, **h).json()
    assert hours["hours"] == "0" and hours["pending"] == "1.50"
    assert hours["records"][0]["status"] == "pending" and hours["records"][0]["source"] == "reported"
    record = ServiceRecord.objects.get(claim=vol.past_claim)
    services.review_record(actor=vol.centre, record=record, approve=True)
    hours = client.get("/api/v1/volunteering/hours/me", {"year": year}, **h).json()
    assert Decimal(hours["hours"]) == Decimal("1.5")
    assert client.get("/api/v1/volunteering/hours/me", {"year": 1900}, **h).status_code == 422
    today = timezone.localdate()
    start = timezone.localdate(vol.past.session.starts_at) - dt.timedelta(days=1)
    cert, created = services.issue_certificate(
        actor=vol.actor("worker"), person=vol.world.people["worker"], date_from=start, date_to=today
    )
    again, created_again = services.issue_certificate(
        actor=vol.centre, person=vol.world.people["worker"], date_from=start, date_to=today
    )
    assert created and not created_again and again.number == cert.number
    public = client.get(f"/api/v1/volunteering/certificates/{cert.number.lower()}")
    assert public.status_code == 200
    assert public.json() == {
        "number": cert.number,
        "valid": True,
        "name": "王*英",
        "hours": "1.50",
        "period_start": start.isoformat(),
        "period_end": today.isoformat(),
        "issuer": "凉城新村街道党群服务中心",
        "issued_on": today.isoformat(),
        "revoked_on": None,
    }
    assert client.get("/api/v1/volunteering/certificates/ZY2020-0000000000").status_code == 404


def test_certificate_refused_without_hours(vol: VolunteeringSetup) -> None:
    today = timezone.localdate()
    with pytest.raises(Conflict) as refused:
        services.issue_certificate(
            actor=vol.centre, person=vol.world.people["jobseeker"], date_from=today, date_to=today
        )
    assert getattr(refused.value, "code", "") == "no_hours"
    assert not Claim.objects.filter(person=vol.world.people["jobseeker"]).exists()
