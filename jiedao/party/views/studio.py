"""The 凝新 studio's page: every 三新 member transferred in with the three steps
computed from the records, days since the transfer, and a reminder by SMS."""

from typing import Any, cast

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
    """Every newcomer's steps, how many miss each step, and (``?missing=``) only
    those who miss one step or any."""
    actor = request_actor(request)
    form = MissingFilterForm(request.GET or None)
    missing = form.cleaned_data["missing"] if form.is_bound and form.is_valid() else ""
    everyone = selectors.onboarding_missing(
        access.members_visible_to(actor), subdistrict_id=actor.subdistrict_id or 0, missing=""
    )
    rows = [r for r in everyone if selectors.misses(r, missing)] if missing else everyone
    page = page_of(request, cast(Any, rows))
    context = {
        "page": page,
        "rows": page.object_list,
        "steps": selectors.STEPS,
        "counts": selectors.missing_counts(everyone),
        "total": len(everyone),
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
