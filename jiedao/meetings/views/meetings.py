"""Meetings: the list, one meeting's page and its small forms, the minutes."""

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiedao.accounts.policy import request_actor, staff
from jiedao.core.downloads import protected_file_response
from jiedao.core.pages import form_page, run_action, run_service
from jiedao.core.paging import page_of
from jiedao.meetings import forms, selectors, services
from jiedao.meetings.access import (
    MANAGE_ROLES,
    can_manage,
    meeting_for_actor,
    photo_for_actor,
)
from jiedao.meetings.models import Meeting
from jiedao.meetings.pdf import minutes_response


def crumbs(meeting: Meeting | None = None) -> list[tuple[str, str]]:
    """The breadcrumbs of a form page about meetings (and one of them)."""
    trail = [(_("联席会议"), reverse("meetings:index"))]
    if meeting is not None:
        trail.append((meeting.activity.title, reverse("meetings:detail", args=[meeting.pk])))
    return trail


@staff()
def index(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    context = {
        "page": page_of(request, selectors.meeting_list(actor)),
        "can_manage": can_manage(actor),
        "now": timezone.now(),
    }
    return render(request, "meetings/index.html", context)


@staff(*MANAGE_ROLES)
def create(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = forms.MeetingForm(request.POST or None, actor=actor)
    if not selectors.has_bodies(actor):
        messages.info(request, _("请先建立联席会议及其成员单位。"))
        return redirect("meetings:body_list")
    if request.method == "POST":
        meeting = run_service(form, services.meeting_create, actor=actor, request=request)
        if meeting is not None:
            messages.success(request, _("会议已创建，成员单位已邀请。"))
            return redirect("meetings:detail", pk=meeting.pk)
    return form_page(request, form, title=_("新建会议"), cancel_url=reverse("meetings:index"), crumbs=crumbs())


def detail_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    actor = request_actor(request)
    manage = can_manage(actor)
    agenda = selectors.agenda_of(meeting)
    if manage:
        # One form per item, each with its own ids (a page must not repeat an id);
        # the unit choices are read once for all of them (constant queries).
        units = [("", _("请选择")), *selectors.unit_choices(actor)]
        for item in agenda:
            item.commendation_form = forms.CommendationForm(actor=actor, auto_id=f"id_c{item.pk}_%s")  # type: ignore[attr-defined]
            item.commendation_form.fields["unit"].widget.choices = units  # type: ignore[attr-defined]
            item.requirement_form = forms.RequirementForm(auto_id=f"id_r{item.pk}_%s")  # type: ignore[attr-defined]
            for requirement in item.requirements.all():
                requirement.action_form = forms.ActionItemForm(  # type: ignore[attr-defined]
                    actor=actor, auto_id=f"id_a{requirement.pk}_%s", initial={"title": requirement.text[:200]}
                )
                requirement.action_form.fields["owner_unit"].widget.choices = units  # type: ignore[attr-defined]
    return {
        "meeting": meeting,
        "sessions": selectors.sessions_of(meeting),
        "agenda": agenda,
        "invitations": list(selectors.invitations_of(meeting)),
        "attendance_count": selectors.attendance_count(meeting),
        "photos": selectors.photos_of(meeting),
        "action_items": selectors.action_items_of(meeting),
        "can_manage": manage,
        "agenda_form": forms.AgendaItemForm(actor=actor, meeting_id=meeting.pk, prefix="new") if manage else None,
        "invite_form": forms.InviteForm(actor=actor) if manage else None,
        "edit_form": forms.MeetingEditForm(
            initial={"host": meeting.host.name if meeting.host else "", "summary": meeting.summary}, actor=actor
        )
        if manage
        else None,
        "photo_form": forms.PhotoForm() if manage else None,
    }


@staff()
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_actor(request_actor(request), pk)
    return render(request, "meetings/detail.html", detail_context(request, meeting))


@staff(*MANAGE_ROLES)
@require_POST
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    form = forms.MeetingEditForm(request.POST, actor=actor)
    with transaction.atomic():
        meeting = meeting_for_actor(actor, pk, for_update=True)
        run_action(
            request,
            form,
            services.meeting_update,
            actor=actor,
            meeting=meeting,
            request=request,
            done=_("会议信息已保存。"),
        )
    return redirect("meetings:detail", pk=pk)


@staff(*MANAGE_ROLES)
@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    meeting = meeting_for_actor(actor, pk, for_update=True)
    if request.POST.get("members"):
        n = services.meeting_invite_members(actor=actor, meeting=meeting, request=request)
        messages.success(request, _("已邀请%(n)d个成员单位。") % {"n": n})
        return redirect("meetings:detail", pk=pk)
    form = forms.InviteForm(request.POST, actor=actor)
    run_action(
        request, form, services.meeting_invite, actor=actor, meeting=meeting, request=request, done=_("邀请已发出。")
    )
    return redirect("meetings:detail", pk=pk)


@staff(*MANAGE_ROLES)
@require_POST
def photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    meeting = meeting_for_actor(actor, pk, for_update=True)
    form = forms.PhotoForm(request.POST, request.FILES)
    run_action(request, form, services.photo_add, actor=actor, meeting=meeting, request=request, done=_("照片已上传。"))
    return redirect(reverse("meetings:detail", args=[pk]) + "#photos")


@staff()
def photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The picture itself, for whoever may read the meeting it belongs to (its
    page and its minutes show it)."""
    return protected_file_response(photo_for_actor(request_actor(request), pk).image)


@staff(*MANAGE_ROLES)
@require_POST
def photo_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    photo = photo_for_actor(actor, pk, for_update=True)
    services.photo_delete(actor=actor, photo=photo, request=request)
    messages.success(request, _("照片已删除。"))
    return redirect(reverse("meetings:detail", args=[photo.meeting_id]) + "#photos")


@staff()
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_actor(request_actor(request), pk)
    return render(request, "meetings/minutes.html", {"m": selectors.minutes_of(meeting)})


@staff()
def minutes_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_actor(request_actor(request), pk)
    return minutes_response(selectors.minutes_of(meeting))
