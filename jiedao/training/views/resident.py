"""The resident's side, on a phone: classes open for enrolment, applying, an offer
from the waiting list, my hours, works and certificate; and the public page a
certificate's QR code opens."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiedao.accounts.access import one_for_actor
from jiedao.accounts.policy import public, request_actor, signed_in
from jiedao.core.certificates import mask_name
from jiedao.core.downloads import download_response
from jiedao.core.pages import run_action
from jiedao.people.access import own_person
from jiedao.training import access, forms, selectors, services
from jiedao.training.models import Enrolment
from jiedao.training.views.trainee import verify_url


@signed_in
def mine(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    person = own_person(actor)
    found = selectors.my_enrolments(person)
    taken = {m.enrolment.training_class_id for m in found}
    open_classes = [c for c in selectors.classes_of(actor.subdistrict_id, open_only=True) if c.pk not in taken]
    context = {"person": person, "enrolments": found, "open_classes": open_classes}
    return render(request, "training/mine.html", context)


@signed_in
@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    person = own_person(actor)
    training_class = one_for_actor(selectors.classes_of(actor.subdistrict_id, open_only=False), pk)
    if person is None:
        messages.error(request, _("您的账号尚未关联居民信息，请联系社区事务受理中心登记。"))
        return redirect("training:mine")
    form = forms.ApplyForm(request.POST)
    found = run_action(
        request, form, services.enrol, actor=actor, training_class=training_class, person=person, request=request
    )
    if found is not None:
        enrolment, _created = found
        if enrolment.status == Enrolment.Status.WAITING:
            messages.success(request, _("名额已满，已为您登记候补；有名额时会通知您。"))
        else:
            messages.success(request, _("报名成功。"))
    return redirect("training:mine")


@signed_in
@require_POST
def offer_accept(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = access.own_enrolment(request_actor(request), pk)
    run_action(
        request,
        forms.EmptyForm(request.POST),
        services.accept_offer,
        actor=request_actor(request),
        enrolment=enrolment,
        request=request,
        done=_("已确认入班。"),
    )
    return redirect("training:mine")


@signed_in
@require_POST
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = access.own_enrolment(request_actor(request), pk)
    run_action(
        request,
        forms.EmptyForm(request.POST),
        services.withdraw,
        actor=request_actor(request),
        enrolment=enrolment,
        request=request,
        done=_("已退出。"),
    )
    return redirect("training:mine")


@signed_in
def my_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = access.own_certificate(request_actor(request), pk)
    return download_response(
        services.certificate_pdf(certificate, verify_url(request, certificate.number)),
        filename=f"{certificate.number}.pdf",
        content_type="application/pdf",
        inline=True,
    )


@public
def verify(request: HttpRequest, number: str) -> HttpResponse:
    """The public page of a certificate: validity, course, hours and the masked name."""
    certificate = selectors.certificate_by_number(number[:64])
    if certificate is None:
        raise Http404
    context = {"c": certificate, "masked_name": mask_name(certificate.enrolment.person.name)}
    return render(request, "training/verify.html", context)
