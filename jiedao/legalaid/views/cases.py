"""The case pages: the list (a worker's own cases, a handler's caseload, the
supervisor's all), opening a case (the worker, or the desk on their behalf), the case
itself with its steps, clock and documents, and the small forms posted from it.

Thin: access → service → response. Every answer that shows a case is
``Cache-Control: no-store``. A resident's case pages need a fresh proof
(``residents.step_up.fresh_code_required``): the phone may be in other hands.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from jiedao.accounts.policy import request_actor, signed_in, staff
from jiedao.core.forms import add_service_errors
from jiedao.core.pages import form_status, run_action, run_service
from jiedao.core.paging import page_of
from jiedao.legalaid import access, clock, selectors, services
from jiedao.legalaid.forms import (
    AssignForm,
    CaseForm,
    DocumentForm,
    DocumentTitleForm,
    InterruptionForm,
    ResumeForm,
    StepForm,
    SuspendForm,
    WithdrawForm,
    correction_form,
)
from jiedao.legalaid.models import CaseStep, LegalAidCase, Stage
from jiedao.people.access import own_person
from jiedao.residents.step_up import fresh_code_required

View = Callable[..., HttpResponseBase]


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, no_store=True, private=True)
    return response


def fresh_for_residents(view: View) -> View:
    """A fresh proof before a case is read: ``fresh_code_required`` for residents; staff
    have shown the second factor their roles require at the policy's gate."""
    fresh = fresh_code_required(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        actor = request_actor(request)
        if actor.is_staff_member:
            return view(request, *args, **kwargs)
        return fresh(request, *args, **kwargs)

    return wrapper


@signed_in
@fresh_for_residents
def case_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    stage = request.GET.get("stage", "")
    stage = stage if stage in Stage.values else ""
    unassigned = access.is_supervisor(actor) and request.GET.get("unassigned") == "1"
    page = page_of(request, selectors.case_rows(actor, stage=stage, unassigned=unassigned))
    today = timezone.localdate()
    rows = [
        {
            "case": case,
            "alert": clock.alert(case.limitation_deadline, today).value,
            "overdue": services.is_overdue(case, today),
        }
        for case in page
    ]
    services.cases_listed(actor=actor, cases=list(page), request=request)
    context = {
        "page": page,
        "rows": rows,
        "stage": stage,
        "stages": Stage.choices,
        "unassigned": unassigned,
        "staff_view": actor.has_role(*access.CASE_STAFF_ROLES),
        "supervisor": access.is_supervisor(actor),
        "can_open": own_person(actor) is not None or access.can_open_for_others(actor),
        "desk": access.can_open_for_others(actor),
    }
    return _private(render(request, "legalaid/list.html", context))


@signed_in
@fresh_for_residents
@require_http_methods(["GET", "POST"])
def case_open(request: HttpRequest) -> HttpResponse:
    """A worker applies for themselves; the desk (labour office, union federation)
    records an application on a worker's behalf. The privacy notice is on the page."""
    actor = request_actor(request)
    desk = access.can_open_for_others(actor)
    person = own_person(actor)
    initial = {"employer_name": person.employer.name} if person is not None and person.employer and not desk else {}
    form = CaseForm(request.POST or None, desk=desk, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            worker = access.worker_for(actor, form.cleaned_data.get("id_number", ""))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            case = run_service(form, _open, actor=actor, person=worker, request=request)
            if case is not None:
                if access.is_own_case(actor, case):
                    messages.success(request, _("申请已提交。承办人会尽快与您联系。"))
                    return redirect("legalaid:detail", pk=case.pk)
                deadline = case.limitation_deadline.isoformat() if case.limitation_deadline else _("尚未起算")
                messages.success(
                    request,
                    _("已登记法律援助申请，案件编号 %(n)s，仲裁时效届满日：%(d)s。督导将指派承办人。")
                    % {"n": case.pk, "d": deadline},
                )
                return redirect("legalaid:open")
    context = {"form": form, "desk": desk, "person": person, "no_person": person is None and not desk}
    return _private(render(request, "legalaid/open.html", context, status=form_status(form)))


def _open(*, id_number: str = "", **arguments: Any) -> LegalAidCase:
    return services.case_open(**arguments)


@signed_in
@fresh_for_residents
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    case = access.case_for_actor(actor, pk)
    view = services.case_read(actor=actor, case=case, request=request)
    progress = access.may_progress(actor, view.case) and not view.case.is_final
    suspended = view.case.suspended_since is not None
    context = {
        "view": view,
        "case": view.case,
        "steps": _step_rows(view, correct=access.may_progress(actor, view.case) and not view.case.is_purged),
        "progress": progress,
        "step_form": StepForm(current=view.case.stage, auto_id="step-%s") if progress else None,
        "interruption_form": InterruptionForm(auto_id="interruption-%s") if progress else None,
        "suspend_form": SuspendForm(auto_id="suspend-%s") if progress and not suspended else None,
        "resume_form": ResumeForm(auto_id="resume-%s") if progress and suspended else None,
        "assign_form": AssignForm(handlers=selectors.handler_choices(actor), auto_id="assign-%s")
        if view.capacity == "supervisor"
        else None,
        "document_form": DocumentForm(auto_id="document-%s") if access.may_add_documents(actor, view.case) else None,
        "documents": [
            {
                "document": d,
                "delete": services.may_delete(actor, d),
                "title_form": DocumentTitleForm(prefix=f"d{d.pk}", initial={"title": d.title})
                if services.may_retitle(actor, d)
                else None,
            }
            for d in view.documents
        ],
        "rule_text": RULE_TEXT.get(view.limitation.rule.value, ""),
    }
    return _private(render(request, "legalaid/detail.html", context))


def _step_rows(view: services.CaseView, *, correct: bool) -> list[dict[str, Any]]:
    """The history, latest first; a standing step that may be corrected carries its
    correction (and withdrawal) form, prefixed by its id."""
    superseded = view.superseded
    dates = {s.pk: s.on for s in view.steps}
    rows = []
    for step in reversed(view.steps):
        standing = step.pk not in superseded and step.kind != CaseStep.Kind.WITHDRAWN
        may = correct and standing and step.kind in services.CORRECTABLE
        rows.append(
            {
                "step": step,
                "superseded": step.pk in superseded,
                "corrects_on": dates.get(step.corrects_id) if step.corrects_id else None,
                "correct_form": correction_form(
                    step,
                    prefix=f"c{step.pk}",
                    initial={
                        "on": step.on,
                        "note": step.note,
                        "outcome": step.outcome,
                        "amount_recovered": step.amount,
                        "suspends_limitation": step.suspends_limitation,
                    },
                )
                if may
                else None,
                "withdraw_form": WithdrawForm(prefix=f"w{step.pk}")
                if may and step.kind in services.WITHDRAWABLE
                else None,
            }
        )
    return rows


RULE_TEXT = {
    clock.Rule.KNEW.value: gettext_lazy(
        "自知道或者应当知道权利被侵害之日起一年（劳动争议调解仲裁法第二十七条第一款）。"
    ),
    clock.Rule.WAGES_EMPLOYED.value: gettext_lazy(
        "劳动关系存续期间因拖欠劳动报酬发生争议的，不受一年时效限制；劳动关系终止后，自终止之日起一年内申请仲裁（第二十七条第四款）。"
    ),
    clock.Rule.WAGES_ENDED.value: gettext_lazy("拖欠劳动报酬：自劳动关系终止之日起一年（第二十七条第四款）。"),
    clock.Rule.INTERRUPTED.value: gettext_lazy("时效中断，自中断之日起重新计算一年（第二十七条第二款）。"),
    clock.Rule.SUSPENDED.value: gettext_lazy(
        "时效中止：中止原因消除之日起，仲裁时效期间继续计算（第二十七条第三款）。"
    ),
}


def _back(pk: int, anchor: str = "") -> HttpResponse:
    return redirect(reverse("legalaid:detail", args=[pk]) + anchor)


@staff(*access.CASE_STAFF_ROLES)
@require_POST
def step_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    case = access.case_for_progress(actor, pk)
    form = StepForm(request.POST, current=case.stage)
    run_action(request, form, services.step_add, actor=actor, case=case, request=request, done=_("进展已记录。"))
    return _back(pk, "#steps")


@staff(*access.CASE_STAFF_ROLES)
@require_POST
def interruption_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    case = access.case_for_progress(actor, pk)
    form = InterruptionForm(request.POST)
    run_action(
        request, form, services.interruption_add, actor=actor, case=case, request=request, done=_("时效中断已记录。")
    )
    return _back(pk, "#clock")


@staff(*access.SUPERVISE_ROLES)
@require_POST
def handler_assign(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    case = access.case_for_supervisor(actor, pk)
    form = AssignForm(request.POST, handlers=selectors.handler_choices(actor))
    run_action(
        request, form, services.handler_assign, actor=actor, case=case, request=request, done=_("已指派承办人。")
    )
    return _back(pk)
