"""The commendation shortlist, arrears by age, reminders, and the picked shortlist
becoming a joint meeting's 表彰 item."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from jiedao.dues import selectors, services
from jiedao.dues.access import assessments_visible_to
from jiedao.dues.models import ArrearsStep, DuesAssessment
from jiedao.dues.selectors.arrears import arrears_queryset
from jiedao.dues.tests.conftest import DuesSetup
from jiedao.meetings.models import Commendation
from jiedao.meetings.tests.helpers import MeetingWorld, meeting_world
from jiedao.testing import World, make_unit


def _assess(d: DuesSetup, unit_name: str, w: World, year: int, paid_on: dt.date | None) -> DuesAssessment:
    unit = (
        make_unit(w.liangcheng, unit_name)
        if year == 2019
        else DuesAssessment.objects.get(unit__name=unit_name, year=2019).unit
    )
    a = services.assessment_create(actor=d.union, unit=unit, year=year, payroll_base=Decimal(100000), channel="tax")
    if paid_on is not None:
        services.payment_add(actor=d.union, assessment=a, paid_on=paid_on, amount=a.assessed)
    return a


def test_the_shortlist_ranks_by_consecutive_years_then_earliness(world: World, dues: DuesSetup) -> None:
    services.year_set(actor=dues.union, year=2018, rate_percent=Decimal(2), due_on=dt.date(2018, 12, 31))
    _assess(dues, "上海早交有限公司", world, 2019, dt.date(2019, 1, 10))
    late = _assess(dues, "上海迟交有限公司", world, 2019, None)
    services.payment_add(actor=dues.union, assessment=late, paid_on=dt.date(2020, 1, 5), amount=late.assessed)
    # 嘉春 also paid 2018 in full and on time: two consecutive years rank first.
    services.payment_add(
        actor=dues.union,
        assessment=services.assessment_create(
            actor=dues.union, unit=world.jiachun, year=2018, payroll_base=Decimal(1000), channel="tax"
        ),
        paid_on=dt.date(2018, 12, 31),
        amount=Decimal("20.00"),
    )
    entries = selectors.shortlist(assessments_visible_to(dues.union), 2019)
    assert [(e.rank, e.unit.name, e.consecutive_years) for e in entries] == [
        (1, "上海嘉春装饰设计工程有限公司", 2),
        (2, "上海早交有限公司", 1),
    ]  # 共志 owes, 迟交 paid after the due date
    assert entries[0].reasons == [
        "足额：2019年度应缴24,691.35元，已缴24,691.35元。",
        "按时：2019-03-15交清，早于截止日期（2019-12-31）291天。",
        "连续：2018–2019年连续2年按时足额交纳。",
    ]


@time_machine.travel(dt.datetime(2020, 7, 1, 9, tzinfo=dt.UTC), tick=False)
def test_arrears_by_age_and_the_scheduled_reminders(world: World, dues: DuesSetup) -> None:
    services.assessment_create(
        actor=dues.union,
        unit=world.jiachun,
        year=2020,
        payroll_base=Decimal(1000),
        channel="tax",
        contact_email="finance@jiachun.example",
    )
    qs = assessments_visible_to(dues.union)
    today = dt.date(2020, 7, 1)
    # 共志's 2019 dues: 183 days overdue; 嘉春's 2020 dues are not due yet.
    assert [(b["key"], b["count"]) for b in selectors.arrears_summary(qs, today)] == [
        ("90", 0),
        ("180", 0),
        ("365", 1),
        ("more", 0),
    ]
    rows = selectors.arrears_rows(list(arrears_queryset(qs, today, "365")), selectors.schedule_of(1), today)
    assert [(r.assessment, r.days_overdue, r.suggested) for r in rows] == [
        (dues.gongzhi_2019, 183, ArrearsStep.Step.FORMAL_NOTICE)
    ]
    # 共志 has no contact e-mail: nothing sent. With one, a reminder is sent and recorded once.
    assert services.send_reminders(subdistrict=world.liangcheng, today=dt.date(2020, 2, 1)) == 0
    DuesAssessment.objects.filter(pk=dues.gongzhi_2019.pk).update(contact_email="cw@gongzhi.example")
    assert services.send_reminders(subdistrict=world.liangcheng, today=dt.date(2020, 2, 1)) == 1
    assert services.send_reminders(subdistrict=world.liangcheng, today=dt.date(2020, 2, 15)) == 0
    assert services.send_reminders(subdistrict=world.liangcheng, today=dt.date(2020, 3, 2)) == 1
    assert len(mail.outbox) == 2 and "30,000.00" not in mail.outbox[0].body and "30000.00" in mail.outbox[0].body
    steps = list(ArrearsStep.objects.filter(assessment=dues.gongzhi_2019).values_list("step", "emailed"))
    assert steps == [("reminder", True), ("reminder", True)]


def test_a_payment_order_is_noted_with_what_was_done(dues: DuesSetup) -> None:
    with pytest.raises(ValidationError) as e:
        services.step_add(
            actor=dues.union, assessment=dues.gongzhi_2019, step="payment_order", taken_on=dt.date(2020, 7, 1)
        )
    assert "note" in e.value.message_dict
    with pytest.raises(ValidationError):  # nothing owed, nothing to escalate
        services.step_add(actor=dues.union, assessment=dues.jiachun_2019, step="reminder", taken_on=dt.date(2020, 1, 1))


def test_the_picked_shortlist_becomes_the_commendation_item(world: World, dues: DuesSetup) -> None:
    mw: MeetingWorld = meeting_world(world)
    item = services.commend_from_shortlist(actor=dues.union, year=2019, meeting=mw.meeting, unit_ids=[world.jiachun.pk])
    assert item.kind == "commendation" and item.title == services.default_title(2019)
    commendation = Commendation.objects.get(agenda_item=item)
    assert commendation.unit == world.jiachun and "按时" in commendation.reason
    # A unit not on the shortlist (共志 owes) cannot be picked.
    with pytest.raises(ValidationError) as e:
        services.commend_from_shortlist(actor=dues.union, year=2019, meeting=mw.meeting, unit_ids=[world.gongzhi.pk])
    assert "units" in e.value.message_dict


@time_machine.travel(dt.datetime(2020, 2, 1, 9, tzinfo=dt.UTC), tick=False)
def test_the_daily_command_sends_the_reminders_due(world: World, dues: DuesSetup) -> None:
    DuesAssessment.objects.filter(pk=dues.gongzhi_2019.pk).update(contact_email="cw@gongzhi.example")
    out = io.StringIO()
    call_command("dues_reminders", stdout=out)
    assert out.getvalue().strip() == "1"
    assert mail.outbox[0].to == ["cw@gongzhi.example"] and "2019" in mail.outbox[0].subject
