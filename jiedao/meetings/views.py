"""Pages of the joint meeting system. Thin: access function → selector or
service → template. Small actions (invite, move an item, add a commendation)
are POSTs that redirect back to the page with a message; the longer forms
(a meeting, an agenda item) re-render with their errors next to the fields."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiedao.accounts.policy import request_actor, staff
from jiedao.core.paging import page_of
from jiedao.meetings import forms, selectors, services
from jiedao.meetings.access import (
    MANAGE_ROLES,
    action_item_for_actor,
    can_manage,
    joint_meeting_for_actor,
    joint_meetings_visible_to,
    meeting_for_actor,
    meetings_visible_to,
    regulation_for_actor,
    regulations_visible_to,
    require_manager,
)
from jiedao.meetings.models import AgendaItem, Commendation, MeetingPhoto, MemberUnit, RegulationVersion, Requirement
from jiedao.meetings.pdf import minutes_response
from jiedao.org.access import units_visible_to


def _messages_of(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for msgs in exc.message_dict.values() for m in msgs]
    return list(exc.messages)


def _run(http: HttpRequest, form: Form, service: Callable[..., Any], /, **context: Any) -> Any:
    """Call ``service`` with the form's data; errors go to the form (and are returned as None)."""
    if not form.is_valid():
        return None
    try:
        return service(**context, **form.cleaned_data)
    except ValidationError as exc:
        _attach(form, exc)
        return None


