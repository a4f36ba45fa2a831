"""The ledger centre: who reads which ledger, the page (period picker, a download as
a long job, the last generation), the API, the xlsx read back, the audit, and the
query counts of the list page and the list endpoint."""

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries
from python_calamine import CalamineWorkbook

from jiedao.accounts.actor import actor_for
from jiedao.accounts.tokens import token_issue
from jiedao.core.models import AuditEntry
from jiedao.jobs.models import Job
from jiedao.ledgers.registry import all_ledgers, ledgers_for
from jiedao.party.tests.conftest import PartySetup, party_of
from jiedao.testing import PASSWORD, World

pytestmark = pytest.mark.django_db

EVERY = {
    "meetings.attendance",
    "party.study_hours",
    "party.three_ones",
    "volunteering.hours",
    "dues.ledger",
    "unions.statistics",
    "legalaid.aggregates",
    "counselling.aggregates",
    "training.subsidies",
    "employment.rates",
}
# Who reads which ledger: each office its programmes', the admin all of them, residents none.
READS = {
    "admin": EVERY,
    "party": {
        "meetings.attendance",
        "party.study_hours",
        "party.three_ones",
        "legalaid.aggregates",
        "counselling.aggregates",
    },
    "centre": {
        "meetings.attendance",
        "party.study_hours",
        "party.three_ones",
        "volunteering.hours",
        "legalaid.aggregates",
        "counselling.aggregates",
    },
    "union": {
        "meetings.attendance",
        "dues.ledger",
        "unions.statistics",
        "legalaid.aggregates",
        "counselling.aggregates",
    },
    "labour": {
        "meetings.attendance",
        "legalaid.aggregates",
        "counselling.aggregates",
        "training.subsidies",
        "employment.rates",
    },
    "xiuyuan": {"unions.statistics", "legalaid.aggregates"},
    "jiachun": {"dues.ledger", "legalaid.aggregates"},
    "supervisor": {"counselling.aggregates"},
    "handler": {"legalaid.aggregates"},
    "counsellor": set(),
    "lixiang": set(),
    "worker": set(),
    "jobseeker": set(),
}


def login(client: Client, who: str) -> None:
    assert client.login(username=who, password=PASSWORD)


