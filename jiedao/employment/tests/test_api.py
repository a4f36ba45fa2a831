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
