"""``send_sms``: the one way the platform sends a text message."""

import logging
from collections.abc import Mapping

from django.conf import settings
from django.utils.module_loading import import_string

from jiedao.core.sms.backends import SmsBackend, SmsMessage, SmsNotSent
from jiedao.core.sms.templates import clean_value, render, template_named, template_params
from jiedao.core.validators import mask_phone

logger = logging.getLogger("jiedao.core.notifications")


def sms_backend() -> SmsBackend:
    backend: SmsBackend = import_string(settings.JIEDAO_SMS_BACKEND)()
    return backend


def compose(
    phone: str, template: str, params: Mapping[str, object], *, signature: str, language: str | None = None
) -> SmsMessage:
    """The message, rendered; an unknown template, wrong parameters or no signature is a
    programming error and raises ``ValueError``."""
    chosen = template_named(template)
    values = template_params(chosen, params)
    sign_name = clean_value(signature).replace("[", "").replace("]", "")
    if not sign_name:
        raise ValueError("An SMS needs a signature: the name of the sub-district it concerns.")
    text = render(chosen, values, signature=sign_name, language=language)
    return SmsMessage(phone=phone, template=chosen.name, params=values, signature=sign_name, text=text)


def send_sms(
    phone: str,
    template: str,
    params: Mapping[str, object] | None = None,
    *,
    signature: str,
    language: str | None = None,
) -> bool:
    """Send the template ``template`` with ``params`` to ``phone`` under ``signature`` (the
    name of the sub-district the message concerns); see ``deliver`` for the result."""
    return deliver(compose(phone, template, params or {}, signature=signature, language=language))


def deliver(message: SmsMessage) -> bool:
    """True when the backend took the message; False when there is no number or sending
    failed. A failure is logged (template, masked number, reason; never the text nor a
    parameter) and never raised: a failed reminder cannot break a booking, and a caller
    that must tell the person (a login code) reads the result."""
    if not message.phone:
        return False
    try:
        sms_backend().send(message)
    except SmsNotSent as error:
        logger.error("SMS %s to %s not sent: %s", message.template, mask_phone(message.phone), error)
        return False
    except Exception:
        logger.exception("SMS backend failed (SMS %s to %s)", message.template, mask_phone(message.phone))
        return False
    return True
