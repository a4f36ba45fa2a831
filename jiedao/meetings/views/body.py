"""The joint meeting body (联席会议) and its member units."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiedao.accounts.policy import request_actor, staff
from jiedao.core.pages import form_page, form_status, run_action, run_service
from jiedao.core.paging import page_of
from jiedao.meetings import forms, selectors, services
from jiedao.meetings.access import (
    MANAGE_ROLES,
    can_manage,
    joint_meeting_for_actor,
    joint_meetings_visible_to,
    member_for_actor,
    require_manager,
)


@staff()
def body_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    manage = can_manage(actor)
    form = forms.JointMeetingForm(request.POST or None, actor=actor) if manage else None
    if request.method == "POST":
        require_manager(actor)
        assert form is not None
        body = run_service(form, services.joint_meeting_create, actor=actor, request=request)
        if body is not None:
            messages.success(request, _("联席会议已建立。"))
            return redirect("meetings:body", pk=body.pk)
    context = {"page": page_of(request, joint_meetings_visible_to(actor)), "form": form, "can_manage": manage}
    return render(request, "meetings/body_list.html", context, status=form_status(form) if form else 200)


@staff()
def body(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    manage = can_manage(actor)
    if request.method == "POST":
        form = forms.MemberForm(request.POST, actor=actor)
        with transaction.atomic():
            joint_meeting = joint_meeting_for_actor(actor, pk, for_update=True)
            if run_service(form, services.member_add, actor=actor, joint_meeting=joint_meeting, request=request):
                messages.success(request, _("成员单位已加入。"))
                return redirect("meetings:body", pk=pk)
    else:
        joint_meeting = joint_meeting_for_actor(actor, pk)
        form = forms.MemberForm(actor=actor)
    context = {
        "body": joint_meeting,
        "members": list(selectors.members_of(joint_meeting)),
        "regulations": selectors.regulations_of(joint_meeting),
        "meetings": selectors.meetings_of_body(actor, joint_meeting),
        "form": form if manage else None,
        "regulation_form": forms.RegulationForm(actor=actor) if manage else None,
        "can_manage": manage,
    }
    return render(request, "meetings/body.html", context, status=form_status(form))


@staff(*MANAGE_ROLES)
def body_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    if request.method == "POST":
        form = forms.JointMeetingForm(request.POST, actor=actor)
        with transaction.atomic():
            joint_meeting = joint_meeting_for_actor(actor, pk, for_update=True)
            if run_service(
                form, services.joint_meeting_update, actor=actor, joint_meeting=joint_meeting, request=request
            ):
                messages.success(request, _("联席会议信息已保存。"))
                return redirect("meetings:body", pk=pk)
    else:
        joint_meeting = joint_meeting_for_actor(actor, pk, for_update=True)
        form = forms.JointMeetingForm(initial=forms.JointMeetingForm.initial_for(joint_meeting), actor=actor)
    cancel = reverse("meetings:body", args=[pk])
    trail = [(_("联席会议及成员单位"), reverse("meetings:body_list")), (joint_meeting.name, cancel)]
    return form_page(request, form, title=_("编辑联席会议"), cancel_url=cancel, crumbs=trail)


@staff(*MANAGE_ROLES)
@require_POST
def member_leave(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    member = member_for_actor(actor, pk, for_update=True)
    form = forms.ConfirmForm(request.POST)
    done = _("“%(unit)s”已退出。") % {"unit": member.unit.name}
    run_action(request, form, services.member_leave, actor=actor, member=member, request=request, done=done)
    return redirect("meetings:body", pk=member.joint_meeting_id)
