"""The 凝新 studio's page: every 三新 member transferred in with the three steps
computed from the records, days since the transfer, and a reminder by SMS."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiedao.accounts.policy import request_actor, staff
from jiedao.core.errors import Conflict
from jiedao.core.paging import page_of
from jiedao.party import access, selectors, services
from jiedao.party.forms import MissingFilterForm


@staff(*access.STUDIO_ROLES)
def onboarding(request: HttpRequest) -> HttpResponse:
    """The newcomers who have not done all three (``?missing=`` one step, ``done``,
    ``all``), paged, with how many miss each step: filtered and counted by the
    database, the steps' records read for the page only."""
    actor = request_actor(request)
    subdistrict_id = actor.subdistrict_id or 0
    form = MissingFilterForm(request.GET or None)
    missing = form.value()
    members = access.members_visible_to(actor)
    page = page_of(request, selectors.newcomers_missing(members, subdistrict_id=subdistrict_id, missing=missing))
    context = {
        "page": page,
        "rows": selectors.onboarding(page.object_list, subdistrict_id=subdistrict_id),
        "steps": selectors.STEPS,
        "counts": selectors.missing_counts(members, subdistrict_id=subdistrict_id),
        "form": form,
        "missing": missing,
    }
    return render(request, "party/onboarding.html", context)


@staff(*access.STUDIO_ROLES)
@require_POST
def remind(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    member = access.member_for_actor(actor, pk)
    try:
        reminder = services.remind(actor=actor, member=member, request=request)
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        if reminder.sent:
            messages.success(request, _("已向%(name)s发送提醒短信。") % {"name": member.person.name})
        else:
            messages.warning(request, _("提醒已记录，但短信未能发出（可能未登记手机号）。"))
    return redirect("party:onboarding")
