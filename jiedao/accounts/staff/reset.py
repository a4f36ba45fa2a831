"""Password reset for staff: a link by e-mail or SMS, asked for by username, e-mail
or mobile number.

The answer is the same whether or not an account matches, and whatever it is: a
resident's account (residents sign in by SMS and have no password to reset), an
inactive one, or one that has had its links for the hour all get no link, silently.
The link is sent by the task worker (``send_reset_link``), so that the time of the
answer does not tell either.

Each request is one audit entry (``detail["reason"] == RESET_REQUESTED``, with
``"sent"``: whether a link went), on the account when one matches. The limits are
counted from those entries (``core.attempts.seconds_to_wait``), so they hold across
app servers and restarts: ``JIEDAO_PASSWORD_RESETS_PER_ADDRESS_HOUR`` requests from one
client address (beyond it: ``TooMany``, which tells nothing about any account), and
``JIEDAO_PASSWORD_RESETS_PER_ACCOUNT_HOUR`` links to one account (beyond it: none,
with the same answer, so that nobody can fill a person's phone with texts).
"""

import datetime as dt
import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import ngettext
from django_tasks import task

from jiedao.accounts.models import User
from jiedao.accounts.staff import links
from jiedao.accounts.staff.access import holds_staff_role
from jiedao.accounts.staff.services import phone_hash
from jiedao.core import attempts, audit
from jiedao.core.errors import TooMany
from jiedao.core.models import AuditEntry
from jiedao.core.validators import parse_mobile

RESET_REQUESTED = "password_reset_requested"
HOUR = dt.timedelta(hours=1)
# An e-mail address may be shared by a few accounts (set in the admin site); no more are read.
MAX_MATCHES = 5


def _requests() -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(detail__reason=RESET_REQUESTED)


def _check_address(address: str | None) -> None:
    if address is None:
        return
    limit = settings.JIEDAO_PASSWORD_RESETS_PER_ADDRESS_HOUR
    seconds = attempts.seconds_to_wait(_requests().filter(client_address=address), limit=limit, window=HOUR)
    if seconds:
        minutes = math.ceil(seconds / 60)
        message = ngettext(
            "找回密码的请求过于频繁，请%(n)d分钟后再试。", "找回密码的请求过于频繁，请%(n)d分钟后再试。", minutes
        ) % {"n": minutes}
        raise TooMany(message, details={"retry_after": seconds})


def _links_left(user: User) -> bool:
    sent = _requests().filter(object_type=User._meta.label_lower, object_id=str(user.pk), detail__sent=True)
    return not attempts.seconds_to_wait(sent, limit=settings.JIEDAO_PASSWORD_RESETS_PER_ACCOUNT_HOUR, window=HOUR)


def _mobile(text: str) -> str:
    try:
        return parse_mobile(text)
    except ValidationError:
        return ""


def accounts_named(identifier: str) -> list[tuple[User, tuple[str, ...]]]:
    """The accounts ``identifier`` names, each with the channels to reach it: a username
    every channel the account has, an e-mail address the e-mail, a number the SMS."""
    text = identifier.strip()
    number = _mobile(text)
    query = Q(username=text)
    if "@" in text:
        query |= Q(email__iexact=text)
    if number:
        query |= Q(phone_hash=phone_hash(number))
    found: list[tuple[User, tuple[str, ...]]] = []
    for user in User.objects.filter(query).select_related("subdistrict").order_by("pk")[:MAX_MATCHES]:
        if user.username == text:
            found.append((user, links.CHANNELS))
        elif number and user.phone_hash == phone_hash(number):
            found.append((user, (links.SMS,)))
        else:
            found.append((user, (links.EMAIL,)))
    return found


def password_reset_request(*, identifier: str, request: HttpRequest) -> None:
    """Send a reset link to the staff account ``identifier`` names, if any may have one.
    Raises ``TooMany`` (``retry_after``) past the limit of the client's address, and
    nothing else whatever the identifier: the caller says the same every time."""
    _check_address(audit.client_address(request))
    requester = request.user if request.user.is_authenticated else None
    matches = accounts_named(identifier)
    if not matches:
        detail = {"reason": RESET_REQUESTED, "sent": False}
        audit.record(
            actor=requester,
            action=AuditEntry.Action.UPDATE,
            object_type=User._meta.label_lower,
            detail=detail,
            request=request,
        )
        return
    for user, channels in matches:
        send = user.is_active and holds_staff_role(user) and _links_left(user)
        detail = {"reason": RESET_REQUESTED, "sent": send}
        audit.record(actor=requester, action=AuditEntry.Action.UPDATE, obj=user, detail=detail, request=request)
        if send:
            send_reset_link.enqueue(user_id=user.pk, base_url=links.site_root(request), channels=list(channels))


@task()
def send_reset_link(*, user_id: int, base_url: str, channels: list[str]) -> list[str]:
    """Send the reset link (made now: a request that waited in the queue still gets a
    full 72 hours); the channels that took it."""
    user = User.objects.select_related("subdistrict").filter(pk=user_id, is_active=True).first()
    if user is None:
        return []
    return list(links.send_reset(user, base_url=base_url, channels=channels))
