"""Completion certificates (结业证书): issued once per enrolment that met the rule,
printed with a QR code to the public verification page, revoked with a reason; and
the authority's certificates (recorded, not generated)."""

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from decimal import Decimal
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit
from jiedao.core.certificates import new_certificate_number
from jiedao.core.errors import Conflict
from jiedao.core.pdf import qr_data_uri, render_pdf
from jiedao.core.services import clean_text, new_errors, raise_if
from jiedao.core.validators import mask_id_number
from jiedao.training.models import CompletionCertificate, Enrolment, ExternalCertificate, Grade, TrainingClass
from jiedao.training.services.hours import hours_attended, hours_by_enrolment
from jiedao.training.services.setup import require_class_manager

PREFIX = "PX"


def issue_certificate(
    *, actor: Actor, enrolment: Enrolment, hours: Decimal | None = None, request: HttpRequest | None = None
) -> tuple[CompletionCertificate, bool]:
    """``(certificate, True)`` when issued now; ``(the one issued before, False)``.
    Only for a trainee whose class was closed with the rule met (``hours``: their
    hours when the caller computed them already)."""
    require_class_manager(actor, enrolment.training_class)
    found = CompletionCertificate.objects.filter(enrolment=enrolment).first()
    if found is not None:
        return found, False
    if enrolment.status != Enrolment.Status.COMPLETED:
        raise Conflict(_("该学员尚未达到结业要求，不能发证。"), code="not_completed")
    course = enrolment.training_class.course
    try:
        with transaction.atomic():
            certificate = CompletionCertificate.objects.create(
                subdistrict_id=enrolment.subdistrict_id,
                enrolment=enrolment,
                number=new_certificate_number(PREFIX),
                hours=hours if hours is not None else hours_attended(enrolment),
                grade=course.grade,
                issued_on=timezone.localdate(),
                issued_by=actor.user,
            )
            audit.record_created(
                actor=actor,
                obj=certificate,
                values={"enrolment": enrolment.pk, "hours": certificate.hours, "grade": certificate.grade},
                request=request,
            )
    except IntegrityError:
        again = CompletionCertificate.objects.filter(enrolment=enrolment).first()
        if again is None:
            raise
        return again, False
    return certificate, True


@transaction.atomic
def revoke_certificate(
    *, actor: Actor, certificate: CompletionCertificate, reason: str, request: HttpRequest | None = None
) -> CompletionCertificate:
    require_class_manager(actor, certificate.enrolment.training_class)
    errors = new_errors()
    reason = clean_text(errors, "reason", reason, max_length=200, required=True)
    raise_if(errors)
    # Read again under its row lock: of two revocations at once, the second finds it
    # revoked and keeps the first one's time and reason.
    certificate = CompletionCertificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is not None:
        return certificate
    certificate.revoked_at = timezone.now()
    certificate.revoke_reason = reason
    certificate.save(update_fields=["revoked_at", "revoke_reason"])
    audit.record_changes(
        actor=actor,
        obj=certificate,
        changes={"revoked_at": [None, certificate.revoked_at.isoformat()], "revoke_reason": ["", reason]},
        request=request,
    )
    return certificate


def certificate_context(certificate: CompletionCertificate, verify_url: str) -> dict[str, Any]:
    enrolment = certificate.enrolment
    training_class = enrolment.training_class
    return {
        "c": certificate,
        "name": enrolment.person.name,
        "id_number": mask_id_number(enrolment.person.id_number),
        "course": training_class.course,
        "provider": training_class.provider.unit.name,
        "training_class": training_class,
        "qr": qr_data_uri(verify_url),
        "verify_url": verify_url,
    }


def certificate_pdf(certificate: CompletionCertificate, verify_url: str) -> bytes:
    return render_pdf("training/certificate_pdf.html", certificate_context(certificate, verify_url))


def completed_enrolments(*, actor: Actor, training_class: TrainingClass) -> list[Enrolment]:
    """The class's completed trainees, for a bulk issue; refused when there are none."""
    require_class_manager(actor, training_class)
    completed = list(
        Enrolment.objects.filter(training_class=training_class, status=Enrolment.Status.COMPLETED)
        .select_related("person", "training_class__course", "training_class__provider__unit")
        .order_by("person__name", "id")
    )
    if not completed:
        raise Conflict(_("本班还没有结业的学员。"), code="nobody_completed")
    return completed


