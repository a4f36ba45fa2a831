from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from jiedao.accounts.tokens import token_issue
from jiedao.counselling.models import Appointment
from jiedao.counselling.tests.conftest import CounsellingSetup
from jiedao.testing import World


def auth(world: World, key: str) -> dict[str, Any]:
    raw, _ = token_issue(user=world.users[key])
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.mark.django_db
def test_slots_book_conflict_list_cancel_ics(client: Client, world: World, counselling: CounsellingSetup) -> None:
    h = auth(world, "jobseeker")
    day = timezone.localdate(counselling.appointment.starts_at).isoformat()
    slots = client.get("/api/v1/counselling/slots", {"date_from": day, "date_to": day}, **h).json()
    assert slots["count"] == len(slots["items"]) > 0
    assert set(slots["items"][0]) == {"id", "start", "end", "counsellor", "place"}
    assert counselling.appointment.slot_id not in {s["id"] for s in slots["items"]}

    first = slots["items"][0]["id"]
    r = client.post("/api/v1/counselling/appointments", {"slot": first}, content_type="application/json", **h)
    assert r.status_code == 409 and r.json()["code"] == "consent_required"
    consent = client.get("/api/v1/counselling/consent", **h).json()
    assert consent["agreed"] is False and "单独同意书" in consent["text"]
    r = client.post(
        "/api/v1/counselling/consent", {"version": consent["version"]}, content_type="application/json", **h
    )
    assert r.status_code == 201

    r = client.post(
        "/api/v1/counselling/appointments",
        {"slot": counselling.appointment.slot_id},
        content_type="application/json",
        **h,
    )
    assert r.status_code == 409
    body = r.json()
    assert body["code"] == "slot_taken" and body["message"] == "该时段已被预约。"
    assert body["details"]["alternatives"] and "start" in body["details"]["alternatives"][0]

    r = client.post("/api/v1/counselling/appointments", {"slot": first}, content_type="application/json", **h)
    assert r.status_code == 201, r.json()
    created = r.json()
    assert created["client"] == "李建国" and created["status"] == "booked"

    mine = client.get("/api/v1/counselling/appointments", **h).json()
    assert [a["id"] for a in mine["items"]] == [created["id"]]
    ics = client.get(f"/api/v1/counselling/appointments/{created['id']}.ics", **h)
    assert ics.status_code == 200 and ics.content.startswith(b"BEGIN:VCALENDAR\r\n")
    r = client.post(
        f"/api/v1/counselling/appointments/{created['id']}/cancel", {}, content_type="application/json", **h
    )
    assert r.status_code == 200 and r.json()["status"] == "cancelled"


@pytest.mark.django_db
def test_counsellor_sees_caseload_others_see_nothing(
    client: Client, world: World, counselling: CounsellingSetup
) -> None:
    items = client.get("/api/v1/counselling/appointments", **auth(world, "counsellor")).json()["items"]
    assert [a["client"] for a in items] == ["王秀英"]
    for key in ("xiuyuan", "jiachun", "supervisor", "jobseeker"):
        assert client.get("/api/v1/counselling/appointments", **auth(world, key)).json()["count"] == 0, key
    r = client.get(f"/api/v1/counselling/appointments/{counselling.appointment.pk}.ics", **auth(world, "jobseeker"))
    assert r.status_code == 404


@pytest.mark.django_db
def test_office_books_on_behalf_anonymously(client: Client, world: World, counselling: CounsellingSetup) -> None:
    from jiedao.counselling.tests.conftest import give_consent

    person = world.people["zhonghong_worker"]
    give_consent(person)
    slot = counselling.free_slots()[0]
    r = client.post(
        "/api/v1/counselling/appointments",
        {"slot": slot.pk, "person": person.pk, "anonymous": True},
        content_type="application/json",
        **auth(world, "admin"),
    )
    assert r.status_code == 201
    assert r.json()["client"].startswith("来访者") and "陈懿" not in r.content.decode()
    assert Appointment.objects.get(slot=slot).booked_by == world.users["admin"]
    r = client.post(
        "/api/v1/counselling/appointments",
        {"slot": slot.pk, "person": person.pk},
        content_type="application/json",
        **auth(world, "jobseeker"),
    )
    assert r.status_code == 403


@pytest.mark.django_db
def test_slot_filters_and_foreign_studio(client: Client, world: World, counselling: CounsellingSetup) -> None:
    from jiedao.counselling.models import Studio

    h = auth(world, "worker")
    first = counselling.free_slots()[0]
    day = timezone.localdate(first.starts_at).isoformat()
    query: dict[str, str | int] = {"date_from": day, "date_to": day, "studio": counselling.studio.pk}
    page = client.get("/api/v1/counselling/slots", query, **h).json()
    assert all(item["start"][:10] == day for item in page["items"])
    assert page["items"][0]["place"] == "畅心屋 一号咨询室" and page["items"][0]["counsellor"] == "周静"
    foreign = Studio.objects.create(subdistrict=world.quyang, name="曲阳心屋", address="曲阳路")
    r = client.get("/api/v1/counselling/slots", {"studio": foreign.pk}, **h)
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    r = client.get("/api/v1/counselling/slots", {"limit": 1000}, **h)
    assert r.status_code == 422
    # Other sub-district: nothing of 凉城.
    assert client.get("/api/v1/counselling/slots", **auth(world, "other_admin")).json()["count"] == 0


@pytest.mark.django_db
def test_an_unknown_status_filter_is_refused_with_the_field(
    client: Client, world: World, counselling: CounsellingSetup
) -> None:
    answer = client.get("/api/v1/counselling/appointments", {"status": "deleted"}, **auth(world, "worker"))
    assert answer.status_code == 422
    body = answer.json()
    assert body["code"] and body["message"] and "status" in str(body["details"])
    ok = client.get("/api/v1/counselling/appointments", {"status": "booked"}, **auth(world, "worker"))
    assert ok.status_code == 200 and ok.json()["count"] == 1
