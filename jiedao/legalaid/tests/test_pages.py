"""The legal-aid pages: opening a case (worker and desk), the case page with its
clock, steps, documents; freshness for residents; statistics."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from jiedao.core.models import AuditEntry
from jiedao.legalaid.models import CaseDocument, LegalAidCase
from jiedao.legalaid.tests.factories import OWN_SUMMARY, image_upload, legal_aid_of, open_case, pdf_upload
from jiedao.residents.step_up import SESSION_KEY
from jiedao.testing import World

NOW = dt.datetime(2026, 6, 15, 2, 0, tzinfo=dt.UTC)
pytestmark = pytest.mark.django_db


def signed_in(client: Client, w: World, key: str) -> Client:
    client.force_login(w.users[key])
    return client


@time_machine.travel(NOW, tick=False)
def test_a_worker_applies_on_her_phone_and_sees_the_notice_and_the_deadline(client: Client, world: World) -> None:
    signed_in(client, world, "worker")
    page = client.get(reverse("legalaid:open"))
    body = page.content.decode()
    assert "个人信息保护告知" in body and "不构成法律意见" in body
    assert "上海嘉春装饰设计工程有限公司" in body  # her employer from the registry, filled in
    answer = client.post(
        reverse("legalaid:open"),
        {
            "dispute_type": "dismissal",
            "employer_name": "上海嘉春装饰设计工程有限公司",
            "knew_on": "2026-01-10",
            "summary": "单位口头通知解除劳动合同，没有补偿。",
        },
    )
    case = LegalAidCase.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("legalaid:detail", args=[case.pk])
    detail = client.get(answer["Location"]).content.decode()
    assert "2027-01-10" in detail and "劳动争议调解仲裁法" in detail and "不构成法律意见" in detail


@time_machine.travel(NOW, tick=False)
def test_bad_input_comes_back_in_chinese(client: Client, world: World) -> None:
    signed_in(client, world, "worker")
    fields = {"dispute_type": "dismissal", "employer_name": "某公司", "knew_on": "2026-12-01", "summary": "经过"}
    answer = client.post(reverse("legalaid:open"), fields)
    assert answer.status_code == 400
    assert "日期不能晚于今天。" in answer.content.decode()
    answer = client.post(reverse("legalaid:open"), {**fields, "employer_name": "", "knew_on": "2026-06-01"})
    assert answer.status_code == 400 and "id_employer_name_error" in answer.content.decode()
    assert not LegalAidCase.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_the_desk_records_an_application_by_id_number(client: Client, world: World) -> None:
    signed_in(client, world, "labour")
    answer = client.post(
        reverse("legalaid:open"),
        {
            "id_number": world.people["zhonghong_worker"].id_number,
            "channel": "phone",
            "dispute_type": "work_injury",
            "employer_name": "上海共志通信信息技术发展有限公司",
            "knew_on": "2026-05-01",
            "summary": "工作中受伤，单位不申报工伤。",
        },
        follow=True,
    )
    case = LegalAidCase.objects.get()
    assert case.person == world.people["zhonghong_worker"] and case.channel == "phone"
    assert case.employer_unit == world.gongzhi
    assert "2027-05-01" in answer.content.decode()
    # The desk does not read the case afterwards.
    assert client.get(reverse("legalaid:detail", args=[case.pk])).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_a_stale_resident_session_proves_itself_again_before_the_case(client: Client, world: World) -> None:
    built = legal_aid_of(world)
    signed_in(client, world, "worker")
    session = client.session
    del session[SESSION_KEY]
    session.save()
    for url in (
        reverse("legalaid:detail", args=[built.own.pk]),
        reverse("legalaid:document", args=[built.document.pk]),
    ):
        answer = client.get(url)
        assert answer.status_code == 302 and reverse("residents:step_up") in answer["Location"]
    assert not AuditEntry.objects.filter(action="reveal", object_type__startswith="legalaid").exists()


@time_machine.travel(NOW, tick=False)
def test_the_handler_moves_the_case_on_and_records_an_interruption(client: Client, world: World) -> None:
    case = legal_aid_of(world).own
    signed_in(client, world, "handler")
    url = reverse("legalaid:detail", args=[case.pk])
    assert OWN_SUMMARY in client.get(url).content.decode()
    client.post(reverse("legalaid:step_add", args=[case.pk]), {"stage": "accepted", "on": "2026-06-15", "note": "受理"})
    client.post(reverse("legalaid:interruption_add", args=[case.pk]), {"on": "2026-06-10", "note": "书面催告"})
    case.refresh_from_db()
    assert case.stage == "accepted" and case.limitation_deadline == dt.date(2027, 6, 10)
    # A refused step is said on the page it returns to.
    answer = client.post(
        reverse("legalaid:step_add", args=[case.pk]), {"stage": "litigation", "on": "2026-06-15"}, follow=True
    )
    assert "阶段：选择一个有效的选项" in answer.content.decode()
    case.refresh_from_db()
    assert case.stage == "accepted"


@time_machine.travel(NOW, tick=False)
def test_overdue_steps_and_an_approaching_deadline_are_flagged(client: Client, world: World) -> None:
    open_case(world, knew_on=dt.date(2025, 7, 1))  # deadline 2026-07-01: 16 days left
    with time_machine.travel(NOW + dt.timedelta(days=10), tick=False):
        signed_in(client, world, "legalsup")
        body = client.get(reverse("legalaid:index")).content.decode()
    assert "步骤逾期" in body and "时效即将届满" in body


@time_machine.travel(NOW, tick=False)
def test_documents_are_checked_and_served_only_to_readers(client: Client, world: World) -> None:
    built = legal_aid_of(world)
    signed_in(client, world, "worker")
    url = reverse("legalaid:document_add", args=[built.own.pk])
    client.post(url, {"upload": image_upload(), "title": "工资条"})
    fake = pdf_upload("假.pdf", b"MZ\x90\x00 not a pdf")
    answer = client.post(url, {"upload": fake}, follow=True)
    assert "只能上传照片" in answer.content.decode()
    cut = pdf_upload("断.pdf", b"%PDF-1.4\n1 0 obj")
    assert "不完整" in client.post(url, {"upload": cut}, follow=True).content.decode()
    kinds = sorted(CaseDocument.objects.filter(case=built.own).values_list("kind", flat=True))
    assert kinds == ["image", "pdf"]
    photo = CaseDocument.objects.get(kind="image")
    assert photo.file.name.endswith(".jpg") and "工资条" not in photo.file.name
    answer = client.get(reverse("legalaid:document", args=[photo.pk]))
    assert answer.status_code == 200 and answer["Content-Type"] == "image/jpeg"
    assert "no-store" in answer["Cache-Control"]
    assert AuditEntry.objects.filter(object_type="legalaid.casedocument", action="reveal").count() == 1


@time_machine.travel(NOW, tick=False)
def test_statistics_show_no_small_figures(client: Client, world: World) -> None:
    legal_aid_of(world)
    signed_in(client, world, "admin")
    body = client.get(reverse("legalaid:stats") + "?year=2026").content.decode()
    assert "王秀英" not in body and "陈懿" not in body and OWN_SUMMARY not in body


def test_the_audit_log_leaves_the_cases_out(client: Client, world: World) -> None:
    legal_aid_of(world)
    signed_in(client, world, "admin")
    body = client.get(reverse("audit:list")).content.decode()
    assert "法律援助案件 #" not in body


@time_machine.travel(NOW, tick=False)
def test_the_reads_page_names_the_cases_a_list_showed(client: Client, world: World) -> None:
    built = legal_aid_of(world)
    signed_in(client, world, "handler")
    client.get(reverse("legalaid:index"))
    signed_in(client, world, "legalsup")
    body = client.get(reverse("legalaid:reads")).content.decode()
    assert f"#{built.own.pk}" in body and "王秀英" not in body