def auth(world: World, who: str) -> dict[str, Any]:
    raw, _ = token_issue(user=world.users[who])
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def sheets(content: bytes) -> tuple[list[list[Any]], list[list[Any]]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    first, second = book.sheet_names[:2]
    return trimmed(book.get_sheet_by_name(first).to_python()), trimmed(book.get_sheet_by_name(second).to_python())


def trimmed(rows: list[list[Any]]) -> list[list[Any]]:
    """Rows without the empty cells calamine pads them with on the right."""
    out = []
    for row in rows:
        row = list(row)
        while row and row[-1] == "":
            row.pop()
        out.append(row)
    return out


def test_every_programme_declares_its_ledgers_under_one_key_each() -> None:
    keys = [entry.key for entry in all_ledgers()]
    assert set(keys) == EVERY and len(keys) == len(EVERY)
    assert all(entry.key.startswith(f"{entry.programme}.") for entry in all_ledgers())


def test_each_role_reads_the_ledgers_of_its_programmes(world: World) -> None:
    read = {who: {entry.key for entry in ledgers_for(actor_for(world.users[who]))} for who in READS}
    assert read == READS


def test_the_page_lists_the_ledgers_by_programme_and_a_download_is_a_job(client: Client, world: World) -> None:
    party = party_of(world)
    year = party.session.starts_at.year
    login(client, "party")
    page = client.get(reverse("ledgers:index"), {"year": str(year), "month": ""})
    text = page.content.decode()
    assert page.status_code == 200
    assert "党员学时台账" in text and "联席会议出席台账" in text and "工会经费" not in text
    assert text.index('<h2 class="h5">党建</h2>') < text.index("三新党员“三个一”进度台账")
    response = client.post(reverse("ledgers:export"), {"key": "party.study_hours", "year": year, "month": ""})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.DONE, job.message
    assert job.result_name == f"党员学时台账（{year}年）.xlsx" and "共3行" in job.message
    download = client.get(reverse("jobs:result", kwargs={"pk": job.pk}))
    table, sources = sheets(b"".join(download.streaming_content))  # type: ignore[attr-defined]
    assert table[0] == ["街道", "凉城新村街道"] and table[1] == ["台账", f"{year}年度党员学时台账"]
    assert table[2] == ["期间", f"{year}年"] and table[3] == ["范围", "全街道党组织"]
    assert table[4][0] == "生成时间" and table[4][1].endswith("+08:00")
    assert table[5] == ["说明", "由系统根据业务记录自动生成"]
    assert table[7][:3] == ["党组织", "姓名", "党员类别"]
    member = next(row for row in table if row[1:2] == ["乐跃明"])
    assert member[:7] == ["秀苑居民区党总支", "乐跃明", "正式党员", 4.0, 0.0, 0.0, 4.0]
    assert sources[0] == ["类型", "编号", "说明", "对应行"]
    row_number = table.index(member) + 1
    attended = [s for s in sources if s[0] == "签到记录" or s[0] == "签到"]
    assert any(s[1] == party.member.pk and s[3] == row_number for s in sources[1:])
    assert attended and attended[0][3] == row_number and "四史党课" in attended[0][2]
    audit = AuditEntry.objects.get(object_type="ledgers.ledger")
    assert audit.action == AuditEntry.Action.EXPORT and audit.object_id == "party.study_hours"
    assert audit.detail["period"] == str(year) and audit.detail["rows"] == 3
    # The page then shows the user's last generation of that ledger.
    again = client.get(reverse("ledgers:index")).content.decode()
    assert job.get_absolute_url() in again


def test_a_bad_period_is_a_message_on_the_page_and_runs_nothing(client: Client, world: World) -> None:
    login(client, "admin")
    page = client.get(reverse("ledgers:index"), {"year": "二〇二〇"})
    assert page.status_code == 400 and "整数" in page.content.decode()
    page = client.get(reverse("ledgers:index"), {"year": "1900"})
    assert page.status_code == 400 and "1949" in page.content.decode()
    month_of_yearly = client.post(reverse("ledgers:export"), {"key": "party.study_hours", "year": 2020, "month": 3})
    assert month_of_yearly.status_code == 400
    assert "“党员学时台账”按年度生成，请选择年份。" in month_of_yearly.content.decode()
    assert client.post(reverse("ledgers:export"), {"key": "party.study_hours", "year": "x"}).status_code == 400
    assert client.post(reverse("ledgers:export"), {"key": "nothing.here", "year": 2020}).status_code == 404
    assert not Job.objects.exists() and not AuditEntry.objects.filter(object_type="ledgers.ledger").exists()
    # A monthly ledger of a month is fine.
    assert (
        client.post(reverse("ledgers:export"), {"key": "party.three_ones", "year": 2020, "month": 3}).status_code == 302
    )


def test_a_ledger_another_office_reads_is_not_found_here(client: Client, world: World) -> None:
    login(client, "party")
    assert client.post(reverse("ledgers:export"), {"key": "dues.ledger", "year": 2020}).status_code == 404
    login(client, "counsellor")
    assert client.get(reverse("ledgers:index")).status_code == 403


def test_the_api_lists_and_sends_the_file(client: Client, world: World) -> None:
    party: PartySetup = party_of(world)
    year = party.session.starts_at.year
    listed = client.get("/api/v1/ledgers", **auth(world, "party")).json()
    assert listed["count"] == 5 and {"key", "title", "programme"} <= set(listed["items"][0])
    study = next(item for item in listed["items"] if item["key"] == "party.study_hours")
    assert study["title"] == "党员学时台账" and study["programme"] == "party" and study["monthly"] is False
    answer = client.get("/api/v1/ledgers/party.study_hours.xlsx", {"period": str(year)}, **auth(world, "party"))
    assert answer.status_code == 200 and answer["Content-Type"].startswith("application/vnd.openxmlformats")
    table, _sources = sheets(answer.content)
    assert any(row[1:2] == ["乐跃明"] for row in table)
    assert AuditEntry.objects.filter(object_type="ledgers.ledger", object_id="party.study_hours").count() == 1
    bad = client.get("/api/v1/ledgers/party.study_hours.xlsx", {"period": "2020-3"}, **auth(world, "party"))
    assert bad.status_code == 400 and bad.json()["code"] == "bad_period" and "期间" in bad.json()["message"]
    monthly = client.get("/api/v1/ledgers/party.study_hours.xlsx", {"period": "2020-03"}, **auth(world, "party"))
    assert monthly.status_code == 400 and monthly.json()["code"] == "bad_period"
    assert client.get("/api/v1/ledgers/dues.ledger.xlsx", **auth(world, "party")).status_code == 404
    assert client.get("/api/v1/ledgers/nothing.xlsx", **auth(world, "party")).status_code == 404
    assert client.get("/api/v1/ledgers", **auth(world, "worker")).status_code == 403
    assert client.get("/api/v1/ledgers/party.study_hours.xlsx", **auth(world, "worker")).status_code == 403
    assert AuditEntry.objects.filter(object_type="ledgers.ledger").count() == 1


def test_the_navigation_offers_the_centre_to_those_with_a_ledger(client: Client, world: World) -> None:
    login(client, "union")
    assert reverse("ledgers:index") in client.get(reverse("ledgers:index")).content.decode()
    login(client, "counsellor")
    assert reverse("ledgers:index") not in client.get("/").content.decode()


@pytest.mark.parametrize("jobs", [0, 3])
def test_the_page_costs_a_fixed_number_of_queries(
    client: Client, world: World, django_assert_num_queries: DjangoAssertNumQueries, jobs: int
) -> None:
    login(client, "admin")
    for key in sorted(EVERY)[:jobs]:
        client.post(reverse("ledgers:export"), {"key": key, "year": 2020, "month": ""})
    assert Job.objects.count() == jobs
    with django_assert_num_queries(PAGE_QUERIES):
        assert client.get(reverse("ledgers:index")).status_code == 200


PAGE_QUERIES = 3
LIST_QUERIES = 2


def test_the_list_endpoint_costs_a_fixed_number_of_queries(
    client: Client, world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    headers = auth(world, "admin")
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get("/api/v1/ledgers", {"limit": 3}, **headers).json()["count"] == len(EVERY)