def issue_all(
    *, actor: Actor, training_class: TrainingClass, request: HttpRequest | None = None
) -> tuple[list[CompletionCertificate], int]:
    """Issue (or find again) the certificate of every trainee who completed the class,
    all in one transaction. Returns the certificates (their enrolments attached) and
    how many were issued now."""
    completed = completed_enrolments(actor=actor, training_class=training_class)
    hours = hours_by_enrolment(completed)
    issued = 0
    certificates = []
    with transaction.atomic():
        for enrolment in completed:
            certificate, created = issue_certificate(
                actor=actor, enrolment=enrolment, hours=hours[enrolment.pk], request=request
            )
            issued += created
            certificate.enrolment = enrolment
            certificates.append(certificate)
    return certificates, issued


def write_certificates_zip(
    target: IO[bytes],
    certificates: list[CompletionCertificate],
    verify_url: Callable[[str], str],
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write the PDFs of the valid certificates (a revoked one is left out) into
    ``target`` as one zip; returns how many it holds. ``progress(done, total)`` after
    each. A class of 500 makes about 140 MB: the job writes to a temporary file."""
    valid = [c for c in certificates if c.revoked_at is None]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, certificate in enumerate(valid, 1):
            pdf = certificate_pdf(certificate, verify_url(certificate.number))
            archive.writestr(f"{certificate.number}-{certificate.enrolment.person.name}.pdf", pdf)
            if progress is not None:
                progress(done, len(valid))
    return len(valid)


def certificates_zip(certificates: list[CompletionCertificate], verify_url: Callable[[str], str]) -> tuple[bytes, int]:
    """``write_certificates_zip`` into memory: the zip and how many it holds."""
    buffer = io.BytesIO()
    count = write_certificates_zip(buffer, certificates, verify_url)
    return buffer.getvalue(), count


def issue_class_certificates(
    *, actor: Actor, training_class: TrainingClass, verify_url: Callable[[str], str], request: HttpRequest | None = None
) -> tuple[bytes, int]:
    """Issue the class's certificates and answer their PDFs as one zip (the bench; the
    page runs it as a long job, ``training.jobs``). Returns the zip and how many were
    issued now."""
    certificates, issued = issue_all(actor=actor, training_class=training_class, request=request)
    content, _count = certificates_zip(certificates, verify_url)
    return content, issued


@transaction.atomic
def record_external_certificate(
    *,
    actor: Actor,
    enrolment: Enrolment,
    grade: str,
    number: str,
    issued_on: dt.date | None,
    issuer: str = "",
    request: HttpRequest | None = None,
) -> ExternalCertificate:
    """A certificate the authority issued, recorded with its number and date."""
    require_class_manager(actor, enrolment.training_class)
    errors = new_errors()
    if grade not in Grade.values:
        errors["grade"].append(_("请选择证书等级。"))
    number = clean_text(errors, "number", number, max_length=64, required=True)
    if number and ExternalCertificate.objects.filter(subdistrict_id=enrolment.subdistrict_id, number=number).exists():
        errors["number"].append(_("该证书编号已登记。"))
    if issued_on is None:
        errors["issued_on"].append(_("请填写发证日期。"))
    elif issued_on > timezone.localdate():
        errors["issued_on"].append(_("发证日期不能晚于今天。"))
    issuer = clean_text(errors, "issuer", issuer, max_length=100)
    raise_if(errors)
    values: dict[str, Any] = {"grade": grade, "number": number, "issued_on": issued_on, "issuer": issuer}
    try:
        with transaction.atomic():
            certificate = ExternalCertificate.objects.create(
                subdistrict_id=enrolment.subdistrict_id, enrolment=enrolment, recorded_by=actor.user, **values
            )
    except IntegrityError:  # the same number recorded at the same moment
        raise Conflict(_("该证书编号已登记。"), code="number_taken", field="number") from None
    audit.record_created(actor=actor, obj=certificate, values={"enrolment": enrolment.pk, **values}, request=request)
    return certificate
