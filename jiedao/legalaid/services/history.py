"""The history of a case is never edited. A step entered by mistake is superseded:

- ``step_correct``: a new step of the same kind with the right date and note, which
  ``corrects`` the old one, with the reason for the correction. A closing is
  corrected with its outcome and amount recovered too; a suspension or a resumption
  with its date (the due date and the limitation clock follow);
- ``step_withdraw``: a ``withdrawn`` step that takes a note or an interruption back
  (it should not have been recorded), with the reason.

Both keep the old step on the page (struck through, "已更正"/"已撤销"), are audited
(which step, the dates; never a note or a reason), and recompute the limitation clock
when an interruption changed. A step is superseded once (a database constraint); a
correction can itself be corrected.

A case is suspended (``case_suspend``, 中止: the worker cannot be reached, a 工伤认定
or another procedure must come first, force majeure…) and resumed
(``case_resume``). While it is suspended no stage changes and its step is not flagged
overdue; on resumption its due date moves on by the days it was suspended. A
suspension for force majeure or another proper reason also suspends the limitation
period (劳动争议调解仲裁法 art. 27(3); ``clock.limitation``).
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.errors import Conflict, Forbidden, NotFound
from jiedao.core.models import AuditEntry
from jiedao.core.services import Errors, change_detail, clean_long_text, new_errors, raise_if, withheld_changes
from jiedao.legalaid import access
from jiedao.legalaid.models import CaseStep, LegalAidCase, Stage
from jiedao.legalaid.services.cases import (
    MAX_NOTE_LENGTH,
    amount_of,
    check_date,
    effective_steps,
    keep_limitation,
    superseded_ids,
)

# What may be corrected (date and note) and what may be withdrawn.
CORRECTABLE = frozenset(
    {
        CaseStep.Kind.NOTE,
        CaseStep.Kind.INTERRUPTION,
        CaseStep.Kind.STAGE,
        CaseStep.Kind.SUSPENDED,
        CaseStep.Kind.RESUMED,
    }
)
WITHDRAWABLE = frozenset({CaseStep.Kind.NOTE, CaseStep.Kind.INTERRUPTION})
MAX_REASON_LENGTH = 500


def _locked(actor: Actor, case: LegalAidCase, refusal: str) -> LegalAidCase:
    case = LegalAidCase.objects.select_for_update().get(pk=case.pk)
    if not access.may_progress(actor, case):
        raise Forbidden(refusal)
    if case.is_purged:
        raise Conflict(_("此案件的个人信息已按保存期限清除，不能再更改。"))
    return case


def _text(errors: Errors, field: str, value: str, *, limit: int, required: str = "") -> str:
    value = clean_long_text(value)
    if not value and required:
        errors[field].append(required)
    elif len(value) > limit:
        errors[field].append(_("最多%(n)d个字，当前%(len)d个字。") % {"n": limit, "len": len(value)})
    return value


def _standing_step(case: LegalAidCase, step_id: int, kinds: frozenset[str]) -> tuple[CaseStep, list[CaseStep]]:
    steps = list(case.steps.only("pk", "kind", "stage", "on", "corrects_id", "suspends_limitation", "amount"))
    step = next((s for s in steps if s.pk == step_id), None)
    if step is None:
        raise NotFound(_("没有这个步骤。"))
    if step.pk in superseded_ids(steps):
        raise Conflict(_("这一步骤已经更正或撤销过。"))
    if step.kind not in kinds:
        raise Conflict(_("这类步骤不能更正或撤销。"))
    return step, steps


def _stage_bounds(step: CaseStep, steps: list[CaseStep]) -> tuple[dt.date, dt.date | None, bool]:
    """The dates a stage step may move between (the stage before it began, the next
    began), and whether it is the current stage's step."""
    marks = sorted(
        (s for s in effective_steps(steps) if s.kind in (CaseStep.Kind.OPENED, CaseStep.Kind.STAGE)),
        key=lambda s: (s.on, s.pk),
    )
    index = next(i for i, s in enumerate(marks) if s.pk == step.pk)
    after = marks[index + 1].on if index + 1 < len(marks) else None
    return marks[index - 1].on, after, after is None