def _attach(form: Form, exc: ValidationError) -> None:
    """The service's errors next to the fields it names; others above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _flash_errors(request: HttpRequest, form: Form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}：{error}" if label else str(error))


def _post_action(http: HttpRequest, form: Form, service: Callable[..., Any], done: str, /, **context: Any) -> None:
    """A small POST form: success message, or each error as a message on the page it returns to."""
    with transaction.atomic():
        result = _run(http, form, service, **context)
    if result is None and form.errors:
        _flash_errors(http, form)
    else:
        messages.success(http, done)


# Meetings -------------------------------------------------------------------


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
    if not joint_meetings_visible_to(actor).exists():
        messages.info(request, _("请先建立联席会议及其成员单位。"))
        return redirect("meetings:body_list")
    if request.method == "POST":
        meeting = _run(request, form, services.meeting_create, actor=actor, request=request)
        if meeting is not None:
            messages.success(request, _("会议已创建，成员单位已邀请。"))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/form.html", {"form": form, "title": _("新建会议")})


def _detail_context(request: HttpRequest, meeting: Any) -> dict[str, Any]:
    actor = request_actor(request)
    manage = can_manage(actor)
    sessions = selectors.sessions_of(meeting)
    agenda = selectors.agenda_of(meeting)
    if manage:
        # One form per item, each with its own ids (a page must not repeat an id);
        # the unit choices are read once for all of them (constant queries).
        units = [("", _("请选择")), *units_visible_to(actor).values_list("pk", "name")]
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
        "sessions": sessions,
        "agenda": agenda,
        "invitations": list(selectors.invitations_of(meeting)),
        "attendance_count": selectors.attendance_count(meeting),
        "photos": selectors.photos_of(meeting),
        "action_items": list(meeting.action_items.select_related("owner_unit")),
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
    return render(request, "meetings/detail.html", _detail_context(request, meeting))


@staff(*MANAGE_ROLES)
@require_POST
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    with transaction.atomic():
        meeting = meeting_for_actor(actor, pk, to_change=True)
        form = forms.MeetingEditForm(request.POST, actor=actor)
        if _run(request, form, services.meeting_update, actor=actor, meeting=meeting, request=request):
            messages.success(request, _("会议信息已保存。"))
        else:
            _flash_errors(request, form)
    return redirect("meetings:detail", pk=pk)


@staff(*MANAGE_ROLES)
@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    meeting = meeting_for_actor(actor, pk, to_change=True)
    if request.POST.get("members"):
        with transaction.atomic():
            n = services.meeting_invite_members(actor=actor, meeting=meeting, request=request)
        messages.success(request, _("已邀请%(n)d个成员单位。") % {"n": n})
        return redirect("meetings:detail", pk=pk)
    form = forms.InviteForm(request.POST, actor=actor)
    if form.is_valid():
        data = dict(form.cleaned_data)
        data["category"] = data["category"] or None
        try:
            services.meeting_invite(actor=actor, meeting=meeting, request=request, **data)
            messages.success(request, _("邀请已发出。"))
        except ValidationError as exc:
            for message in _messages_of(exc):
                messages.error(request, message)
    else:
        _flash_errors(request, form)
    return redirect("meetings:detail", pk=pk)


def _item(actor: Any, pk: int) -> AgendaItem:
    item = AgendaItem.objects.select_related("meeting__activity").filter(pk=pk).first()
    if item is None:
        raise Http404
    meeting_for_actor(actor, item.meeting_id, to_change=True)  # scope, then the right to change it
    return item


@staff(*MANAGE_ROLES)
@require_POST
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    meeting = meeting_for_actor(actor, pk, to_change=True)
    form = forms.AgendaItemForm(request.POST, actor=actor, meeting_id=meeting.pk, prefix="new")
    _post_action(
        request, form, services.agenda_item_add, _("议程已添加。"), actor=actor, meeting=meeting, request=request
    )
    return redirect(reverse("meetings:detail", args=[pk]) + "#agenda")


@staff(*MANAGE_ROLES)
def agenda_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    item = _item(actor, pk)
    if request.method == "POST":
        form = forms.AgendaItemForm(
            request.POST, actor=actor, meeting_id=item.meeting_id, keep=item.regulation_version_id
        )
        with transaction.atomic():
            if _run(request, form, services.agenda_item_update, actor=actor, item=item, request=request):
                messages.success(request, _("议程已保存。"))
                return redirect(reverse("meetings:detail", args=[item.meeting_id]) + "#agenda")
    else:
        form = forms.AgendaItemForm(
            initial=forms.AgendaItemForm.initial_for(item),
            actor=actor,
            meeting_id=item.meeting_id,
            keep=item.regulation_version_id,
        )
    context = {"form": form, "title": _("编辑议程"), "meeting": item.meeting}
    return render(request, "meetings/form.html", context)


@staff(*MANAGE_ROLES)
@require_POST
def agenda_move(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    item = _item(actor, pk)
    try:
        services.agenda_item_move(actor=actor, item=item, direction=request.POST.get("direction", ""), request=request)
    except ValidationError as exc:
        for message in _messages_of(exc):
            messages.error(request, message)
    if request.headers.get("HX-Request"):
        meeting = meeting_for_actor(actor, item.meeting_id)
        return render(request, "meetings/_agenda.html", _detail_context(request, meeting))
    return redirect(reverse("meetings:detail", args=[item.meeting_id]) + "#agenda")


@staff(*MANAGE_ROLES)
@require_POST
def agenda_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    item = _item(actor, pk)
    try:
        services.agenda_item_delete(actor=actor, item=item, request=request)
        messages.success(request, _("议程已删除。"))
    except ValidationError as exc:
        for message in _messages_of(exc):
            messages.error(request, message)
    return redirect(reverse("meetings:detail", args=[item.meeting_id]) + "#agenda")


@staff(*MANAGE_ROLES)
@require_POST
def commendation_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    item = _item(actor, pk)
    form = forms.CommendationForm(request.POST, actor=actor)
    _post_action(
        request, form, services.commendation_add, _("表彰单位已添加。"), actor=actor, item=item, request=request
    )
    return redirect(reverse("meetings:detail", args=[item.meeting_id]) + "#agenda")


@staff(*MANAGE_ROLES)
@require_POST
def commendation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    commendation = Commendation.objects.filter(pk=pk).first()
    if commendation is None:
        raise Http404
    item = _item(actor, commendation.agenda_item_id)
    services.commendation_delete(actor=actor, commendation=commendation, request=request)
    messages.success(request, _("已移出表彰名单。"))
    return redirect(reverse("meetings:detail", args=[item.meeting_id]) + "#agenda")


@staff(*MANAGE_ROLES)
@require_POST
def requirement_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    item = _item(actor, pk)
    form = forms.RequirementForm(request.POST)
    _post_action(request, form, services.requirement_add, _("要求已记录。"), actor=actor, item=item, request=request)
    return redirect(reverse("meetings:detail", args=[item.meeting_id]) + "#agenda")


@staff(*MANAGE_ROLES)
@require_POST
def requirement_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Turn a requirement of a speech into an action item."""
    actor = request_actor(request)
    requirement = Requirement.objects.select_related("agenda_item").filter(pk=pk).first()
    if requirement is None:
        raise Http404
    item = _item(actor, requirement.agenda_item_id)
    form = forms.ActionItemForm(request.POST, actor=actor)
    _post_action(
        request,
        form,
        services.action_item_create,
        _("已转为督办事项。"),
        actor=actor,
        requirement=requirement,
        request=request,
    )
    return redirect(reverse("meetings:detail", args=[item.meeting_id]) + "#agenda")


@staff(*MANAGE_ROLES)
@require_POST
def photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    meeting = meeting_for_actor(actor, pk, to_change=True)
    form = forms.PhotoForm(request.POST, request.FILES)
    _post_action(request, form, services.photo_add, _("照片已上传。"), actor=actor, meeting=meeting, request=request)
    return redirect(reverse("meetings:detail", args=[pk]) + "#photos")


