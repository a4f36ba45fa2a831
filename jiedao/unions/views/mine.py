"""The resident's phone page: 我要入会, and one's own membership history."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jiedao.accounts.policy import request_actor, signed_in
from jiedao.core.pages import form_status, run_service
from jiedao.people.access import own_person
from jiedao.unions import services
from jiedao.unions.forms import ApplyForm
from jiedao.unions.models import OPEN_STATUSES, MembershipStatus
from jiedao.unions.selectors import network


@signed_in
def join(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    person = own_person(actor)
    history = network.history_of(person) if person is not None else []
    current = next((m for m in history if m.status in (MembershipStatus.ACTIVE, *OPEN_STATUSES)), None)
    suggested = services.suggest_union(person) if person is not None else None
    unions = network.base_unions(person.subdistrict_id) if person is not None else network.base_unions(0)
    form = ApplyForm(request.POST or None, unions=unions, suggested=suggested)
    if form.is_bound and run_service(form, services.apply, actor=actor, person=person, request=request) is not None:
        messages.success(request, _("入会申请已提交，请等待工会审核。"))
        return redirect("unions:join")
    context = {
        "person": person,
        "history": history,
        "current": current,
        "suggested": suggested,
        "form": form,
    }
    return render(request, "unions/join.html", context, status=form_status(form))
