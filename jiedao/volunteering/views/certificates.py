"""志愿服务记录证明: issuing one's own (a period), the centre's list, issuing for a
volunteer and revoking with a reason, the PDF, and the public verification page the
printed QR code opens."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiedao.accounts.policy import public, request_actor, signed_in, staff
from jiedao.core.certificates import mask_name
from jiedao.core.downloads import download_response
from jiedao.core.pages import form_page, run_action, run_service
from jiedao.core.paging import page_of
from jiedao.core.pdf import qr_data_uri, render_pdf
from jiedao.people.access import own_person
from jiedao.volunteering import access, selectors, services
from jiedao.volunteering.access import MANAGER_ROLES
from jiedao.volunteering.forms import CertificateForm, RevokeForm


@signed_in
@require_POST
def certificate_issue(request: HttpRequest) -> HttpResponse:
    """Issue (or find again) the certificate of one's own hours for a period."""
    actor = request_actor(request)
    form = CertificateForm(request.POST)
    person = own_person(actor)
    if person is None:
        raise Http404
    found = run_action(request, form, services.issue_certificate, actor=actor, person=person, request=request)
    if found is None:
        return redirect("volunteering:mine")
    _certificate, created = found
    messages.success(request, _("证明已出具。") if created else _("该时段的证明此前已出具，编号不变。"))
    return redirect("volunteering:mine")


@signed_in
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = access.certificate_for_actor(request_actor(request), pk)
    verify_url = request.build_absolute_uri(reverse("volunteering:verify", args=[certificate.number]))
    context = {
        "c": certificate,
        "qr": qr_data_uri(verify_url),
        "verify_url": verify_url,
    }
    return download_response(
        render_pdf("volunteering/certificate_pdf.html", context),
        filename=f"{certificate.number}.pdf",
        content_type="application/pdf",
        inline=True,
    )


@public
def verify(request: HttpRequest, number: str) -> HttpResponse:
    """The public page of a certificate: validity, hours, the masked name only."""
    certificate = selectors.certificate_by_number(number[:64])
    if certificate is None:
        raise Http404
    context = {"c": certificate, "masked_name": mask_name(certificate.name)}
    return render(request, "volunteering/verify.html", context)


def _desk_crumbs() -> list[tuple[str, str]]:
    return [(_("志愿服务记录证明"), reverse("volunteering:certificates"))]


@staff(*MANAGER_ROLES)
def certificates(request: HttpRequest) -> HttpResponse:
    """The sub-district's certificates, latest first (the register of 民发〔2015〕149号)."""
    page = page_of(request, selectors.certificate_register(access.certificates_managed_by(request_actor(request))))
    return render(request, "volunteering/certificates.html", {"page": page})


@staff(*MANAGER_ROLES)
def certificate_new(request: HttpRequest, person_pk: int) -> HttpResponse:
    """The centre issues a volunteer's certificate for a period (or finds it again)."""
    actor = request_actor(request)
    person = access.volunteer_for_manager(actor, person_pk)
    form = CertificateForm(request.POST or None)
    if form.is_bound:
        found = run_service(form, services.issue_certificate, actor=actor, person=person, request=request)
        if found is not None:
            _certificate, created = found
            messages.success(request, _("证明已出具。") if created else _("该时段的证明此前已出具，编号不变。"))
            return redirect("volunteering:certificates")
    return form_page(
        request,
        form,
        title=_("出具志愿服务记录证明"),
        subject=person.name,
        cancel_url=reverse("volunteering:certificates"),
        crumbs=_desk_crumbs(),
    )


@staff(*MANAGER_ROLES)
def certificate_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke (作废) a certificate with a reason; the public check then shows it revoked."""
    actor = request_actor(request)
    certificate = access.certificate_for_manager(actor, pk)
    form = RevokeForm(request.POST or None)
    if form.is_bound and run_service(
        form, services.revoke_certificate, actor=actor, certificate=certificate, request=request
    ):
        messages.success(request, _("证明已作废。"))
        return redirect("volunteering:certificates")
    return form_page(
        request,
        form,
        title=_("作废证明"),
        subject=f"{certificate.number} · {certificate.name}",
        cancel_url=reverse("volunteering:certificates"),
        crumbs=_desk_crumbs(),
    )
