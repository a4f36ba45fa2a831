"""The API writes: register a job seeker, record a follow-up result, record a referral
and its outcome (a placement); answers and refusals in the one error shape."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from time_machine import TimeMachineFixture

from jiedao.accounts.tokens import token_issue
from jiedao.core.models import AuditEntry
from jiedao.employment.models import FollowUp, JobSeeker
from jiedao.employment.tests.conftest import enrol, make_class, seeker_of
from jiedao.testing import World, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(dt.datetime(2021, 3, 1, 10, tzinfo=dt.UTC))


def _post(client: Client, world: World, url: str, body: dict[str, Any], persona: str = "labour") -> Any:
    raw, _token = token_issue(user=world.users[persona])
    return client.post(
        "/api/v1/employment" + url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )


def test_register_a_job_seeker(client: Client, world: World) -> None:
    person = world.people["worker"]
    body = {
        "person": person.pk,
        "registered_on": "2021-02-26",
        "is_registered_unemployed": True,
        "unemployed_since": "2021-02-01",
        "education": "college",
        "availability": "part_time",
        "desired_work": "花店店员",
    }
    answer = _post(client, world, "/seekers", body)
    assert answer.status_code == 201, answer.json()
    made = answer.json()
    assert (made["person"], made["education"], made["closed_on"]) == (person.name, "college", None)
    person.refresh_from_db()
    assert person.is_job_seeker
    again = _post(client, world, "/seekers", body)
    assert again.status_code == 409
    assert again.json()["code"] == "already_registered" and again.json()["details"] == {"id": made["id"]}
    # Someone of another sub-district reads like no one; a bad value names its field.
    outsider = _post(client, world, "/seekers", {**body, "person": world.people["quyang_resident"].pk})
    assert outsider.status_code == 400 and "person" in outsider.json()["details"]
    bad = _post(client, world, "/seekers", {**body, "person": world.people["zhonghong_worker"].pk, "education": "phd"})
    assert bad.status_code == 400 and "education" in bad.json()["details"]
    assert not JobSeeker.objects.filter(person=world.people["zhonghong_worker"]).exists()
    assert _post(client, world, "/seekers", body, persona="admin").status_code == 403


def test_record_a_follow_up_result(client: Client, world: World) -> None:
    enrolment = enrol(world, make_class(world), world.people["jobseeker"])
    follow_up = FollowUp.objects.create(subdistrict=world.liangcheng, enrolment=enrolment, offset_days=30)
    url = f"/follow-ups/{follow_up.pk}"
    other = make_unit(world.quyang, "曲阳雇主有限公司")
    employed = {
        "outcome": "employed",
        "followed_up_on": "2020-12-01",
        "employer": other.pk,
        "employed_since": "2020-11-16",
    }
    refused = _post(client, world, url, employed)
    assert refused.status_code == 400 and "employer" in refused.json()["details"]
    refused = _post(client, world, url, {**employed, "employer": world.jiachun.pk})
    assert refused.status_code == 400 and set(refused.json()["details"]) == {"contract"}
    answer = _post(client, world, url, {**employed, "employer": world.jiachun.pk, "contract": "fixed_term"})
    assert answer.status_code == 200, answer.json()
    done = answer.json()
    assert (done["outcome"], done["employer"], done["due_on"]) == ("employed", world.jiachun.name, "2020-11-29")
    assert AuditEntry.objects.filter(object_type="employment.followup", object_id=str(follow_up.pk)).count() == 1
    assert _post(client, world, "/follow-ups/999999", employed).status_code == 404


def test_a_placement(client: Client, world: World) -> None:
    """A referral, then its outcome "hired" closing the registration (found work)."""
    seeker = seeker_of(world).seeker
    answer = _post(
        client, world, f"/seekers/{seeker.pk}/referrals", {"referred_on": "2021-02-20", "position": "花艺师助理"}
    )
    assert answer.status_code == 400 and "employer" in answer.json()["details"]
    answer = _post(
        client,
        world,
        f"/seekers/{seeker.pk}/referrals",
        {"referred_on": "2021-02-20", "position": "花艺师助理", "employer": world.jiachun.pk},
    )
    assert answer.status_code == 201, answer.json()
    referral = answer.json()
    assert (referral["employer"], referral["outcome"]) == (world.jiachun.name, "pending")
    placed = _post(
        client,
        world,
        f"/referrals/{referral['id']}/outcome",
        {"outcome": "hired", "outcome_on": "2021-02-28", "close_registration": True},
    )
    assert placed.status_code == 200, placed.json()
    assert (placed.json()["outcome"], placed.json()["registration_closed_on"]) == ("hired", "2021-02-28")
    seeker.refresh_from_db()
    assert seeker.closed_reason == "employed"
    closed = _post(
        client,
        world,
        f"/seekers/{seeker.pk}/referrals",
        {"referred_on": "2021-03-01", "position": "店员", "employer_name": "花店"},
    )
    assert closed.status_code == 409 and closed.json()["code"] == "registration_closed"


def _get(client: Client, world: World, url: str, persona: str = "labour") -> Any:
    raw, _token = token_issue(user=world.users[persona])
    return client.get("/api/v1/employment" + url, HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_the_register_and_one_registration(client: Client, world: World) -> None:
    """Filters on status, area and name; ID number and phone masked; one registration
    with its guidance, referrals and follow-ups; nothing of another sub-district."""
    setup = seeker_of(world)
    person = setup.seeker.person
    FollowUp.objects.create(
        subdistrict=world.liangcheng, enrolment=enrol(world, make_class(world), person), offset_days=30
    )
    answer = _get(client, world, "/seekers")
    assert answer.status_code == 200 and answer.json()["count"] == 1
    item = answer.json()["items"][0]
    assert (item["person"], item["guidance_count"], item["referral_count"]) == (person.name, 1, 1)
    assert item["id_number"] == person.id_number_masked and person.id_number not in answer.content.decode()
    assert item["phone"] == person.phone_masked and "*" in item["id_number"]
    assert item["residential_area"] == (
        {"id": person.residential_area_id, "name": person.residential_area.name} if person.residential_area else None
    )
    for query, count in (
        ("?status=open", 1),
        ("?status=closed", 0),
        (f"?q={person.name[:1]}", 1),
        ("?q=不存在", 0),
        (f"?area={world.xiuyuan.pk}", int(person.residential_area_id == world.xiuyuan.pk)),
    ):
        assert _get(client, world, "/seekers" + query).json()["count"] == count, query
    assert _get(client, world, "/seekers?status=gone").status_code == 422
    assert _get(client, world, "/seekers", persona="other_admin").json()["count"] == 0
    one = _get(client, world, f"/seekers/{setup.seeker.pk}", persona="admin").json()
    assert [g["topic"] for g in one["guidance"]] == [setup.guidance.topic]
    assert [(r["position"], r["registration_closed_on"]) for r in one["referrals"]] == [("软装助理", None)]
    assert [(f["offset_days"], f["outcome"]) for f in one["follow_ups"]] == [(30, "unknown")]
    assert _get(client, world, f"/seekers/{setup.seeker.pk}", persona="other_admin").status_code == 404
    assert _get(client, world, f"/seekers/{setup.seeker.pk}", persona="xiuyuan").status_code == 403


def test_guidance_and_closing_and_reopening(client: Client, world: World) -> None:
    seeker = seeker_of(world).seeker
    url = f"/seekers/{seeker.pk}"
    bad = _post(client, world, url + "/guidance", {"held_on": "2021-03-02", "adviser": " ", "topic": "面试"})
    assert bad.status_code == 400 and set(bad.json()["details"]) == {"held_on", "adviser"}
    made = _post(client, world, url + "/guidance", {"held_on": "2021-02-27", "adviser": "周敏", "topic": "面试准备"})
    assert made.status_code == 201 and made.json()["topic"] == "面试准备"
    listed = _get(client, world, url + "/guidance", persona="admin").json()
    assert listed["count"] == 2 and listed["items"][0]["id"] == made.json()["id"]
    refused = _post(client, world, url + "/close", {"closed_on": "2020-08-01", "closed_reason": "moved"})
    assert refused.status_code == 400 and set(refused.json()["details"]) == {"closed_reason"}
    refused = _post(client, world, url + "/close", {"closed_on": "2020-08-01", "closed_reason": "left"})
    assert refused.status_code == 400 and "注销日期不能早于登记日期" in refused.json()["details"]["closed_on"][0]
    closed = _post(client, world, url + "/close", {"closed_on": "2021-02-28", "closed_reason": "left"})
    assert closed.status_code == 200, closed.json()
    assert (closed.json()["closed_on"], closed.json()["closed_reason"]) == ("2021-02-28", "left")
    seeker.person.refresh_from_db()
    assert not seeker.person.is_job_seeker
    again = _post(client, world, url + "/close", {"closed_on": "2021-02-28", "closed_reason": "employed"})
    assert again.status_code == 409 and again.json()["code"] == "registration_closed"
    late = _post(client, world, url + "/guidance", {"held_on": "2021-03-01", "adviser": "周敏", "topic": "回访"})
    assert late.status_code == 409 and late.json()["message"].startswith("此求职登记已注销")
    reopened = _post(client, world, url + "/reopen", {})
    assert reopened.status_code == 200 and (reopened.json()["closed_on"], reopened.json()["closed_reason"]) == (
        None,
        "",
    )
    seeker.person.refresh_from_db()
    assert seeker.person.is_job_seeker
    entries = AuditEntry.objects.filter(object_type="employment.jobseeker", object_id=str(seeker.pk))
    assert entries.count() == 2  # closed, reopened (with the date and reason it had)
    assert _post(client, world, url + "/reopen", {}, persona="admin").status_code == 403
