"""Desk pages of the union network: the unions, one union, coverage, the list to organise."""

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiedao.accounts.access import tenant_of
from jiedao.accounts.models import Role
from jiedao.accounts.policy import request_actor, staff
from jiedao.core.forms import BootstrapForm
from jiedao.core.pages import form_page, run_action, run_service
from jiedao.core.paging import page_of
from jiedao.residents.next_url import safe_next
from jiedao.unions import access, services
from jiedao.unions.forms import (
    CoverForm,
    DecisionForm,
    ReasonForm,
    TransferForm,
    UnionEditForm,
    UnionForm,
    YearForm,
)
from jiedao.unions.models import UnionKind
from jiedao.unions.selectors import coverage as cov
from jiedao.unions.selectors import network


def _nav(request: HttpRequest) -> dict[str, bool]:
    actor = request_actor(request)
    return {"coverage": actor.has_role(*access.COVERAGE_ROLES), "review": actor.has_role(*access.REVIEW_ROLES)}


def _year(request: HttpRequest) -> int:
    form = YearForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["year"]:
        return int(form.cleaned_data["year"])
    return timezone.localdate().year


def _members_year(request: HttpRequest) -> tuple[int, dt.date | None]:
    """``?year=``: members as of that year's end (a past year), else today's (None)."""
    year = _year(request)
    return year, network.as_of_year(year)


@staff(*access.READ_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    kind = request.GET.get("kind", "")
    if kind not in UnionKind.values:
        kind = ""
    year, as_of = _members_year(request)
    page = page_of(request, network.union_list(actor, kind=kind, as_of=as_of))
    context = {
        "year": year,
        "as_of": as_of,
        "page": page,
        "kind": kind,
        "kinds": UnionKind.choices,
        "is_federation": access.is_federation(actor),
    }
    return render(request, "unions/index.html", {**context, "nav": _nav(request)})


@staff(*access.READ_ROLES)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    union = network.union_detail(actor, pk)
    if union is None:
        raise Http404
    may_manage = access.may_manage(actor, union)
    base = network.base_unions(union.subdistrict_id).exclude(pk=union.pk)
    year, as_of = _members_year(request)
    officers, past_officers = network.officer_terms(union)
    context = {
        "year": year,
        "as_of": as_of,
        "union": union,
        "officers": officers,
        "past_officers": past_officers,
        "members": page_of(request, network.members_of(union, as_of)),
        "pending": list(network.pending_in(actor, union)),
        "to_transfer": list(network.members_to_transfer(union)[:50]) if may_manage else [],
        "may_manage": may_manage,
        "is_federation": access.is_federation(actor),
        "leave_form": ReasonForm(),
        "transfer_form": TransferForm(unions=base),
        "cover_form": CoverForm(subdistrict_id=union.subdistrict_id)
        if access.is_federation(actor) and union.kind == UnionKind.JOINT
        else None,
    }
    return render(request, "unions/detail.html", {**context, "nav": _nav(request)})


@staff(Role.UNION_FEDERATION)
def create(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = UnionForm(request.POST or None, subdistrict_id=tenant_of(actor))
    union = run_service(form, services.create_union, actor=actor, request=request) if form.is_bound else None
    if union is not None:
        messages.success(request, _("已保存。"))
        return redirect("unions:detail", pk=union.pk)
    return form_page(request, form, title=_("新建工会组织"), cancel_url=reverse("unions:index"))


@staff(Role.UNION_FEDERATION)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    union = network.union_detail(actor, pk)
    if union is None:
        raise Http404
    if request.method == "POST":
        form = UnionEditForm(request.POST, union=union)
        if run_service(form, services.update_union, actor=actor, union_id=pk, request=request) is not None:
            messages.success(request, _("已保存。"))
            return redirect("unions:detail", pk=pk)
    else:
        form = UnionEditForm(initial=UnionEditForm.initial_for(union), union=union)
    return form_page(
        request,
        form,
        title=_("修改工会组织"),
        subject=f"{union.name}（{union.get_kind_display()}）",
        cancel_url=reverse("unions:detail", args=[pk]),
    )


@staff(Role.UNION_FEDERATION)
@require_POST
def cover(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    union = network.union_detail(actor, pk)
    if union is None:
        raise Http404
    form = CoverForm(request.POST, subdistrict_id=union.subdistrict_id)
    run_action(
        request, form, services.cover_unit, done=_("已纳入联合工会覆盖。"), actor=actor, union_id=pk, request=request
    )
    return redirect("unions:detail", pk=pk)


@staff(Role.UNION_FEDERATION)
@require_POST
def uncover(request: HttpRequest, pk: int) -> HttpResponse:
    """End a joint union's cover of a unit (the unit set up its own union, or moved)."""
    actor = request_actor(request)
    cover = services.uncover_unit(actor=actor, cover_id=pk, request=request)  # NotFound → the 404 page
    messages.success(request, _("已移出联合工会覆盖。"))
    return redirect("unions:detail", pk=cover.union_id)


@staff(*access.COVERAGE_ROLES)
def coverage(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    year = _year(request)
    rows = cov.coverage(subdistrict_id=tenant_of(actor), year=year, area_ids=access.coverage_area_ids(actor))
    context = {
        "rows": rows,
        "total": cov.total(rows),
        "year": year,
        "past": network.as_of_year(year) is not None,
        "year_form": YearForm(initial={"year": year}),
    }
    return render(request, "unions/coverage.html", {**context, "nav": _nav(request)})


@staff(*access.COVERAGE_ROLES)
def to_organise(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    year = _year(request)
    which = "uncovered" if request.GET.get("list") == "uncovered" else "big"
    select = cov.uncovered_units if which == "uncovered" else cov.units_to_organise
    units = select(subdistrict_id=tenant_of(actor), year=year, area_ids=access.coverage_area_ids(actor))
    context = {"page": page_of(request, units), "which": which, "year": year}
    return render(request, "unions/to_organise.html", {**context, "nav": _nav(request)})


# ---------------------------------------------------------------- membership at the desk


@staff(*access.REVIEW_ROLES)
def applications(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    page = page_of(request, network.review_queue(actor))
    return render(request, "unions/applications.html", {"page": page, "nav": _nav(request)})


def _back(request: HttpRequest, default: str) -> HttpResponse:
    return redirect(safe_next(request, default))


@staff(*access.REVIEW_ROLES)
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    run_action(
        request,
        DecisionForm(request.POST),
        services.decide,
        done=_("已记录审核结果。"),
        actor=actor,
        membership_id=pk,
        request=request,
    )
    return _back(request, reverse("unions:applications"))


@staff(*access.REVIEW_ROLES)
@require_POST
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    run_action(
        request,
        ReasonForm(request.POST),
        services.leave,
        done=_("已办理退会。"),
        actor=actor,
        membership_id=pk,
        request=request,
    )
    return _back(request, reverse("unions:index"))


@staff(*access.REVIEW_ROLES)
@require_POST
def reinstate(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    # A refusal (already reinstated, a member elsewhere, the status changed) comes back as a message.
    run_action(
        request,
        BootstrapForm(request.POST),
        services.reinstate,
        done=_("已恢复会籍。"),
        actor=actor,
        membership_id=pk,
        request=request,
    )
    return _back(request, reverse("unions:index"))


@staff(*access.REVIEW_ROLES)
@require_POST
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    form = TransferForm(request.POST, unions=network.base_unions(tenant_of(actor)))
    run_action(request, form, services.transfer, done=_("已办理转会。"), actor=actor, membership_id=pk, request=request)
    return _back(request, reverse("unions:index"))
