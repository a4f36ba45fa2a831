"""The second factor of staff logins (docs/security.md, "Second factor"): plain
functions shared by the login pages, the staff page, the admin's reset and the API's
token endpoint.

Every code is checked by one device under django-otp's throttle (after n wrong codes
in a row the device takes none for ``OTP_TOTP_THROTTLE_FACTOR`` × 2^(n-1) seconds;
``OTP_STATIC_THROTTLE_FACTOR`` for recovery codes), with the device's row locked, so a
code is used once however many requests bring it. A wrong code at login is also a
failed login for the login throttle (``accounts.throttle``: django-axes counts the
``user_login_failed`` signal) and a ``REFUSED`` entry in the audit log; every change
is audited.
"""

import math
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiedao.accounts.access import user_for_actor
from jiedao.accounts.actor import Actor, actor_for
from jiedao.accounts.models import User, end_sessions_and_tokens
from jiedao.accounts.second_factor import devices
from jiedao.accounts.second_factor.gate import required_by_roles, second_factor_on
from jiedao.accounts.throttle import take_lockout
from jiedao.core import audit
from jiedao.core.errors import Conflict, Invalid, TooMany, Unauthenticated
from jiedao.core.models import AuditEntry
from jiedao.core.services import change_detail, clean_text, new_errors, raise_if, withheld_changes

# ``detail["reason"]`` of the audit entry of a wrong code.
REFUSAL_REASON = "second_factor_wrong"
MAX_REASON_LENGTH = 200


def required_for(user: User) -> bool:
    """The user's roles call for a second factor (whatever the setting says)."""
    return required_by_roles(actor_for(user))


def asked_at_login(user: User) -> bool:
    """With the setting on: a user whose roles call for a second factor, or who enrolled."""
    return second_factor_on() and (required_for(user) or devices.is_enrolled(user))


def login_locked(request: HttpRequest, user: User) -> bool:
    """The login throttle holds ``user`` at this address (failed passwords or codes)."""
    credentials = {"username": user.get_username()}
    return bool(settings.AXES_ENABLED) and not AxesProxyHandler.is_allowed(request, credentials)


# ---------------------------------------------------------------- checking a code


def _throttled(info: dict[str, Any] | None) -> TooMany:
    until = (info or {}).get("locked_until")
    seconds = max(1, math.ceil((until - timezone.now()).total_seconds())) if until is not None else 1
    message = ngettext(
        "验证码错误次数过多，请%(seconds)d秒后再试。", "验证码错误次数过多，请%(seconds)d秒后再试。", seconds
    ) % {"seconds": seconds}
    return TooMany(message, code="otp_throttled", details={"retry_after": seconds}, field="otp")


def _attempt(device: Device, token: str) -> bool:
    """One check of ``token`` by ``device``, its row locked: two requests cannot both
    use one code. A wrong code is counted by django-otp and committed here, before
    the caller raises its refusal; a device still waiting refuses with ``TooMany``."""
    with transaction.atomic():
        locked = type(device).objects.select_for_update().filter(pk=device.pk).first()
        if locked is None:  # removed meanwhile
            return False
        allowed, info = locked.verify_is_allowed()
        if not allowed:
            raise _throttled(info)
        return bool(locked.verify_token(token))


def _count_failure(*, user: User, request: HttpRequest | None, via: str, login: bool) -> None:
    detail = {"reason": REFUSAL_REASON, "via": via}
    audit.record_refusal(request=request, actor=user, action=AuditEntry.Action.REFUSED, obj=user, detail=detail)
    if login and request is not None:
        user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)


def verify(*, user: User, otp: str, request: HttpRequest | None, via: str, login: bool = True) -> Device:
    """The device that takes ``otp``: six digits from the app, or an unused recovery
    code (then used up). A wrong code: ``Unauthenticated`` (``otp_invalid``), audited,
    and with ``login`` a failed login for the login throttle; a device waiting after
    wrong codes: ``TooMany`` with ``retry_after``."""
    code = devices.normalise_code(otp)
    device: Device | None = None
    if 0 < len(code) <= devices.MAX_CODE_LENGTH:
        device = devices.confirmed_totp(user) if devices.is_totp_code(code) else devices.recovery_device(user)
    if device is not None:
        token = code if isinstance(device, TOTPDevice) else devices.recovery_digest(code)
        if _attempt(device, token):
            return device
    _count_failure(user=user, request=request, via=via, login=login)
    raise Unauthenticated(_("验证码不正确。"), code="otp_invalid", field="otp")


def check_second_factor(user: User, otp: str | None, *, request: HttpRequest | None = None) -> None:
    """For ``POST /api/v1/auth/token``, after the password: nothing to do where no
    second factor is asked (``asked_at_login``); else ``otp`` must be right.
    Refusals: ``Unauthenticated`` with code ``otp_not_enrolled`` (enrol on the web
    first), ``otp_required`` or ``otp_invalid``; ``TooMany`` with ``otp_throttled``
    (the device waits) or ``locked_out`` (the login throttle, given ``request``)."""
    if not asked_at_login(user):
        return
    if not devices.is_enrolled(user):
        raise Unauthenticated(
            _("您的账号需要两步验证：请先在网页上登录，按提示设置动态验证码。"), code="otp_not_enrolled"
        )
    if not otp or not otp.strip():
        raise Unauthenticated(_("请输入动态验证码。"), code="otp_required", field="otp")
    try:
        verify(user=user, otp=otp, request=request, via="api")
    except Unauthenticated:
        lockout = take_lockout(request, {"username": user.get_username()}) if request is not None else None
        if lockout is not None:
            raise TooMany(lockout.message, code="locked_out", details=lockout.details) from None
        raise


