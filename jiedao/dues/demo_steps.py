"""Demo of the dues ledger: 2019 and 2020 for the demo's 19 enterprises, with
payments, some arrears and their reminders, and the 2020 joint meeting's 表彰 item
made from the picked 2019 shortlist (through the shortlist page's service).

Real (from the newsletter): 7 enterprises commended at the 2020 meeting for their
2019 dues. Invented: every payroll base, payment, date and reference; which 7
enterprises paid in full earliest in 2019 (the first seven invented enterprises of
the demo, so the 2019 shortlist's top 7 are the seven commended); the split between
union levels; the arrears; the federation's phone and the contacts' mobiles (139-0000-xxxx); one 2020
transfer entered with a wrong date, voided and entered again. Everything goes through the dues services, as the demo's union
federation account.
"""

import datetime as dt
import io
from decimal import Decimal

from jiedao.accounts.actor import Actor, actor_for
from jiedao.core.numbers import to_fen
from jiedao.core.spreadsheets.writing import XlsxWriter
from jiedao.demo import data
from jiedao.demo.loader import DemoContext, demo_step
from jiedao.dues import services
from jiedao.dues.access import assessments_visible_to
from jiedao.dues.models import ArrearsStep, Channel, DuesAssessment, DuesPayment, DuesYear
from jiedao.dues.selectors import shortlist
from jiedao.dues.services.statements import HEADERS
from jiedao.meetings.demo_steps import AWARD, COMMENDATION_TITLE, MEETING_2020
from jiedao.meetings.models import AgendaItem, Meeting
from jiedao.org.models import Unit

COMMENDED = 7
FEDERATION_PHONE = "021-65550000"  # invented
# Enterprises that pay 2019 on time but late in the year, late, or not in full.
LATE_2019 = ("上海通顺同城配送有限公司", "上海兴城电子商务有限公司")
SHORT_2019 = ("上海凉秀美容美发有限公司",)
SHORT_2020 = ("上海凉秀美容美发有限公司", "上海丰镇汽车维修服务有限公司", "上海灵新软件技术有限公司")
PREPARATORY = ("上海凉秀美容美发有限公司", "上海水电路文化传播有限公司")  # no union of their own
SPLITS = {
    Channel.TAX: (Decimal(60), Decimal(10), Decimal(15), Decimal(15)),
    Channel.TRANSFER: (Decimal(60), Decimal(12), Decimal("14"), Decimal("14")),
}


def enterprises() -> list[tuple[str, int, int]]:
    """(name, headcount, serial) of the demo's enterprises, in the demo's order."""
    return [(u.name, u.headcount, u.org_serial) for u in data.UNITS if u.kind == Unit.Kind.ENTERPRISE]


def commended_names() -> list[str]:
    """The seven commended: the first seven invented enterprises."""
    return [u.name for u in data.UNITS if u.kind == Unit.Kind.ENTERPRISE and u.is_demo][:COMMENDED]


def _payroll(headcount: int, serial: int, year: int) -> Decimal:
    # An average yearly wage around 96 000 yuan (2019), 3 % more in 2020, with cents.
    wage = Decimal(90_000) + Decimal(serial) * Decimal("137.45") + Decimal(serial % 7) * Decimal("0.33")
    if year == 2020:
        wage *= Decimal("1.03")
    return to_fen(wage * headcount)


def _settings(actor: Actor) -> None:
    for year in (2019, 2020):
        services.year_set(actor=actor, year=year, rate_percent=Decimal(2), due_on=dt.date(year, 12, 31))
        for channel, (e, s, d, c) in SPLITS.items():
            services.split_set(
                actor=actor,
                year=year,
                channel=channel,
                enterprise_union=e,
                subdistrict_federation=s,
                district_union=d,
                city_union=c,
            )
    services.schedule_set(
        actor=actor,
        first_after_days=30,
        every_days=30,
        notice_after_days=90,
        order_after_days=180,
        phone=FEDERATION_PHONE,
    )


def _assess(ctx: DemoContext, actor: Actor) -> dict[tuple[str, int], DuesAssessment]:
    made = {}
    for i, (name, headcount, serial) in enumerate(enterprises()):
        for year in (2019, 2020):
            made[(name, year)] = services.assessment_create(
                actor=actor,
                unit=ctx.units[name],
                year=year,
                payroll_base=_payroll(headcount, serial, year),
                channel=Channel.TRANSFER if i % 4 == 3 else Channel.TAX,
                kind=DuesAssessment.Kind.PREPARATORY if name in PREPARATORY else DuesAssessment.Kind.DUES,
                contact_name="财务负责人",
                contact_email=f"finance{serial}@example.com",
                contact_phone=f"1390000{serial % 10000:04d}",
            )
            ctx.count(DuesAssessment)
    return made


def _pay_2019(ctx: DemoContext, actor: Actor, made: dict[tuple[str, int], DuesAssessment]) -> None:
    commended = commended_names()
    for i, (name, _h, serial) in enumerate(enterprises()):
        a = made[(name, 2019)]
        if name in commended:
            # In full early in the year: two instalments, the second by March.
            first = to_fen(a.assessed / 2)
            dates = [dt.date(2019, 1, 15 + commended.index(name)), dt.date(2019, 3, 1 + commended.index(name))]
            amounts = [first, a.assessed - first]
        elif name in LATE_2019:
            dates, amounts = [dt.date(2020, 2, 20)], [a.assessed]
        elif name in SHORT_2019:
            dates, amounts = [dt.date(2019, 11, 5)], [to_fen(a.assessed * Decimal("0.4"))]
        else:
            # On time, later in the year (after the commended seven).
            dates, amounts = [dt.date(2019, 6 + i % 6, 10 + i % 15)], [a.assessed]
        for n, (day, amount) in enumerate(zip(dates, amounts, strict=True)):
            services.payment_add(
                actor=actor,
                assessment=a,
                paid_on=day,
                amount=amount,
                reference=f"2019{serial:04d}{n:02d}",
                channel=a.channel,
            )
            ctx.count(DuesPayment)


