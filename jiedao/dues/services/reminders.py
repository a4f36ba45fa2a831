"""Reminders of arrears: by e-mail to the contact the assessment names, and by SMS
(template ``payment_due``: the year, the amount owed, the federation's phone) to the
contact's mobile.

Run daily (``manage.py dues_reminders``). For each assessment overdue and still
owing, the schedule the federation set decides whether a reminder is due (first
after ``first_after_days``, then every ``every_days``); each reminder sent is an
``ArrearsStep`` (reminder), so the history shows it and it is not sent twice.
The federation may also text a reminder from the assessment's page
(``text_reminder``). At most one text a day per assessment, whoever sends it (a
database constraint on the steps). A text goes only once the step is committed,
and a failed text never fails the caller. No text is sent while the federation's
phone (the schedule's ``phone``) is blank: the message must say whom to call.
Formal notices and 支付令 applications are steps the federation records by hand.
"""

import datetime as dt
import logging
import smtplib
from decimal import Decimal

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core.errors import Conflict
from jiedao.core.notifications import send_sms
from jiedao.core.sms.templates import PAYMENT_DUE
from jiedao.dues.access import require_manager
from jiedao.dues.models import ArrearsStep, DuesAssessment, ReminderSchedule
from jiedao.dues.selectors.arrears import arrears_queryset, arrears_rows, suggested_step
from jiedao.dues.selectors.ledger import assessment_money, schedule_of
from jiedao.dues.services.assessments import refuse_voided, step_add
from jiedao.org.models import Subdistrict

logger = logging.getLogger(__name__)


def _message(a: DuesAssessment, arrears: object, days: int) -> tuple[str, str]:
    subject = _("%(year)d年度工会经费催缴提醒") % {"year": a.year}
    body = _(
        "%(unit)s：\n\n贵单位%(year)d年度%(kind)s应缴%(assessed)s元，截至今日尚欠%(arrears)s元，"
        "已逾期%(days)d天（截止日期%(due)s）。请尽快交纳；如已交纳，请将缴费凭证发送给街道总工会。\n\n%(sd)s总工会"
    ) % {
        "unit": a.unit.name,
        "year": a.year,
        "kind": a.get_kind_display(),
        "assessed": a.assessed,
        "arrears": arrears,
        "days": days,
        "due": a.due_on,
        "sd": a.subdistrict.name,
    }
    return subject, body


def _text_after_commit(a: DuesAssessment, arrears: Decimal, phone: str, signature: str) -> None:
    """Queue the ``payment_due`` text to the contact's mobile for when the step is committed."""
    params = {"year": a.year, "amount": f"{arrears:.2f}", "phone": phone}
    mobile = a.contact_phone
    transaction.on_commit(lambda: send_sms(mobile, PAYMENT_DUE, params, signature=signature))


def _texted_on(a: DuesAssessment, day: dt.date) -> bool:
    return ArrearsStep.objects.filter(assessment=a, taken_on=day, texted=True).exists()


def send_reminders(*, subdistrict: Subdistrict, today: dt.date) -> int:
    """Send the reminders due ``today`` in ``subdistrict`` (an e-mail to the contact's
    address, a text to the contact's mobile, each when there is one); the number of
    assessments reminded. Runs may overlap (two schedulers, a retry): each
    assessment is locked and its steps read again before it is reminded, so a
    second run finds today's reminder and sends nothing."""
    schedule = schedule_of(subdistrict.pk)
    qs = DuesAssessment.objects.filter(subdistrict=subdistrict)
    rows = arrears_rows(list(arrears_queryset(qs, today)), schedule, today)
    sent = 0
    for row in rows:
        if row.suggested != ArrearsStep.Step.REMINDER:
            continue
        try:
            with transaction.atomic():
                reminded = _remind(row.assessment.pk, schedule, today, subdistrict)
        except (OSError, smtplib.SMTPException) as error:
            logger.error("Dues reminder for assessment %s not sent: %s", row.assessment.pk, error)
            continue
        except Conflict:  # texted a moment ago (from the desk): tomorrow's run will see the step
            continue
        sent += reminded
    return sent


def _remind(pk: int, schedule: ReminderSchedule, today: dt.date, subdistrict: Subdistrict) -> bool:
    """Remind one assessment if, read again under its row lock, a reminder is still
    due today (inside the caller's transaction); whether one was sent."""
    # Lock the assessment only: the unit and sub-district rows stay free while mail goes out.
    a = (
        DuesAssessment.objects.select_for_update(of=("self",))
        .select_related("unit", "subdistrict")
        .filter(pk=pk)
        .first()
    )
    if a is None or a.is_voided:
        return False
    steps = list(ArrearsStep.objects.filter(assessment=a).order_by("taken_on", "pk"))
    _paid, arrears = assessment_money(a)
    days = (today - a.due_on).days
    if arrears <= 0 or suggested_step(days, steps, schedule, today) != ArrearsStep.Step.REMINDER:
        return False
    email = bool(a.contact_email)
    text = bool(a.contact_phone and schedule.phone) and not any(s.texted and s.taken_on == today for s in steps)
    if not email and not text:
        return False
    if email and text:
        note = _("按催缴安排自动发送邮件和短信提醒。")
    elif email:
        note = _("按催缴安排自动发送邮件提醒。")
    else:
        note = _("按催缴安排自动发送短信提醒。")
    step_add(
        actor=None,
        assessment=a,
        step=ArrearsStep.Step.REMINDER,
        taken_on=today,
        note=note,
        emailed=email,
        texted=text,
    )
    if text:
        _text_after_commit(a, arrears, schedule.phone, subdistrict.name)
    if email:
        # Inside the transaction: a failed send records no reminder (tried again tomorrow).
        subject, body = _message(a, arrears, days)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [a.contact_email])
    return True


@transaction.atomic
def text_reminder(*, actor: Actor, assessment: DuesAssessment, request: HttpRequest | None = None) -> ArrearsStep:
    """Text the arrears reminder to the contact's mobile now, from the desk (once a
    day per assessment); recorded as a reminder step and audited."""
    require_manager(actor, assessment.subdistrict_id)
    DuesAssessment.objects.select_for_update().filter(pk=assessment.pk).first()
    assessment.refresh_from_db()
    refuse_voided(assessment)
    if not assessment.contact_phone:
        raise Conflict(_("该核定没有登记联系人手机，请先在“修改申报”中填写。"), code="no_phone")
    schedule = schedule_of(assessment.subdistrict_id)
    if not schedule.phone:
        raise Conflict(
            _("请先在“催缴安排”中填写总工会联系电话：短信会请企业拨打这个号码。"), code="no_federation_phone"
        )
    today = timezone.localdate()
    if _texted_on(assessment, today):
        raise Conflict(_("今天已经给该企业发过短信提醒，一天最多一次。"), code="texted_today")
    step = step_add(
        actor=actor,
        assessment=assessment,
        step=ArrearsStep.Step.REMINDER,
        taken_on=today,
        note=_("发送短信提醒。"),
        texted=True,
        request=request,
    )
    _paid, arrears = assessment_money(assessment)
    _text_after_commit(assessment, arrears, schedule.phone, assessment.subdistrict.name)
    return step
