"""The labour office's follow-up pages: the due list (and all follow-ups), recording
one, scheduling the rows of classes just ended, and the rates per course and provider."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jiedao.accounts.access import tenant_of
from jiedao.accounts.policy import request_actor, staff
from jiedao.core.pages import form_page, run_service
from jiedao.core.paging import page_of
from jiedao.employment import access
from jiedao.employment.follow_up_forms import FollowUpForm
from jiedao.employment.selectors.follow_ups import follow_up_for_actor, follow_up_rows
from jiedao.employment.selectors.rates import rates_for
from jiedao.employment.services.follow_ups import record_follow_up, schedule_follow_ups


@staff(*access.READ_ROLES)
def follow_ups(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    show_all = request.GET.get("all") == "1"
    context = {
        "page": page_of(request, follow_up_rows(actor, due=not show_all)),
        "show_all": show_all,
        "can_manage": access.can_manage(actor),
        "today": timezone.localdate(),
    }
    return render(request, "employment/follow_ups.html", context)


@staff(*access.MANAGE_ROLES)
@require_POST
def follow_ups_schedule(request: HttpRequest) -> HttpResponse:
    made = schedule_follow_ups(subdistrict_id=tenant_of(request_actor(request)))
    messages.success(request, ngettext("新生成%(n)d条随访任务。", "新生成%(n)d条随访任务。", made) % {"n": made})
    return redirect("employment:follow_ups")


@staff(*access.MANAGE_ROLES)
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    row = follow_up_for_actor(actor, pk, for_update=True)
    initial = FollowUpForm.initial_from(row)
    if row.outcome == row.Outcome.UNKNOWN:
        initial.update(outcome="", followed_up_on=timezone.localdate())
    form = FollowUpForm(request.POST or None, initial=initial, subdistrict_id=tenant_of(actor))
    if form.is_bound and run_service(form, record_follow_up, actor=actor, follow_up=row, request=request):
        messages.success(request, _("已记录随访结果。"))
        return redirect("employment:follow_ups")
    subject = _("%(name)s，%(course)s结业后%(days)d天") % {
        "name": row.person_name,  # type: ignore[attr-defined]
        "course": row.course_name,  # type: ignore[attr-defined]
        "days": row.offset_days,
    }
    return form_page(
        request,
        form,
        template="employment/form.html",
        title=_("记录随访结果"),
        subject=subject,
        cancel_url=reverse("employment:follow_ups"),
        crumbs=[(_("就业随访"), reverse("employment:follow_ups"))],
    )


@staff(*access.READ_ROLES)
def rates(request: HttpRequest) -> HttpResponse:
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2100 else None
    context = {"rates": rates_for(request_actor(request), year=year), "year": year}
    return render(request, "employment/rates.html", context)
