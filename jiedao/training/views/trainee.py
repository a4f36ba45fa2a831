"""One trainee on the desk: hours per session with corrections, works with photos
and marks, the authority's certificate, the completion certificate."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiedao.accounts.policy import request_actor, staff
from jiedao.activities.models import Session
from jiedao.core.downloads import download_response, protected_file_response
from jiedao.core.errors import DomainError
from jiedao.core.pages import run_action
from jiedao.core.validators import mask_id_number
from jiedao.jobs.services import start_job
from jiedao.training import access, forms, services
from jiedao.training.access import DESK_ROLES
from jiedao.training.jobs import issue_certificates
from jiedao.training.models import Enrolment, SubsidyClaim, TrainingClass, Work


def _sessions(training_class: TrainingClass) -> object:
    return Session.objects.filter(activity_id=training_class.activity_id).order_by("starts_at", "id")


@staff(*DESK_ROLES)
def enrolment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = access.enrolment_for_actor(request_actor(request), pk)
    training_class = enrolment.training_class
    hours = services.ClassHours(training_class, [enrolment.person_id])
    sessions = [
        (
            s,
            hours.hours_of(s),
            hours.attendance.get((enrolment.person_id, s.pk)),
            hours.corrections.get((enrolment.person_id, s.pk)),
            hours.at(enrolment.person_id, s),
        )
        for s in hours.sessions
    ]
    works = {w.required_work_id: w for w in enrolment.works.all()}
    claims = list(enrolment.subsidy_claims.order_by("-id"))
    context = {
        "e": enrolment,
        "c": training_class,
        "masked_id": mask_id_number(enrolment.person.id_number),
        "sessions": sessions,
        "total": hours.total(enrolment.person_id),
        "required": services.hours_required(training_class.course),
        "works": [(r, works.get(r.pk)) for r in training_class.course.required_works.all()],
        "certificate": getattr(enrolment, "certificate", None),
        "externals": list(enrolment.external_certificates.all()),
        "claim": next((c for c in claims if c.status != SubsidyClaim.Status.REJECTED), None),
        "rejected_claims": [c for c in claims if c.status == SubsidyClaim.Status.REJECTED],
        "oversees": access.oversees(request_actor(request)),
        "correction_form": forms.CorrectionForm(sessions=_sessions(training_class)),
        "work_form": forms.WorkForm(works=training_class.course.required_works.all()),
        "external_form": forms.ExternalCertificateForm(),
        "revoke_form": forms.ReasonForm(),
        "claim_form": forms.ClaimForm(),
        "crumbs": [
            (_("培训班"), reverse("training:index")),
            (training_class.name, reverse("training:class_detail", args=[training_class.pk])),
        ],
    }
    return render(request, "training/enrolment.html", context)


def _back(enrolment: Enrolment) -> HttpResponse:
    return redirect("training:enrolment", enrolment.pk)


@staff(*DESK_ROLES)
@require_POST
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    enrolment = access.enrolment_for_actor(actor, pk)
    form = forms.CorrectionForm(request.POST, sessions=_sessions(enrolment.training_class))
    run_action(
        request, form, services.correct_hours, actor=actor, enrolment=enrolment, request=request, done=_("课时已更正。")
    )
    return _back(enrolment)


@staff(*DESK_ROLES)
@require_POST
def work_record(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    enrolment = access.enrolment_for_actor(actor, pk)
    form = forms.WorkForm(request.POST, request.FILES, works=enrolment.training_class.course.required_works.all())
    run_action(
        request, form, services.record_work, actor=actor, enrolment=enrolment, request=request, done=_("作品已保存。")
    )
    return _back(enrolment)


@staff(*DESK_ROLES)
def work_photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    work: Work = access.work_for_actor(request_actor(request), pk)
    return protected_file_response(work.photo)


@staff(*DESK_ROLES)
def work_thumb(request: HttpRequest, pk: int) -> HttpResponseBase:
    work: Work = access.work_for_actor(request_actor(request), pk)
    return protected_file_response(work.thumbnail)


@staff(*DESK_ROLES)
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    enrolment = access.enrolment_for_actor(actor, pk)
    run_action(
        request,
        forms.EmptyForm(request.POST),
        services.withdraw,
        actor=actor,
        enrolment=enrolment,
        request=request,
        done=_("已退出培训班。"),
    )
    return redirect("training:class_detail", enrolment.training_class_id)


@staff(*DESK_ROLES)
@require_POST
def offer_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """The class's staff take the seat offered to a trainee on their behalf (the
    trainee told them so, e.g. by phone); audited as the staff member's act."""
    actor = request_actor(request)
    enrolment = access.enrolment_for_actor(actor, pk)
    run_action(
        request,
        forms.EmptyForm(request.POST),
        services.accept_offer,
        actor=actor,
        enrolment=enrolment,
        request=request,
        done=_("已代为确认候补名额，学员已入班。"),
    )
    return _back(enrolment)


@staff(*DESK_ROLES)
@require_POST
def external_create(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    enrolment = access.enrolment_for_actor(actor, pk)
    run_action(
        request,
        forms.ExternalCertificateForm(request.POST),
        services.record_external_certificate,
        actor=actor,
        enrolment=enrolment,
        request=request,
        done=_("证书已登记。"),
    )
    return _back(enrolment)


@staff(*DESK_ROLES)
@require_POST
def certificate_issue(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    enrolment = access.enrolment_for_actor(actor, pk)
    found = run_action(
        request,
        forms.EmptyForm(request.POST),
        services.issue_certificate,
        actor=actor,
        enrolment=enrolment,
        request=request,
    )
    if found is not None:
        messages.success(request, _("结业证书已颁发。") if found[1] else _("该学员的结业证书此前已颁发，编号不变。"))
    return _back(enrolment)


def verify_url(request: HttpRequest, number: str) -> str:
    return request.build_absolute_uri(reverse("training:verify", args=[number]))


@staff(*DESK_ROLES)
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = access.certificate_for_actor(request_actor(request), pk)
    return download_response(
        services.certificate_pdf(certificate, verify_url(request, certificate.number)),
        filename=f"{certificate.number}.pdf",
        content_type="application/pdf",
        inline=True,
    )


@staff(*DESK_ROLES)
@require_POST
def certificate_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    certificate = access.certificate_for_actor(actor, pk)
    run_action(
        request,
        forms.ReasonForm(request.POST),
        services.revoke_certificate,
        actor=actor,
        certificate=certificate,
        request=request,
        done=_("证书已撤销。"),
    )
    return redirect("training:enrolment", certificate.enrolment_id)


@staff(*DESK_ROLES)
@require_POST
def certificates_zip(request: HttpRequest, pk: int) -> HttpResponse:
    """批量颁发: a long job (``training.jobs``) issues the class's certificates and
    prints them into one zip; the person is sent to the job's page, which offers it."""
    actor = request_actor(request)
    training_class = access.class_for_actor(actor, pk)
    back = reverse("training:class_detail", args=[training_class.pk])
    try:
        services.completed_enrolments(actor=actor, training_class=training_class)
        job = start_job(
            actor=actor,
            handler=issue_certificates,
            title=_("批量颁发结业证书：%(name)s") % {"name": training_class.name},
            params={"class": training_class.pk, "base": request.build_absolute_uri("/")},
            back_url=back,
        )
    except DomainError as refused:
        messages.error(request, refused.message)
        return redirect(back)
    return redirect(job)