def _suspension_bounds(step: CaseStep, steps: list[CaseStep], case: LegalAidCase) -> tuple[dt.date, dt.date | None]:
    """The dates a suspension or a resumption may move between: a suspension after
    the resumption before it and not after its own resumption; a resumption not
    before its suspension nor after the next suspension or stage change."""
    standing = sorted(effective_steps(steps), key=lambda s: (s.on, s.pk))
    index = next(i for i, s in enumerate(standing) if s.pk == step.pk)
    before, after = standing[:index], standing[index + 1 :]
    if step.kind == CaseStep.Kind.SUSPENDED:
        resumed = [s.on for s in before if s.kind == CaseStep.Kind.RESUMED]
        ends = [s.on for s in after if s.kind == CaseStep.Kind.RESUMED]
        return max([case.opened_on, *resumed]), (ends[0] if ends else None)
    begun = [s.on for s in before if s.kind == CaseStep.Kind.SUSPENDED]
    nexts = [s.on for s in after if s.kind in (CaseStep.Kind.SUSPENDED, CaseStep.Kind.STAGE)]
    return (begun[-1] if begun else case.opened_on), (nexts[0] if nexts else None)


def _moves_due(step: CaseStep, steps: list[CaseStep], case: LegalAidCase) -> bool:
    """Whether the case's due date still carries this suspension's length: the case
    is open and no stage began after the suspension."""
    return (
        not case.is_final
        and case.due_on is not None
        and not any(s.kind == CaseStep.Kind.STAGE and (s.on, s.pk) > (step.on, step.pk) for s in effective_steps(steps))
    )


@transaction.atomic
def step_correct(
    *,
    actor: Actor,
    case: LegalAidCase,
    step_id: int,
    on: dt.date | None,
    note: str,
    reason: str,
    outcome: str = "",
    amount_recovered: Decimal | None = None,
    suspends_limitation: bool | None = None,
    request: HttpRequest | None = None,
) -> CaseStep:
    """Supersede step ``step_id`` by a step of its kind dated ``on`` with ``note``; a
    closing with its ``outcome`` and ``amount_recovered``; a suspension saying
    whether it ``suspends_limitation`` (unchanged when None)."""
    case = _locked(actor, case, _("只有承办人和督导可以更正案件步骤。"))
    step, steps = _standing_step(case, step_id, CORRECTABLE)
    today = timezone.localdate()
    errors = new_errors()
    closing = step.kind == CaseStep.Kind.STAGE and step.stage == Stage.CLOSED
    required = {
        CaseStep.Kind.NOTE: _("请填写进展情况。"),
        CaseStep.Kind.INTERRUPTION: _("请说明中断事由。"),
        CaseStep.Kind.STAGE: _("不予受理须说明理由。") if step.stage == Stage.REJECTED else "",
        CaseStep.Kind.SUSPENDED: _("请说明中止的原因。"),
        CaseStep.Kind.RESUMED: "",
    }[CaseStep.Kind(step.kind)]
    note = _text(errors, "note", note, limit=MAX_NOTE_LENGTH, required=required)
    reason = _text(errors, "reason", reason, limit=MAX_REASON_LENGTH, required=_("请说明更正原因。"))
    amount: Decimal | None = None
    if closing:
        outcome = _text(errors, "outcome", outcome, limit=MAX_NOTE_LENGTH, required=_("结案须填写结果。"))
        amount = amount_of(errors, amount_recovered)
    elif (outcome or "").strip() or amount_recovered is not None:
        errors["__all__"].append(_("结果和追回金额只在结案时填写。"))
    if suspends_limitation is None or step.kind != CaseStep.Kind.SUSPENDED:
        suspends_limitation = step.suspends_limitation
    check_date(errors, "on", on, required=True, today=today)
    current = False
    if on is not None and "on" not in errors:
        if step.kind == CaseStep.Kind.STAGE:
            earliest, latest, current = _stage_bounds(step, steps)
            if on < earliest or (latest is not None and on > latest):
                errors["on"].append(
                    _("日期须在上一阶段开始之日（%(a)s）与下一阶段开始之日（%(b)s）之间。")
                    % {"a": earliest.isoformat(), "b": (latest or today).isoformat()}
                )
        elif step.kind in (CaseStep.Kind.SUSPENDED, CaseStep.Kind.RESUMED):
            earliest, latest = _suspension_bounds(step, steps, case)
            if on < earliest or (latest is not None and on > latest):
                errors["on"].append(
                    _("日期须在 %(a)s 与 %(b)s 之间。")
                    % {"a": earliest.isoformat(), "b": (latest or today).isoformat()}
                )
        elif step.kind == CaseStep.Kind.INTERRUPTION and on < case.knew_on:
            errors["on"].append(_("中断日期不能早于知道权利被侵害之日。"))
        elif on < case.opened_on and step.kind == CaseStep.Kind.NOTE:
            errors["on"].append(_("日期不能早于申请日期（%(d)s）。") % {"d": case.opened_on.isoformat()})
    raise_if(errors)
    assert on is not None
    correction = _supersede(
        case,
        step,
        kind=step.kind,
        on=on,
        note=note,
        reason=reason,
        actor=actor,
        outcome=outcome if closing else "",
        amount=amount,
        suspends_limitation=suspends_limitation,
    )
    changes: dict[str, list[Any] | None] = {"corrected_step": [step.pk, correction.pk]}
    if on != step.on:
        changes["on"] = [step.on.isoformat(), on.isoformat()]
    changes.update(withheld_changes(["note", "reason"]))
    fields = ["updated_at"]
    if current and case.stage_since != on:
        case.stage_since = on
        fields.append("stage_since")
    if closing and current:
        case.outcome, case.amount_recovered = outcome, amount
        fields += ["outcome", "amount_recovered"]
        changes.update(withheld_changes(["outcome", "amount_recovered"]))
    if step.kind in (CaseStep.Kind.SUSPENDED, CaseStep.Kind.RESUMED):
        if suspends_limitation != step.suspends_limitation:
            changes["suspends_limitation"] = [step.suspends_limitation, suspends_limitation]
        _follow_suspension(case, step, steps, on, changes, fields)
    if step.kind in (CaseStep.Kind.INTERRUPTION, CaseStep.Kind.SUSPENDED, CaseStep.Kind.RESUMED):
        keep_limitation(case, changes)
        fields += ["limitation_deadline", "limitation_rule"]
    case.save(update_fields=fields)
    audit.record(actor=actor, action=AuditEntry.Action.UPDATE, obj=case, request=request, detail=change_detail(changes))
    return correction


