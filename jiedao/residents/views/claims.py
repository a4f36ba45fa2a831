"""The staff's pages for registry claims: the list (pending first), one claim, and its
confirmation or refusal (POST). For the offices and the area's union chair
(``residents.access``); out of scope: 404.
"""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiedao.accounts.policy import request_actor, staff
from jiedao.core.forms import BootstrapForm
from jiedao.core.pages import run_action
from jiedao.core.paging import page_of
from jiedao.residents import claims, selectors
from jiedao.residents.access import DECIDER_ROLES, claim_for_actor
from jiedao.residents.models import RegistryClaim


class ConfirmForm(BootstrapForm):
    """The confirm button: no fields, the refusals go on it."""


class RejectForm(BootstrapForm):
    reason = forms.CharField(
        label=gettext_lazy("不通过的原因"),
        max_length=claims.REASON_LENGTH,
        help_text=gettext_lazy("居民会在登记申请页面看到这段说明。"),
    )


@staff(*DECIDER_ROLES)
def claim_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in RegistryClaim.Status.values:
        status = RegistryClaim.Status.PENDING
    context = {
        "page": page_of(request, selectors.claims_for(request_actor(request), status)),
        "status": status,
        "statuses": RegistryClaim.Status.choices,
    }
    return render(request, "residents/claims.html", context)


@staff(*DECIDER_ROLES)
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    claim = claim_for_actor(actor, pk)
    context = {
        "claim": claim,
        "identity": selectors.claim_identity(claim),
        "holder": selectors.registered_holder(actor, claim),
        "reject_form": RejectForm(),
    }
    return render(request, "residents/claim_detail.html", context)


@staff(*DECIDER_ROLES)
@require_POST
def claim_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    claim_for_actor(actor, pk)  # 404 out of scope, before anything else
    done = _("已核实：人员信息已登记，居民的账号已完成实名绑定。")
    confirmed = run_action(
        request, ConfirmForm(request.POST), claims.claim_confirm, done=done, actor=actor, claim_id=pk, request=request
    )
    return redirect("residents:claims") if confirmed else redirect("residents:claim_detail", pk=pk)


@staff(*DECIDER_ROLES)
@require_POST
def claim_reject(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    claim_for_actor(actor, pk)
    form = RejectForm(request.POST)
    rejected = run_action(
        request, form, claims.claim_reject, done=_("已驳回该申请。"), actor=actor, claim_id=pk, request=request
    )
    return redirect("residents:claims") if rejected else redirect("residents:claim_detail", pk=pk)
