"""Arrears by age, with the steps taken and the one the schedule suggests."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from jiedao.accounts.policy import request_actor, staff
from jiedao.core.paging import page_of
from jiedao.dues import access, selectors
from jiedao.dues.models import ArrearsStep
from jiedao.dues.selectors.arrears import arrears_queryset


@staff(*access.OVERVIEW_ROLES)
def arrears(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    tenant = access.tenant_for_overview(actor)
    today = timezone.localdate()
    bucket = request.GET.get("age", "")
    if bucket not in {key for key, *_rest in selectors.AGE_BUCKETS}:
        bucket = ""
    qs = access.assessments_visible_to(actor)
    page = page_of(request, arrears_queryset(qs, today, bucket))
    schedule = selectors.schedule_of(tenant)
    return render(
        request,
        "dues/arrears.html",
        {
            "page": page,
            "rows": selectors.arrears_rows(list(page.object_list), schedule, today),
            "summary": selectors.arrears_summary(qs, today),
            "bucket": bucket,
            "schedule": schedule,
            "steps": dict(ArrearsStep.Step.choices),
            "can_manage": access.can_manage(actor),
            "sees_all": True,
        },
    )
