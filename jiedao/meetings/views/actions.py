"""Action items (督办事项): the offices set and follow them up; the owner unit's
chair reads its own and reports progress."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiedao.accounts.policy import request_actor, staff
from jiedao.core.pages import form_page, form_status, run_action, run_service
from jiedao.core.paging import page_of
from jiedao.meetings import forms, selectors, services
from jiedao.meetings.access import MANAGE_ROLES, action_item_for_actor, can_manage, require_manager

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
        item = run_service(form, services.action_item_create, actor=actor, request=request)
        if item is not None:
            messages.success(request, _("督办事项已建立。"))
            return redirect("meetings:action", pk=item.pk)
    page = page_of(request, selectors.action_item_list(actor, view=view))
    selectors.mark_overdue(page.object_list)
    context = {
        "page": page,
        "view": view,
        "views": list(ACTION_VIEWS.items()),
        "form": form,
        "can_manage": manage,
    }
    return render(request, "meetings/action_list.html", context, status=form_status(form) if form else 200)


@staff()
def action(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    item = action_item_for_actor(actor, pk)
    manage = can_manage(actor)
    context = {
        "item": item,
        "overdue": selectors.is_overdue(item),
        "notes": selectors.notes_of(item),
        "note_form": forms.NoteForm(),
        "status_form": forms.StatusForm(initial={"status": item.status}) if manage else None,
        "can_manage": manage,
    }
    return render(request, "meetings/action.html", context)


@staff(*MANAGE_ROLES)
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an action item's title, owner unit, deadline or description."""
    actor = request_actor(request)
    if request.method == "POST":
        form = forms.ActionItemForm(request.POST, actor=actor)
        with transaction.atomic():
            item = action_item_for_actor(actor, pk, for_update=True)
            if run_service(form, services.action_item_update, actor=actor, item=item, request=request):
                messages.success(request, _("督办事项已保存。"))
                return redirect("meetings:action", pk=pk)
    else:
        item = action_item_for_actor(actor, pk, for_update=True)
        form = forms.ActionItemForm(initial=forms.ActionItemForm.initial_from(item), actor=actor)
    cancel = reverse("meetings:action", args=[pk])
    trail = [(_("督办事项"), reverse("meetings:action_list"))]
    return form_page(request, form, title=_("编辑督办事项"), cancel_url=cancel, crumbs=trail)


@staff()
@require_POST
def action_note(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner unit's chair or an office adds a progress note."""
    actor = request_actor(request)
    item = action_item_for_actor(actor, pk)
    form = forms.NoteForm(request.POST)
    run_action(
        request, form, services.progress_note_add, actor=actor, item=item, request=request, done=_("进展已记录。")
    )
    return redirect("meetings:action", pk=pk)


@staff(*MANAGE_ROLES)
@require_POST
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    form = forms.StatusForm(request.POST)
    with transaction.atomic():
        item = action_item_for_actor(actor, pk, for_update=True)
        run_action(
            request,
            form,
            services.action_item_set_status,
            actor=actor,
            item=item,
            request=request,
            done=_("状态已更新。"),
        )
    return redirect("meetings:action", pk=pk)
