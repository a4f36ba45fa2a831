"""Voiding a wrong assessment or payment (with a reason), and texting a reminder,
from the assessment's page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiedao.accounts.policy import request_actor, staff
from jiedao.core.forms import BootstrapForm
from jiedao.core.pages import run_action
from jiedao.dues import access, forms, services


@staff(*access.MANAGE_ROLES)
@require_POST
def assessment_void(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    assessment = access.assessment_for_actor(actor, pk, for_update=True)
    form = forms.VoidForm(request.POST, prefix="void")
    run_action(
        request,
        form,
        services.assessment_void,
        actor=actor,
        assessment=assessment,
        request=request,
        done=_("核定已作废。"),
    )
    return redirect("dues:assessment", pk)


@staff(*access.MANAGE_ROLES)
@require_POST
def payment_void(request: HttpRequest, pk: int, payment: int) -> HttpResponse:
    actor = request_actor(request)
    assessment = access.assessment_for_actor(actor, pk, for_update=True)
    form = forms.VoidForm(request.POST)
    run_action(
        request,
        form,
        services.payment_void,
        actor=actor,
        assessment=assessment,
        payment_id=payment,
        request=request,
        done=_("该笔缴费已作废。"),
    )
    return redirect("dues:assessment", pk)


@staff(*access.MANAGE_ROLES)
@require_POST
def text_reminder(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    assessment = access.assessment_for_actor(actor, pk, for_update=True)
    run_action(
        request,
        BootstrapForm(request.POST),
        services.text_reminder,
        actor=actor,
        assessment=assessment,
        request=request,
        done=_("短信提醒已发送。"),
    )
    return redirect("dues:assessment", pk)