def _follow_suspension(
    case: LegalAidCase,
    step: CaseStep,
    steps: list[CaseStep],
    on: dt.date,
    changes: dict[str, list[Any] | None],
    fields: list[str],
) -> None:
    """A suspension's corrected date: the open suspension's start, and the due date
    that its length moved on (a later resumption: later still; a later start: sooner)."""
    moved = on - step.on
    if not moved:
        return
    if step.kind == CaseStep.Kind.SUSPENDED and case.suspended_since == step.on:
        changes["suspended_since"] = [step.on.isoformat(), on.isoformat()]
        case.suspended_since = on
        fields.append("suspended_since")
        return
    if case.due_on is not None and _moves_due(step, steps, case):
        shift = moved if step.kind == CaseStep.Kind.RESUMED else -moved
        due = max(case.due_on + shift, on)
        changes["due_on"] = [case.due_on.isoformat(), due.isoformat()]
        case.due_on = due
        fields.append("due_on")


@transaction.atomic
def step_withdraw(
    *, actor: Actor, case: LegalAidCase, step_id: int, reason: str, request: HttpRequest | None = None
) -> CaseStep:
    """Take back a note or an interruption entered by mistake (a ``withdrawn`` step)."""
    case = _locked(actor, case, _("只有承办人和督导可以撤销案件步骤。"))
    step, _steps = _standing_step(case, step_id, WITHDRAWABLE)
    errors = new_errors()
    reason = _text(errors, "reason", reason, limit=MAX_REASON_LENGTH, required=_("请说明撤销原因。"))
    raise_if(errors)
    withdrawal = _supersede(
        case, step, kind=CaseStep.Kind.WITHDRAWN, on=timezone.localdate(), note="", reason=reason, actor=actor
    )
    changes: dict[str, list[Any] | None] = {"withdrawn_step": [step.pk, withdrawal.pk]}
    changes.update(withheld_changes(["reason"]))
    if step.kind == CaseStep.Kind.INTERRUPTION:
        keep_limitation(case, changes)
        case.save(update_fields=["limitation_deadline", "limitation_rule", "updated_at"])
    audit.record(actor=actor, action=AuditEntry.Action.UPDATE, obj=case, request=request, detail=change_detail(changes))
    return withdrawal


