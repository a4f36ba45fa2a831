"""A resident binds their account to the registry (实名), or files their details when
they are not in it. Phone screens, one thing each; ``next`` goes through both.

Staff accounts get 403 (residents only); an account bound already is sent on to
``next``. See ``residents.binding`` and ``residents.claims`` for the rules.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiedao.accounts.actor import Actor
from jiedao.accounts.policy import request_actor, signed_in
from jiedao.core.forms import BootstrapForm
from jiedao.core.pages import form_status, run_service
from jiedao.org.models import ResidentialArea
from jiedao.people.access import own_person
from jiedao.residents import binding, claims
from jiedao.residents.next_url import later, safe_next, with_next

NAME_ATTRS = {"class": "form-control-lg", "autocomplete": "name"}
ID_NUMBER_ATTRS = {"class": "form-control-lg", "autocomplete": "off", "spellcheck": "false"}


class BindForm(BootstrapForm):
    name = forms.CharField(label=gettext_lazy("姓名"), max_length=100, widget=forms.TextInput(attrs=NAME_ATTRS))
    id_number = forms.CharField(
        label=gettext_lazy("身份证号"), max_length=32, widget=forms.TextInput(attrs=ID_NUMBER_ATTRS)
    )


class ClaimForm(BindForm):
    residential_area_id = forms.TypedChoiceField(label=gettext_lazy("居住的居民区"), coerce=int)
    note = forms.CharField(
        label=gettext_lazy("补充说明（选填）"),
        max_length=claims.NOTE_LENGTH,
        required=False,
        help_text=gettext_lazy("例如门牌号、联系时间，方便工作人员核实。"),
    )

    def __init__(self, data: QueryDict | None = None, *, subdistrict_id: int) -> None:
        super().__init__(data)
        areas = ResidentialArea.objects.filter(subdistrict_id=subdistrict_id).order_by("name")
        field = self.fields["residential_area_id"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("请选择")), *areas.values_list("pk", "name")]


def _resident(request: HttpRequest) -> tuple[Actor, int]:
    """The actor and their sub-district, if a resident's account (staff: 403)."""
    actor = request_actor(request)
    if not binding.may_bind(actor) or actor.subdistrict_id is None:
        raise PermissionDenied(_("实名绑定只适用于居民账号，工作人员账号不能绑定。"))
    return actor, actor.subdistrict_id


@signed_in
def bind(request: HttpRequest) -> HttpResponse:
    """Name and ID number → bound, then on to ``next``."""
    actor, _subdistrict_id = _resident(request)
    next_url = safe_next(request, reverse("accounts:me"))
    if own_person(actor) is not None:
        messages.info(request, _("您的账号已完成实名绑定。"))
        return redirect(next_url)
    form = BindForm(request.POST if request.method == "POST" else None)
    if form.is_bound and run_service(form, binding.bind_person, user=actor.user, request=request):
        messages.success(request, _("实名绑定成功。"))
        return redirect(next_url)
    context = {
        "form": form,
        "next": next_url,
        "later_url": later(next_url),
        "claim_url": with_next(reverse("residents:claim"), next_url),
    }
    return render(request, "residents/bind.html", context, status=form_status(form))


@signed_in
def claim(request: HttpRequest) -> HttpResponse:
    """Not in the registry: name, ID number, residential area for the area's staff.
    A pending claim is shown instead of the form; a turned-down one above it."""
    actor, subdistrict_id = _resident(request)
    assert actor.user is not None
    next_url = safe_next(request, reverse("accounts:me"))
    if own_person(actor) is not None:
        messages.info(request, _("您的账号已完成实名绑定。"))
        return redirect(next_url)
    latest = claims.latest_claim_of(actor.user)
    form = ClaimForm(request.POST if request.method == "POST" else None, subdistrict_id=subdistrict_id)
    pending = latest is not None and latest.status == latest.Status.PENDING
    if form.is_bound and not pending and run_service(form, claims.file_claim, user=actor.user, request=request):
        messages.success(request, _("登记申请已提交。居民区工作人员核实后，您的账号会自动完成实名绑定。"))
        return redirect(with_next(reverse("residents:claim"), next_url))
    context = {"form": form, "next": next_url, "later_url": later(next_url), "latest": latest, "pending": pending}
    return render(request, "residents/claim.html", context, status=form_status(form))
