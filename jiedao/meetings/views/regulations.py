"""Regulations (制度): the list, one regulation with its versions, drafting and
moving a version along its statuses."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiedao.accounts.policy import request_actor, staff
from jiedao.core.pages import form_status, run_action, run_service
from jiedao.core.paging import page_of
from jiedao.meetings import forms, selectors, services
from jiedao.meetings.access import (
    MANAGE_ROLES,
    can_manage,
    joint_meeting_for_actor,
    regulation_for_actor,
    regulations_visible_to,
    version_for_actor,
)


@staff()
def regulation_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    context = {"page": page_of(request, selectors.regulation_list(regulations_visible_to(actor)))}
    return render(request, "meetings/regulation_list.html", context)


@staff(*MANAGE_ROLES)
@require_POST
def regulation_create(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    joint_meeting = joint_meeting_for_actor(actor, pk, for_update=True)
    form = forms.RegulationForm(request.POST, actor=actor)
    regulation = run_action(
        request,
        form,
        services.regulation_create,
        actor=actor,
        joint_meeting=joint_meeting,
        request=request,
        done=_("制度草案已建立。"),
    )
    if regulation is None:
        return redirect("meetings:body", pk=pk)
    return redirect("meetings:regulation", pk=regulation.pk)


@staff()
def regulation(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    manage = can_manage(actor)
    if request.method == "POST":
        form = forms.VersionForm(request.POST, actor=actor)
        with transaction.atomic():
            reg = regulation_for_actor(actor, pk, for_update=True)
            if run_service(form, services.version_create, actor=actor, regulation=reg, request=request):
                messages.success(request, _("新版本草案已建立。"))
                return redirect("meetings:regulation", pk=pk)
    else:
        reg = regulation_for_actor(actor, pk)
        form = forms.VersionForm(actor=actor)
    context = {
        "regulation": reg,
        "versions": selectors.versions_for_page(actor, reg),
        "form": form if manage else None,
        "can_manage": manage,
    }
    return render(request, "meetings/regulation.html", context, status=form_status(form))


@staff(*MANAGE_ROLES)
@require_POST
def version_transition(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    version = version_for_actor(actor, pk, for_update=True)
    form = forms.TransitionForm(request.POST)
    run_action(
        request,
        form,
        services.version_transition,
        actor=actor,
        version=version,
        request=request,
        done=_("状态已更新。"),
    )
    return redirect("meetings:regulation", pk=version.regulation_id)
