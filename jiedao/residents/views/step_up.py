"""The step-up page (``/me/confirm/``): prove who you are again before a sensitive
page, then on to ``next``. An account with a number: a button sends a code to it
(one screen), the code is typed (the next one). An account without one (staff): its
password. See ``residents.step_up``.
"""

from urllib.parse import urlencode

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from jiedao.accounts.models import User
from jiedao.accounts.policy import request_actor, signed_in
from jiedao.core.forms import BootstrapForm
from jiedao.core.pages import form_status, run_service
from jiedao.core.validators import mask_phone
from jiedao.residents import step_up as rules
from jiedao.residents.next_url import safe_next

LARGE = {"class": "form-control-lg", "autofocus": True}


class SendForm(BootstrapForm):
    """The button that sends a code: no fields, the refusals of sending go on it."""


class CodeForm(BootstrapForm):
    code = forms.CharField(
        label=gettext_lazy("验证码"),
        max_length=32,
        widget=forms.TextInput(attrs={**LARGE, "inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class PasswordForm(BootstrapForm):
    password = forms.CharField(
        label=gettext_lazy("登录密码"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={**LARGE, "autocomplete": "current-password"}),
    )


def _screen(request: HttpRequest, name: str, form: forms.Form, user: User, next_url: str) -> HttpResponse:
    context = {"screen": name, "form": form, "next": next_url, "masked_phone": mask_phone(user.phone)}
    return render(request, "residents/step_up.html", context, status=form_status(form))


@signed_in
def step_up(request: HttpRequest) -> HttpResponse:
    user = request_actor(request).user
    assert user is not None  # signed_in
    next_url = safe_next(request, reverse("accounts:me"))
    if request.method != "POST" and rules.is_fresh(request):
        return redirect(next_url)
    posted = request.POST if request.method == "POST" else None
    if not rules.proves_by_code(user):
        form: forms.Form = PasswordForm(posted)
        if form.is_bound and run_service(form, rules.prove_with_password, user=user, request=request):
            return redirect(next_url)
        return _screen(request, "password", form, user, next_url)
    if posted is not None and "send" in posted:
        form = SendForm(posted)
        if run_service(form, rules.send_step_up_code, user=user, request=request):
            return redirect(f"{reverse('residents:step_up')}?{urlencode({'next': next_url, 'sent': 1})}")
        return _screen(request, "send", form, user, next_url)
    if posted is None and request.GET.get("sent") != "1":
        return _screen(request, "send", SendForm(), user, next_url)
    form = CodeForm(posted)
    if form.is_bound and run_service(form, rules.prove_with_code, user=user, request=request):
        return redirect(next_url)
    return _screen(request, "code", form, user, next_url)