# ---------------------------------------------------------------- enrolment and recovery codes


def _lock_user(user: User) -> None:
    """Held to the end of the transaction: one enrolment of a user at a time."""
    User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True).first()


def _record(
    *, user: User, request: HttpRequest | None, changes: dict[str, Any], actor: Any = None, **extra: Any
) -> None:
    detail = change_detail(changes, **extra)
    audit.record(actor=actor or user, action=AuditEntry.Action.UPDATE, obj=user, request=request, detail=detail)


def enrolment_start(*, user: User, device_id: int | None) -> TOTPDevice:
    """The app being set up: the device ``device_id`` this browser started (the same QR
    code on a reloaded page), else a new secret. Another browser's unconfirmed device
    is dropped, so nobody can hand the user a secret of their own to confirm."""
    with transaction.atomic():
        _lock_user(user)
        if devices.is_enrolled(user):
            raise Conflict(_("您已经设置了动态验证码。"))
        pending = TOTPDevice.objects.filter(user=user, confirmed=False)
        device = pending.filter(pk=device_id).first() if device_id is not None else None
        if device is None:
            pending.delete()
            device = TOTPDevice.objects.create(user=user, name=devices.TOTP_NAME, confirmed=False)
    return device


def _new_recovery_codes(user: User) -> list[str]:
    """Ten new recovery codes, as shown once; the old ones are void."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=devices.RECOVERY_NAME)
    codes: set[str] = set()
    while len(codes) < devices.RECOVERY_CODE_COUNT:
        codes.add(devices.new_recovery_code())
    StaticToken.objects.bulk_create(StaticToken(device=device, token=devices.recovery_digest(c)) for c in codes)
    return [devices.shown(c) for c in sorted(codes)]


def _expired() -> Invalid:
    return Invalid(_("设置已过期，请重新扫描页面上的二维码。"), code="enrolment_expired", field="otp")


def enrolment_confirm(
    *, user: User, device_id: int | None, otp: str, request: HttpRequest | None
) -> tuple[TOTPDevice, list[str]]:
    """The first code from the app confirms the device ``device_id``; the answer is the
    device and ten new recovery codes, to be shown once."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, pk=device_id).first() if device_id else None
    if device is None:
        raise _expired()
    code = devices.normalise_code(otp)
    if not devices.is_totp_code(code) or not _attempt(device, code):
        raise Invalid(
            _("验证码不正确。请输入App中当前显示的6位数字，并确认手机上的时间准确。"), code="otp_invalid", field="otp"
        )
    with transaction.atomic():
        _lock_user(user)
        if devices.is_enrolled(user):  # another browser finished first
            raise Conflict(_("您已经设置了动态验证码。"))
        if not TOTPDevice.objects.filter(pk=device.pk, confirmed=False).update(confirmed=True):
            raise _expired()  # another browser's page drew a new secret meanwhile
        codes = _new_recovery_codes(user)
        _record(user=user, request=request, changes={"second_factor": [False, True]})
    device.refresh_from_db()
    return device, codes


def recovery_codes_renew(*, user: User, otp: str, request: HttpRequest | None) -> list[str]:
    """Ten new recovery codes for a current code (the app's or a recovery code); the
    old ones are void."""
    if not devices.is_enrolled(user):
        raise Conflict(_("请先设置动态验证码。"))
    verify(user=user, otp=otp, request=request, via="recovery_codes", login=False)
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        _record(user=user, request=request, changes=withheld_changes(["recovery_codes"]))
    return codes


def device_remove(*, user: User, otp: str, request: HttpRequest | None) -> None:
    """The user's own second factor removed, for a current code; refused where their
    roles call for one."""
    if required_for(user):
        raise Conflict(_("您的角色要求使用两步验证，不能移除。换了手机时，请联系街道管理员重置。"))
    if not devices.is_enrolled(user):
        raise Conflict(_("您尚未设置动态验证码。"))
    verify(user=user, otp=otp, request=request, via="remove", login=False)
    with transaction.atomic():
        devices.delete_devices(user)
        _record(user=user, request=request, changes={"second_factor": [True, False]})


def second_factor_reset(*, actor: Actor, user_id: int, reason: str, request: HttpRequest | None) -> User:
    """A staff member lost their phone: the sub-district admin removes their devices and
    recovery codes and ends every session and API token of theirs, with a reason on the
    record. At the next login they set up the app anew. Not one's own (another admin
    does it), and only users of the admin's sub-district (404)."""
    target = user_for_actor(actor, user_id)
    errors = new_errors()
    reason = clean_text(errors, "reason", reason, max_length=MAX_REASON_LENGTH, required=True)
    raise_if(errors)
    if actor.user is not None and target.pk == actor.user.pk:
        raise Conflict(_("不能重置自己的两步验证，请另一位街道管理员操作。"))
    with transaction.atomic():
        had = devices.is_enrolled(target)
        devices.delete_devices(target)
        target.security_stamp = end_sessions_and_tokens(User.objects.filter(pk=target.pk))
        changes = {"second_factor": [had, False]}
        _record(user=target, actor=actor, request=request, changes=changes, reason=reason, signed_out_everywhere=True)
    return target
