"""A meeting's agenda: items, commendations, requirements and the action items
made of them. Every change is a POST back to the meeting's page."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiedao.accounts.policy import request_actor, staff
from jiedao.core.pages import form_page, run_action, run_service
from jiedao.meetings import forms, services
from jiedao.meetings.access import (
    MANAGE_ROLES,
    agenda_item_for_actor,
    commendation_for_actor,
    meeting_for_actor,
    requirement_for_actor,
)
from jiedao.meetings.views.meetings import crumbs, detail_context


def _agenda_of(meeting_id: int) -> HttpResponse:
    return redirect(reverse("meetings:detail", args=[meeting_id]) + "#agenda")


@staff(*MANAGE_ROLES)
@require_POST
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    meeting = meeting_for_actor(actor, pk, for_update=True)
    form = forms.AgendaItemForm(request.POST, actor=actor, meeting_id=meeting.pk, prefix="new")
    run_action(
        request, form, services.agenda_item_add, actor=actor, meeting=meeting, request=request, done=_("议程已添加。")
    )
    return _agenda_of(pk)


@staff(*MANAGE_ROLES)
def agenda_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    item = agenda_item_for_actor(actor, pk, for_update=True)
    keep = item.regulation_version_id
    if request.method == "POST":
        form = forms.AgendaItemForm(request.POST, actor=actor, meeting_id=item.meeting_id, keep=keep)
        if run_service(form, services.agenda_item_update, actor=actor, item=item, request=request):
            messages.success(request, _("议程已保存。"))
            return _agenda_of(item.meeting_id)
    else:
        initial = forms.AgendaItemForm.initial_for(item)
        form = forms.AgendaItemForm(initial=initial, actor=actor, meeting_id=item.meeting_id, keep=keep)
    cancel = reverse("meetings:detail", args=[item.meeting_id])
    return form_page(request, form, title=_("编辑议程"), cancel_url=cancel, crumbs=crumbs(item.meeting))


@staff(*MANAGE_ROLES)
@require_POST
def agenda_move(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    item = agenda_item_for_actor(actor, pk, for_update=True)
    form = forms.ConfirmForm(request.POST)
    direction = request.POST.get("direction", "")
    run_action(request, form, services.agenda_item_move, actor=actor, item=item, direction=direction, request=request)
    if request.headers.get("HX-Request"):
        meeting = meeting_for_actor(actor, item.meeting_id)
        return render(request, "meetings/_agenda.html", detail_context(request, meeting))
    return _agenda_of(item.meeting_id)


@staff(*MANAGE_ROLES)
@require_POST
def agenda_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    item = agenda_item_for_actor(actor, pk, for_update=True)
    form = forms.ConfirmForm(request.POST)
    run_action(
        request, form, services.agenda_item_delete, actor=actor, item=item, request=request, done=_("议程已删除。")
    )
    return _agenda_of(item.meeting_id)


@staff(*MANAGE_ROLES)
@require_POST
def commendation_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    item = agenda_item_for_actor(actor, pk, for_update=True)
    form = forms.CommendationForm(request.POST, actor=actor)
    run_action(
        request, form, services.commendation_add, actor=actor, item=item, request=request, done=_("表彰单位已添加。")
    )
    return _agenda_of(item.meeting_id)


@staff(*MANAGE_ROLES)
@require_POST
def commendation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    commendation = commendation_for_actor(actor, pk, for_update=True)
    services.commendation_delete(actor=actor, commendation=commendation, request=request)
    messages.success(request, _("已移出表彰名单。"))
    return _agenda_of(commendation.agenda_item.meeting_id)


@staff(*MANAGE_ROLES)
@require_POST
def requirement_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    item = agenda_item_for_actor(actor, pk, for_update=True)
    form = forms.RequirementForm(request.POST)
    run_action(request, form, services.requirement_add, actor=actor, item=item, request=request, done=_("要求已记录。"))
    return _agenda_of(item.meeting_id)


@staff(*MANAGE_ROLES)
@require_POST
def requirement_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Turn a requirement of a speech into an action item."""
    actor = request_actor(request)
    requirement = requirement_for_actor(actor, pk, for_update=True)
    form = forms.ActionItemForm(request.POST, actor=actor)
    run_action(
        request,
        form,
        services.action_item_create,
        actor=actor,
        requirement=requirement,
        request=request,
        done=_("已转为督办事项。"),
    )
    return _agenda_of(requirement.agenda_item.meeting_id)