def _statement_2020(actor: Actor, made: dict[tuple[str, int], DuesAssessment]) -> int:
    """2020 payments of the tax-bureau channel, imported as the bureau's statement."""
    book = XlsxWriter()
    sheet = book.sheet("2020", header=["单位名称", *HEADERS])
    for i, (name, _h, serial) in enumerate(enterprises()):
        a = made[(name, 2020)]
        if a.channel != Channel.TAX:
            continue
        amount = to_fen(a.assessed * Decimal("0.5")) if name in SHORT_2020 else a.assessed
        day = f"2020-{4 + i % 8:02d}-{10 + i % 15:02d}"
        sheet.append([name, a.unit.credit_code, 2020, day, float(amount), f"SW2020{serial:06d}"])
    result = services.statement_import(
        actor=actor, source=io.BytesIO(book.content()), file_name="2020年度税务代收工会经费对账单.xlsx", channel="tax"
    )
    assert result.ok, result.errors
    return result.created


def _transfers_2020(ctx: DemoContext, actor: Actor, made: dict[tuple[str, int], DuesAssessment]) -> None:
    for i, (name, _h, serial) in enumerate(enterprises()):
        a = made[(name, 2020)]
        if a.channel != Channel.TRANSFER or name in SHORT_2020:
            continue
        services.payment_add(
            actor=actor,
            assessment=a,
            paid_on=dt.date(2020, 5 + i % 6, 8),
            amount=a.assessed,
            reference=f"ZZ2020{serial:06d}",
        )
        ctx.count(DuesPayment)


def _voided_copy(ctx: DemoContext, actor: Actor, made: dict[tuple[str, int], DuesAssessment]) -> None:
    """The first 2020 transfer was entered with a wrong date: voided (kept, counted
    nowhere) and entered again, same reference, as the bank's slip says."""
    for name, _h, _serial in enterprises():
        a = made[(name, 2020)]
        wrong = DuesPayment.objects.filter(assessment=a, channel=Channel.TRANSFER).first()
        if wrong is None:
            continue
        services.payment_void(
            actor=actor, assessment=a, payment_id=wrong.pk, reason="缴费日期录错，已按银行回单重新登记。"
        )
        services.payment_add(
            actor=actor,
            assessment=a,
            paid_on=wrong.paid_on - dt.timedelta(days=3),
            amount=wrong.amount,
            reference=wrong.reference,
        )
        ctx.count(DuesPayment)
        return


def _escalation(ctx: DemoContext, actor: Actor, made: dict[tuple[str, int], DuesAssessment]) -> None:
    """The 2019 arrears of 凉秀: reminded, formally noticed, a 支付令 application noted."""
    a = made[(SHORT_2019[0], 2019)]
    for step, day, note in (
        (ArrearsStep.Step.REMINDER, dt.date(2020, 1, 31), "电话及邮件提醒财务负责人。"),
        (ArrearsStep.Step.REMINDER, dt.date(2020, 3, 2), "再次邮件提醒。"),
        (ArrearsStep.Step.FORMAL_NOTICE, dt.date(2020, 3, 31), "寄送正式催缴通知书。"),
        (
            ArrearsStep.Step.PAYMENT_ORDER,
            dt.date(2020, 7, 1),
            "已向虹口区人民法院申请支付令（材料由区总工会法律部协助）。",
        ),
    ):
        services.step_add(actor=actor, assessment=a, step=step, taken_on=day, note=note, emailed=False)
        ctx.count(ArrearsStep)


def _commend(ctx: DemoContext, actor: Actor) -> None:
    """The 2020 meeting's 表彰 item: the 2019 shortlist's top seven, picked."""
    meeting = Meeting.objects.filter(subdistrict=ctx.subdistrict, activity__title=MEETING_2020).first()
    if meeting is None or meeting.agenda.filter(kind=AgendaItem.Kind.COMMENDATION).exists():
        return
    entries = shortlist(assessments_visible_to(actor), 2019)[:COMMENDED]
    item = services.commend_from_shortlist(
        actor=actor,
        year=2019,
        meeting=meeting,
        unit_ids=[e.unit.pk for e in entries],
        title=COMMENDATION_TITLE,
        award=AWARD,
    )
    ctx.count(item)
    ctx.count(item.commendations.model, item.commendations.count())


@demo_step("dues", after=("accounts", "meetings", "unions"))
def load_dues(ctx: DemoContext) -> None:
    user = ctx.users.get("union")
    if user is None:
        ctx.warnings.append("没有演示街道总工会账号，未加载工会经费演示数据。")
        return
    actor = actor_for(user)
    if not DuesYear.objects.filter(subdistrict=ctx.subdistrict, year=2019).exists():
        _settings(actor)
        made = _assess(ctx, actor)
        _pay_2019(ctx, actor, made)
        ctx.count(DuesPayment, _statement_2020(actor, made))
        _transfers_2020(ctx, actor, made)
        _voided_copy(ctx, actor, made)
        _escalation(ctx, actor, made)
    _commend(ctx, actor)
