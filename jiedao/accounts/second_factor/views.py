"""Pages of the second factor: the login's second step (with the set-up there for a
user who must have one and has none), the staff member's own page, and the
sub-district admin's reset for a lost phone."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.models import Device

from jiedao.accounts.access import user_for_actor
from jiedao.accounts.models import Role, User
from jiedao.accounts.policy import STAFF_LOGIN_URL, public, request_actor, staff
from jiedao.accounts.second_factor import devices, pending, qr, services
from jiedao.accounts.second_factor.forms import CodeForm, FirstCodeForm, ResetForm
from jiedao.accounts.second_factor.gate import needs_verification, required_by_roles, second_factor_on
from jiedao.accounts.throttle import lockout_response
from jiedao.core.pages import form_page, form_status, run_action, run_service

STATUS_PAGE = "accounts:second_factor"
# The two code forms of the staff page, apart (field names and ids).
RENEW, REMOVE = "renew", "remove"


def _safe_next(request: HttpRequest) -> str:
    """``next`` from the form or the URL if it stays on this site, else empty."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if allowed else ""


@dataclass(frozen=True)
class _Step:
    """Who the second step is for: a login waiting since the password (``login``), or a
    session already signed in that the staff pages' gate sent here (``login`` None)."""

    user: User
    login: pending.PendingLogin | None
    next_url: str


def _step_of(request: HttpRequest) -> _Step | None:
    waiting = pending.pending_login(request)
    if waiting is not None:
        return _Step(waiting.user, waiting, waiting.next_url)
    actor = request_actor(request)
    if actor.user is not None and needs_verification(request, actor):
        return _Step(actor.user, None, _safe_next(request) or resolve_url("home"))
    return None


def _passed(request: HttpRequest, step: _Step, device: Device) -> None:
    if step.login is not None:
        pending.complete(request, step.login, device)
    else:
        pending.verify_session(request, device)


def _recovery_codes_page(request: HttpRequest, codes: list[str], *, next_url: str, first: bool) -> HttpResponse:
    """The recovery codes, shown this once (the answer to the POST; never cached)."""
    context = {"codes": codes, "next_url": next_url, "first": first}
    return render(request, "accounts/second_factor/recovery_codes.html", context)


def _enrol(
    request: HttpRequest, user: User, *, confirmed: Callable[[Device], None], done: str, cancel_url: str
) -> HttpResponse:
    """The set-up: the QR code (the same for this browser until confirmed), the secret
    for typing and the first code; then ``confirmed(device)`` and the recovery codes, once."""
    device_id = pending.enrolment_id(request)
    form = FirstCodeForm(request.POST or None)
    if request.method == "POST":
        result = run_service(form, services.enrolment_confirm, user=user, device_id=device_id, request=request)
        if result is not None:
            pending.forget_enrolment(request)
            confirmed(result[0])
            return _recovery_codes_page(request, result[1], next_url=done, first=True)
    device = services.enrolment_start(user=user, device_id=device_id)  # a new one if that one is gone
    pending.remember_enrolment(request, device)
    context = {"form": form, "qr": qr.qr_data_uri(device), "secret": qr.secret_groups(device), "cancel_url": cancel_url}
    return render(request, "accounts/second_factor/enrol.html", context, status=form_status(form))


@public
@never_cache
def login_step(request: HttpRequest) -> HttpResponse:
    """The login's second step: the code, or the set-up where the user has none yet."""
    step = _step_of(request)
    if step is None:  # nothing waiting: signed in already, or the password first
        if request_actor(request).is_authenticated:
            return redirect(_safe_next(request) or "home")
        return redirect_to_login(_safe_next(request) or resolve_url("home"), STAFF_LOGIN_URL)
    if services.login_locked(request, step.user):
        return lockout_response(request, credentials={"username": step.user.get_username()})
    if not devices.is_enrolled(step.user):
        return _enrol(
            request,
            step.user,
            confirmed=lambda device: _passed(request, step, device),
            done=step.next_url,
            cancel_url=reverse(STAFF_LOGIN_URL),
        )
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        device = run_service(form, services.verify, user=step.user, request=request, via="page")
        if device is not None:
            _passed(request, step, device)
            return redirect(step.next_url)
    return render(request, "accounts/second_factor/login.html", {"form": form}, status=form_status(form))


# ---------------------------------------------------------------- the staff member's own page


def _own_user(request: HttpRequest) -> User:
    user = request_actor(request).user
    assert user is not None  # staff() guarantees it
    return user


@staff()
def status(request: HttpRequest) -> HttpResponse:
    """Whether one's second factor is set up, and what can be done with it."""
    actor = request_actor(request)
    user = _own_user(request)
    context = {
        "device": devices.confirmed_totp(user),
        "codes_left": devices.recovery_codes_left(user),
        "required": required_by_roles(actor),
        "setting_on": second_factor_on(),
        "renew_form": CodeForm(prefix=RENEW),
        "remove_form": CodeForm(prefix=REMOVE),
    }
    return render(request, "accounts/second_factor/status.html", context)


@staff()
@never_cache
def enrol(request: HttpRequest) -> HttpResponse:
    user = _own_user(request)
    if devices.is_enrolled(user):
        messages.info(request, _("您已经设置了动态验证码。"))
        return redirect(STATUS_PAGE)
    return _enrol(
        request,
        user,
        confirmed=lambda device: pending.verify_session(request, device),
        done=reverse(STATUS_PAGE),
        cancel_url=reverse(STATUS_PAGE),
    )


@staff()
@require_POST
@never_cache
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Ten new recovery codes for a current code; the old ones are void."""
    form = CodeForm(request.POST, prefix=RENEW)
    codes = run_action(request, form, services.recovery_codes_renew, user=_own_user(request), request=request)
    if codes is None:
        return redirect(STATUS_PAGE)
    return _recovery_codes_page(request, codes, next_url=reverse(STATUS_PAGE), first=False)


@staff()
@require_POST
def remove(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST, prefix=REMOVE)
    done = _("已移除动态验证码，登录时不再需要输入。")
    run_action(request, form, services.device_remove, done=done, user=_own_user(request), request=request)
    return redirect(STATUS_PAGE)


# ---------------------------------------------------------------- the admin's reset


@staff(Role.SUBDISTRICT_ADMIN)
def reset(request: HttpRequest, pk: int) -> HttpResponse:
    """A staff member of the admin's sub-district lost their phone: their second factor
    is removed and every session of theirs ends (the reason goes on the record)."""
    actor = request_actor(request)
    target = user_for_actor(actor, pk)  # 404 outside the sub-district, before any form
    back = _safe_next(request) or reverse("accounts:staff_detail", args=[target.pk])
    form = ResetForm(request.POST or None)
    if request.method == "POST" and run_service(
        form, services.second_factor_reset, actor=actor, user_id=target.pk, request=request
    ):
        messages.success(request, _("已重置%(name)s的两步验证，其全部登录和API令牌已失效。") % {"name": target})
        return redirect(back)
    return form_page(request, form, title=_("重置两步验证"), subject=str(target), cancel_url=back)
