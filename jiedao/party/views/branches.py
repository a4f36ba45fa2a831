"""A party organisation's page: its facts, its committee; the party office edits it
and keeps its committee (each change audited). Thin: access → service."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiedao.accounts.policy import request_actor, staff
from jiedao.core.forms import BootstrapForm
from jiedao.core.pages import form_page, run_action, run_service
from jiedao.party import access, selectors, services
from jiedao.party.forms import BranchEditForm, CommitteeForm


@staff(*access.READ_ROLES)
def branch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    branch = access.branch_for_actor(actor, pk)
    can_manage = access.can_manage(actor)
    context = {
        "branch": branch,
        "committee": selectors.committee_rows(branch),
        "n_members": selectors.member_count(branch),
        "can_manage": can_manage,
        "form": CommitteeForm(branch=branch) if can_manage else None,
    }
    return render(request, "party/branch.html", context)


@staff(*access.MANAGE_ROLES)
def branch_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    branch = access.branch_for_actor(actor, pk, for_update=request.method == "POST")
    initial = BranchEditForm.initial_from(branch)
    form = BranchEditForm(request.POST or None, actor=actor, branch=branch, initial=initial)
    if form.is_bound and run_service(form, services.branch_update, actor=actor, branch=branch, request=request):
        messages.success(request, _("已保存。"))
        return redirect("party:branch", pk=branch.pk)
    return form_page(
        request,
        form,
        title=_("编辑党组织"),
        subject=branch.name,
        cancel_url=reverse("party:branch", args=[branch.pk]),
        crumbs=[(_("党建"), reverse("party:index"))],
    )


@staff(*access.MANAGE_ROLES)
@require_POST
def committee_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    branch = access.branch_for_actor(actor, pk, for_update=True)
    form = CommitteeForm(request.POST, branch=branch)
    run_action(request, form, services.committee_add, actor=actor, branch=branch, request=request, done=_("已保存。"))
    return redirect("party:branch", pk=branch.pk)


@staff(*access.MANAGE_ROLES)
@require_POST
def committee_remove(request: HttpRequest, pk: int, row: int) -> HttpResponse:
    actor = request_actor(request)
    branch = access.branch_for_actor(actor, pk)
    committee_row = access.committee_row_for_actor(actor, branch, row, for_update=True)
    form = BootstrapForm(request.POST)
    done = _("已移出委员。")
    run_action(request, form, services.committee_remove, actor=actor, row=committee_row, request=request, done=done)
    return redirect("party:branch", pk=branch.pk)
