"""The centre's desk: the task catalogue (closing a task), shifts (editing one) and
their claims, hours to verify or correct, residents' needs, the programme's settings."""

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
from jiedao.core.forms import BootstrapForm
from jiedao.core.pages import form_page, run_action, run_service
from jiedao.core.paging import page_of
from jiedao.volunteering import access, selectors, services
from jiedao.volunteering.access import MANAGER_ROLES, NEED_ROLES
from jiedao.volunteering.forms import (
    CorrectForm,
    NeedForm,
    ReviewForm,
    SettingsForm,
    ShiftEditForm,
    ShiftForm,
    TaskForm,
    TaskOpenForm,
)
from jiedao.volunteering.models import Need


def _crumbs() -> list[tuple[str, str]]:
    return [(_("公益服务任务"), reverse("volunteering:tasks"))]


@staff(*MANAGER_ROLES)
def tasks(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    page = page_of(request, selectors.task_overview(access.tasks_visible_to(actor)))
    context = {"page": page, "pending": selectors.pending_records(tenant_of(actor)).count()}
    return render(request, "volunteering/tasks.html", context)


@staff(*MANAGER_ROLES)
def task_create(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    subdistrict_id = tenant_of(actor)
    need_pk = request.GET.get("need", "")
    need = access.need_for_manager(actor, int(need_pk)) if need_pk.isdigit() else None
    initial = (
        {"title": need.title, "description": need.description, "residential_area": need.residential_area_id}
        if need
        else {}
    )
    form = TaskForm(request.POST or None, subdistrict_id=subdistrict_id, initial=initial)
    if form.is_bound:
        task = run_service(form, services.task_create, actor=actor, need=need, request=request)
        if task is not None:
            messages.success(request, _("任务已发布，请添加班次。"))
            return redirect("volunteering:task", pk=task.pk)
    return form_page(
        request, form, title=_("发布公益服务任务"), cancel_url=reverse("volunteering:tasks"), crumbs=_crumbs()
    )


@staff(*MANAGER_ROLES)
def task(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    found = access.task_for_actor(actor, pk)
    page = page_of(request, selectors.task_shifts(found))
    return render(request, "volunteering/task.html", {"task": found, "page": page})


@staff(*MANAGER_ROLES)
@require_POST
def task_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Close a task to new claims (its waiting list ends) or open it again."""
    actor = request_actor(request)
    found = access.task_for_actor(actor, pk)
    form = TaskOpenForm(request.POST)
    ended = run_action(request, form, services.task_set_open, actor=actor, task=found, request=request)
    if ended is not None:
        if found.is_open:
            messages.success(request, _("任务已重新开放认领。"))
        else:
            messages.success(
                request,
                _("任务已关闭，不再接受新的认领；已认领的志愿者照常服务。")
                + (ngettext("%(n)d条候补已结束。", "%(n)d条候补已结束。", ended) % {"n": ended} if ended else ""),
            )
    return redirect("volunteering:task", pk=found.pk)


@staff(*MANAGER_ROLES)
def shift_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    found = access.task_for_actor(actor, pk)
    form = ShiftForm(request.POST or None)
    if form.is_bound:
        made = run_service(form, services.shifts_add, actor=actor, task=found, request=request)
        if made is not None:
            messages.success(request, _("已添加%(n)d个班次。") % {"n": len(made)})
            return redirect("volunteering:task", pk=found.pk)
    return form_page(
        request,
        form,
        title=_("添加班次"),
        subject=found.activity.title,
        cancel_url=reverse("volunteering:task", args=[found.pk]),
        crumbs=_crumbs(),
    )


@staff(*MANAGER_ROLES)
def shift(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    found = access.shift_for_manager(actor, pk)
    page = page_of(request, selectors.shift_claims(found))
    started = found.session.starts_at <= timezone.now()
    return render(request, "volunteering/shift.html", {"shift": found, "page": page, "started": started})


@staff(*MANAGER_ROLES)
def shift_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a shift's time, place or places before it starts."""
    actor = request_actor(request)
    found = access.shift_for_manager(actor, pk)
    starts, ends = timezone.localtime(found.session.starts_at), timezone.localtime(found.session.ends_at)
    initial = {
        "date": starts.date(),
        "start": starts.time(),
        "end": ends.time(),
        "place": found.session.place,
        "capacity": found.capacity,
    }
    form = ShiftEditForm(request.POST or None, initial=initial)
    if form.is_bound:
        changed = run_service(
            form,
            services.shift_update,
            field_names={"starts_at": "start", "ends_at": "end"},
            actor=actor,
            shift=found,
            request=request,
        )
        if changed is not None:
            messages.success(request, _("班次已修改。"))
            return redirect("volunteering:shift", pk=found.pk)
    return form_page(
        request,
        form,
        title=_("修改班次"),
        subject=found.task.activity.title,
        cancel_url=reverse("volunteering:shift", args=[found.pk]),
        crumbs=_crumbs(),
    )


@staff(*MANAGER_ROLES)
@require_POST
def shift_hours(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    found = access.shift_for_manager(actor, pk)
    done = run_action(
        request, BootstrapForm({}), services.hours_from_attendance, actor=actor, shift=found, request=request
    )
    if done is not None:
        messages.success(request, _("已按签到签退核定%(n)d条服务记录。") % {"n": done.made})
        if done.skipped:
            messages.info(
                request,
                ngettext(
                    "%(n)d位签到签退的志愿者已有服务记录（如本人申报），未作改动。",
                    "%(n)d位签到签退的志愿者已有服务记录（如本人申报），未作改动。",
                    done.skipped,
                )
                % {"n": done.skipped},
            )
    return redirect("volunteering:shift", pk=found.pk)


@staff(*MANAGER_ROLES)
def records(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    page = page_of(request, selectors.pending_records(tenant_of(actor)))
    return render(request, "volunteering/records.html", {"page": page})


@staff(*MANAGER_ROLES)
@require_POST
def record_review(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    record = access.record_for_manager(actor, pk)
    run_action(
        request,
        ReviewForm(request.POST),
        services.review_record,
        actor=actor,
        record=record,
        request=request,
        done=_("已审核。"),
    )
    return redirect("volunteering:records")


@staff(*MANAGER_ROLES)
def record_correct(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    record = access.record_for_manager(actor, pk)
    form = CorrectForm(request.POST or None, initial={"hours": record.hours})
    if form.is_bound and run_service(form, services.correct_record, actor=actor, record=record, request=request):
        messages.success(request, _("服务时长已更正。"))
        return redirect("volunteering:shift", pk=record.claim.shift_id)
    return form_page(
        request,
        form,
        title=_("更正服务时长"),
        subject=f"{record.claim.person.name} · {record.claim.shift.task.activity.title}",
        cancel_url=reverse("volunteering:shift", args=[record.claim.shift_id]),
        crumbs=_crumbs(),
    )


@staff(*NEED_ROLES)
def needs(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    page = page_of(request, access.needs_visible_to(actor))
    return render(request, "volunteering/needs.html", {"page": page, "is_manager": access.is_manager(actor)})


@staff(*NEED_ROLES)
def need_create(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = NeedForm(request.POST or None, areas=selectors.areas_for_needs(actor))
    if form.is_bound and run_service(form, services.need_report, actor=actor, request=request):
        messages.success(request, _("需求已上报。"))
        return redirect("volunteering:needs")
    return form_page(request, form, title=_("上报居民需求"), cancel_url=reverse("volunteering:needs"))


@staff(*MANAGER_ROLES)
@require_POST
def need_decline(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    need: Need = access.need_for_manager(actor, pk)
    run_action(
        request,
        BootstrapForm({}),
        services.need_decline,
        actor=actor,
        need=need,
        request=request,
        done=_("已标记为不予采纳。"),
    )
    return redirect("volunteering:needs")


@staff(*MANAGER_ROLES)
def settings_page(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    current = services.settings_for(tenant_of(actor))
    form = SettingsForm(request.POST or None, initial=SettingsForm.initial_from(current))
    if form.is_bound and run_service(form, services.settings_update, actor=actor, request=request):
        messages.success(request, _("设置已保存。"))
        return redirect("volunteering:tasks")
    return form_page(request, form, title=_("公益服务设置"), cancel_url=reverse("volunteering:tasks"), crumbs=_crumbs())
