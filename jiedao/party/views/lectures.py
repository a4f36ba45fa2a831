"""A lecture's page: what it is, the branches invited (with how many of their
members), and inviting more branches after creation. Sign-in stays on the
activity's page (QR). Thin: access → selector or service."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiedao.accounts.policy import request_actor, staff
from jiedao.core.pages import run_action
from jiedao.party import access, selectors, services
from jiedao.party.forms import InviteBranchesForm


@staff(*access.LECTURE_ROLES)
def lecture_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    lecture = access.lecture_for_actor(actor, pk)
    invited = selectors.invited_branches(lecture)
    others = access.branches_visible_to(actor).exclude(pk__in=[row.branch.pk for row in invited if row.complete])
    context = {
        "lecture": lecture,
        "invited": invited,
        "n_invited": selectors.invited_count(lecture),
        "form": InviteBranchesForm(branches=others.order_by("kind", "name", "id")),
    }
    return render(request, "party/lecture.html", context)


@staff(*access.LECTURE_ROLES)
@require_POST
def lecture_invite(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    lecture = access.lecture_for_actor(actor, pk)
    form = InviteBranchesForm(request.POST, branches=access.branches_visible_to(actor))
    run_action(
        request,
        form,
        services.lecture_invite_branches,
        actor=actor,
        lecture=lecture,
        request=request,
        done=_("已邀请。"),
    )
    return redirect("party:lecture", pk=lecture.pk)
