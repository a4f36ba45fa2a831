"""The pages and the API: answers' shapes, the export, a member's phone pages, and
the query count of every list pinned at two sizes."""

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pytest_django import DjangoAssertNumQueries

from jiedao.accounts.tokens import token_issue
from jiedao.core.models import AuditEntry
from jiedao.party.models import PartyMember, StudyEntry
from jiedao.party.tests.conftest import PartySetup, png
from jiedao.testing import PASSWORD, World, make_person, numbered

pytestmark = pytest.mark.django_db


def auth(world: World, key: str) -> dict[str, Any]:
    raw, _ = token_issue(user=world.users[key])
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def login(client: Client, who: str) -> None:
    assert client.login(username=who, password=PASSWORD)


def add_members(world: World, party: PartySetup, n: int) -> None:
    for i in range(n):
        person = make_person(world.liangcheng, numbered("党员", i), roles={"is_party_member"})
        member = PartyMember.objects.create(
            subdistrict=world.liangcheng,
            person=person,
            branch=party.enterprise,
            category="new_social",
            transferred_in_on=timezone.localdate() - dt.timedelta(days=i),
        )
        StudyEntry.objects.create(
            subdistrict=world.liangcheng,
            member=member,
            source="external",
            title="培训",
            studied_on=timezone.localdate(),
            hours=Decimal(8),
            status="approved",
        )


def test_study_hours_api(client: Client, world: World, party: PartySetup) -> None:
    year = timezone.localdate(party.session.starts_at).year
    answer = client.get("/api/v1/party/study-hours", {"year": year}, **auth(world, "party")).json()
    assert answer["count"] == 3
    row = next(i for i in answer["items"] if i["member"]["id"] == party.member.pk)
    assert row == {
        "member": {"id": party.member.pk, "name": "乐跃明", "branch": "秀苑居民区党总支"},
        "hours": "4.0",
        "target": "32.0",
        "shortfall": "28.0",
        "month_reached": None,
    }
    by_branch = client.get(
        "/api/v1/party/study-hours", {"year": year, "branch": party.enterprise.pk}, **auth(world, "centre")
    ).json()
    assert [i["member"]["name"] for i in by_branch["items"]] == ["李建国"]
    mine = client.get("/api/v1/party/study-hours/me", {"year": year}, **auth(world, "worker")).json()
    assert mine["member"]["name"] == "王秀英" and mine["target"] == "56.0" and mine["records"] == []
    refused = client.get("/api/v1/party/study-hours/me", **auth(world, "union"))
    assert refused.status_code == 404 and refused.json()["code"] == "not_found"


def test_onboarding_api(client: Client, world: World, party: PartySetup) -> None:
    answer = client.get("/api/v1/party/onboarding", **auth(world, "centre")).json()
    assert answer["count"] == 1
    item = answer["items"][0]
    assert item["member"]["name"] == "李建国" and item["days_since_transfer"] == 10
    assert [(s["key"], s["done"], s["record"]) for s in item["steps"]] == [
        ("visit", False, None),
        ("lecture", False, None),
        ("service", False, None),
    ]
    mine = client.get("/api/v1/party/onboarding/me", **auth(world, "jobseeker")).json()
    assert mine["member"]["id"] == party.newcomer.pk and len(mine["steps"]) == 3
    assert client.get("/api/v1/party/onboarding/me", **auth(world, "worker")).status_code == 404


def test_the_export_is_a_long_job_generated_from_the_records_and_audited(
    client: Client, world: World, party: PartySetup, settings: Any, tmp_path: Any
) -> None:
    """The ledger page starts the export; the job's page offers the xlsx."""
    from jiedao.jobs.models import Job

    settings.MEDIA_ROOT = str(tmp_path)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    login(client, "party")
    year = timezone.localdate(party.session.starts_at).year
    page = client.get(reverse("party:ledger"), {"year": year}).content.decode()
    assert reverse("party:ledger_export") in page and 'method="post"' in page
    assert client.get(reverse("party:ledger_export")).status_code == 405
    response = client.post(reverse("party:ledger_export"), {"year": year})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.DONE and job.result_name == f"全部党组织{year}年度学时台账.xlsx"
    assert "3名党员" in job.message
    download = client.get(reverse("jobs:result", kwargs={"pk": job.pk}))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active  # type: ignore[attr-defined]
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("党组织", "姓名") and len(rows) == 4
    assert ("秀苑居民区党总支", "乐跃明", "正式党员", 4, 0, 0, 4, 32, 28, None) in rows
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, object_type="party.partymember").exists()
    # One branch: its members only; the centre exports too, the union never gets a job.
    client.post(reverse("party:ledger_export"), {"year": year, "branch": party.enterprise.pk})
    branch_job = Job.objects.exclude(pk=job.pk).get()
    assert "1名党员" in branch_job.message and branch_job.result_name.startswith("非公企业联合党支部")
    login(client, "union")
    assert client.post(reverse("party:ledger_export"), {"year": year}).status_code == 403
    assert Job.objects.count() == 2


