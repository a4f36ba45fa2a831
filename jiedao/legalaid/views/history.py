"""The small forms of a case page that keep its history true: correcting or
withdrawing a step entered by mistake, suspending and resuming the case. Each posts
back to the case page (``run_action``: a message on success, the errors otherwise)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiedao.accounts.policy import request_actor, staff
from jiedao.core.pages import run_action
from jiedao.legalaid import access, services
from jiedao.legalaid.forms import ResumeForm, SuspendForm, WithdrawForm, correction_form


def _back(pk: int, anchor: str) -> HttpResponse:
    return redirect(reverse("legalaid:detail", args=[pk]) + anchor)


@staff(*access.CASE_STAFF_ROLES)
@require_POST
def step_correct(request: HttpRequest, pk: int, step: int) -> HttpResponse:
    actor = request_actor(request)
    case = access.case_for_progress(actor, pk)
    form = correction_form(case.steps.filter(pk=step).first(), request.POST, prefix=f"c{step}")
    run_action(
        request,
        form,
        services.step_correct,
        actor=actor,
        case=case,
        step_id=step,
        request=request,
        done=_("已更正，原记录保留并标为“已更正”。"),
    )
    return _back(pk, "#steps")


@staff(*access.CASE_STAFF_ROLES)
@require_POST
def step_withdraw(request: HttpRequest, pk: int, step: int) -> HttpResponse:
    actor = request_actor(request)
    case = access.case_for_progress(actor, pk)
    form = WithdrawForm(request.POST, prefix=f"w{step}")
    run_action(
        request,
        form,
        services.step_withdraw,
        actor=actor,
        case=case,
        step_id=step,
        request=request,
        done=_("已撤销，原记录保留并标为“已撤销”。"),
    )
    return _back(pk, "#steps")


@staff(*access.CASE_STAFF_ROLES)
@require_POST
def case_suspend(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    case = access.case_for_progress(actor, pk)
    form = SuspendForm(request.POST)
    run_action(request, form, services.case_suspend, actor=actor, case=case, request=request, done=_("案件已中止。"))
    return _back(pk, "#clock")


@staff(*access.CASE_STAFF_ROLES)
@require_POST
def case_resume(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    case = access.case_for_progress(actor, pk)
    form = ResumeForm(request.POST)
    run_action(request, form, services.case_resume, actor=actor, case=case, request=request, done=_("已恢复办理。"))
    return _back(pk, "#clock")
