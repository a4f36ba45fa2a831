"""Demo data of 职工法律援助 (the 2020 joint meeting's item 《关于进一步加强职工法律援助工作》):
a handful of cases at different stages, dates relative to the day the demo loads, all
but one assigned to the demo handler (``handler``; ``legalsup`` supervises):

- 王秀英 (``worker``): wages owed by 上海嘉春装饰设计工程有限公司 while she still works
  there (no deadline yet), in mediation, its step overdue;
- 孙浩然: dismissed by 上海共志通信信息技术发展有限公司, accepted, **12 days** before
  the limitation deadline (the page warns);
- further demo workers: a work injury in arbitration (suspended: the arbitration waits
  for the assessment of the worker's capacity; the limitation clock runs on), overtime pay closed with an amount
  recovered, a labour contract still at consultation and unassigned (the supervisor's
  queue), a refused social-insurance case, and wage arrears after the end of the
  employment in litigation.

Idempotent: a sub-district that already has legal-aid cases gets no more.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from jiedao.accounts.models import User
from jiedao.demo.loader import DemoContext, demo_step
from jiedao.legalaid import clock
from jiedao.legalaid.models import CaseStep, Channel, LegalAidCase, Stage
from jiedao.legalaid.services.cases import default_due
from jiedao.people.models import Person


@dataclass(frozen=True)
class DemoCase:
    dispute_type: str
    summary: str
    knew: int  # days before today (or, with ``deadline_in``, ignored)
    ended: int | None  # days before today the employment ended (None: still employed)
    # (stage, days before today, note) in order after the opening
    steps: tuple[tuple[str, int, str], ...]
    opened: int
    assigned: bool = True
    deadline_in: int | None = None  # knew exactly a year before today + this many days
    outcome: str = ""
    amount: Decimal | None = None
    channel: str = Channel.DESK
    employer: str = ""
    suspended: tuple[int, str] | None = None  # (days before today, reason): suspended since


CASES: tuple[DemoCase, ...] = (
    DemoCase(
        "wage_arrears",
        "单位以资金周转困难为由，连续三个月只发基本工资，绩效和加班工资未发，约九千元。本人仍在职，希望先协商补发。",
        knew=75,
        ended=None,
        opened=70,
        steps=(
            ("accepted", 65, "材料齐全，受理。已调取考勤记录和工资条照片。"),
            ("mediation", 20, "申请街道劳动争议调解委员会调解，企业工会主席参加。"),
        ),
        channel=Channel.ONLINE,
    ),
    DemoCase(
        "dismissal",
        "公司以“不能胜任工作”为由口头通知解除劳动合同，未经培训或调岗，也没有经济补偿。",
        knew=0,
        ended=350,
        opened=20,
        deadline_in=12,
        steps=(("accepted", 15, "受理。注意仲裁时效即将届满，尽快准备仲裁申请书。"),),
    ),
    DemoCase(
        "work_injury",
        "在仓库搬运时摔伤腰部，公司未申报工伤，也不支付停工留薪期工资。",
        knew=120,
        ended=None,
        opened=110,
        steps=(
            ("accepted", 105, "受理，协助申请工伤认定。"),
            ("arbitration", 30, "工伤认定书已出，向区劳动人事争议仲裁委员会申请仲裁。"),
        ),
        suspended=(10, "仲裁委中止审理，等待劳动能力鉴定结论。"),
    ),
    DemoCase(
        "overtime",
        "近一年双休日经常加班，公司既不安排补休也不支付加班费。",
        knew=300,
        ended=None,
        opened=280,
        steps=(
            ("accepted", 275, "受理。"),
            ("mediation", 250, "街道调解委员会组织调解。"),
            ("closed", 230, "双方达成调解协议。"),
        ),
        outcome="调解成功：公司补发加班费并承诺今后按规定安排补休。",
        amount=Decimal("8600.00"),
    ),
    DemoCase(
        "labour_contract",
        "入职五个月公司一直未签订书面劳动合同，想了解能否主张二倍工资。",
        knew=10,
        ended=None,
        opened=2,
        steps=(),
        assigned=False,
        channel=Channel.PHONE,
    ),
    DemoCase(
        "social_insurance",
        "希望补缴二〇〇五年前在外省工作期间的养老保险。",
        knew=400,
        ended=None,
        opened=40,
        steps=(("rejected", 35, "不予受理：补缴外省历史社保不属于本站援助范围，已告知向参保地社保经办机构咨询。"),),
    ),
    DemoCase(
        "wage_arrears",
        "离职后公司拖欠最后两个月工资和未休年假工资，多次催要未果。",
        knew=200,
        ended=200,
        opened=190,
        steps=(
            ("accepted", 185, "受理。"),
            ("arbitration", 150, "申请仲裁。"),
            ("litigation", 60, "公司不服仲裁裁决起诉，承办人代理应诉。"),
        ),
        employer="凉城路某餐饮店",
    ),
)


def _workers(ctx: DemoContext) -> list[Person]:
    """王秀英, 孙浩然, then demo workers without a login, in a fixed order."""
    named = [ctx.people[key] for key in ("worker", "sanxin") if key in ctx.people]
    others = (
        Person.objects.filter(subdistrict=ctx.subdistrict, is_worker=True, user__isnull=True)
        .exclude(pk__in=[p.pk for p in named])
        .select_related("employer")
        .order_by("pk")[: len(CASES) - len(named)]
    )
    return named + list(others)


def _step(case: LegalAidCase, kind: str, stage: str, on: dt.date, note: str, by: User | None, **extra: object) -> None:
    step = CaseStep.objects.create(
        subdistrict_id=case.subdistrict_id,
        case=case,
        kind=kind,
        stage=stage,
        on=on,
        note=note,
        due_on=default_due(stage, on) if kind in (CaseStep.Kind.OPENED, CaseStep.Kind.STAGE) else None,
        by=by,
        **extra,
    )
    # Recorded on the day it happened, as a handler would have (the statistics read
    # the steps recorded by the end of the last completed month).
    recorded = timezone.make_aware(dt.datetime.combine(on, dt.time(10)))
    CaseStep.objects.filter(pk=step.pk).update(created_at=recorded)


def _create(ctx: DemoContext, spec: DemoCase, person: Person, today: dt.date) -> None:
    handler = ctx.users.get("handler")
    supervisor = ctx.users.get("legalsup")
    opened = today - dt.timedelta(days=spec.opened)
    if spec.deadline_in is not None:
        deadline = today + dt.timedelta(days=spec.deadline_in)
        try:
            knew = deadline.replace(year=deadline.year - 1)
        except ValueError:  # 29 February: a year before has none
            knew = deadline - dt.timedelta(days=366)
    else:
        knew = today - dt.timedelta(days=spec.knew)
    ended = today - dt.timedelta(days=spec.ended) if spec.ended is not None else None
    if spec.deadline_in is not None and ended is not None:
        ended = knew  # dismissed: the employment ended the day the worker learnt of it
    knew, ended = min(knew, opened), min(ended, opened) if ended else None
    limitation = clock.limitation(dispute_type=spec.dispute_type, knew_on=knew, employment_ended_on=ended)
    stage, since = Stage.CONSULTATION.value, opened
    if spec.steps:
        stage, days, _ = spec.steps[-1]
        since = today - dt.timedelta(days=days)
    employer = spec.employer or (person.employer.name if person.employer else "凉城路某商户")
    case = LegalAidCase.objects.create(
        subdistrict=ctx.subdistrict,
        person=person,
        channel=spec.channel,
        dispute_type=spec.dispute_type,
        employer_name=employer,
        employer_unit=person.employer if not spec.employer else None,
        summary=spec.summary,
        knew_on=knew,
        employment_ended_on=ended,
        stage=stage,
        stage_since=since,
        due_on=default_due(stage, since),
        handler=handler if spec.assigned else None,
        limitation_deadline=limitation.deadline,
        limitation_rule=limitation.rule.value,
        outcome=spec.outcome,
        amount_recovered=spec.amount,
        opened_on=opened,
        opened_by=person.user if spec.channel == Channel.ONLINE else ctx.users.get("labour"),
        suspended_since=today - dt.timedelta(days=spec.suspended[0]) if spec.suspended else None,
    )
    ctx.count(case)
    _step(case, CaseStep.Kind.OPENED, Stage.CONSULTATION, opened, "", case.opened_by)
    if spec.assigned and handler is not None:
        _step(case, CaseStep.Kind.ASSIGNED, Stage.CONSULTATION, opened, "", supervisor)
    for stage, days, note in spec.steps:
        closing = {"outcome": spec.outcome, "amount": spec.amount} if stage == Stage.CLOSED else {}
        _step(case, CaseStep.Kind.STAGE, stage, today - dt.timedelta(days=days), note, handler or supervisor, **closing)
    if spec.suspended and case.suspended_since is not None:
        _step(case, CaseStep.Kind.SUSPENDED, stage, case.suspended_since, spec.suspended[1], handler or supervisor)
    ctx.count(CaseStep, case.steps.count())


@demo_step("legalaid", after=("accounts",))
def load_legal_aid(ctx: DemoContext) -> None:
    if LegalAidCase.objects.filter(subdistrict=ctx.subdistrict).exists():
        return
    today = timezone.localdate()
    for spec, person in zip(CASES, _workers(ctx), strict=False):
        _create(ctx, spec, person, today)
