"""Opening a case, its steps (stages, notes, interruptions of the limitation period),
assigning a handler, and reading it (audited).

Every write and every read of a case goes to the audit log under the case's own
number; the entries hold no summary, note or outcome (``withheld_changes``), and
their object types are confidential (``apps.CONFIDENTIAL_AUDIT_TYPES``): the general
audit log leaves them out, the supervisor sees them on the reads page.
"""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.accounts.models import User
from jiedao.core import audit
from jiedao.core.errors import Conflict, Forbidden
from jiedao.core.models import AuditEntry
from jiedao.core.notifications import send_sms
from jiedao.core.numbers import to_fen
from jiedao.core.services import (
    Errors,
    change_detail,
    check_same_tenant,
    clean_long_text,
    clean_text,
    new_errors,
    raise_if,
    withheld_changes,
)
from jiedao.core.sms.templates import CASE_PROGRESS
from jiedao.legalaid import access, clock
from jiedao.legalaid.models import (
    FINAL_STAGES,
    CaseStep,
    Channel,
    DisputeType,
    LegalAidCase,
    Stage,
)
from jiedao.org.models import Unit
from jiedao.people.models import Person

CASE_LABEL = "legalaid.legalaidcase"
MAX_SUMMARY_LENGTH = 5_000
MAX_NOTE_LENGTH = 2_000
MAX_AMOUNT = Decimal("9999999999.99")

# Where each stage may lead (labour disputes go to arbitration before a court: 仲裁前置).
NEXT_STAGES: dict[str, tuple[str, ...]] = {
    Stage.CONSULTATION: (Stage.ACCEPTED, Stage.REJECTED),
    Stage.ACCEPTED: (Stage.MEDIATION, Stage.ARBITRATION, Stage.CLOSED),
    Stage.MEDIATION: (Stage.ARBITRATION, Stage.CLOSED),
    Stage.ARBITRATION: (Stage.LITIGATION, Stage.CLOSED),
    Stage.LITIGATION: (Stage.CLOSED,),
    Stage.REJECTED: (),
    Stage.CLOSED: (),
}

# The default time for a stage's next step, in days from the day it was entered
# (a handler may set another due date on each step):
# - 咨询: decide on acceptance within 7 days (our choice);
# - 受理: the next action (mediation, an application) within 15 days (our choice);
# - 调解: 15 days (劳动争议调解仲裁法 art. 14: no agreement within 15 days → arbitration);
# - 仲裁: 60 days (art. 43: an award within 45 days, extendable by 15);
# - 诉讼: 180 days (民事诉讼法, ordinary procedure: six months).
STAGE_DAYS: dict[str, int] = {
    Stage.CONSULTATION: 7,
    Stage.ACCEPTED: 15,
    Stage.MEDIATION: 15,
    Stage.ARBITRATION: 60,
    Stage.LITIGATION: 180,
}


def default_due(stage: str, on: dt.date) -> dt.date | None:
    days = STAGE_DAYS.get(stage)
    return None if days is None else on + dt.timedelta(days=days)


def is_overdue(case: LegalAidCase, today: dt.date) -> bool:
    """The current stage's next step is past its due date (not while the case is
    suspended: its due date moves on when it resumes)."""
    return (
        case.stage not in FINAL_STAGES
        and case.suspended_since is None
        and case.due_on is not None
        and case.due_on < today
    )


def check_date(errors: Errors, field: str, value: dt.date | None, *, required: bool, today: dt.date) -> None:
    if value is None:
        if required:
            errors[field].append(_("请填写日期。"))
    elif value > today:
        errors[field].append(_("日期不能晚于今天。"))
    elif value.year < 1990:
        errors[field].append(_("日期有误。"))


