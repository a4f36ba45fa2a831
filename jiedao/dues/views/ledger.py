"""The ledger of a year, one assessment with its payments and steps, and the forms
that add an assessment, a payment or a step."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiedao.accounts.access import tenant_of
from jiedao.accounts.policy import request_actor, staff
from jiedao.core.pages import form_page, run_action, run_service
from jiedao.core.paging import page_of
from jiedao.dues import access, forms, selectors, services
from jiedao.dues.models import DuesSplit
from jiedao.dues.money import bp_percent
from jiedao.dues.views.common import year_param

LEVEL_LABELS = {
    "enterprise_union": gettext_lazy("基层工会"),
    "subdistrict_federation": gettext_lazy("街道总工会"),
    "district_union": gettext_lazy("区总工会"),
    "city_union": gettext_lazy("市总工会"),
}

VOIDED_SHOWN = 50


@staff(*access.LEDGER_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    tenant = tenant_of(actor)
    year = year_param(request)
    qs = access.assessments_visible_to(actor)
    # Voided assessments are listed too (struck, with the reason) and left out of the totals.
    page = page_of(request, selectors.ledger_queryset(qs, year, with_voided=True))
    voided_payments = selectors.voided_payments(qs, year, limit=VOIDED_SHOWN)
    splits = selectors.splits_of(tenant, year)
    rows = selectors.ledger_rows(page.object_list, splits)
    split_table = [
        {
            "channel": split.get_channel_display(),
            "shares": [(LEVEL_LABELS[level], bp_percent(getattr(split, level))) for level in DuesSplit.LEVELS],
        }
        for split in splits.values()
    ]
    return render(
        request,
        "dues/index.html",
        {
            "year": year,
            "years": selectors.years_of(tenant) if access.sees_all(actor) else [],
            "page": page,
            "rows": rows,
            "levels": [LEVEL_LABELS[level] for level in DuesSplit.LEVELS],
            "level_keys": DuesSplit.LEVELS,
            "splits": split_table,
            "totals": selectors.ledger_totals(qs.filter(year=year)),
            "voided_payments": voided_payments[:VOIDED_SHOWN],
            "more_voided": len(voided_payments) > VOIDED_SHOWN,
            "can_manage": access.can_manage(actor),
            "sees_all": access.sees_all(actor),
        },
    )


@staff(*access.LEDGER_ROLES)
def assessment(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    assessment = access.assessment_for_actor(actor, pk)
    paid, arrears = selectors.assessment_money(assessment)
    context = {
        "a": assessment,
        "paid": paid,
        "arrears": arrears,
        "payments": selectors.payments_of(assessment),
        "steps": selectors.steps_of(assessment),
        "can_manage": access.can_manage(actor) and not assessment.is_voided,
        "payment_form": forms.PaymentForm(initial={"channel": assessment.channel}, prefix="payment"),
        "step_form": forms.StepForm(prefix="step"),
        "void_form": forms.VoidForm(prefix="void"),
    }
    return render(request, "dues/assessment.html", context)


@staff(*access.MANAGE_ROLES)
def assessment_create(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    tenant = tenant_of(actor)
    if request.method == "POST":
        form = forms.AssessmentForm(request.POST, subdistrict_id=tenant)
        created = run_service(form, services.assessment_create, actor=actor, request=request)
        if created is not None:
            messages.success(request, _("已核定：应缴%(amount)s元。") % {"amount": created.assessed})
            return redirect("dues:assessment", created.pk)
    else:
        form = forms.AssessmentForm(initial={"year": year_param(request)}, subdistrict_id=tenant)
    return form_page(request, form, title=_("核定工会经费"), cancel_url=reverse("dues:index"))


@staff(*access.MANAGE_ROLES)
def assessment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    assessment = access.assessment_for_actor(actor, pk, for_update=True)
    if request.method == "POST":
        form = forms.AssessmentEditForm(request.POST)
        if run_service(form, services.assessment_update, actor=actor, assessment=assessment, request=request):
            messages.success(request, _("已保存：应缴%(amount)s元。") % {"amount": assessment.assessed})
            return redirect("dues:assessment", pk)
    else:
        form = forms.AssessmentEditForm(initial=forms.AssessmentEditForm.initial_from(assessment))
    return form_page(
        request,
        form,
        title=_("修改申报"),
        subject=f"{assessment.unit.name} {assessment.year}",
        cancel_url=reverse("dues:assessment", args=[pk]),
    )


@staff(*access.MANAGE_ROLES)
@require_POST
def payment_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    assessment = access.assessment_for_actor(actor, pk, for_update=True)
    form = forms.PaymentForm(request.POST, prefix="payment")
    run_action(
        request, form, services.payment_add, actor=actor, assessment=assessment, request=request, done=_("缴费已登记。")
    )
    return redirect("dues:assessment", pk)


@staff(*access.MANAGE_ROLES)
@require_POST
def step_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    assessment = access.assessment_for_actor(actor, pk, for_update=True)
    form = forms.StepForm(request.POST, prefix="step")
    run_action(
        request,
        form,
        services.step_add,
        actor=actor,
        assessment=assessment,
        request=request,
        done=_("催缴记录已保存。"),
    )
    return redirect("dues:assessment", pk)
