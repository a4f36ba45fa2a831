"""The register of job seekers (求职登记) with their guidance and referrals (labour
office; the sub-district admin reads), and the resident's own page. Thin: access →
service or selector → response."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.access import tenant_of
from jiedao.accounts.policy import request_actor, signed_in, staff
from jiedao.core.pages import form_page, run_service
from jiedao.core.paging import page_of
from jiedao.employment import access, services
from jiedao.employment.forms import (
    GuidanceForm,
    JobSeekerCreateForm,
    JobSeekerEditForm,
    ReferralForm,
    ReferralOutcomeForm,
)
from jiedao.employment.models import ClosedReason
from jiedao.employment.selectors.follow_ups import follow_ups_of_person
from jiedao.employment.selectors.seekers import STATUSES, seeker_file, seeker_rows
from jiedao.org.access import areas_visible_to

FORM_TEMPLATE = "employment/form.html"


def _crumbs() -> list[tuple[str, str]]:
    return [(_("求职登记"), reverse("employment:seekers"))]


@staff(*access.READ_ROLES)
def seekers(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    q = request.GET.get("q", "").strip()[:32]
    status = request.GET.get("status", "open")
    status = status if status in STATUSES else ""
    areas = list(areas_visible_to(actor).order_by("name"))
    area_text = request.GET.get("area", "")
    area = next((a.pk for a in areas if str(a.pk) == area_text), None)
    context = {
        "page": page_of(request, seeker_rows(actor, q=q, status=status, area=area)),
        "q": q,
        "status": status,
        "statuses": [
            ("open", _("登记中")),
            ("closed", _("已注销")),
            *((code, _("已注销：%(reason)s") % {"reason": label}) for code, label in ClosedReason.choices),
            ("", _("全部")),
        ],
        "areas": areas,
        "area": area,
        "can_manage": access.can_manage(actor),
    }
    return render(request, "employment/seekers.html", context)


@staff(*access.MANAGE_ROLES)
def seeker_create(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    initial = {"registered_on": timezone.localdate()}
    form = JobSeekerCreateForm(request.POST or None, initial=initial)
    seeker = run_service(form, services.register_by_id_number, actor=actor, request=request) if form.is_bound else None
    if seeker is not None:
        messages.success(request, _("已登记。"))
        return redirect("employment:seeker", pk=seeker.pk)
    return form_page(
        request,
        form,
        template=FORM_TEMPLATE,
        title=_("求职登记"),
        cancel_url=reverse("employment:seekers"),
        crumbs=_crumbs(),
    )


@staff(*access.READ_ROLES)
def seeker(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    found = access.seeker_for_actor(actor, pk)
    context = {
        "file": seeker_file(found),
        "follow_ups": follow_ups_of_person(actor, found.person_id),
        "can_manage": access.can_manage(actor),
    }
    return render(request, "employment/seeker.html", context)


@staff(*access.MANAGE_ROLES)
def seeker_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    found = access.seeker_for_actor(actor, pk, for_update=True)
    form = JobSeekerEditForm(request.POST or None, initial=JobSeekerEditForm.initial_from(found))
    if form.is_bound and run_service(form, services.update_job_seeker, actor=actor, job_seeker=found, request=request):
        messages.success(request, _("已保存。"))
        return redirect("employment:seeker", pk=found.pk)
    cancel = reverse("employment:seeker", args=[found.pk])
    return form_page(
        request,
        form,
        template=FORM_TEMPLATE,
        title=_("修改求职登记"),
        cancel_url=cancel,
        subject=found.person.name,
        crumbs=_crumbs(),
    )


@staff(*access.MANAGE_ROLES)
def guidance_create(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    found = access.seeker_for_actor(actor, pk, for_update=True)
    form = GuidanceForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if form.is_bound and run_service(form, services.record_guidance, actor=actor, job_seeker=found, request=request):
        messages.success(request, _("已记录职业指导。"))
        return redirect("employment:seeker", pk=found.pk)
    cancel = reverse("employment:seeker", args=[found.pk])
    return form_page(
        request,
        form,
        template=FORM_TEMPLATE,
        title=_("记录职业指导"),
        cancel_url=cancel,
        subject=found.person.name,
        crumbs=_crumbs(),
    )


@staff(*access.MANAGE_ROLES)
def referral_create(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    found = access.seeker_for_actor(actor, pk, for_update=True)
    form = ReferralForm(
        request.POST or None, initial={"referred_on": timezone.localdate()}, subdistrict_id=tenant_of(actor)
    )
    if form.is_bound and run_service(form, services.refer, actor=actor, job_seeker=found, request=request):
        messages.success(request, _("已记录岗位推荐。"))
        return redirect("employment:seeker", pk=found.pk)
    cancel = reverse("employment:seeker", args=[found.pk])
    return form_page(
        request,
        form,
        template=FORM_TEMPLATE,
        title=_("推荐岗位"),
        cancel_url=cancel,
        subject=found.person.name,
        crumbs=_crumbs(),
    )


@staff(*access.MANAGE_ROLES)
def referral_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    referral = access.referral_for_actor(actor, pk, for_update=True)
    initial = {
        "outcome": referral.outcome,
        "outcome_on": referral.outcome_on or timezone.localdate(),
        "note": referral.note,
    }
    form = ReferralOutcomeForm(request.POST or None, initial=initial)
    if form.is_bound and run_service(
        form, services.record_referral_outcome, actor=actor, referral=referral, request=request
    ):
        messages.success(request, _("已保存。"))
        return redirect("employment:seeker", pk=referral.job_seeker_id)
    cancel = reverse("employment:seeker", args=[referral.job_seeker_id])
    subject = f"{referral.job_seeker.person.name} → {referral.employer_label} {referral.position}"
    return form_page(
        request,
        form,
        template=FORM_TEMPLATE,
        title=_("推荐结果"),
        cancel_url=cancel,
        subject=subject,
        crumbs=_crumbs(),
    )


@signed_in
def mine(request: HttpRequest) -> HttpResponse:
    """The resident's own registration, guidance and referrals (a phone page)."""
    registration = access.my_registration(request_actor(request))
    context = {
        "registration": registration,
        "guidance": list(access.my_guidance(registration)) if registration else [],
        "referrals": list(access.my_referrals(registration)) if registration else [],
    }
    return render(request, "employment/mine.html", context)
