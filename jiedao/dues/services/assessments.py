"""Assessments, payments entered by hand, and the steps taken about arrears."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.errors import Conflict
from jiedao.core.numbers import to_fen
from jiedao.core.services import (
    check_same_tenant,
    clean_long_text,
    clean_text,
    model_update,
    new_errors,
    raise_if,
    withheld_changes,
)
from jiedao.core.validators import parse_mobile
from jiedao.dues.access import require_manager
from jiedao.dues.coverage import union_status
from jiedao.dues.models import ArrearsStep, Channel, DuesAssessment, DuesPayment, DuesYear
from jiedao.dues.money import assessed_amount
from jiedao.dues.selectors.ledger import LIVE, assessment_money
from jiedao.org.models import Unit

MAX_MONEY = Decimal("999999999999.99")


def refuse_voided(assessment: DuesAssessment) -> None:
    if assessment.is_voided:
        raise Conflict(_("该核定已作废，不能再登记或修改。"), code="voided")


def clean_mobile(errors: Any, field: str, value: str) -> str:
    """An 11-digit mainland mobile number, or "" when none is given."""
    value = value.strip()
    if not value:
        return ""
    try:
        return parse_mobile(value)
    except ValidationError:
        errors[field].append(_("请填写11位手机号码，短信提醒发往此号码。"))
        return value


@transaction.atomic
def assessment_create(
    *,
    actor: Actor,
    unit: Unit | None,
    year: int,
    payroll_base: Decimal,
    channel: str,
    kind: str = "",
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    request: HttpRequest | None = None,
) -> DuesAssessment:
    """Assess ``unit`` for ``year``: the declared payroll base × the year's rate,
    rounded half up to the fen; due by the year's due date. Without a ``kind``, an
    enterprise covered by no union (the unions app) pays 工会筹备金, any other 工会经费."""
    sd = actor.subdistrict_id
    assert sd is not None
    require_manager(actor, sd)
    errors = new_errors()
    if unit is None:
        errors["unit"].append(_("请选择企业。"))
    check_same_tenant(errors, "unit", unit, sd)
    if unit is not None and unit.kind != Unit.Kind.ENTERPRISE:
        errors["unit"].append(_("只有企业核定工会经费。"))
    if not kind and unit is not None and not errors:
        status = union_status(subdistrict_id=sd, unit_ids=[unit.pk]).get(unit.pk, "none")
        kind = DuesAssessment.Kind.PREPARATORY if status == "none" else DuesAssessment.Kind.DUES
    elif kind not in DuesAssessment.Kind.values:
        errors["kind"].append(_("类别无效。"))
    if channel not in Channel.values:
        errors["channel"].append(_("交纳渠道无效。"))
    if payroll_base < 0 or payroll_base > MAX_MONEY:
        errors["payroll_base"].append(_("工资总额应为不小于0的金额。"))
    elif payroll_base != to_fen(payroll_base):
        errors["payroll_base"].append(_("金额最多两位小数（到分）。"))
    contact_name = clean_text(errors, "contact_name", contact_name, max_length=50)
    contact_email = clean_text(errors, "contact_email", contact_email, max_length=254)
    contact_phone = clean_mobile(errors, "contact_phone", contact_phone)
    settings = DuesYear.objects.filter(subdistrict_id=sd, year=year).first()
    if settings is None:
        errors["year"].append(_("请先设置%(year)d年度的计拨比例和截止日期。") % {"year": year})
    if unit is not None and DuesAssessment.objects.filter(LIVE, unit=unit, year=year).exists():
        errors["unit"].append(_("该企业%(year)d年度已核定。") % {"year": year})
    raise_if(errors)
    assert unit is not None and settings is not None
    values = {
        "unit": unit,
        "year": year,
        "kind": kind,
        "channel": channel,
        "payroll_base": payroll_base,
        "rate": settings.rate,
        "assessed": assessed_amount(payroll_base, settings.rate),
        "due_on": settings.due_on,
        "contact_name": contact_name,
        "contact_email": contact_email,
        "contact_phone": contact_phone,
    }
    try:
        with transaction.atomic():
            assessment = DuesAssessment.objects.create(subdistrict_id=sd, **values)
    except IntegrityError:
        raise Conflict(_("该企业%(year)d年度已核定。") % {"year": year}, field="unit") from None
    audit.record_created(
        actor=actor, obj=assessment, values={**values, "contact_phone": bool(contact_phone)}, request=request
    )
    return assessment


@transaction.atomic
def assessment_update(
    *,
    actor: Actor,
    assessment: DuesAssessment,
    payroll_base: Decimal,
    channel: str,
    kind: str = "",
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    request: HttpRequest | None = None,
) -> DuesAssessment:
    """Correct a declaration: the payroll base (the assessment is recomputed at the
    rate it was made with), the channel, the kind, the contact. The new assessment may
    not fall below what was already paid."""
    require_manager(actor, assessment.subdistrict_id)
    DuesAssessment.objects.select_for_update().filter(pk=assessment.pk).first()
    assessment.refresh_from_db()
    refuse_voided(assessment)
    errors = new_errors()
    if channel not in Channel.values:
        errors["channel"].append(_("交纳渠道无效。"))
    kind = kind or assessment.kind
    if kind not in DuesAssessment.Kind.values:
        errors["kind"].append(_("类别无效。"))
    if payroll_base < 0 or payroll_base > MAX_MONEY:
        errors["payroll_base"].append(_("工资总额应为不小于0的金额。"))
    elif payroll_base != to_fen(payroll_base):
        errors["payroll_base"].append(_("金额最多两位小数（到分）。"))
    contact_name = clean_text(errors, "contact_name", contact_name, max_length=50)
    contact_email = clean_text(errors, "contact_email", contact_email, max_length=254)
    contact_phone = clean_mobile(errors, "contact_phone", contact_phone)
    assessed = assessed_amount(payroll_base, assessment.rate) if not errors else assessment.assessed
    paid, _arrears = assessment_money(assessment)
    if not errors and assessed < paid:
        errors["payroll_base"].append(
            _("按此工资总额应缴%(assessed)s元，少于已缴的%(paid)s元。") % {"assessed": assessed, "paid": paid}
        )
    raise_if(errors)
    values = {
        "payroll_base": payroll_base,
        "assessed": assessed,
        "channel": channel,
        "kind": kind,
        "contact_name": contact_name,
        "contact_email": contact_email,
        "contact_phone": contact_phone,
    }
    if changes := model_update(assessment, values):
        logged: dict[str, list[Any] | None] = dict(changes)
        if "contact_phone" in changes:  # personal: the audit says that it changed, not to what
            logged.update(withheld_changes(["contact_phone"]))
        audit.record_changes(actor=actor, obj=assessment, changes=logged, request=request)
    return assessment


@transaction.atomic
def payment_add(
    *,
    actor: Actor,
    assessment: DuesAssessment,
    paid_on: dt.date,
    amount: Decimal,
    reference: str = "",
    channel: str = "",
    request: HttpRequest | None = None,
) -> DuesPayment:
    """Record one payment by hand (a statement import records many)."""
    require_manager(actor, assessment.subdistrict_id)
    DuesAssessment.objects.select_for_update().filter(pk=assessment.pk).first()  # payments take turns
    assessment.refresh_from_db()
    refuse_voided(assessment)
    errors = new_errors()
    channel = channel or assessment.channel
    if channel not in Channel.values:
        errors["channel"].append(_("交纳渠道无效。"))
    reference = clean_text(errors, "reference", reference, max_length=64)
    _paid, arrears = assessment_money(assessment)
    if amount <= 0 or amount != to_fen(amount):
        errors["amount"].append(_("金额应大于0，最多两位小数（到分）。"))
    elif amount > arrears:
        errors["amount"].append(_("金额超过欠缴金额（%(arrears)s元）。") % {"arrears": arrears})
    if paid_on > timezone.localdate():
        errors["paid_on"].append(_("缴费日期不能晚于今天。"))
    if (
        reference
        and DuesPayment.objects.filter(
            LIVE, subdistrict_id=assessment.subdistrict_id, channel=channel, reference=reference
        ).exists()
    ):
        errors["reference"].append(_("该流水号已经登记过。"))
    raise_if(errors)
    values = {"paid_on": paid_on, "amount": amount, "channel": channel, "reference": reference}
    try:
        with transaction.atomic():
            payment = DuesPayment.objects.create(
                subdistrict_id=assessment.subdistrict_id, assessment=assessment, **values
            )
    except IntegrityError:
        raise Conflict(_("该流水号已经登记过。"), field="reference") from None
    audit.record_created(actor=actor, obj=payment, values={"assessment": assessment.pk, **values}, request=request)
    return payment


@transaction.atomic
def step_add(
    *,
    actor: Actor | None,
    assessment: DuesAssessment,
    step: str,
    taken_on: dt.date,
    note: str = "",
    emailed: bool = False,
    texted: bool = False,
    request: HttpRequest | None = None,
) -> ArrearsStep:
    """Record a step about arrears: a reminder, a formal notice, a 支付令 application
    (noted here; the application itself goes to the court). ``actor`` is None for
    the scheduled reminders."""
    if actor is not None:
        require_manager(actor, assessment.subdistrict_id)
    refuse_voided(assessment)
    errors = new_errors()
    if step not in ArrearsStep.Step.values:
        errors["step"].append(_("步骤无效。"))
    _paid, arrears = assessment_money(assessment)
    if arrears <= 0:
        errors["__all__"].append(_("该企业没有欠缴，无需催缴。"))
    note = clean_long_text(note)
    if step == ArrearsStep.Step.PAYMENT_ORDER and not note:
        errors["note"].append(_("请写明支付令申请的法院和日期等情况。"))
    raise_if(errors)
    values = {
        "step": step,
        "taken_on": taken_on,
        "arrears": arrears,
        "note": note,
        "emailed": emailed,
        "texted": texted,
    }
    try:
        with transaction.atomic():
            row = ArrearsStep.objects.create(
                subdistrict_id=assessment.subdistrict_id,
                assessment=assessment,
                by=actor.user if actor is not None else None,
                **values,
            )
    except IntegrityError:
        raise Conflict(_("今天已经给该企业发过短信提醒，一天最多一次。"), code="texted_today") from None
    audit.record_created(actor=actor, obj=row, values={"assessment": assessment.pk, **values}, request=request)
    return row
