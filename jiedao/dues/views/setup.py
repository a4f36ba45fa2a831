"""The federation's settings: each year's rate and due date, the split between
levels, the reminder schedule."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.policy import request_actor, staff
from jiedao.core.pages import form_page, run_service
from jiedao.dues import access, forms, selectors, services
from jiedao.dues.models import DuesSplit
from jiedao.dues.money import bp_percent


@staff(*access.OVERVIEW_ROLES)
def settings_page(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    tenant = access.tenant_for_overview(actor)
    splits = [
        {"split": s, "shares": [bp_percent(getattr(s, level)) for level in DuesSplit.LEVELS]}
        for s in selectors.all_splits(tenant)
    ]
    return render(
        request,
        "dues/settings.html",
        {
            "years": selectors.years_set(tenant),
            "splits": splits,
            "schedule": selectors.schedule_of(tenant),
            "can_manage": access.can_manage(actor),
            "sees_all": True,
        },
    )


def _done(request: HttpRequest) -> HttpResponse:
    messages.success(request, _("设置已保存。"))
    return redirect("dues:settings")


@staff(*access.MANAGE_ROLES)
def year_set(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if request.method == "POST":
        form = forms.YearForm(request.POST)
        if run_service(form, services.year_set, actor=actor, request=request):
            return _done(request)
    else:
        year = timezone.localdate().year
        form = forms.YearForm(initial={"year": year, "rate_percent": 2, "due_on": f"{year}-12-31"})
    return form_page(request, form, title=_("年度计拨比例"), cancel_url=reverse("dues:settings"))


@staff(*access.MANAGE_ROLES)
def split_set(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if request.method == "POST":
        form = forms.SplitForm(request.POST)
        if run_service(form, services.split_set, actor=actor, request=request):
            return _done(request)
    else:
        form = forms.SplitForm(initial={"year": timezone.localdate().year})
    return form_page(request, form, title=_("分成比例"), cancel_url=reverse("dues:settings"))


@staff(*access.MANAGE_ROLES)
def schedule(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    current = selectors.schedule_of(actor.subdistrict_id or 0)
    if request.method == "POST":
        form = forms.ScheduleForm(request.POST)
        if run_service(form, services.schedule_set, actor=actor, request=request):
            return _done(request)
    else:
        form = forms.ScheduleForm(initial=forms.ScheduleForm.initial_from(current))
    return form_page(request, form, title=_("催缴安排"), cancel_url=reverse("dues:settings"))