def case_values(
    *,
    subdistrict_id: int,
    dispute_type: str,
    employer_name: str,
    employer_unit: Unit | None,
    summary: str,
    knew_on: dt.date | None,
    employment_ended_on: dt.date | None,
    today: dt.date,
) -> dict[str, Any]:
    """A new case's input, validated: the values, or a ``ValidationError`` naming
    every field at fault."""
    errors = new_errors()
    if dispute_type not in DisputeType.values:
        errors["dispute_type"].append(_("请选择争议类型。"))
    check_same_tenant(errors, "employer_unit", employer_unit, subdistrict_id)
    if not (employer_name or "").strip() and employer_unit is not None and "employer_unit" not in errors:
        employer_name = employer_unit.name
    employer_name = clean_text(errors, "employer_name", employer_name, max_length=100, required=True)
    summary = clean_long_text(summary)
    if not summary:
        errors["summary"].append(_("请简要说明事情经过。"))
    elif len(summary) > MAX_SUMMARY_LENGTH:
        errors["summary"].append(_("最多%(n)d个字，当前%(len)d个字。") % {"n": MAX_SUMMARY_LENGTH, "len": len(summary)})
    check_date(errors, "knew_on", knew_on, required=True, today=today)
    check_date(errors, "employment_ended_on", employment_ended_on, required=False, today=today)
    raise_if(errors)
    return {
        "dispute_type": dispute_type,
        "employer_name": employer_name,
        "employer_unit": employer_unit,
        "summary": summary,
        "knew_on": knew_on,
        "employment_ended_on": employment_ended_on,
    }


def registry_unit(person: Person, employer_name: str) -> Unit | None:
    """The registry's unit of the employer the worker named: their own employer
    when the names agree, else the sub-district's unit of exactly that name."""
    if person.employer_id is not None and person.employer is not None and person.employer.name == employer_name:
        return person.employer
    return Unit.objects.filter(subdistrict_id=person.subdistrict_id, name=employer_name).first()


def effective_steps(steps: Iterable[CaseStep]) -> list[CaseStep]:
    """The steps that stand: neither superseded by a correction nor a withdrawal."""
    steps = list(steps)
    superseded = {s.corrects_id for s in steps if s.corrects_id is not None}
    return [s for s in steps if s.pk not in superseded and s.kind != CaseStep.Kind.WITHDRAWN]


def superseded_ids(steps: Iterable[CaseStep]) -> set[int]:
    return {s.corrects_id for s in steps if s.corrects_id is not None}


def suspensions_of(steps: Iterable[CaseStep], *, tolling_only: bool = False) -> list[tuple[dt.date, dt.date | None]]:
    """(first day, day it ended or None) of each suspension among the standing steps:
    each 中止 ends at the next 恢复办理."""
    periods: list[tuple[dt.date, dt.date | None]] = []
    begun: CaseStep | None = None
    for step in sorted(effective_steps(steps), key=lambda s: (s.on, s.pk or 0)):
        if step.kind == CaseStep.Kind.SUSPENDED and begun is None:
            begun = step
        elif step.kind == CaseStep.Kind.RESUMED and begun is not None:
            if begun.suspends_limitation or not tolling_only:
                periods.append((begun.on, step.on))
            begun = None
    if begun is not None and (begun.suspends_limitation or not tolling_only):
        periods.append((begun.on, None))
    return periods


def _clock_steps(case: LegalAidCase) -> list[CaseStep]:
    return list(case.steps.only("pk", "kind", "on", "corrects_id", "suspends_limitation"))


def limitation_of(case: LegalAidCase, steps: Iterable[CaseStep] | None = None) -> clock.Limitation:
    """The case's clock from its dates and its standing interruptions and suspensions
    (``steps``: all of the case's steps; read when not given)."""
    standing = effective_steps(_clock_steps(case) if steps is None else steps)
    return clock.limitation(
        dispute_type=case.dispute_type,
        knew_on=case.knew_on,
        employment_ended_on=case.employment_ended_on,
        interruptions=[s.on for s in standing if s.kind == CaseStep.Kind.INTERRUPTION],
        suspensions=suspensions_of(standing, tolling_only=True),
    )


