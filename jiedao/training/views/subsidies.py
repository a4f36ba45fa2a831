"""职业技能提升补贴 on the desk of the labour office: the claims of a year, the
ledger per provider (and its xlsx), a claim from a recorded certificate, decisions,
and the subsidy table with its history."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiedao.accounts.access import one_for_actor, tenant_of
from jiedao.accounts.policy import request_actor, staff
from jiedao.core.downloads import download_response
from jiedao.core.pages import form_status, run_action, run_service
from jiedao.training import access, exports, forms, services
from jiedao.training.access import OVERSEE_ROLES
from jiedao.training.models import RULES_SINCE, ExternalCertificate, SubsidyClaim


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@staff(*OVERSEE_ROLES)
def ledger(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    tenant = tenant_of(actor)
    year = _year(request)
    lines = services.ledger(access.claims_visible_to(actor), year)
    context = {"year": year, "lines": lines, "rules": services.rules_on(tenant).values()}
    return render(request, "training/ledger.html", context)


@staff(*OVERSEE_ROLES)
def rules(request: HttpRequest) -> HttpResponse:
    """The subsidy table: every version of every grade, and a form for a new one."""
    actor = request_actor(request)
    tenant = tenant_of(actor)
    form = forms.RuleForm(request.POST or None)
    if request.method == "POST" and run_service(form, services.rule_set, actor=actor, request=request):
        messages.success(request, _("补贴标准已保存。"))
        return redirect("training:rules")
    history = services.rule_history(tenant)
    used = set(SubsidyClaim.objects.filter(rule__in=history).values_list("rule_id", flat=True))
    context = {
        "form": form,
        "history": history,
        "deletable": {r.pk for r in history if r.valid_from > RULES_SINCE and r.pk not in used},
        "in_force": {r.pk for r in services.rules_on(tenant).values()},
        "today": timezone.localdate(),
    }
    return render(request, "training/rules.html", context, status=form_status(form))


@staff(*OVERSEE_ROLES)
@require_POST
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a version of the table no claim was computed by (else told why)."""
    actor = request_actor(request)
    rule = access.rule_for_actor(actor, pk)
    run_action(
        request,
        forms.EmptyForm(request.POST),
        services.rule_delete,
        actor=actor,
        rule=rule,
        request=request,
        done=_("已删除。"),
    )
    return redirect("training:rules")


@staff(*OVERSEE_ROLES)
def ledger_xlsx(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    tenant_of(actor)
    year = _year(request)
    return download_response(
        exports.ledger_xlsx(services.ledger(access.claims_visible_to(actor), year), year),
        filename=_("%(y)d年职业技能提升补贴台账.xlsx") % {"y": year},
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@staff(*OVERSEE_ROLES)
@require_POST
def claim_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A claim for the trainee of a recorded certificate (``pk``)."""
    actor = request_actor(request)
    certificate = one_for_actor(
        ExternalCertificate.objects.select_related("enrolment__person").filter(
            enrolment__in=access.enrolments_visible_to(actor)
        ),
        pk,
    )
    run_action(
        request,
        forms.ClaimForm(request.POST),
        services.claim_create,
        actor=actor,
        external_certificate=certificate,
        request=request,
        done=_("补贴申请已登记。"),
    )
    return redirect("training:enrolment", certificate.enrolment_id)


@staff(*OVERSEE_ROLES)
@require_POST
def claim_decide(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    claim = access.claim_for_actor(actor, pk)
    run_action(
        request,
        forms.DecisionForm(request.POST),
        services.claim_decide,
        actor=actor,
        claim=claim,
        request=request,
        done=_("已处理。"),
    )
    return redirect(f"{reverse('training:ledger')}?year={claim.applied_on.year}")