@staff(*MANAGE_ROLES)
@require_POST
def photo_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    photo = MeetingPhoto.objects.filter(pk=pk).first()
    if photo is None:
        raise Http404
    meeting_for_actor(actor, photo.meeting_id, to_change=True)  # scope, then the right to change it
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


# The joint meeting body ------------------------------------------------------


@staff()
def body_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    manage = can_manage(actor)
    form = forms.JointMeetingForm(request.POST or None, actor=actor) if manage else None
    if request.method == "POST":
        require_manager(actor)
        assert form is not None
        with transaction.atomic():
            body = _run(request, form, services.joint_meeting_create, actor=actor, request=request)
        if body is not None:
            messages.success(request, _("联席会议已建立。"))
            return redirect("meetings:body", pk=body.pk)
    context = {"page": page_of(request, joint_meetings_visible_to(actor)), "form": form, "can_manage": manage}
    return render(request, "meetings/body_list.html", context)


@staff()
def body(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    manage = can_manage(actor)
    if request.method == "POST":
        with transaction.atomic():
            joint_meeting = joint_meeting_for_actor(actor, pk, to_change=True)
            form = forms.MemberForm(request.POST, actor=actor)
            if _run(request, form, services.member_add, actor=actor, joint_meeting=joint_meeting, request=request):
                messages.success(request, _("成员单位已加入。"))
                return redirect("meetings:body", pk=pk)
    else:
        joint_meeting = joint_meeting_for_actor(actor, pk)
        form = forms.MemberForm(actor=actor)
    context = {
        "body": joint_meeting,
        "members": list(selectors.members_of(joint_meeting)),
        "regulations": list(selectors.regulation_list(joint_meeting.regulations.all())),
        "meetings": list(selectors.meeting_list(actor).filter(joint_meeting=joint_meeting)[:20]),
        "form": form if manage else None,
        "regulation_form": forms.RegulationForm(actor=actor) if manage else None,
        "can_manage": manage,
    }
    return render(request, "meetings/body.html", context)


@staff(*MANAGE_ROLES)
def body_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    if request.method == "POST":
        form = forms.JointMeetingForm(request.POST, actor=actor)
        with transaction.atomic():
            joint_meeting = joint_meeting_for_actor(actor, pk, to_change=True)
            if _run(
                request, form, services.joint_meeting_update, actor=actor, joint_meeting=joint_meeting, request=request
            ):
                messages.success(request, _("联席会议信息已保存。"))
                return redirect("meetings:body", pk=pk)
    else:
        joint_meeting = joint_meeting_for_actor(actor, pk)
        require_manager(actor)
        form = forms.JointMeetingForm(
            initial={
                "name": joint_meeting.name,
                "convenor_unit": joint_meeting.convenor_unit_id,
                "convenor": joint_meeting.convenor.name if joint_meeting.convenor else "",
                "frequency": joint_meeting.frequency,
                "description": joint_meeting.description,
            },
            actor=actor,
        )
    return render(request, "meetings/form.html", {"form": form, "title": _("编辑联席会议")})


@staff(*MANAGE_ROLES)
@require_POST
def member_leave(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    member = MemberUnit.objects.filter(pk=pk).first()
    if member is None:
        raise Http404
    joint_meeting_for_actor(actor, member.joint_meeting_id, to_change=True)
    try:
        services.member_leave(actor=actor, member=member, request=request)
        messages.success(request, _("“%(unit)s”已退出。") % {"unit": member.unit.name})
    except ValidationError as exc:
        for message in _messages_of(exc):
            messages.error(request, message)
    return redirect("meetings:body", pk=member.joint_meeting_id)


# Regulations -----------------------------------------------------------------


@staff()
def regulation_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    context = {"page": page_of(request, selectors.regulation_list(regulations_visible_to(actor)))}
    return render(request, "meetings/regulation_list.html", context)


@staff(*MANAGE_ROLES)
@require_POST
def regulation_create(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    joint_meeting = joint_meeting_for_actor(actor, pk, to_change=True)
    form = forms.RegulationForm(request.POST, actor=actor)
    with transaction.atomic():
        regulation = _run(
            request, form, services.regulation_create, actor=actor, joint_meeting=joint_meeting, request=request
        )
    if regulation is None:
        _flash_errors(request, form)
        return redirect("meetings:body", pk=pk)
    messages.success(request, _("制度草案已建立。"))
    return redirect("meetings:regulation", pk=regulation.pk)


@staff()
def regulation(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    manage = can_manage(actor)
    if request.method == "POST":
        with transaction.atomic():
            reg = regulation_for_actor(actor, pk, to_change=True)
            form = forms.VersionForm(request.POST, actor=actor)
            if _run(request, form, services.version_create, actor=actor, regulation=reg, request=request):
                messages.success(request, _("新版本草案已建立。"))
                return redirect("meetings:regulation", pk=pk)
    else:
        reg = regulation_for_actor(actor, pk)
        form = forms.VersionForm(actor=actor)
    versions = list(selectors.versions_of(reg))
    adopted_at = {v.adopted_at_id for v in versions if v.adopted_at_id}
    # Link the adopting meeting only for those who may open it (a 404 otherwise).
    openable = (
        set(meetings_visible_to(actor).filter(pk__in=adopted_at).values_list("pk", flat=True)) if adopted_at else set()
    )
    for version in versions:
        version.meeting_openable = version.adopted_at_id in openable  # type: ignore[attr-defined]
        version.next_statuses = [  # type: ignore[attr-defined]
            (s, RegulationVersion.Status(s).label)
            for s in RegulationVersion.Status.values
            if s in services.TRANSITIONS[version.status]
        ]
    context = {"regulation": reg, "versions": versions, "form": form if manage else None, "can_manage": manage}
    return render(request, "meetings/regulation.html", context)


@staff(*MANAGE_ROLES)
@require_POST
def version_transition(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    version = RegulationVersion.objects.filter(pk=pk).first()
    if version is None:
        raise Http404
    regulation_for_actor(actor, version.regulation_id, to_change=True)
    form = forms.TransitionForm(request.POST)
    _post_action(
        request, form, services.version_transition, _("状态已更新。"), actor=actor, version=version, request=request
    )
    return redirect("meetings:regulation", pk=version.regulation_id)


# Action items ----------------------------------------------------------------

ACTION_VIEWS = {
    "open": gettext_lazy("未办结"),
    "overdue": gettext_lazy("已逾期"),
    "due_soon": gettext_lazy("即将到期"),
    "all": gettext_lazy("全部"),
}


@staff()
def action_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    manage = can_manage(actor)
    view = request.GET.get("view", "open")
    if view not in ACTION_VIEWS:
        view = "open"
    form = forms.ActionItemForm(request.POST or None, actor=actor) if manage else None
    if request.method == "POST":
        require_manager(actor)
        assert form is not None
        with transaction.atomic():
            item = _run(request, form, services.action_item_create, actor=actor, request=request)
        if item is not None:
            messages.success(request, _("督办事项已建立。"))
            return redirect("meetings:action", pk=item.pk)
    page = page_of(request, selectors.action_item_list(actor, view=view))
    today = timezone.localdate()
    for item in page.object_list:
        item.overdue = selectors.is_overdue(item, today)
    context = {
        "page": page,
        "view": view,
        "views": list(ACTION_VIEWS.items()),
        "form": form,
        "can_manage": manage,
    }
    return render(request, "meetings/action_list.html", context)


@staff()
def action(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    item = action_item_for_actor(actor, pk)
    context = {
        "item": item,
        "overdue": selectors.is_overdue(item),
        "notes": list(item.notes.select_related("written_by")),
        "note_form": forms.NoteForm(),
        "status_form": forms.StatusForm(initial={"status": item.status}) if can_manage(actor) else None,
        "can_manage": can_manage(actor),
    }
    return render(request, "meetings/action.html", context)


@staff(*MANAGE_ROLES)
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an action item's title, owner unit, deadline or description."""
    actor = request_actor(request)
    require_manager(actor)
    if request.method == "POST":
        form = forms.ActionItemForm(request.POST, actor=actor)
        with transaction.atomic():
            item = action_item_for_actor(actor, pk, to_change=True)
            if _run(request, form, services.action_item_update, actor=actor, item=item, request=request):
                messages.success(request, _("督办事项已保存。"))
                return redirect("meetings:action", pk=pk)
    else:
        item = action_item_for_actor(actor, pk)
        initial = {
            "title": item.title,
            "owner_unit": item.owner_unit_id,
            "deadline": item.deadline,
            "description": item.description,
        }
        form = forms.ActionItemForm(initial=initial, actor=actor)
    return render(request, "meetings/form.html", {"form": form, "title": _("编辑督办事项")})


@staff()
@require_POST
def action_note(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner unit's chair or an office adds a progress note."""
    actor = request_actor(request)
    with transaction.atomic():
        item = action_item_for_actor(actor, pk, to_change=True)
        form = forms.NoteForm(request.POST)
        _post_action(
            request, form, services.progress_note_add, _("进展已记录。"), actor=actor, item=item, request=request
        )
    return redirect("meetings:action", pk=pk)


@staff(*MANAGE_ROLES)
@require_POST
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    with transaction.atomic():
        item = action_item_for_actor(actor, pk, to_change=True)
        form = forms.StatusForm(request.POST)
        _post_action(
            request, form, services.action_item_set_status, _("状态已更新。"), actor=actor, item=item, request=request
        )
    return redirect("meetings:action", pk=pk)
