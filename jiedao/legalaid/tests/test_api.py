"""/api/v1/legal-aid: the shapes of the issue, errors in the API's shape, and
constant query counts for the lists."""

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from jiedao.accounts.tokens import token_issue
from jiedao.core.models import AuditEntry
from jiedao.legalaid.tests.factories import OWN_SUMMARY, assign, legal_aid_of, open_case
from jiedao.testing import ClientResponse, World

NOW = dt.datetime(2026, 6, 15, 2, 0, tzinfo=dt.UTC)
pytestmark = pytest.mark.django_db


def call(client: Client, w: World, key: str, method: str, path: str, body: Any = None) -> ClientResponse:
    raw, _ = token_issue(user=w.users[key])
    return client.generic(
        method,
        "/api/v1/legal-aid" + path,
        data=json.dumps(body) if body is not None else "",
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )


@time_machine.travel(NOW, tick=False)
def test_a_worker_opens_a_case_and_gets_its_deadline(client: Client, world: World) -> None:
    body = {
        "dispute_type": "wage_arrears",
        "employer": "上海嘉春装饰设计工程有限公司",
        "employer_unit": None,
        "summary": "离职后最后两个月工资未结清",
        "knew_on": "2026-02-01",
        "employment_ended_on": "2026-03-01",
    }
    answer = call(client, world, "worker", "POST", "/cases", body)
    assert answer.status_code == 201
    assert answer.json() == {"id": answer.json()["id"], "limitation_deadline": "2027-03-01"}
    still = call(client, world, "worker", "POST", "/cases", {**body, "employment_ended_on": None})
    assert still.status_code == 201 and still.json()["limitation_deadline"] is None


@time_machine.travel(NOW, tick=False)
def test_bad_input_is_a_structured_error(client: Client, world: World) -> None:
    body = {"dispute_type": "x", "employer": "", "summary": "", "knew_on": "2027-01-01"}
    answer = call(client, world, "worker", "POST", "/cases", body)
    assert answer.status_code == 400
    error = answer.json()
    assert error["code"] == "invalid"
    assert set(error["details"]) == {"dispute_type", "employer_name", "summary", "knew_on"}
    answer = call(client, world, "worker", "POST", "/cases", {**body, "employer_unit": 999_999})
    assert answer.status_code == 400 and set(answer.json()["details"]) == {"employer_unit"}


@time_machine.travel(NOW, tick=False)
def test_the_desk_opens_a_case_for_a_worker(client: Client, world: World) -> None:
    body = {
        "dispute_type": "overtime",
        "employer": "上海共志通信信息技术发展有限公司",
        "summary": "周末加班没有加班费",
        "knew_on": "2026-01-10",
        "person": world.people["zhonghong_worker"].pk,
        "channel": "desk",
    }
    answer = call(client, world, "labour", "POST", "/cases", body)
    assert answer.status_code == 201 and answer.json()["limitation_deadline"] == "2027-01-10"
    assert call(client, world, "labour", "GET", f"/cases/{answer.json()['id']}").status_code == 404
    assert call(client, world, "worker", "POST", "/cases", body).status_code == 403


@time_machine.travel(NOW, tick=False)
def test_the_case_answer_holds_the_clock_and_the_steps(client: Client, world: World) -> None:
    case = legal_aid_of(world).own
    answer = call(client, world, "handler", "GET", f"/cases/{case.pk}")
    assert answer.status_code == 200 and "no-store" in answer["Cache-Control"]
    data = answer.json()
    assert data["summary"] == OWN_SUMMARY
    assert data["limitation"]["deadline"] == "2027-05-16" and data["limitation"]["rule"] == "knew"
    assert "不构成法律意见" in data["limitation"]["note"]
    assert [s["kind"] for s in data["steps"]] == ["opened", "assigned"]
    assert data["documents"][0]["kind"] == "pdf"