def _supersede(
    case: LegalAidCase,
    step: CaseStep,
    *,
    kind: str,
    on: dt.date,
    note: str,
    reason: str,
    actor: Actor,
    outcome: str = "",
    amount: Decimal | None = None,
    suspends_limitation: bool = False,
) -> CaseStep:
    try:
        with transaction.atomic():
            return CaseStep.objects.create(
                subdistrict_id=case.subdistrict_id,
                case=case,
                kind=kind,
                stage=step.stage,
                on=on,
                note=note,
                reason=reason,
                corrects=step,
                outcome=outcome,
                amount=amount,
                suspends_limitation=suspends_limitation and kind == CaseStep.Kind.SUSPENDED,
                by=actor.user,
            )
    except IntegrityError:  # corrected at the same moment by someone else
        raise Conflict(_("这一步骤已经更正或撤销过。")) from None


@transaction.atomic
def case_suspend(
    *,
    actor: Actor,
    case: LegalAidCase,
    on: dt.date | None,
    note: str,
    suspends_limitation: bool = False,
    request: HttpRequest | None = None,
) -> CaseStep:
    """Suspend the case from ``on`` for the reason in ``note``; with
    ``suspends_limitation`` the limitation period stops too (force majeure or another
    proper reason kept the worker from applying for arbitration)."""
    case = _locked(actor, case, _("只有承办人和督导可以中止案件。"))
    today = timezone.localdate()
    errors = new_errors()
    note = _text(errors, "note", note, limit=MAX_NOTE_LENGTH, required=_("请说明中止的原因。"))
    check_date(errors, "on", on, required=True, today=today)
    if on is not None and "on" not in errors and on < case.stage_since:
        errors["on"].append(_("日期不能早于本阶段开始之日（%(d)s）。") % {"d": case.stage_since.isoformat()})
    if case.is_final:
        errors["__all__"].append(_("案件已%(stage)s，不能再记录进展。") % {"stage": case.get_stage_display()})
    elif case.suspended_since is not None:
        errors["__all__"].append(_("案件已于 %(d)s 中止，尚未恢复办理。") % {"d": case.suspended_since.isoformat()})
    raise_if(errors)
    assert on is not None
    step = CaseStep.objects.create(
        subdistrict_id=case.subdistrict_id,
        case=case,
        kind=CaseStep.Kind.SUSPENDED,
        stage=case.stage,
        on=on,
        note=note,
        suspends_limitation=suspends_limitation,
        by=actor.user,
    )
    case.suspended_since = on
    changes: dict[str, list[Any] | None] = {
        "suspended_since": [None, on.isoformat()],
        "suspends_limitation": [None, suspends_limitation],
    }
    keep_limitation(case, changes)
    case.save(update_fields=["suspended_since", "limitation_deadline", "limitation_rule", "updated_at"])
    changes.update(withheld_changes(["note"]))
    audit.record(actor=actor, action=AuditEntry.Action.UPDATE, obj=case, request=request, detail=change_detail(changes))
    return step


@transaction.atomic
def case_resume(
    *, actor: Actor, case: LegalAidCase, on: dt.date | None, note: str = "", request: HttpRequest | None = None
) -> CaseStep:
    """Resume a suspended case on ``on`` (the day the cause of the suspension ended):
    its due date moves on by the days it was suspended, and a suspended limitation
    period continues."""
    case = _locked(actor, case, _("只有承办人和督导可以恢复办理。"))
    today = timezone.localdate()
    errors = new_errors()
    note = _text(errors, "note", note, limit=MAX_NOTE_LENGTH)
    check_date(errors, "on", on, required=True, today=today)
    since = case.suspended_since
    if since is None:
        errors["__all__"].append(_("案件没有中止，无需恢复办理。"))
    elif on is not None and "on" not in errors and on < since:
        errors["on"].append(_("日期不能早于中止之日（%(d)s）。") % {"d": since.isoformat()})
    raise_if(errors)
    assert on is not None and since is not None
    step = CaseStep.objects.create(
        subdistrict_id=case.subdistrict_id,
        case=case,
        kind=CaseStep.Kind.RESUMED,
        stage=case.stage,
        on=on,
        note=note,
        by=actor.user,
    )
    changes: dict[str, list[Any] | None] = {"suspended_since": [since.isoformat(), None]}
    if case.due_on is not None and on > since:
        moved = case.due_on + (on - since)
        changes["due_on"] = [case.due_on.isoformat(), moved.isoformat()]
        case.due_on = moved
    case.suspended_since = None
    keep_limitation(case, changes)
    case.save(update_fields=["suspended_since", "due_on", "limitation_deadline", "limitation_rule", "updated_at"])
    if note:
        changes.update(withheld_changes(["note"]))
    audit.record(actor=actor, action=AuditEntry.Action.UPDATE, obj=case, request=request, detail=change_detail(changes))
    return step