def keep_limitation(case: LegalAidCase, changes: dict[str, list[Any] | None]) -> None:
    """Recompute the deadline kept on the row (not saved); a changed deadline or rule
    goes into the audit's ``changes``."""
    before_deadline, before_rule = case.limitation_deadline, case.limitation_rule
    _keep_limitation(case, limitation_of(case))
    if before_deadline != case.limitation_deadline:
        changes["limitation_deadline"] = [_iso(before_deadline), _iso(case.limitation_deadline)]
    if before_rule != case.limitation_rule:
        changes["limitation_rule"] = [before_rule, case.limitation_rule]


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _keep_limitation(case: LegalAidCase, limitation: clock.Limitation) -> None:
    case.limitation_deadline = limitation.deadline
    case.limitation_rule = limitation.rule.value


@transaction.atomic
def case_open(
    *,
    actor: Actor,
    person: Person,
    dispute_type: str,
    employer_name: str,
    summary: str,
    knew_on: dt.date | None,
    employment_ended_on: dt.date | None = None,
    employer_unit: Unit | None = None,
    channel: str = "",
    request: HttpRequest | None = None,
) -> LegalAidCase:
    """Open a case for ``person`` (``access.worker_for`` decided who that may be).
    The worker themselves apply online; the desk records the channel it was told."""
    today = timezone.localdate()
    own = actor.user is not None and person.user_id == actor.user.pk
    errors = new_errors()
    if own:
        channel = Channel.ONLINE
    elif channel not in (Channel.DESK, Channel.PHONE):
        errors["channel"].append(_("请选择受理方式（窗口或电话）。"))
    try:
        values = case_values(
            subdistrict_id=person.subdistrict_id,
            dispute_type=dispute_type,
            employer_name=employer_name,
            employer_unit=employer_unit,
            summary=summary,
            knew_on=knew_on,
            employment_ended_on=employment_ended_on,
            today=today,
        )
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors[field].extend(messages)
        values = {}
    raise_if(errors)
    if values["employer_unit"] is None:
        values["employer_unit"] = registry_unit(person, values["employer_name"])
    case = LegalAidCase(
        subdistrict_id=person.subdistrict_id,
        person=person,
        channel=channel,
        stage=Stage.CONSULTATION,
        stage_since=today,
        due_on=default_due(Stage.CONSULTATION, today),
        opened_on=today,
        opened_by=actor.user,
        **values,
    )
    _keep_limitation(case, limitation_of(case, []))
    case.save()
    CaseStep.objects.create(
        subdistrict_id=case.subdistrict_id,
        case=case,
        kind=CaseStep.Kind.OPENED,
        stage=Stage.CONSULTATION,
        on=today,
        due_on=case.due_on,
        by=actor.user,
    )
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=case,
        request=request,
        # The channel and the kind of dispute; never the worker, the employer or the story.
        detail={"values": {"channel": channel, "dispute_type": case.dispute_type}},
    )
    return case


def amount_of(errors: Errors, value: Decimal | None) -> Decimal | None:
    """The amount recovered, rounded half up to the fen (None: none given)."""
    if value is None:
        return None
    if not value.is_finite() or value < 0 or value > MAX_AMOUNT:
        errors["amount_recovered"].append(_("请填写不小于0的金额。"))
        return None
    return to_fen(value)


