"""The sub-district admin's pages for staff accounts. Thin: access function, selector
or service, then the template; every button posts and comes back with a message."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from jiedao.accounts.models import Role, User
from jiedao.accounts.policy import request_actor, staff
from jiedao.accounts.staff import links, roles, selectors, services
from jiedao.accounts.staff.access import assignment_for_actor, staff_member_for_actor
from jiedao.accounts.staff.forms import ActionForm, RoleForm, StaffCreateForm, StaffFilterForm
from jiedao.core.pages import form_page, form_status, run_action, run_service
from jiedao.core.paging import page_of
from jiedao.core.validators import mask_phone


def _crumbs() -> list[tuple[str, str]]:
    return [(_("工作人员账号"), reverse("accounts:staff_list"))]


def _channels(sent_by: tuple[str, ...]) -> str:
    names = {links.EMAIL: _("邮件"), links.SMS: _("短信")}
    return pgettext("list separator", "、").join(names[channel] for channel in sent_by)


def _say_invited(request: HttpRequest, user: User, sent_by: tuple[str, ...]) -> None:
    if sent_by:
        message = _("已通过%(channels)s向“%(name)s”发出设置密码的邀请，链接%(hours)d小时内有效。")
        messages.success(
            request, message % {"channels": _channels(sent_by), "name": user, "hours": links.hours_valid()}
        )
    else:
        messages.warning(
            request,
            _("账号“%(name)s”已建立，但邀请没有发出（邮件或短信发送失败），请核对联系方式后在本页重新发送。")
            % {"name": user},
        )


@staff(Role.SUBDISTRICT_ADMIN)
def staff_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = StaffFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    accounts = selectors.staff_search(
        actor, q=filters.get("q", ""), state=filters.get("state", ""), role=filters.get("role", "")
    )
    context = {"form": form, "page": page_of(request, accounts), "today": timezone.localdate()}
    return render(request, "accounts/staff/list.html", context)


@staff(Role.SUBDISTRICT_ADMIN)
def staff_new(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = StaffCreateForm(request.POST or None, actor=actor)
    if request.method == "POST":
        invited = run_service(form, services.staff_create, actor=actor, request=request)
        if invited is not None:
            _say_invited(request, invited.user, invited.sent_by)
            return redirect("accounts:staff_detail", pk=invited.user.pk)
    title = _("新建工作人员账号")
    return form_page(request, form, title=title, cancel_url=reverse("accounts:staff_list"), crumbs=_crumbs())


@staff(Role.SUBDISTRICT_ADMIN)
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One staff account: its details and roles; posted, the role form adds a role."""
    actor = request_actor(request)
    form = RoleForm(request.POST or None, actor=actor)
    if request.method == "POST":
        assignment = run_service(form, roles.role_assign, actor=actor, user_id=pk, request=request)
        if assignment is not None:
            messages.success(request, _("已添加角色“%(role)s”。") % {"role": assignment.get_role_display()})
            return redirect("accounts:staff_detail", pk=pk)
    member = staff_member_for_actor(actor, pk)
    context = {
        "member": member,
        "roles": selectors.roles_of(member),
        "form": form,
        "today": timezone.localdate(),
        "is_self": member.pk == getattr(actor.user, "pk", None),
        "phone_masked": mask_phone(member.phone),
        "hours": links.hours_valid(),
        "crumbs": _crumbs(),
    }
    return render(request, "accounts/staff/detail.html", context, status=form_status(form))


@staff(Role.SUBDISTRICT_ADMIN)
@require_POST
def staff_role_end(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    assignment = assignment_for_actor(actor, pk)
    done = _("已结束角色“%(role)s”，该账号的登录和API令牌已失效。") % {"role": assignment.get_role_display()}
    run_action(
        request, ActionForm(request.POST), roles.role_end, actor=actor, assignment_id=pk, request=request, done=done
    )
    return redirect("accounts:staff_detail", pk=assignment.user_id)


@staff(Role.SUBDISTRICT_ADMIN)
@require_POST
def staff_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    done = _("账号已停用：它在所有设备上的登录和API令牌已失效，尚未使用的链接也已作废。")
    return _account_action(request, pk, services.staff_deactivate, done)


@staff(Role.SUBDISTRICT_ADMIN)
@require_POST
def staff_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    done = _("账号已重新启用，需重新登录；尚未设置密码的，请重新发送邀请。")
    return _account_action(request, pk, services.staff_reactivate, done)


def _account_action(request: HttpRequest, pk: int, service: Callable[..., Any], done: str) -> HttpResponse:
    """A button on the account page that runs ``service`` on the account, then back to it."""
    actor = request_actor(request)
    run_action(request, ActionForm(request.POST), service, actor=actor, user_id=pk, request=request, done=done)
    return redirect("accounts:staff_detail", pk=pk)


@staff(Role.SUBDISTRICT_ADMIN)
@require_POST
def staff_invite(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    sent_by = run_action(
        request, ActionForm(request.POST), services.invitation_resend, actor=actor, user_id=pk, request=request
    )
    if sent_by:
        message = _("已通过%(channels)s重新发出设置密码的邀请，链接%(hours)d小时内有效。")
        messages.success(request, message % {"channels": _channels(sent_by), "hours": links.hours_valid()})
    return redirect("accounts:staff_detail", pk=pk)


@staff(Role.SUBDISTRICT_ADMIN)
@require_POST
def staff_sign_out(request: HttpRequest, pk: int) -> HttpResponse:
    done = _("已结束该账号在所有设备上的登录和API令牌。")
    actor = request_actor(request)
    run_action(
        request, ActionForm(request.POST), services.staff_sign_out, actor=actor, user_id=pk, request=request, done=done
    )
    return redirect("accounts:staff_detail", pk=pk)
