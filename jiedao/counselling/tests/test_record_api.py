"""GET and PUT /api/v1/counselling/appointments/{id}/record: the assigned counsellor
only; every read and write audited; the error shape for bad input."""

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from jiedao.accounts.tokens import token_issue
from jiedao.core.models import AuditEntry
from jiedao.counselling.models import Referral, SessionRecord
from jiedao.testing import ClientResponse, World
from tests.access.counselling_records import NOTES, OTHER_NOTES, Records, records_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def rw(world: World) -> Records:
    return records_world(world)


def call(
    client: Client, world: World, persona: str, method: str, path: str, data: dict[str, Any] | None = None
) -> ClientResponse:
    raw, _ = token_issue(user=world.users[persona])
    return client.generic(
        method,
        "/api/v1/counselling" + path,
        data=json.dumps(data) if data is not None else "",
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )


def test_the_counsellor_reads_the_record_and_the_read_is_audited(client: Client, world: World, rw: Records) -> None:
    response = call(client, world, "counsellor", "GET", f"/appointments/{rw.own.pk}/record")
    assert response.status_code == 200
    body = response.json()
    assert body["notes"] == NOTES and body["topics"] == ["work_stress"] and body["exists"] is True
    assert "no-store" in response["Cache-Control"]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.REVEAL)
    assert entry.detail == {"as": "counsellor"}


def test_put_writes_and_answers_with_what_was_stored(client: Client, world: World, rw: Records) -> None:
    payload = {"notes": "第二次会谈", "topics": ["family", "emotions"], "risk_level": "moderate"}
    response = call(client, world, "counsellor", "PUT", f"/appointments/{rw.own.pk}/record", payload)
    assert response.status_code == 200, response.content
    assert response.json()["topics"] == ["family", "emotions"]
    record = SessionRecord.objects.get(appointment=rw.own)
    assert (record.notes, record.risk_level) == ("第二次会谈", "moderate")
    actions = list(AuditEntry.objects.values_list("action", flat=True).order_by("id"))
    assert actions == [AuditEntry.Action.UPDATE, AuditEntry.Action.REVEAL]


def test_high_risk_without_a_referral_is_a_field_error_and_saves_nothing(
    client: Client, world: World, rw: Records
) -> None:
    path = f"/appointments/{rw.own.pk}/record"
    response = call(client, world, "counsellor", "PUT", path, {"notes": "x", "topics": [], "risk_level": "high"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and "referral" in response.json()["details"]
    assert SessionRecord.objects.get(appointment=rw.own).notes == NOTES
    referral = {"referred_to": "区精神卫生中心", "referred_at": timezone.now().isoformat(), "reason": "自伤风险"}
    payload = {"notes": "x", "topics": [], "risk_level": "high", "referral": referral}
    response = call(client, world, "counsellor", "PUT", path, payload)
    assert response.status_code == 200
    assert response.json()["referrals"][0]["referred_to"] == "区精神卫生中心"
    assert Referral.objects.count() == 1


def test_unknown_topics_and_levels_are_refused(client: Client, world: World, rw: Records) -> None:
    path = f"/appointments/{rw.own.pk}/record"
    response = call(client, world, "counsellor", "PUT", path, {"topics": ["抑郁症"], "risk_level": "critical"})
    assert response.status_code == 400
    assert set(response.json()["details"]) == {"topics", "risk_level"}
    response = call(client, world, "counsellor", "PUT", path, {"topics": "family"})
    assert response.status_code == 422


@pytest.mark.parametrize("persona", ["admin", "union", "labour", "xiuyuan", "jiachun", "supervisor", "worker"])
def test_nobody_but_the_counsellor_reads_or_writes_through_the_api(
    client: Client, world: World, rw: Records, persona: str
) -> None:
    path = f"/appointments/{rw.own.pk}/record"
    response = call(client, world, persona, "GET", path)
    assert response.status_code == 403 and NOTES not in response.content.decode()
    response = call(client, world, persona, "PUT", path, {"notes": "x", "topics": [], "risk_level": "none"})
    assert response.status_code == 403
    assert SessionRecord.objects.get(appointment=rw.own).notes == NOTES
    assert not AuditEntry.objects.exists()


def test_the_counsellor_of_another_appointment_is_told_not_found(client: Client, world: World, rw: Records) -> None:
    path = f"/appointments/{rw.theirs.pk}/record"
    response = call(client, world, "counsellor", "GET", path)
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    response = call(client, world, "counsellor", "PUT", path, {"notes": "x", "topics": [], "risk_level": "none"})
    assert response.status_code == 404
    assert SessionRecord.objects.get(appointment=rw.theirs).notes == OTHER_NOTES
    assert call(client, world, "counsellor", "GET", "/appointments/999999/record").status_code == 404