def test_an_export_job_refuses_once_its_owner_lost_the_role(world: World, party: PartySetup, settings: Any) -> None:
    from jiedao.accounts.actor import actor_for
    from jiedao.accounts.models import RoleAssignment
    from jiedao.jobs.models import Job
    from jiedao.jobs.services import execute, start_job
    from jiedao.party.jobs import export_ledger

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    job = start_job(actor=actor_for(world.users["centre"]), handler=export_ledger, title="导出", params={"year": 2020})
    RoleAssignment.objects.filter(user=world.users["centre"]).delete()
    execute(str(job.pk))
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.message == "您无权导出党员学时台账。" and not job.result


def test_a_newcomer_sees_the_three_steps_and_submits_self_study_from_the_phone(
    client: Client, world: World, party: PartySetup
) -> None:
    login(client, "jobseeker")
    page = client.get(reverse("party:me")).content.decode()
    assert "我的“三个一”" in page and "进行一次参观" in page and "认领一项公益服务" in page
    bad = client.post(reverse("party:study_submit"), {"title": "", "studied_on": "", "hours": ""})
    assert bad.status_code == 400
    response = client.post(
        reverse("party:study_submit"),
        {"title": "自学党史", "studied_on": timezone.localdate().isoformat(), "hours": "2", "evidence": png()},
    )
    assert response.status_code == 302
    entry = StudyEntry.objects.get(member=party.newcomer)
    assert entry.evidence and entry.status == StudyEntry.Status.SUBMITTED


def test_the_secretary_reviews_on_her_page(client: Client, world: World, party: PartySetup) -> None:
    login(client, "worker")
    assert "审核本支部自学记录" in client.get(reverse("party:me")).content.decode()
    assert "乐跃明" in client.get(reverse("party:reviews")).content.decode()
    client.post(reverse("party:review", args=[party.entry.pk]), {"approve": "0", "note": ""})
    party.entry.refresh_from_db()
    assert party.entry.status == StudyEntry.Status.SUBMITTED  # a rejection needs a reason
    client.post(reverse("party:review", args=[party.entry.pk]), {"approve": "1"})
    party.entry.refresh_from_db()
    assert party.entry.status == StudyEntry.Status.APPROVED


PAGES: list[tuple[str, str, int]] = [
    ("party", "party:index", 4),
    ("party", "party:members", 5),
    ("party", "party:ledger", 14),
    ("centre", "party:onboarding", 9),
    ("party", "party:lectures", 4),
]


@pytest.mark.parametrize("size", [2, 12])
@pytest.mark.parametrize(("who", "name", "expected"), PAGES)
def test_list_pages_cost_a_fixed_number_of_queries(
    client: Client,
    world: World,
    party: PartySetup,
    settings: Any,
    django_assert_num_queries: DjangoAssertNumQueries,
    size: int,
    who: str,
    name: str,
    expected: int,
) -> None:
    settings.JIEDAO_PAGE_SIZE = 5
    add_members(world, party, size)
    login(client, who)
    client.get(reverse(name))  # warm the session
    with django_assert_num_queries(expected):
        assert client.get(reverse(name)).status_code == 200


API_LISTS: list[tuple[str, str, int]] = [
    ("party", "/api/v1/party/study-hours", 13),
    ("centre", "/api/v1/party/onboarding", 8),
]


