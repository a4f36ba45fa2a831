"""A member's own pages on a phone: this year's study hours with the records behind
them, the 三个一 steps of a 三新 member, self-study submitted with evidence; and
the branch secretary's review of their branch's self-study entries."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiedao.accounts.policy import request_actor, signed_in
from jiedao.core.downloads import protected_file_response
from jiedao.core.pages import form_page, run_action, run_service
from jiedao.core.paging import page_of
from jiedao.party import access, selectors, services
from jiedao.party.forms import ReviewForm, SelfStudyForm


@signed_in
def me(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    member = access.own_member(actor)
    context: dict[str, object] = {"member": member}
    if member is not None:
        year = selectors.default_year(member.subdistrict_id)
        context["year"] = year
        row = selectors.ledger([member], year=year, subdistrict_id=member.subdistrict_id)[0]
        context |= {
            "row": row,
            "credits": sorted(row.credits, key=lambda c: c.on, reverse=True),
            "entries": selectors.member_entries(member, limit=20),
            "onboarding": selectors.onboarding_of(member),
        }
    context["reviews"] = access.is_secretary(actor)
    return render(request, "party/me.html", context)


@signed_in
def study_submit(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if access.own_member(actor) is None:
        raise Http404
    form = SelfStudyForm(request.POST or None, request.FILES or None)
    if form.is_bound and run_service(form, services.entry_submit, actor=actor, request=request):
        messages.success(request, _("已提交，待党支部书记审核。"))
        return redirect("party:me")
    return form_page(request, form, title=_("登记自学学时"), cancel_url=reverse("party:me"))


@signed_in
def reviews(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if not access.is_secretary(actor):
        raise Http404
    qs = selectors.review_rows(actor)
    context = {"page": page_of(request, qs), "n_pending": selectors.pending_count(actor)}
    return render(request, "party/reviews.html", context)


@signed_in
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    entry = access.entry_for_reviewer(actor, pk)
    form = ReviewForm(request.POST)
    run_action(request, form, services.entry_review, actor=actor, entry=entry, request=request, done=_("已审核。"))
    return redirect("party:reviews")


@signed_in
def evidence(request: HttpRequest, pk: int) -> HttpResponseBase:
    entry = access.entry_for_reader(request_actor(request), pk)
    if not entry.evidence:
        raise Http404
    return protected_file_response(entry.evidence)
