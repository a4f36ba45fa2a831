"""Scheduled reminders of arrears, by e-mail to the contact the assessment names.

Run daily (``manage.py dues_reminders``). For each assessment overdue and still
owing, the schedule the federation set decides whether a reminder is due (first
after ``first_after_days``, then every ``every_days``); each reminder sent is an
``ArrearsStep`` (reminder), so the history shows it and it is not sent twice.
Formal notices and 支付令 applications are steps the federation records by hand.
"""

import datetime as dt
import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from jiedao.dues.models import ArrearsStep, DuesAssessment
from jiedao.dues.selectors.arrears import arrears_queryset, arrears_rows
from jiedao.dues.selectors.ledger import schedule_of
from jiedao.dues.services.assessments import step_add
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


def send_reminders(*, subdistrict: Subdistrict, today: dt.date) -> int:
    """Send the reminders due ``today`` in ``subdistrict``; the number sent."""
    schedule = schedule_of(subdistrict.pk)
    qs = DuesAssessment.objects.filter(subdistrict=subdistrict)
    rows = arrears_rows(list(arrears_queryset(qs, today).select_related("subdistrict")), schedule, today)
    sent = 0
    for row in rows:
        a = row.assessment
        if row.suggested != ArrearsStep.Step.REMINDER or not a.contact_email:
            continue
        subject, body = _message(a, row.arrears, row.days_overdue)
        try:
            with transaction.atomic():
                step_add(
                    actor=None,
                    assessment=a,
                    step=ArrearsStep.Step.REMINDER,
                    taken_on=today,
                    note=_("按催缴安排自动发送邮件提醒。"),
                    emailed=True,
                )
                # Inside the transaction: a failed send records no reminder (tried again tomorrow).
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [a.contact_email])
        except (OSError, smtplib.SMTPException) as error:
            logger.error("Dues reminder for assessment %s not sent: %s", a.pk, error)
            continue
        sent += 1
    return sent
