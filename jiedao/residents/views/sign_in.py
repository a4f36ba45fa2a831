"""Residents sign in with their mobile number, one phone screen after another: the
number (a code is sent), then the code. No username or password anywhere; staff have
the password login (``accounts:login``), linked from both screens.

Plain POST forms (no script needed). Between the two screens the number waits in the
session, never in a URL. ``next`` (checked like Django's ``LoginView`` does) goes
through both screens; an account not yet bound to the registry is sent on to binding.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as start_session
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiedao.accounts import backends
from jiedao.accounts.models import User
from jiedao.accounts.policy import public
from jiedao.core.errors import DomainError, Forbidden, TooMany
from jiedao.core.forms import BootstrapForm, add_service_errors
from jiedao.core.validators import mask_phone
from jiedao.residents import accounts
from jiedao.residents.codes import CodeNotSent
from jiedao.residents.next_url import safe_next, with_next

# The number a code was last sent to from this browser, between the two screens.
PENDING_PHONE = "residents.sign_in.phone"
# What a refusal answers with; any other is 400 (the input), like a form sent back.
STATUS = {TooMany: 429, Forbidden: 403, CodeNotSent: 503, accounts.NoHomeSubdistrict: 503}


class PhoneForm(BootstrapForm):
    phone = forms.CharField(
        label=gettext_lazy("手机号"),
        max_length=64,
        widget=forms.TextInput(
            attrs={
                "type": "tel",
                "inputmode": "numeric",
                "autocomplete": "tel",
                "autofocus": True,
                "class": "form-control-lg",
            }
        ),
    )


class CodeForm(BootstrapForm):
    code = forms.CharField(
        label=gettext_lazy("验证码"),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autofocus": True,
                "class": "form-control-lg",
            }
        ),
    )
    remember = forms.BooleanField(label=gettext_lazy("在这台手机上保持登录"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        days = settings.JIEDAO_REMEMBER_ME_DAYS
        self.fields["remember"].help_text = _("%(days)d天内不用再登录。用别人的手机时请不要勾选。") % {"days": days}


def _attempt(form: forms.Form, call: Callable[[dict[str, Any]], Any]) -> tuple[Any, int]:
    """``call(form.cleaned_data)`` if the form is valid; on a refusal, the reason next to
    its field and the status to answer with (400, or ``STATUS``'s)."""
    if not form.is_valid():
        return None, 400
    try:
        return call(form.cleaned_data), 200
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None, 400
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None, STATUS.get(type(exc), 400)


def _signed_in_destination(user: User, next_url: str) -> str:
    """Where a fresh sign-in goes: ``next``, or binding to the registry first."""
    destination = next_url or resolve_url(settings.LOGIN_REDIRECT_URL)
    if accounts.bound_person(user) is not None:
        return destination
    try:
        bind = reverse("residents:bind")
    except NoReverseMatch:  # until the binding page exists
        return destination
    return with_next(bind, destination)


@public
def sign_in(request: HttpRequest) -> HttpResponse:
    """Screen 1: the mobile number; a code is sent to it, then on to screen 2."""
    next_url = safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    form = PhoneForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound:
        number, status = _attempt(form, lambda data: accounts.request_code(phone=data["phone"], request=request))
        if number is not None:
            request.session[PENDING_PHONE] = number
            return redirect(with_next(reverse("residents:sign_in_code"), next_url))
    context = {"form": form, "next": next_url}
    return render(request, "residents/sign_in.html", context, status=status)


@public
def sign_in_code(request: HttpRequest) -> HttpResponse:
    """Screen 2: the code sent to the number of screen 1; or a new code for it."""
    next_url = safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    number = request.session.get(PENDING_PHONE)
    if not isinstance(number, str):  # no number yet (a bookmark, an expired session)
        return redirect(with_next(reverse("residents:sign_in"), next_url))
    if request.method == "POST" and "resend" in request.POST:
        return _resend(request, number, next_url)
    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound:

        def sign_in_now(data: dict[str, Any]) -> User:
            return accounts.sign_in_with_code(phone=number, code=data["code"], request=request)

        user, status = _attempt(form, sign_in_now)
        if user is not None:
            start_session(request, user, backend=backends.PATH)
            remember = form.cleaned_data["remember"]
            # Remembered: a long session on this phone; otherwise it ends with the browser.
            request.session.set_expiry(settings.JIEDAO_REMEMBER_ME_DAYS * 86400 if remember else 0)
            request.session.pop(PENDING_PHONE, None)
            return redirect(_signed_in_destination(user, next_url))
    return _code_page(request, form, number, next_url, status=status)


def _resend(request: HttpRequest, number: str, next_url: str) -> HttpResponse:
    try:
        accounts.request_code(phone=number, request=request)
    except DomainError as exc:
        return _code_page(request, CodeForm(), number, next_url, status=STATUS.get(type(exc), 400), resend_error=exc)
    messages.success(request, _("新的验证码已发送，请查看短信。"))
    return redirect(with_next(reverse("residents:sign_in_code"), next_url))


def _code_page(
    request: HttpRequest,
    form: CodeForm,
    number: str,
    next_url: str,
    *,
    status: int,
    resend_error: DomainError | None = None,
) -> HttpResponse:
    context = {
        "form": form,
        "next": next_url,
        "masked_phone": mask_phone(number),
        "interval": settings.JIEDAO_SMS_CODE_INTERVAL_SECONDS,
        "minutes": settings.JIEDAO_SMS_CODE_MINUTES,
        "resend_error": resend_error.message if resend_error is not None else "",
    }
    return render(request, "residents/sign_in_code.html", context, status=status)