@transaction.atomic
def step_add(
    *,
    actor: Actor,
    case: LegalAidCase,
    on: dt.date | None,
    note: str = "",
    stage: str = "",
    due_on: dt.date | None = None,
    outcome: str = "",
    amount_recovered: Decimal | None = None,
    request: HttpRequest | None = None,
) -> CaseStep:
    """Record a step of ``case`` on the day ``on``: a new stage (``stage``), or a note in
    the current one. Refusing a case needs the reason (``note``); closing it needs
    the outcome and, where money was recovered, the amount. ``due_on`` is when the
    next step is due (default: by the stage, ``STAGE_DAYS``)."""
    case = LegalAidCase.objects.select_for_update().get(pk=case.pk)
    if not access.may_progress(actor, case):
        raise Forbidden(_("只有承办人和督导可以记录案件进展。"))
    today = timezone.localdate()
    errors = new_errors()
    note = clean_long_text(note)
    outcome = clean_long_text(outcome)
    if len(note) > MAX_NOTE_LENGTH:
        errors["note"].append(_("最多%(n)d个字，当前%(len)d个字。") % {"n": MAX_NOTE_LENGTH, "len": len(note)})
    check_date(errors, "on", on, required=True, today=today)
    if on is not None and on < case.stage_since and "on" not in errors:
        errors["on"].append(_("日期不能早于本阶段开始之日（%(d)s）。") % {"d": case.stage_since.isoformat()})
    moving = bool(stage) and stage != case.stage
    if case.is_final:
        errors["__all__"].append(_("案件已%(stage)s，不能再记录进展。") % {"stage": case.get_stage_display()})
    elif moving and case.suspended_since is not None:
        errors["stage"].append(_("案件已中止，请先记录恢复办理，再变更阶段。"))
    elif moving and stage not in NEXT_STAGES[case.stage]:
        allowed = "、".join(str(Stage(s).label) for s in NEXT_STAGES[case.stage])
        errors["stage"].append(
            _("“%(from)s”之后只能进入：%(to)s。") % {"from": case.get_stage_display(), "to": allowed}
        )
    new_stage = stage if moving else case.stage
    if not moving and not note:
        errors["note"].append(_("请填写进展情况。"))
    if new_stage == Stage.REJECTED and moving and not note:
        errors["note"].append(_("不予受理须说明理由。"))
    amount = amount_of(errors, amount_recovered)
    if new_stage == Stage.CLOSED and moving:
        if not outcome:
            errors["outcome"].append(_("结案须填写结果。"))
    elif outcome or amount_recovered is not None:
        errors["__all__"].append(_("结果和追回金额只在结案时填写。"))
    if due_on is not None and on is not None and due_on < on:
        errors["due_on"].append(_("期限不能早于步骤日期。"))
    raise_if(errors)
    assert on is not None
    set_here = moving or due_on is not None  # a note without a date keeps the case's
    if new_stage in FINAL_STAGES:
        due_on = None
    elif due_on is None:
        due_on = default_due(new_stage, on) if moving else case.due_on
    changes: dict[str, list[Any] | None] = {}
    if moving:
        changes["stage"] = [case.stage, new_stage]
        case.stage, case.stage_since = new_stage, on
    if case.due_on != due_on:
        changes["due_on"] = [case.due_on.isoformat() if case.due_on else None, due_on.isoformat() if due_on else None]
        case.due_on = due_on
    if new_stage == Stage.CLOSED and moving:
        case.outcome, case.amount_recovered = outcome, amount
        changes.update(withheld_changes(["outcome", "amount_recovered"]))
    case.save()
    step = CaseStep.objects.create(
        subdistrict_id=case.subdistrict_id,
        case=case,
        kind=CaseStep.Kind.STAGE if moving else CaseStep.Kind.NOTE,
        stage=case.stage,
        on=on,
        note=note,
        due_on=due_on if set_here else None,  # the date this step set, if it set one
        outcome=outcome if new_stage == Stage.CLOSED and moving else "",
        amount=amount if new_stage == Stage.CLOSED and moving else None,
        by=actor.user,
    )
    changes.update(withheld_changes(["note"]) if note else {})
    audit.record(actor=actor, action=AuditEntry.Action.UPDATE, obj=case, request=request, detail=change_detail(changes))
    if moving:
        notify_progress(case)
    return step


def notify_progress(case: LegalAidCase) -> None:
    """After the commit, tell the worker by text message that the case moved on. The
    text (``case_progress``) names nothing: no case, no employer, no stage; it may
    show on a locked screen. A failed message never fails the step."""
    case_id = case.pk
    transaction.on_commit(lambda: _send_progress(case_id))


