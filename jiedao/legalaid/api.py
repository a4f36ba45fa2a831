"""/api/v1/legal-aid: a worker asks for legal aid and follows the case on a phone; a
handler reads their caseload. Same services and scope rules as the pages.

``POST /cases`` opens a case for the caller (the labour office and the union
federation may add ``"person"``: an application at the desk or by phone) → 201 with
``id`` and ``limitation_deadline`` (null while the clock does not run: wage arrears,
still employed). ``GET /cases``: the caller's own cases, a handler's caseload, the
supervisor's sub-district. ``GET /cases/{id}``: the whole case for the assigned
handler and the supervisor; anyone else 404. The worker reads their case on the
page, behind a fresh proof (``residents.step_up``): a long-lived token on a phone
is no such proof, so the API answers the worker 403 ``fresh_proof_required``.
Every answer that shows a case is ``no-store`` and every read is audited.

The handler and the supervisor record steps, interruptions, suspensions and
resumptions, and correct or withdraw a step, through the same services as the
pages (``POST /cases/{id}/steps``, ``/interruptions``, ``/suspension``,
``/resumption``; ``POST /steps/{id}/correction``, ``/steps/{id}/withdrawal``); each
answers 201 with the step recorded and the case's state after it.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel

from jiedao.accounts.actor import Actor
from jiedao.accounts.policy import request_actor, signed_in, staff
from jiedao.api.pagination import Page, PageQuery, paginate
from jiedao.api.refs import Ref, pick
from jiedao.api.responses import refuses
from jiedao.api.types import Id
from jiedao.core.errors import Conflict, Forbidden
from jiedao.core.numbers import read_decimal
from jiedao.legalaid import access, clock, selectors, services
from jiedao.legalaid.models import CaseStep, Channel, DisputeType, LegalAidCase, Stage
from jiedao.org.models import Unit
from jiedao.people.access import person_for_actor

router = Router(tags=["legalaid"])


class CaseIn(Schema):
    dispute_type: str = Field(description=f"争议类型：{'、'.join(DisputeType.values)}")
    employer: str = Field("", max_length=100, description="用人单位名称（职工所述）")
    employer_unit: Id | None = Field(None, description="登记的单位编号（可选）")
    summary: str = Field(max_length=services.MAX_SUMMARY_LENGTH, description="事情经过")
    knew_on: dt.date | None = Field(description="知道或者应当知道权利被侵害之日")
    employment_ended_on: dt.date | None = Field(None, description="劳动关系终止之日；仍在职为 null")
    person: Id | None = Field(None, description="代为申请的职工（仅限劳动保障事务所、街道总工会）")
    channel: str = Field("", description="代为申请时：desk（窗口）或 phone（电话）")


class CaseCreated(BaseModel):
    id: int
    limitation_deadline: dt.date | None


class CaseRow(BaseModel):
    id: int
    dispute_type: str
    stage: str
    employer: str
    person: str
    handler: str | None
    opened_on: dt.date
    limitation_deadline: dt.date | None
    limitation_alert: str = Field(description="none、approaching、urgent、expired")
    due_on: dt.date | None
    overdue: bool
    suspended_since: dt.date | None = Field(description="中止之日；未中止为 null")


class CaseFilters(PageQuery):
    stage: str = Field("", description=f"阶段：{'、'.join(Stage.values)}")


class CaseStepOut(BaseModel):
    id: int
    kind: str = Field(description="opened、stage、note、assigned、interruption、suspended、resumed、withdrawn")
    stage: str
    on: dt.date
    note: str
    due_on: dt.date | None
    corrects: int | None = Field(description="更正或撤销的步骤编号")
    reason: str = Field(description="更正或撤销的原因")
    superseded: bool = Field(description="已被后来的步骤更正或撤销")


class DocumentOut(BaseModel):
    id: int
    title: str
    kind: str
    size: int
    uploaded_at: dt.datetime


class Limitation(BaseModel):
    deadline: dt.date | None
    rule: str = Field(description="knew、wages_employed、wages_ended、interrupted")
    runs_from: dt.date | None
    suspended_days: int = Field(description="已结束的时效中止计入的天数")
    paused_left: int | None = Field(description="时效中止中：中止时剩余的天数")
    days_left: int | None
    alert: str
    note: str


class CaseOut(BaseModel):
    id: int
    dispute_type: str
    stage: str
    stage_since: dt.date
    channel: str
    person: str
    employer: str
    employer_unit: Ref | None
    summary: str
    knew_on: dt.date
    employment_ended_on: dt.date | None
    opened_on: dt.date
    handler: str | None
    due_on: dt.date | None
    overdue: bool
    suspended_since: dt.date | None
    purged: bool = Field(description="已过保存期限，个人信息和材料已清除")
    outcome: str
    amount_recovered: str | None = Field(description="追回金额（元），十进制字符串")
    limitation: Limitation
    steps: list[CaseStepOut]
    documents: list[DocumentOut]


NOT_ADVICE = "时效提醒根据所填日期按《劳动争议调解仲裁法》第二十七条计算，仅供参考，不构成法律意见。"


def _handler_name(case: LegalAidCase) -> str | None:
    return str(case.handler) if case.handler else None


def _person_name(case: LegalAidCase) -> str:
    return case.person.name if case.person is not None else ""


def _row(case: LegalAidCase, today: dt.date) -> dict[str, Any]:
    return {
        "id": case.pk,
        "dispute_type": case.dispute_type,
        "stage": case.stage,
        "employer": case.employer_name,
        "person": _person_name(case),
        "handler": _handler_name(case),
        "opened_on": case.opened_on,
        "limitation_deadline": case.limitation_deadline,
        "limitation_alert": clock.alert(case.limitation_deadline, today).value if not case.is_final else "none",
        "due_on": case.due_on,
        "overdue": services.is_overdue(case, today),
        "suspended_since": case.suspended_since,
    }


def _case(view: services.CaseView) -> dict[str, Any]:
    case = view.case
    superseded = view.superseded
    return {
        "id": case.pk,
        "dispute_type": case.dispute_type,
        "stage": case.stage,
        "stage_since": case.stage_since,
        "channel": case.channel,
        "person": _person_name(case),
        "employer": case.employer_name,
        "employer_unit": {"id": case.employer_unit.pk, "name": case.employer_unit.name} if case.employer_unit else None,
        "summary": case.summary,
        "knew_on": case.knew_on,
        "employment_ended_on": case.employment_ended_on,
        "opened_on": case.opened_on,
        "handler": _handler_name(case),
        "due_on": case.due_on,
        "overdue": view.overdue,
        "suspended_since": case.suspended_since,
        "purged": case.is_purged,
        "outcome": case.outcome,
        "amount_recovered": str(case.amount_recovered) if case.amount_recovered is not None else None,
        # A purged case keeps only the month known: no day-exact clock is derived from it.
        "limitation": {
            "deadline": None if case.is_purged else view.limitation.deadline,
            "rule": view.limitation.rule.value,
            "runs_from": None if case.is_purged else view.limitation.runs_from,
            "suspended_days": view.limitation.suspended_days,
            "paused_left": view.limitation.paused_left,
            "days_left": None if case.is_purged else view.days_left,
            "alert": view.alert.value if not case.is_final else "none",
            "note": NOT_ADVICE,
        },
        "steps": [
            {
                "id": s.pk,
                "kind": s.kind,
                "stage": s.stage,
                "on": s.on,
                "note": s.note,
                "due_on": s.due_on,
                "corrects": s.corrects_id,
                "reason": s.reason,
                "superseded": s.pk in superseded,
            }
            for s in view.steps
        ],
        "documents": [
            {"id": d.pk, "title": d.title, "kind": d.kind, "size": d.size, "uploaded_at": d.uploaded_at}
            for d in view.documents
        ],
    }


def _worker(actor: Actor, payload: CaseIn) -> Any:
    if payload.person is not None:
        if not access.can_open_for_others(actor):
            raise Forbidden(_("只能为自己申请法律援助。"))
        return person_for_actor(actor, payload.person)
    return access.worker_for(actor, "")


@router.post("/cases", response={201: CaseCreated}, summary="申请法律援助")
@signed_in
@refuses(Forbidden)
def create_case(request: HttpRequest, payload: CaseIn) -> Status[dict[str, Any]]:
    actor = request_actor(request)
    person = _worker(actor, payload)
    units = Unit.objects.filter(subdistrict_id=person.subdistrict_id)
    case = services.case_open(
        actor=actor,
        person=person,
        dispute_type=payload.dispute_type,
        employer_name=payload.employer,
        employer_unit=pick(units, payload.employer_unit, "employer_unit"),
        summary=payload.summary,
        knew_on=payload.knew_on,
        employment_ended_on=payload.employment_ended_on,
        channel=payload.channel if payload.person is not None else Channel.ONLINE,
        request=request,
    )
    return Status(201, {"id": case.pk, "limitation_deadline": case.limitation_deadline})


@router.get("/cases", response=Page[CaseRow], summary="我的法律援助案件（承办人：我的案件；督导：全部）")
@signed_in
def list_cases(request: HttpRequest, filters: Query[CaseFilters], response: HttpResponse) -> dict[str, Any]:
    actor = request_actor(request)
    stage = filters.stage if filters.stage in Stage.values else ""
    page = paginate(selectors.case_rows(actor, stage=stage), filters)
    today = timezone.localdate()
    services.cases_listed(actor=actor, cases=page["items"], request=request)
    page["items"] = [_row(c, today) for c in page["items"]]
    response["Cache-Control"] = "no-store, private"
    return page


@router.get("/cases/{int:case_id}", response=CaseOut, summary="法律援助案件（承办人、督导）")
@signed_in
@refuses(Forbidden)
def get_case(request: HttpRequest, case_id: Id, response: HttpResponse) -> dict[str, Any]:
    actor = request_actor(request)
    case = access.case_for_actor(actor, case_id)
    if not actor.has_role(*access.CASE_STAFF_ROLES):
        raise Forbidden(_("案件详情请在“我的法律援助”页面验证身份后查看。"), code="fresh_proof_required")
    response["Cache-Control"] = "no-store, private"
    return _case(services.case_read(actor=actor, case=case, request=request))


class StepIn(Schema):
    on: dt.date | None = Field(description="日期")
    note: str = Field("", max_length=services.MAX_NOTE_LENGTH, description="说明（不予受理须写明理由）")
    stage: str = Field("", description=f"进入的阶段（不变则留空）：{'、'.join(Stage.values)}")
    due_on: dt.date | None = Field(None, description="下一步期限；null 时按阶段的通常期限")
    outcome: str = Field("", max_length=services.MAX_NOTE_LENGTH, description="结案结果（仅结案）")
    amount_recovered: str | None = Field(None, description="追回金额（元），十进制字符串（仅结案）")


class InterruptionIn(Schema):
    on: dt.date | None = Field(description="中断之日")
    note: str = Field(max_length=services.MAX_NOTE_LENGTH, description="中断事由")


class SuspensionIn(Schema):
    on: dt.date | None = Field(description="中止之日")
    note: str = Field(max_length=services.MAX_NOTE_LENGTH, description="中止原因")
    suspends_limitation: bool = Field(False, description="因不可抗力或其他正当理由，仲裁时效同时中止")


class ResumptionIn(Schema):
    on: dt.date | None = Field(description="恢复办理之日（中止原因消除之日）")
    note: str = Field("", max_length=services.MAX_NOTE_LENGTH, description="说明")


class CorrectionIn(Schema):
    on: dt.date | None = Field(description="正确的日期")
    note: str = Field("", max_length=services.MAX_NOTE_LENGTH, description="正确的说明")
    reason: str = Field(max_length=services.MAX_REASON_LENGTH, description="更正原因")
    outcome: str = Field("", max_length=services.MAX_NOTE_LENGTH, description="结案结果（更正结案时必填）")
    amount_recovered: str | None = Field(None, description="追回金额（元），十进制字符串（仅更正结案）")
    suspends_limitation: bool | None = Field(None, description="更正中止时：仲裁时效是否同时中止；null 不变")


class WithdrawalIn(Schema):
    reason: str = Field(max_length=services.MAX_REASON_LENGTH, description="撤销原因")


class StepWritten(BaseModel):
    id: int
    kind: str
    on: dt.date
    corrects: int | None
    stage: str = Field(description="案件此后的阶段")
    due_on: dt.date | None = Field(description="案件此后的下一步期限")
    suspended_since: dt.date | None
    limitation_deadline: dt.date | None


def _written(step: CaseStep) -> Status[dict[str, Any]]:
    case = LegalAidCase.objects.only("stage", "due_on", "suspended_since", "limitation_deadline").get(pk=step.case_id)
    return Status(
        201,
        {
            "id": step.pk,
            "kind": step.kind,
            "on": step.on,
            "corrects": step.corrects_id,
            "stage": case.stage,
            "due_on": case.due_on,
            "suspended_since": case.suspended_since,
            "limitation_deadline": case.limitation_deadline,
        },
    )


def _money(value: str | None) -> Any:
    """A decimal string (None: none given); the service rounds it half up to the fen."""
    if value is None or not value.strip():
        return None
    amount = read_decimal(value)
    if amount is None:
        raise ValidationError({"amount_recovered": [_("请填写不小于0的金额。")]})
    return amount


WRITES = staff(*access.CASE_STAFF_ROLES)


@router.post("/cases/{int:case_id}/steps", response={201: StepWritten}, summary="记录进展或变更阶段")
@WRITES
@refuses(Forbidden, ValidationError)
def add_step(request: HttpRequest, case_id: Id, payload: StepIn) -> Status[dict[str, Any]]:
    actor = request_actor(request)
    case = access.case_for_progress(actor, case_id)
    step = services.step_add(
        actor=actor,
        case=case,
        on=payload.on,
        note=payload.note,
        stage=payload.stage,
        due_on=payload.due_on,
        outcome=payload.outcome,
        amount_recovered=_money(payload.amount_recovered),
        request=request,
    )
    return _written(step)


@router.post("/cases/{int:case_id}/interruptions", response={201: StepWritten}, summary="记录时效中断")
@WRITES
@refuses(Forbidden, ValidationError)
def add_interruption(request: HttpRequest, case_id: Id, payload: InterruptionIn) -> Status[dict[str, Any]]:
    actor = request_actor(request)
    case = access.case_for_progress(actor, case_id)
    return _written(
        services.interruption_add(actor=actor, case=case, on=payload.on, note=payload.note, request=request)
    )


@router.post("/cases/{int:case_id}/suspension", response={201: StepWritten}, summary="中止案件")
@WRITES
@refuses(Forbidden, Conflict, ValidationError)
def suspend_case(request: HttpRequest, case_id: Id, payload: SuspensionIn) -> Status[dict[str, Any]]:
    actor = request_actor(request)
    case = access.case_for_progress(actor, case_id)
    step = services.case_suspend(
        actor=actor,
        case=case,
        on=payload.on,
        note=payload.note,
        suspends_limitation=payload.suspends_limitation,
        request=request,
    )
    return _written(step)


@router.post("/cases/{int:case_id}/resumption", response={201: StepWritten}, summary="恢复办理")
@WRITES
@refuses(Forbidden, Conflict, ValidationError)
def resume_case(request: HttpRequest, case_id: Id, payload: ResumptionIn) -> Status[dict[str, Any]]:
    actor = request_actor(request)
    case = access.case_for_progress(actor, case_id)
    return _written(services.case_resume(actor=actor, case=case, on=payload.on, note=payload.note, request=request))


@router.post("/steps/{int:step_id}/correction", response={201: StepWritten}, summary="更正步骤")
@WRITES
@refuses(Forbidden, Conflict, ValidationError)
def correct_step(request: HttpRequest, step_id: Id, payload: CorrectionIn) -> Status[dict[str, Any]]:
    actor = request_actor(request)
    case = access.case_for_progress(actor, access.step_for_actor(actor, step_id).case_id)
    step = services.step_correct(
        actor=actor,
        case=case,
        step_id=step_id,
        on=payload.on,
        note=payload.note,
        reason=payload.reason,
        outcome=payload.outcome,
        amount_recovered=_money(payload.amount_recovered),
        suspends_limitation=payload.suspends_limitation,
        request=request,
    )
    return _written(step)


@router.post("/steps/{int:step_id}/withdrawal", response={201: StepWritten}, summary="撤销误记的步骤")
@WRITES
@refuses(Forbidden, Conflict, ValidationError)
def withdraw_step(request: HttpRequest, step_id: Id, payload: WithdrawalIn) -> Status[dict[str, Any]]:
    actor = request_actor(request)
    case = access.case_for_progress(actor, access.step_for_actor(actor, step_id).case_id)
    step = services.step_withdraw(actor=actor, case=case, step_id=step_id, reason=payload.reason, request=request)
    return _written(step)
