"""志愿服务记录证明: issuing one's own (a period), the PDF, and the public
verification page the printed QR code opens."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiedao.accounts.policy import public, request_actor, signed_in
from jiedao.core.certificates import mask_name
from jiedao.core.downloads import download_response
from jiedao.core.pages import run_action
from jiedao.core.pdf import qr_data_uri, render_pdf
from jiedao.people.access import own_person
from jiedao.volunteering import access, selectors, services
from jiedao.volunteering.forms import CertificateForm


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


def last_four_only(number: str) -> str:
    """The ID number as 67号令's certificate prints it here: all but the last four masked."""
    return "*" * max(0, len(number) - 4) + number[-4:]


@signed_in
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = access.certificate_for_actor(request_actor(request), pk)
    verify_url = request.build_absolute_uri(reverse("volunteering:verify", args=[certificate.number]))
    context = {
        "c": certificate,
        "name": certificate.person.name,
        "id_number": last_four_only(certificate.person.id_number),
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
    context = {"c": certificate, "masked_name": mask_name(certificate.person.name)}
    return render(request, "volunteering/verify.html", context)
