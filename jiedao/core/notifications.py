"""Notifications: e-mail through Django's mail (SMTP from the environment) and text
messages through a pluggable backend named by ``JIEDAO_SMS_BACKEND`` (the dotted path
of a class with ``send(phone, text)``). ``ConsoleSmsBackend`` (the default) logs
instead of sending; ``LocmemSmsBackend`` keeps messages in ``outbox`` for tests.
"""

import logging
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsBackend(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class ConsoleSmsBackend:
    """Development: writes the message to the log (the number masked)."""

    def send(self, phone: str, text: str) -> None:
        masked = phone[:3] + "****" + phone[-4:] if len(phone) >= 7 else "****"
        logger.info("SMS to %s: %s", masked, text)


@dataclass(frozen=True)
class SentSms:
    phone: str
    text: str


outbox: list[SentSms] = []


class LocmemSmsBackend:
    """Tests: appends to ``jiedao.core.notifications.outbox``."""

    def send(self, phone: str, text: str) -> None:
        outbox.append(SentSms(phone, text))


def sms_backend() -> SmsBackend:
    backend: SmsBackend = import_string(settings.JIEDAO_SMS_BACKEND)()
    return backend


def send_sms(phone: str, text: str) -> bool:
    """Send one text message; a failing gateway is logged, never raised into the caller."""
    if not phone:
        return False
    try:
        sms_backend().send(phone, text)
    except Exception:
        logger.exception("SMS backend failed")
        return False
    return True


def send_email(
    to: str, subject: str, body: str, *, attachments: list[tuple[str, str | bytes, str]] | None = None
) -> bool:
    """Send one e-mail (with optional (filename, content, mimetype) attachments)."""
    if not to:
        return False
    message = EmailMessage(subject=subject, body=body, to=[to])
    for name, content, mimetype in attachments or []:
        message.attach(name, content, mimetype)
    try:
        message.send()
    except Exception:
        logger.exception("e-mail failed")
        return False
    return True