def _send_progress(case_id: int) -> None:
    case = LegalAidCase.objects.select_related("person", "subdistrict").filter(pk=case_id).first()
    if case is None or case.person is None or not case.person.phone:
        return
    send_sms(case.person.phone, CASE_PROGRESS, {}, signature=case.subdistrict.name)


@transaction.atomic
def interruption_add(
    *, actor: Actor, case: LegalAidCase, on: dt.date | None, note: str, request: HttpRequest | None = None
) -> CaseStep:
    """Record an interruption of the limitation period (中断) on the day ``on``: the
    clock restarts from that day (``clock.limitation``). What happened goes in ``note``."""
    case = LegalAidCase.objects.select_for_update().get(pk=case.pk)
    if not access.may_progress(actor, case):
        raise Forbidden(_("只有承办人和督导可以记录时效中断。"))
    today = timezone.localdate()
    errors = new_errors()
    note = clean_long_text(note)
    if not note:
        errors["note"].append(_("请说明中断事由（如向用人单位主张权利、请求有关部门处理、用人单位同意履行）。"))
    elif len(note) > MAX_NOTE_LENGTH:
        errors["note"].append(_("最多%(n)d个字，当前%(len)d个字。") % {"n": MAX_NOTE_LENGTH, "len": len(note)})
    check_date(errors, "on", on, required=True, today=today)
    if on is not None and on < case.knew_on and "on" not in errors:
        errors["on"].append(_("中断日期不能早于知道权利被侵害之日。"))
    if case.is_final:
        errors["__all__"].append(_("案件已%(stage)s，不能再记录进展。") % {"stage": case.get_stage_display()})
    raise_if(errors)
    assert on is not None
    step = CaseStep.objects.create(
        subdistrict_id=case.subdistrict_id,
        case=case,
        kind=CaseStep.Kind.INTERRUPTION,
        stage=case.stage,
        on=on,
        note=note,
        by=actor.user,
    )
    changes: dict[str, list[Any] | None] = {"interruption": [None, on.isoformat()]}
    keep_limitation(case, changes)
    case.save(update_fields=["limitation_deadline", "limitation_rule", "updated_at"])
    audit.record(actor=actor, action=AuditEntry.Action.UPDATE, obj=case, request=request, detail=change_detail(changes))
    return step


@transaction.atomic
def handler_assign(
    *, actor: Actor, case: LegalAidCase, handler: User | None, note: str = "", request: HttpRequest | None = None
) -> LegalAidCase:
    """The supervisor assigns (or changes) the case's handler."""
    if not access.is_supervisor(actor) or actor.subdistrict_id != case.subdistrict_id:
        raise Forbidden(_("只有法律援助督导可以指派承办人。"))
    case = LegalAidCase.objects.select_for_update().get(pk=case.pk)
    errors = new_errors()
    note = clean_long_text(note)
    if case.is_purged:
        raise Conflict(_("此案件的个人信息已按保存期限清除，不能再更改。"))
    if case.is_final:
        errors["__all__"].append(_("案件已%(stage)s，不能再指派承办人。") % {"stage": case.get_stage_display()})
    elif handler is None or not access.handlers(actor).filter(pk=handler.pk).exists():
        errors["handler"].append(_("请选择本街道的法律援助承办人。"))
    elif handler.pk == case.handler_id:
        errors["handler"].append(_("该承办人已负责此案件。"))
    if len(note) > MAX_NOTE_LENGTH:
        errors["note"].append(_("最多%(n)d个字，当前%(len)d个字。") % {"n": MAX_NOTE_LENGTH, "len": len(note)})
    raise_if(errors)
    assert handler is not None
    before = case.handler_id
    case.handler = handler
    case.save(update_fields=["handler", "updated_at"])
    CaseStep.objects.create(
        subdistrict_id=case.subdistrict_id,
        case=case,
        kind=CaseStep.Kind.ASSIGNED,
        stage=case.stage,
        on=timezone.localdate(),
        note=note,
        by=actor.user,
    )
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=case,
        request=request,
        detail=change_detail({"handler": [before, handler.pk]}),
    )
    return case
