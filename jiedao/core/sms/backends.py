"""The message a backend receives, the error it raises, and the two backends that send
nothing: the console (development) and the in-memory outbox (tests)."""

from dataclasses import dataclass
from typing import Protocol

from django.conf import settings

from jiedao.core.validators import mask_phone


@dataclass(frozen=True)
class SmsMessage:
    phone: str
    template: str  # a name of ``templates.TEMPLATES``
    params: dict[str, str]
    signature: str  # the sub-district's name, without 【】
    text: str  # as the phone shows it, 【signature】 first


class SmsNotSent(Exception):
    """A backend could not send (gateway refusal, HTTP error, timeout, configuration).

    The message says why for the log; it never holds the phone number nor a parameter."""


class SmsBackend(Protocol):
    def send(self, message: SmsMessage) -> None: ...


class ConsoleSmsBackend:
    """Development: prints each message at once on the server's standard output, one
    line with the full text (a developer running ``make run`` reads the code there).
    With DEBUG off it sends nothing and says so: a deployment must name a gateway."""

    def send(self, message: SmsMessage) -> None:
        if not settings.DEBUG:
            raise SmsNotSent("the console SMS backend sends nothing with DEBUG off: set JIEDAO_SMS_BACKEND")
        print(f"SMS to {mask_phone(message.phone)}: {message.text}", flush=True)


outbox: list[SmsMessage] = []


class LocmemSmsBackend:
    """Tests: appends to ``outbox`` (clear it in the test; never rebind it)."""

    def send(self, message: SmsMessage) -> None:
        outbox.append(message)
