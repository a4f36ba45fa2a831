"""The commendation shortlist of a year; the federation picks from it and the
picked list becomes the 表彰 item of a joint meeting."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiedao.accounts.actor import Actor
from jiedao.accounts.policy import request_actor, staff
from jiedao.core.pages import form_status, run_service
from jiedao.dues import access, selectors, services
from jiedao.dues.forms import CommendForm
from jiedao.dues.selectors.shortlist import ShortlistEntry
from jiedao.dues.views.common import year_param
from jiedao.meetings.access import meetings_visible_to
from jiedao.meetings.models import Meeting

TOP = 7  # pre-ticked: the newsletter's seven


def _meetings(actor: Actor) -> list[Meeting]:
    return list(meetings_visible_to(actor).select_related("activity").order_by("-pk")[:50])


def _form(actor: Actor, entries: list[ShortlistEntry], year: int, data: Any = None) -> CommendForm:
    return CommendForm(
        data,
        meetings=[(m.pk, m.activity.title) for m in _meetings(actor)],
        units=[(e.unit.pk, f"{e.rank}. {e.unit.name}") for e in entries],
        initial={
            "units": [e.unit.pk for e in entries[:TOP]],
            "title": services.default_title(year),
            "award": services.default_award(year),
        },
    )


def _page(request: HttpRequest, year: int, form: CommendForm | None, entries: list[ShortlistEntry]) -> HttpResponse:
    actor = request_actor(request)
    return render(
        request,
        "dues/shortlist.html",
        {"year": year, "entries": entries, "form": form, "can_manage": access.can_manage(actor), "sees_all": True},
        status=form_status(form) if form is not None else 200,
    )


@staff(*access.OVERVIEW_ROLES)
def shortlist(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    access.tenant_for_overview(actor)
    year = year_param(request)
    entries = selectors.shortlist(access.assessments_visible_to(actor), year)
    form = _form(actor, entries, year) if access.can_manage(actor) and entries else None
    return _page(request, year, form, entries)


@staff(*access.MANAGE_ROLES)
@require_POST
def commend(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    year = year_param(request)
    entries = selectors.shortlist(access.assessments_visible_to(actor), year)
    form = _form(actor, entries, year, request.POST)
    meetings = meetings_visible_to(actor)

    def pick(*, meeting: int, units: list[int], title: str, award: str) -> object:
        return services.commend_from_shortlist(
            actor=actor,
            year=year,
            meeting=meetings.filter(pk=meeting).first(),
            unit_ids=units,
            title=title,
            award=award,
            request=request,
        )

    item = run_service(form, pick, field_names={"unit_ids": "units"})
    if item is not None:
        messages.success(request, _("表彰议程已加入会议。"))
        return redirect(reverse("meetings:detail", args=[item.meeting_id]) + "#agenda")
    return _page(request, year, form, entries)