@pytest.mark.parametrize("size", [2, 12])
@pytest.mark.parametrize(("who", "path", "expected"), API_LISTS)
def test_list_endpoints_cost_a_fixed_number_of_queries(
    client: Client,
    world: World,
    party: PartySetup,
    django_assert_num_queries: DjangoAssertNumQueries,
    size: int,
    who: str,
    path: str,
    expected: int,
) -> None:
    add_members(world, party, size)
    headers = auth(world, who)
    with django_assert_num_queries(expected):
        answer = client.get(path, {"limit": 5}, **headers)
    assert answer.status_code == 200 and 3 <= len(answer.json()["items"]) <= 5


def test_the_party_office_keeps_branches_and_members_on_pages(client: Client, world: World, party: PartySetup) -> None:
    login(client, "party")
    response = client.post(
        reverse("party:branch_create"),
        {
            "name": "中虹居民区党总支",
            "kind": "general",
            "sector": "residential",
            "residential_area": world.zhonghong.pk,
        },
    )
    assert response.status_code == 302
    assert client.post(reverse("party:branch_create"), {"name": "中虹居民区党总支"}).status_code == 400
    person = make_person(world.liangcheng, "新党员", roles={"is_party_member"})
    response = client.post(
        reverse("party:member_enrol"),
        {"person": person.pk, "branch": party.xiuyuan.pk, "status": "probationary", "joined_on": "2020-07-01"},
    )
    member = PartyMember.objects.get(person=person)
    assert response.status_code == 302 and member.status == PartyMember.Status.PROBATIONARY
    edit = {"branch": party.enterprise.pk, "status": "full", "category": "new_social", "joined_on": "2020-07-01"}
    assert client.post(reverse("party:member_edit", args=[member.pk]), edit).status_code == 302
    member.refresh_from_db()
    assert member.branch == party.enterprise and member.category == "new_social"
    out = {"on": timezone.localdate().isoformat(), "to": "杨浦区某街道党工委"}
    assert client.post(reverse("party:member_transfer_out", args=[member.pk]), out).status_code == 302
    member.refresh_from_db()
    assert not member.is_current
    secretary = {"secretary": party.member.person_id}
    assert client.post(reverse("party:branch_secretary", args=[party.xiuyuan.pk]), secretary).status_code == 302
    party.xiuyuan.refresh_from_db()
    assert party.xiuyuan.secretary == party.member.person


def test_the_rules_are_set_on_a_page_and_change_the_ledger(client: Client, world: World, party: PartySetup) -> None:
    login(client, "party")
    page = client.get(reverse("party:rules")).content.decode()
    assert re.search(r'name="member_target"[^>]*value="32(\.0)?"|value="32(\.0)?"[^>]*name="member_target"', page)
    rules = {"full_day_hours": "8", "half_day_hours": "3", "member_target": "40", "leader_target": "60"}
    assert client.post(reverse("party:rules"), rules).status_code == 302
    assert client.post(reverse("party:rules"), {**rules, "half_day_hours": "0"}).status_code == 400
    year = timezone.localdate(party.session.starts_at).year
    row = next(
        i
        for i in client.get("/api/v1/party/study-hours", {"year": year}, **auth(world, "party")).json()["items"]
        if i["member"]["id"] == party.member.pk
    )
    assert (row["hours"], row["target"]) == ("3.0", "40.0")


def test_another_sub_districts_records_do_not_exist_here(client: Client, world: World, party: PartySetup) -> None:
    """A branch or a member of 曲阳路 named to 凉城's party office: 404 with the error
    shape in the API, 404 on the pages; a 曲阳路 party member is no member here."""
    from jiedao.party.models import Branch

    there = Branch.objects.create(subdistrict=world.quyang, name="玉田居民区党支部", sector="residential")
    person = make_person(world.quyang, "周建华", roles={"is_party_member"})
    member = PartyMember.objects.create(subdistrict=world.quyang, person=person, branch=there)
    answer = client.get("/api/v1/party/study-hours", {"branch": there.pk}, **auth(world, "party"))
    assert answer.status_code == 404 and answer.json()["code"] == "not_found" and answer.json()["message"]
    login(client, "party")
    assert client.get(reverse("party:member", args=[member.pk])).status_code == 404
    assert client.get(reverse("party:branch", args=[there.pk])).status_code == 404
    assert "周建华" not in client.get(reverse("party:members")).content.decode()
    from jiedao.jobs.models import Job

    refused = client.post(reverse("party:ledger_export"), {"year": 2020, "branch": there.pk}, follow=True)
    assert "导出失败：年度或党组织无效。" in refused.content.decode() and not Job.objects.exists()
