"""Voiding a wrong assessment or payment, exact sums in fen, SMS reminders, and the
joint unions in the statistics."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from jiedao.core import notifications
from jiedao.core.errors import Conflict
from jiedao.core.models import AuditEntry
from jiedao.core.numbers import split_by_largest_remainder
from jiedao.dues import selectors, services
from jiedao.dues.access import assessments_visible_to
from jiedao.dues.coverage import union_status, unions_by_kind
from jiedao.dues.models import ArrearsStep, DuesAssessment, DuesPayment
from jiedao.dues.money import assessed_amount
from jiedao.dues.selectors.statistics import statistics
from jiedao.dues.tests.conftest import DuesSetup, statement
from jiedao.dues.tests.test_api import auth
from jiedao.testing import World, make_unit
from jiedao.unions.models import CoveredUnit, JointBasis, UnionKind, UnionOrganisation

MOBILE = "13912345678"


def _money(d: DuesSetup, a: DuesAssessment) -> tuple[Decimal, Decimal]:
    return selectors.assessment_money(DuesAssessment.objects.get(pk=a.pk))


# ------------------------------------------------------------------ voiding


def test_a_voided_payment_is_kept_and_counts_nowhere(world: World, dues: DuesSetup) -> None:
    gz = dues.gongzhi_2019
    payment = DuesPayment.objects.get(assessment=gz, reference="GZ1")
    with pytest.raises(ValidationError) as e:
        services.payment_void(actor=dues.union, assessment=gz, payment_id=payment.pk, reason="  ")
    assert "reason" in e.value.message_dict
    services.payment_void(actor=dues.union, assessment=gz, payment_id=payment.pk, reason="录入单位错误")
    payment.refresh_from_db()
    assert payment.is_voided and payment.void_reason == "录入单位错误" and payment.voided_by == world.users["union"]
    assert _money(dues, gz) == (Decimal("0.00"), Decimal("40000.00"))
    totals = selectors.ledger_totals(assessments_visible_to(dues.union).filter(year=2019))
    assert totals == {
        "assessed": Decimal("64691.35"),
        "paid": Decimal("24691.35"),
        "arrears": Decimal("40000.00"),
    }
    entry = AuditEntry.objects.filter(object_type__icontains="duespayment", action="update").latest("pk")
    assert entry.detail["changes"]["void_reason"] == ["", "录入单位错误"]
    with pytest.raises(Conflict):
        services.payment_void(actor=dues.union, assessment=gz, payment_id=payment.pk, reason="再次")
    # The reference is free again for the right payment.
    services.payment_add(
        actor=dues.union, assessment=gz, paid_on=dt.date(2019, 6, 1), amount=Decimal("100.00"), reference="GZ1"
    )
    assert _money(dues, gz) == (Decimal("100.00"), Decimal("39900.00"))


def test_a_voided_assessment_leaves_the_ledger_and_can_be_made_again(world: World, dues: DuesSetup) -> None:
    gz = dues.gongzhi_2019
    with pytest.raises(Conflict) as e:  # its payment first
        services.assessment_void(actor=dues.union, assessment=gz, reason="年度录错")
    assert e.value.code == "has_payments"
    payment = DuesPayment.objects.get(assessment=gz)
    services.payment_void(actor=dues.union, assessment=gz, payment_id=payment.pk, reason="年度录错")
    services.assessment_void(actor=dues.union, assessment=gz, reason="年度录错")
    qs = assessments_visible_to(dues.union)
    assert [a.unit_id for a in selectors.ledger_queryset(qs, 2019)] == [world.jiachun.pk]
    assert len(selectors.ledger_queryset(qs, 2019, with_voided=True)) == 2
    assert selectors.arrears_summary(qs, dt.date(2020, 7, 1))[2]["count"] == 0
    with pytest.raises(Conflict):
        services.payment_add(actor=dues.union, assessment=gz, paid_on=dt.date(2019, 6, 1), amount=Decimal(1))
    again = services.assessment_create(
        actor=dues.union, unit=world.gongzhi, year=2019, payroll_base=Decimal(1000), channel="tax"
    )
    assert again.assessed == Decimal("20.00")


def test_a_statement_imported_again_does_not_bring_back_a_voided_payment(world: World, dues: DuesSetup) -> None:
    gz = dues.gongzhi_2019
    rows = [[world.gongzhi.credit_code, 2019, "2019-08-01", "500.00", "TX-1"]]
    first = services.statement_import(actor=dues.union, source=statement(rows), file_name="a.xlsx", channel="tax")
    assert (first.created, first.errors) == (1, [])
    payment = DuesPayment.objects.get(reference="TX-1")
    services.payment_void(actor=dues.union, assessment=gz, payment_id=payment.pk, reason="银行退回")
    again = services.statement_import(actor=dues.union, source=statement(rows), file_name="a.xlsx", channel="tax")
    assert (again.created, again.unchanged, again.errors) == (0, 1, [])
    assert _money(dues, gz) == (Decimal("10000.00"), Decimal("30000.00"))


def test_the_api_shows_voided_assessments_as_voided(client: Client, world: World, dues: DuesSetup) -> None:
    services.payment_void(
        actor=dues.union,
        assessment=dues.gongzhi_2019,
        payment_id=DuesPayment.objects.get(assessment=dues.gongzhi_2019).pk,
        reason="录错",
    )
    services.assessment_void(actor=dues.union, assessment=dues.gongzhi_2019, reason="录错")
    items = client.get("/api/v1/dues/assessments?year=2019", headers=auth(world, "union")).json()["items"]
    voided = {i["unit"]["id"]: (i["voided"], i["void_reason"], i["paid"], i["arrears"]) for i in items}
    assert voided == {
        world.jiachun.pk: (False, "", "24691.35", "0.00"),
        world.gongzhi.pk: (True, "录错", "0.00", "0.00"),
    }


def test_voiding_from_the_assessment_page(client: Client, world: World, dues: DuesSetup) -> None:
    gz = dues.gongzhi_2019
    payment = DuesPayment.objects.get(assessment=gz)
    client.force_login(world.users["union"])
    url = reverse("dues:payment_void", args=[gz.pk, payment.pk])
    response = client.post(url, {"reason": ""}, follow=True)
    assert "作废原因" in response.content.decode() and not DuesPayment.objects.get(pk=payment.pk).is_voided
    client.post(url, {"reason": "重复登记"})
    client.post(reverse("dues:assessment_void", args=[gz.pk]), {"void-reason": "单位录错"})
    page = client.get(reverse("dues:assessment", args=[gz.pk])).content.decode()
    assert "单位录错" in page and "重复登记" in page
    assert DuesAssessment.objects.get(pk=gz.pk).is_voided


# ------------------------------------------------------------------ exact money


def test_half_fen_rounds_up_where_a_float_would_not(world: World, dues: DuesSetup) -> None:
    # 0.75 × 2 % = 0.015: half up → 0.02 (the float 0.015 is 0.01499…, which rounds down).
    assert round(0.75 * 0.02, 2) == 0.01
    assert assessed_amount(Decimal("0.75"), Decimal("0.02")) == Decimal("0.02")
    assert assessed_amount(Decimal("0.25"), Decimal("0.02")) == Decimal("0.01")  # 0.005
    # Each half of 0.03 is 0.015: one fen each, the fen left to the first of the equal remainders.
    split = split_by_largest_remainder(Decimal("0.03"), {"a": 5000, "b": 5000})
    assert split == {"a": Decimal("0.02"), "b": Decimal("0.01")}
    units = [make_unit(world.liangcheng, f"上海零头{c}有限公司") for c in "甲乙丙"]
    made = [
        services.assessment_create(actor=dues.union, unit=u, year=2020, payroll_base=Decimal("0.75"), channel="tax")
        for u in units
    ]
    for a in made:
        services.payment_add(actor=dues.union, assessment=a, paid_on=dt.date(2020, 5, 1), amount=Decimal("0.01"))
        services.payment_add(actor=dues.union, assessment=a, paid_on=dt.date(2020, 5, 2), amount=Decimal("0.01"))
    qs = assessments_visible_to(dues.union).filter(year=2020)
    # 0.1 + 0.2 style sums: exact in fen on SQLite as on PostgreSQL; every one paid in full.
    assert selectors.ledger_totals(qs) == {
        "assessed": Decimal("0.06"),
        "paid": Decimal("0.06"),
        "arrears": Decimal("0.00"),
    }
    assert [r.arrears for r in selectors.ledger_rows(selectors.ledger_queryset(qs, 2020), {})] == [Decimal(0)] * 3
    assert len(selectors.shortlist(qs, 2020)) == 3
    assert selectors.arrears_summary(qs, dt.date(2021, 6, 1))[1]["count"] == 0  # nothing owed


def test_sums_of_many_fen_are_exact(world: World, dues: DuesSetup) -> None:
    unit = make_unit(world.liangcheng, "上海分币有限公司")
    a = services.assessment_create(actor=dues.union, unit=unit, year=2020, payroll_base=Decimal("15.50"), channel="tax")
    assert a.assessed == Decimal("0.31")
    DuesPayment.objects.bulk_create(
        DuesPayment(
            subdistrict=world.liangcheng, assessment=a, paid_on=dt.date(2020, 3, 1), amount=Decimal(v), channel="tax"
        )
        for v in ("0.10", "0.20", "0.01")
    )
    assert _money(dues, a) == (Decimal("0.31"), Decimal("0.00"))
    row = selectors.ledger_queryset(assessments_visible_to(dues.union), 2020).get(pk=a.pk)
    assert (row.paid_fen, row.arrears_fen) == (31, 0)  # type: ignore[attr-defined]


# ------------------------------------------------------------------ SMS reminders


@pytest.fixture
def texts() -> list[notifications.SmsMessage]:
    notifications.outbox.clear()
    return notifications.outbox


def test_the_scheduled_reminder_also_texts_the_contact(
    world: World, dues: DuesSetup, texts: list[notifications.SmsMessage], django_capture_on_commit_callbacks: Any
) -> None:
    services.schedule_set(
        actor=dues.union,
        first_after_days=30,
        every_days=30,
        notice_after_days=90,
        order_after_days=180,
        phone="021-65551234",
    )
    DuesAssessment.objects.filter(pk=dues.gongzhi_2019.pk).update(contact_phone=MOBILE)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders(subdistrict=world.liangcheng, today=dt.date(2020, 2, 1)) == 1
    assert len(texts) == 1
    sms = texts[0]
    assert (sms.phone, sms.template) == (MOBILE, "payment_due")
    assert dict(sms.params) == {"year": "2019", "amount": "30000.00", "phone": "02165551234"}
    step = ArrearsStep.objects.get(assessment=dues.gongzhi_2019)
    assert (step.texted, step.emailed) == (True, False)
    # The same day from the desk: refused, once a day.
    with time_machine.travel(dt.datetime(2020, 2, 1, 9, tzinfo=dt.UTC), tick=False), pytest.raises(Conflict):
        services.text_reminder(actor=dues.union, assessment=dues.gongzhi_2019)


def test_a_text_from_the_desk_once_a_day(
    client: Client,
    world: World,
    dues: DuesSetup,
    texts: list[notifications.SmsMessage],
    django_capture_on_commit_callbacks: Any,
) -> None:
    client.force_login(world.users["union"])
    url = reverse("dues:text_reminder", args=[dues.gongzhi_2019.pk])
    with time_machine.travel(dt.datetime(2020, 3, 1, 9, tzinfo=dt.UTC), tick=False):
        page = client.post(url, follow=True).content.decode()
        assert "联系人手机" in page and not texts  # no mobile yet
        DuesAssessment.objects.filter(pk=dues.gongzhi_2019.pk).update(contact_phone=MOBILE)
        page = client.post(url, follow=True).content.decode()
        assert "总工会联系电话" in page and not texts  # no federation phone yet
        services.schedule_set(
            actor=dues.union,
            first_after_days=30,
            every_days=30,
            notice_after_days=90,
            order_after_days=180,
            phone="13800138000",
        )
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url)
        page = client.post(url, follow=True).content.decode()
    assert "一天最多一次" in page
    assert [(t.phone, t.params["amount"], t.params["phone"]) for t in texts] == [(MOBILE, "30000.00", "13800138000")]
    steps = ArrearsStep.objects.filter(assessment=dues.gongzhi_2019, texted=True)
    assert steps.count() == 1 and steps[0].by == world.users["union"]
    assert AuditEntry.objects.filter(object_type__icontains="arrearsstep", action="create").exists()


def test_a_wrong_mobile_or_phone_is_refused(world: World, dues: DuesSetup) -> None:
    with pytest.raises(ValidationError) as e:
        services.assessment_update(
            actor=dues.union,
            assessment=dues.gongzhi_2019,
            payroll_base=Decimal("2000000.00"),
            channel="tax",
            contact_phone="12345",
        )
    assert "contact_phone" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.schedule_set(
            actor=dues.union, first_after_days=1, every_days=1, notice_after_days=1, order_after_days=1, phone="abc"
        )
    assert "phone" in e.value.message_dict


# ------------------------------------------------------------------ statistics


def test_the_statistics_count_the_joint_unions_themselves(world: World, dues: DuesSetup) -> None:
    sd = world.liangcheng
    federation = UnionOrganisation.objects.create(subdistrict=sd, name="总工会", kind=UnionKind.FEDERATION)
    joint = UnionOrganisation.objects.create(
        subdistrict=sd,
        name="秀苑联合工会",
        kind=UnionKind.JOINT,
        basis=JointBasis.AREA,
        parent=federation,
        residential_area=world.xiuyuan,
        founded_on=dt.date(2019, 6, 1),
    )
    UnionOrganisation.objects.create(
        subdistrict=sd,
        name="后建联合工会",
        kind=UnionKind.JOINT,
        basis=JointBasis.INDUSTRY,
        parent=federation,
        founded_on=dt.date(2021, 1, 1),
    )
    UnionOrganisation.objects.create(
        subdistrict=sd, name="嘉春工会", kind=UnionKind.ENTERPRISE, parent=joint, unit=world.jiachun
    )
    CoveredUnit.objects.create(subdistrict=sd, union=joint, unit=world.gongzhi)
    status = union_status(subdistrict_id=sd.pk, unit_ids=[world.jiachun.pk, world.gongzhi.pk])
    s = statistics(sd.pk, 2019, status, unions_by_kind(subdistrict_id=sd.pk, year=2019))
    assert (s.joint_unions, s.enterprise_unions, s.base_unions) == (1, 1, 2)
    assert (s.own_union, s.joint_union) == (1, 1)
    assert (s.assessed, s.received) == (Decimal("64691.35"), Decimal("34691.35"))


def test_the_ledger_page_lists_voided_rows_struck_with_their_reason(
    client: Client, world: World, dues: DuesSetup
) -> None:
    gz = dues.gongzhi_2019
    payment = DuesPayment.objects.get(assessment=gz)
    services.payment_void(actor=dues.union, assessment=gz, payment_id=payment.pk, reason="银行退回的款项")
    services.assessment_void(actor=dues.union, assessment=gz, reason="年度录错了")
    client.force_login(world.users["union"])
    page = client.get(reverse("dues:index") + "?year=2019").content.decode()
    assert f"<del>{world.gongzhi.name}</del>" in page and "年度录错了" in page
    assert "<del>10000.00</del>" in page and "银行退回的款项" in page
    # Left out of the totals all the same.
    assert "64691.35" not in page and "24691.35" in page