@time_machine.travel(NOW, tick=False)
def test_the_caseload_list_and_its_query_count(
    client: Client, world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    legal_aid_of(world)
    raw, _ = token_issue(user=world.users["handler"])
    headers = {"Authorization": f"Bearer {raw}"}

    def listed() -> list[dict[str, Any]]:
        answer = client.get("/api/v1/legal-aid/cases", headers=headers)
        assert answer.status_code == 200
        items: list[dict[str, Any]] = answer.json()["items"]
        return items

    assert [row["person"] for row in listed()] == ["王秀英"]
    for _ in range(5):
        assign(world, open_case(world, "worker"))
    # the token with its user and the actor's roles, the items, the count, the audit entry
    with django_assert_num_queries(4):
        rows = listed()
    assert len(rows) == 6 and all(OWN_SUMMARY not in json.dumps(r, ensure_ascii=False) for r in rows)


@time_machine.travel(NOW, tick=False)
def test_the_list_page_keeps_its_query_count(
    client: Client, world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    legal_aid_of(world)
    client.force_login(world.users["legalsup"])
    client.get(reverse("legalaid:index"))
    for _ in range(5):
        open_case(world, "jobseeker")
    # the session, its user with the actor's roles, the rows, the count, the audit entry, messages
    with django_assert_num_queries(6):
        answer = client.get(reverse("legalaid:index"))
    assert answer.status_code == 200 and answer.content.decode().count("案件 #") >= 7


@time_machine.travel(NOW, tick=False)
def test_a_residents_token_does_not_read_the_case(client: Client, world: World) -> None:
    """A week-long token on a phone is no fresh proof: the worker reads the case on
    the page (behind the step-up), the API refuses with a code saying so; nothing
    is read, so nothing is audited as read."""
    case = legal_aid_of(world).own
    answer = call(client, world, "worker", "GET", f"/cases/{case.pk}")
    assert answer.status_code == 403 and answer.json()["code"] == "fresh_proof_required"
    assert OWN_SUMMARY not in answer.content.decode()
    assert not AuditEntry.objects.filter(action="reveal", object_id=str(case.pk), actor=world.users["worker"]).exists()
    # Her list (no summary, no notes) still answers.
    assert call(client, world, "worker", "GET", "/cases").status_code == 200


@time_machine.travel(NOW, tick=False)
def test_the_handler_records_steps_through_the_api(client: Client, world: World) -> None:
    case = legal_aid_of(world).own
    path = f"/cases/{case.pk}"
    moved = call(client, world, "handler", "POST", path + "/steps", {"on": "2026-06-15", "stage": "accepted"})
    assert moved.status_code == 201 and moved.json()["stage"] == "accepted" and moved.json()["due_on"] == "2026-06-30"
    bad = call(client, world, "handler", "POST", path + "/steps", {"on": "2026-06-16", "stage": "litigation"})
    assert bad.status_code == 400 and set(bad.json()["details"]) == {"on", "stage"}
    note = call(client, world, "handler", "POST", path + "/steps", {"on": "2026-06-15", "note": "约见"})
    assert note.status_code == 201 and note.json()["kind"] == "note"
    interrupted = call(client, world, "handler", "POST", path + "/interruptions", {"on": "2026-06-01", "note": "催告"})
    assert interrupted.status_code == 201 and interrupted.json()["limitation_deadline"] == "2027-06-01"
    corrected = call(
        client,
        world,
        "handler",
        "POST",
        f"/steps/{interrupted.json()['id']}/correction",
        {"on": "2026-06-02", "note": "书面催告", "reason": "日期记错"},
    )
    assert corrected.status_code == 201, corrected.content.decode()
    assert corrected.json()["limitation_deadline"] == "2027-06-02"
    assert corrected.json()["corrects"] == interrupted.json()["id"]
    again = call(client, world, "handler", "POST", f"/steps/{interrupted.json()['id']}/withdrawal", {"reason": "重复"})
    assert again.status_code == 409 and again.json()["code"] == "conflict"
    withdrawn = call(client, world, "handler", "POST", f"/steps/{note.json()['id']}/withdrawal", {"reason": "重复"})
    assert withdrawn.status_code == 201 and withdrawn.json()["kind"] == "withdrawn"
    suspended = call(
        client, world, "handler", "POST", path + "/suspension", {"on": "2026-06-15", "note": "等待工伤认定"}
    )
    assert suspended.status_code == 201 and suspended.json()["suspended_since"] == "2026-06-15"
    twice = call(client, world, "handler", "POST", path + "/suspension", {"on": "2026-06-15", "note": "再次"})
    assert twice.status_code == 400
    resumed = call(client, world, "handler", "POST", path + "/resumption", {"on": "2026-06-15"})
    assert resumed.status_code == 201 and resumed.json()["suspended_since"] is None
    closed = call(
        client,
        world,
        "handler",
        "POST",
        path + "/steps",
        {"on": "2026-06-15", "stage": "closed", "outcome": "调解成功", "amount_recovered": "1200.005"},
    )
    assert closed.status_code == 201 and closed.json()["stage"] == "closed"
    case.refresh_from_db()
    assert case.amount_recovered == Decimal("1200.01")  # half up to the fen
    # The worker reads her case but records nothing: the role gate.
    assert call(client, world, "worker", "POST", path + "/steps", {"on": "2026-06-15", "note": "x"}).status_code == 403
