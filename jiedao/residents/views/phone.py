"""A new mobile number for an account (``residents.phone``).

The resident's page (``/me/phone/``), behind a fresh proof of the old number: the new
number (a code is sent to it; the number waits in the session, never in a URL), then
that code. Every other session and token of the account ends; this one goes on.
Staff, for a resident who lost the old number: a form reached from the person's page.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiedao.accounts.policy import request_actor, signed_in, staff
from jiedao.core.forms import BootstrapForm
from jiedao.core.pages import form_page, form_status, run_service
from jiedao.core.validators import mask_phone
from jiedao.residents import phone as rules
from jiedao.residents.access import DECIDER_ROLES, person_for_phone_change
from jiedao.residents.step_up import fresh_code_required

# The new number a code was sent to, between the two screens.
PENDING_NUMBER = "residents.phone.new"


def _phone_field() -> forms.CharField:
    attrs = {"type": "tel", "inputmode": "numeric", "autocomplete": "tel", "class": "form-control-lg"}
    return forms.CharField(label=gettext_lazy("新手机号"), max_length=64, widget=forms.TextInput(attrs=attrs))


class NewNumberForm(BootstrapForm):
    phone = _phone_field()


class NewNumberCodeForm(BootstrapForm):
    code = forms.CharField(
        label=gettext_lazy("验证码"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"class": "form-control-lg", "inputmode": "numeric", "autocomplete": "one-time-code"}
        ),
    )


class StaffPhoneForm(BootstrapForm):
    phone = _phone_field()
    reason = forms.CharField(
        label=gettext_lazy("更换原因"),
        max_length=rules.REASON_LENGTH,
        help_text=gettext_lazy("例如：原手机号已停用，已当面核对身份证件。"),
    )


@signed_in
@fresh_code_required
def change_phone(request: HttpRequest) -> HttpResponse:
    user = request_actor(request).user
    assert user is not None  # signed_in
    posted = request.POST if request.method == "POST" else None
    number = request.session.get(PENDING_NUMBER)
    if isinstance(number, str) and request.GET.get("step") == "code":
        form: forms.Form = NewNumberCodeForm(posted)
        if form.is_bound and run_service(form, rules.change_own_phone, user=user, phone=number, request=request):
            update_session_auth_hash(request, user)  # this session goes on under the new stamp
            request.session.pop(PENDING_NUMBER, None)
            messages.success(request, _("手机号已更换，以后请用新手机号登录。其他设备上的登录已失效。"))
            return redirect("accounts:me")
        context = {"form": form, "screen": "code", "masked_phone": mask_phone(number)}
        return render(request, "residents/phone.html", context, status=form_status(form))
    form = NewNumberForm(posted)
    if form.is_bound:
        sent = run_service(form, rules.send_new_phone_code, user=user, request=request)
        if sent:
            request.session[PENDING_NUMBER] = sent
            return redirect(f"{reverse('residents:phone')}?step=code")
    context = {"form": form, "screen": "number", "masked_phone": mask_phone(user.phone)}
    return render(request, "residents/phone.html", context, status=form_status(form))


@staff(*DECIDER_ROLES)
def staff_change_phone(request: HttpRequest, pk: int) -> HttpResponse:
    """The number of a resident's account, changed by the area's staff with a reason."""
    actor = request_actor(request)
    person = person_for_phone_change(actor, pk)  # 404 unseen, 403 seen but not theirs
    form = StaffPhoneForm(request.POST if request.method == "POST" else None)
    if form.is_bound and run_service(form, rules.staff_change_phone, actor=actor, person_id=pk, request=request):
        messages.success(
            request, _("已为%(name)s更换登录手机号，该账号在各设备上的登录已失效。") % {"name": person.name}
        )
        return redirect("people:detail", pk=pk)
    context = {"person": person, "has_account": person.user_id is not None}
    return form_page(
        request,
        form,
        title=_("更换登录手机号"),
        subject=person.name,
        cancel_url=reverse("people:detail", kwargs={"pk": pk}),
        template="residents/staff_phone.html",
        **context,
    )
