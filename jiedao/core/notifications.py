"""Notifications: e-mail through Django's mail (SMTP from the environment) and text
messages through ``jiedao.core.sms`` (templates only, under the sub-district's name as
signature; the backend named by ``JIEDAO_SMS_BACKEND``), re-exported here.
"""

import logging

from django.core.mail import EmailMessage

from jiedao.core.sms import (
    ConsoleSmsBackend,
    LocmemSmsBackend,
    SmsMessage,
    SmsNotSent,
    outbox,
    send_sms,
)

__all__ = ["ConsoleSmsBackend", "LocmemSmsBackend", "SmsMessage", "SmsNotSent", "outbox", "send_email", "send_sms"]

logger = logging.getLogger(__name__)


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
