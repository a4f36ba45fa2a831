"""The party office keeps the records: new branches and their secretaries, members
enrolled from the registry, edited and transferred out. Thin: access → service."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from jiedao.accounts.policy import request_actor, staff
from jiedao.core.forms import BootstrapForm
from jiedao.core.pages import form_page, run_service
from jiedao.party import access, selectors, services
from jiedao.party.forms import BranchForm, EnrolForm, MemberForm, RulesForm, SecretaryForm, TransferOutForm
from jiedao.party.models import PartyMember


def _crumbs() -> list[tuple[str, str]]:
    return [(_("党建"), reverse("party:index"))]


@staff(*access.MANAGE_ROLES)
def branch_create(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = BranchForm(request.POST or None, actor=actor)
    if form.is_bound and run_service(form, services.branch_create, actor=actor, request=request):
        messages.success(request, _("已保存。"))
        return redirect("party:index")
    return form_page(request, form, title=_("新建党组织"), cancel_url=reverse("party:index"), crumbs=_crumbs())


@staff(*access.MANAGE_ROLES)
def branch_secretary(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    branch = access.branch_for_actor(actor, pk, for_update=request.method == "POST")
    form = SecretaryForm(request.POST or None, branch=branch, initial={"secretary": branch.secretary_id})
    if form.is_bound and run_service(form, services.branch_set_secretary, actor=actor, branch=branch, request=request):
        messages.success(request, _("已保存。"))
        return redirect("party:index")
    return form_page(
        request, form, title=_("设置书记"), subject=branch.name, cancel_url=reverse("party:index"), crumbs=_crumbs()
    )


@staff(*access.MANAGE_ROLES)
def member_enrol(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = EnrolForm(request.POST or None, actor=actor)
    member = run_service(form, services.member_enrol, actor=actor, request=request) if form.is_bound else None
    if member is not None:
        messages.success(request, _("已登记。"))
        return redirect("party:member", pk=member.pk)
    return form_page(request, form, title=_("登记党员"), cancel_url=reverse("party:members"), crumbs=_crumbs())


def _member_page(request: HttpRequest, member: PartyMember, form: BootstrapForm, title: str) -> HttpResponse:
    return form_page(
        request,
        form,
        title=title,
        subject=member.person.name,
        cancel_url=reverse("party:member", args=[member.pk]),
        crumbs=_crumbs(),
    )


@staff(*access.MANAGE_ROLES)
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    member = access.member_for_actor(actor, pk, for_update=request.method == "POST")
    form = MemberForm(request.POST or None, actor=actor, initial=MemberForm.initial_from(member))
    if form.is_bound and run_service(form, services.member_update, actor=actor, member=member, request=request):
        messages.success(request, _("已保存。"))
        return redirect("party:member", pk=member.pk)
    return _member_page(request, member, form, _("编辑党员信息"))


@staff(*access.MANAGE_ROLES)
def member_transfer_out(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    member = access.member_for_actor(actor, pk, for_update=request.method == "POST")
    form = TransferOutForm(request.POST or None)
    if form.is_bound and run_service(form, services.member_transfer_out, actor=actor, member=member, request=request):
        messages.success(request, _("已登记组织关系转出。"))
        return redirect("party:member", pk=member.pk)
    return _member_page(request, member, form, _("组织关系转出"))


@staff(*access.MANAGE_ROLES)
def rules(request: HttpRequest) -> HttpResponse:
    """The conversion rules and yearly targets (the national floors until changed)."""
    actor = request_actor(request)
    current = selectors.rules_for(actor.subdistrict_id or 0)
    form = RulesForm(request.POST or None, initial=RulesForm.initial_from(current))
    if form.is_bound and run_service(form, services.rules_update, actor=actor, request=request):
        messages.success(request, _("已保存。"))
        return redirect("party:ledger")
    return form_page(request, form, title=_("学时规则"), cancel_url=reverse("party:ledger"), crumbs=_crumbs())
