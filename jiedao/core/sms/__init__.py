"""Text messages: templates (``templates``), ``send_sms``, and the backends named by
``JIEDAO_SMS_BACKEND``: ``ConsoleSmsBackend`` (development), ``LocmemSmsBackend`` (tests,
into ``outbox``), ``aliyun.AliyunSmsBackend`` (production). See docs/sms.md."""

from jiedao.core.sms.backends import (
    ConsoleSmsBackend,
    LocmemSmsBackend,
    SmsBackend,
    SmsMessage,
    SmsNotSent,
    outbox,
)
from jiedao.core.sms.sending import compose, deliver, send_sms, sms_backend
from jiedao.core.sms.templates import (
    APPOINTMENT_CANCELLED,
    APPOINTMENT_REMINDER,
    CASE_PROGRESS,
    LOGIN_CODE,
    PAYMENT_DUE,
    PENDING_STEPS,
    PLACE_OFFER,
    SCHEDULE_CHANGED,
    STAFF_INVITATION,
    TEMPLATES,
    WAITLIST_OFFER,
    SmsTemplate,
    sms_time,
)

__all__ = [
    "APPOINTMENT_CANCELLED",
    "APPOINTMENT_REMINDER",
    "CASE_PROGRESS",
    "LOGIN_CODE",
    "PAYMENT_DUE",
    "PENDING_STEPS",
    "PLACE_OFFER",
    "SCHEDULE_CHANGED",
    "STAFF_INVITATION",
    "TEMPLATES",
    "WAITLIST_OFFER",
    "ConsoleSmsBackend",
    "LocmemSmsBackend",
    "SmsBackend",
    "SmsMessage",
    "SmsNotSent",
    "SmsTemplate",
    "compose",
    "deliver",
    "outbox",
    "send_sms",
    "sms_backend",
    "sms_time",
]
