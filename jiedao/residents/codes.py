"""One-time codes sent by SMS: issued, limited, checked (docs/residents.md).

A code is six digits, lives ``JIEDAO_SMS_CODE_MINUTES``, is used once, and is void after
``JIEDAO_SMS_CODE_TRIES`` wrong tries (the right one is then refused too). Only a salted
keyed hash is stored. A new code for a number and purpose voids the ones before it.
Sending is limited per number (``JIEDAO_SMS_CODES_PER_PHONE_HOUR``, one every
``JIEDAO_SMS_CODE_INTERVAL_SECONDS``) and per client address
(``JIEDAO_SMS_CODES_PER_ADDRESS_HOUR``); a limit of 0 is no limit. Every count is read
from the database, so the limits hold across app servers and restarts; the per-number
ones are exact (the number's ``PhoneLock`` row is locked while a code is issued), the
per-address one is a guard against mass sending and may let a few more through under
a burst.

Nothing here says whether a number belongs to anyone: a code is sent (and checked)
the same way for a number never seen before.

Call both functions outside any transaction: ``send_code`` sends the message once its
code is committed (and says when the gateway did not take it), and ``check_code``
commits a wrong try before it refuses, so that no caller's rollback undoes the count.
"""

import datetime as dt
import math
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jiedao.core import crypto, sms
from jiedao.core.audit import client_address
from jiedao.core.errors import DomainError, Invalid, TooMany
from jiedao.core.validators import normalise, parse_mobile
from jiedao.residents.models import PhoneCode, PhoneLock

HOUR = dt.timedelta(hours=1)
CODE_LENGTH = 6


class CodeNotSent(DomainError):
    """The gateway did not take the message (down, refusing, no answer in time): the
    person is told to try again later instead of waiting for a text that will not come.
    Nothing about the number: a gateway knows nothing of our accounts."""

    code = "sms_not_sent"


def phone_hash(number: str) -> str:
    """The blind index of a normalised mobile number (the same as ``User.phone_hash``)."""
    return crypto.blind_index(number, purpose="phone")


def mobile_number(value: str) -> str:
    """``value`` as 11 digits, or a ``ValidationError`` on ``phone``."""
    try:
        return parse_mobile(value)
    except ValidationError as exc:
        raise ValidationError({"phone": exc.messages}) from None


def _digest(salt: str, code: str) -> str:
    return salted_hmac("jiedao.residents.codes", f"{salt}:{code}", algorithm="sha256").hexdigest()


def _wait(seconds: float) -> TooMany:
    seconds = max(math.ceil(seconds), 1)
    if seconds < 120:
        message = ngettext(
            "验证码发送过于频繁，请%(n)d秒后再试。", "验证码发送过于频繁，请%(n)d秒后再试。", seconds
        ) % {"n": seconds}
    else:
        minutes = math.ceil(seconds / 60)
        message = ngettext(
            "验证码发送次数过多，请%(n)d分钟后再试。", "验证码发送次数过多，请%(n)d分钟后再试。", minutes
        ) % {"n": minutes}
    return TooMany(message, details={"retry_after": seconds}, field="phone")


def _check_limits(digest: str, address: str | None, now: dt.datetime) -> None:
    per_hour = settings.JIEDAO_SMS_CODES_PER_PHONE_HOUR
    sent = list(
        PhoneCode.objects.filter(phone_hash=digest, created_at__gt=now - HOUR)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[: max(per_hour, 1)]
    )
    interval = dt.timedelta(seconds=settings.JIEDAO_SMS_CODE_INTERVAL_SECONDS)
    if sent and sent[0] + interval > now:
        raise _wait((sent[0] + interval - now).total_seconds())
    if per_hour > 0 and len(sent) >= per_hour:
        # Free again when the oldest of the hour's codes leaves the hour.
        raise _wait((sent[-1] + HOUR - now).total_seconds())
    limit = settings.JIEDAO_SMS_CODES_PER_ADDRESS_HOUR
    if address is None or limit <= 0:
        return
    by_address = PhoneCode.objects.filter(client_address=address, created_at__gt=now - HOUR)
    oldest = by_address.order_by("-created_at").values_list("created_at", flat=True)[limit - 1 : limit].first()
    if oldest is not None:
        raise _wait((oldest + HOUR - now).total_seconds())


