"""The dues pages: constant queries on the lists, the import page's report, the
shortlist page picking for a meeting, the statistics workbook."""

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import Settings
from python_calamine import CalamineWorkbook

from jiedao.dues import services
from jiedao.dues.models import DuesPayment
from jiedao.dues.tests.conftest import DuesSetup, statement
from jiedao.jobs.models import Job
from jiedao.meetings.models import Commendation
from jiedao.meetings.tests.helpers import meeting_world
from jiedao.testing import World, make_unit

# ledger, arrears, shortlist: session, user with their roles, then the page's own.
PINNED = [10, 7, 6]


def _more(d: DuesSetup, w: World, n: int) -> None:
    for i in range(n):
        unit = make_unit(w.liangcheng, f"上海测试{'甲乙丙丁戊己庚辛壬癸'[i]}有限公司")
        a = services.assessment_create(actor=d.union, unit=unit, year=2019, payroll_base=Decimal(1000), channel="tax")
        services.payment_add(actor=d.union, assessment=a, paid_on=dt.date(2019, 5, 1), amount=Decimal(1))


def _count(client: Client, url: str) -> int:
    client.get(url)  # sessions and caches warm
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@time_machine.travel(dt.datetime(2021, 3, 1, 9, tzinfo=dt.UTC), tick=False)
def test_lists_run_the_same_queries_whatever_the_rows(client: Client, world: World, dues: DuesSetup) -> None:
    client.force_login(world.users["union"])
    urls = [
        reverse("dues:index") + "?year=2019",
        reverse("dues:arrears"),
        reverse("dues:shortlist") + "?year=2019",
    ]
    before = [_count(client, url) for url in urls]
    assert before == PINNED
    _more(dues, world, 5)
    assert [_count(client, url) for url in urls] == before


def test_the_import_runs_as_a_job_whose_page_reports_each_bad_row(
    client: Client, world: World, dues: DuesSetup, settings: Settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(world.users["union"])
    upload = statement([[world.gongzhi.credit_code, 2019, "2019-08-01", "x", "P-1"]])
    upload.name = "s.xlsx"
    response = client.post(reverse("dues:statement_import"), {"channel": "tax", "file": upload})
    job = Job.objects.latest("created_at")
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.status, job.problems) == ("failed", ["第2行“金额”列：金额应大于0，最多两位小数（到分）。"])
    page = client.get(job.get_absolute_url()).content.decode()
    assert "对账单有1处错误" in page and "第2行“金额”列" in page
    assert not DuesPayment.objects.filter(reference="P-1").exists()
    upload = statement([[world.gongzhi.credit_code, 2019, "2019-08-01", "5", "P-1"]])
    upload.name = "s.xlsx"
    response = client.post(reverse("dues:statement_import"), {"channel": "tax", "file": upload})
    job = Job.objects.latest("created_at")
    assert (job.status, job.message) == ("done", "已读取1行：新增缴费1笔，此前已导入0笔。")
    assert "新增缴费1笔" in client.get(response["Location"]).content.decode()
    assert DuesPayment.objects.get(reference="P-1").amount == Decimal(5)


def test_the_picked_shortlist_goes_onto_a_meeting(client: Client, world: World, dues: DuesSetup) -> None:
    mw = meeting_world(world)
    client.force_login(world.users["union"])
    page = client.get(reverse("dues:shortlist") + "?year=2019").content.decode()
    assert "连续：" not in page and "足额：" in page and mw.meeting.activity.title in page
    response = client.post(
        reverse("dues:commend"),
        {"year": 2019, "meeting": mw.meeting.pk, "units": [world.jiachun.pk], "title": "表彰", "award": "先进"},
    )
    assert response.status_code == 302
    assert Commendation.objects.filter(agenda_item__meeting=mw.meeting, unit=world.jiachun, award="先进").exists()
    # 共志 is not on the shortlist: the page says so, nothing is added.
    response = client.post(
        reverse("dues:commend"),
        {"year": 2019, "meeting": mw.meeting.pk, "units": [world.gongzhi.pk], "title": "表彰", "award": "先进"},
    )
    assert response.status_code == 400


def test_the_statistics_workbook_comes_from_the_records(client: Client, world: World, dues: DuesSetup) -> None:
    client.force_login(world.users["admin"])
    response = client.get(reverse("dues:statistics") + "?year=2019")
    assert response.status_code == 200
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    figures = {r[0]: r[1] for r in rows[2:]}
    assert figures["企业数"] == 2
    assert figures["应缴合计（元）"] == 64691.35 and figures["实收合计（元）"] == 34691.35


def test_a_chair_reads_their_own_row_and_no_manager_form(client: Client, world: World, dues: DuesSetup) -> None:
    client.force_login(world.users["jiachun"])
    page = client.get(reverse("dues:assessment", args=[dues.jiachun_2019.pk])).content.decode()
    assert "24691.35" in page and "登记缴费" not in page and "finance@jiachun.example" not in page


def test_the_admin_lists_the_ledger(client: Client, dues: DuesSetup) -> None:
    root = get_user_model().objects.create_superuser("root", "root@example.org", "x-Strong-Pass-123")
    client.force_login(root)
    for model in ("duesyear", "duessplit", "duesassessment", "duespayment", "statement", "arrearsstep"):
        assert client.get(reverse(f"admin:dues_{model}_changelist")).status_code == 200
    assert client.get(reverse("admin:dues_duesassessment_change", args=[dues.gongzhi_2019.pk])).status_code == 200