def send_code(*, phone: str, purpose: str, signature: str, request: HttpRequest | None = None) -> str:
    """Send a new code for ``purpose`` to ``phone`` (under ``signature``, the sub-district's
    name) and return the number as 11 digits. Raises a ``ValidationError`` on ``phone`` for
    a number that is not a mainland mobile, ``TooMany`` (with ``retry_after``) when limited,
    ``CodeNotSent`` when the gateway did not take the message (the code stays issued and
    counted: a failing gateway is not asked again and again)."""
    number = mobile_number(phone)
    digest = phone_hash(number)
    code = f"{secrets.randbelow(10**CODE_LENGTH):0{CODE_LENGTH}d}"
    salt = secrets.token_hex(16)
    with transaction.atomic():
        # Locked (made if need be) until the code is stored: one sender per number at a time.
        PhoneLock.objects.select_for_update().get_or_create(phone_hash=digest)
        now = timezone.now()
        address = client_address(request)
        _check_limits(digest, address, now)
        # Only the newest code counts: an older one still in a message is void.
        PhoneCode.objects.filter(phone_hash=digest, purpose=purpose, used_at__isnull=True, expires_at__gt=now).update(
            expires_at=now
        )
        PhoneCode.objects.create(
            phone_hash=digest,
            purpose=purpose,
            salt=salt,
            code_hash=_digest(salt, code),
            client_address=address,
            created_at=now,
            expires_at=now + dt.timedelta(minutes=settings.JIEDAO_SMS_CODE_MINUTES),
        )
    # Sent once the code is stored: the text never carries a code the check cannot find.
    if not sms.send_sms(number, sms.LOGIN_CODE, {"code": code}, signature=signature):
        raise CodeNotSent(_("短信发送失败，请稍后再试。"), field="phone")
    return number


def typed_code(value: object) -> str:
    """The code as typed: full-width digits (a Chinese input method) folded to ASCII,
    spaces dropped. ``Invalid`` on ``code`` unless six digits remain."""
    typed = normalise(str(value or ""))
    if len(typed) != CODE_LENGTH or not (typed.isascii() and typed.isdecimal()):
        raise Invalid(_("请输入短信里的6位数字验证码。"), code="malformed_code", field="code")
    return typed


def check_code(*, phone: str, purpose: str, code: str) -> str:
    """Use the code ``code`` sent to ``phone`` for ``purpose``; return the number as 11
    digits. Raises ``Invalid`` on ``code`` when it is not six digits (no try is counted:
    it cannot be right), when there is no live code, it has expired, it is void after
    too many tries, or it is wrong (the try is counted, and kept: the refusal is raised
    after the count is committed)."""
    number = mobile_number(phone)
    typed = typed_code(code)
    with transaction.atomic():
        latest = (
            PhoneCode.objects.select_for_update()
            .filter(phone_hash=phone_hash(number), purpose=purpose)
            .order_by("-created_at", "-pk")
            .first()
        )
        problem = _problem(latest, typed)
    if problem is not None:
        raise problem
    return number


def _problem(latest: PhoneCode | None, typed: str) -> Invalid | None:
    """Inside ``check_code``'s transaction: spend the code, or count the wrong try."""
    now = timezone.now()
    if latest is None or latest.used_at is not None:
        return Invalid(_("请先获取验证码。"), code="no_code", field="code")
    if latest.expires_at <= now:
        return Invalid(_("验证码已过期，请重新获取。"), code="code_expired", field="code")
    limit = settings.JIEDAO_SMS_CODE_TRIES
    if latest.tries >= limit:
        return Invalid(_("验证码输错次数过多，已失效，请重新获取。"), code="code_void", field="code")
    if constant_time_compare(_digest(latest.salt, typed), latest.code_hash):
        PhoneCode.objects.filter(pk=latest.pk).update(used_at=now)
        return None
    PhoneCode.objects.filter(pk=latest.pk).update(tries=latest.tries + 1)
    left = limit - latest.tries - 1
    if left <= 0:
        return Invalid(_("验证码输错次数过多，已失效，请重新获取。"), code="code_void", field="code")
    message = ngettext("验证码不正确，还可以再试%(n)d次。", "验证码不正确，还可以再试%(n)d次。", left) % {"n": left}
    return Invalid(message, code="wrong_code", field="code")


def delete_old_codes(*, older_than: dt.timedelta = dt.timedelta(days=1)) -> int:
    """Delete codes no limit reads any more, and the locks of numbers left without a
    code (a send makes its lock again); returns how many codes."""
    deleted, _per_model = PhoneCode.objects.filter(created_at__lt=timezone.now() - older_than).delete()
    PhoneLock.objects.exclude(phone_hash__in=PhoneCode.objects.values("phone_hash")).delete()
    return deleted
