"""A case's documents: uploading, opening (decrypted as it streams), re-titling and
deleting. Each posts back to the case page."""

import logging
import mimetypes
from collections.abc import Iterator
from typing import IO

from django.http import HttpRequest, HttpResponse, HttpResponseServerError, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiedao.accounts.policy import request_actor, signed_in, staff
from jiedao.core.downloads import protected_file_response
from jiedao.core.pages import run_action
from jiedao.legalaid import access, files, services
from jiedao.legalaid.forms import ConfirmForm, DocumentForm, DocumentTitleForm
from jiedao.legalaid.models import CaseDocument
from jiedao.legalaid.views.cases import fresh_for_residents

logger = logging.getLogger(__name__)


def _back(pk: int) -> HttpResponse:
    return redirect(reverse("legalaid:detail", args=[pk]) + "#documents")


@signed_in
@fresh_for_residents
@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    case = access.case_for_actor(actor, pk)
    form = DocumentForm(request.POST, request.FILES)
    run_action(request, form, services.document_add, actor=actor, case=case, request=request, done=_("材料已上传。"))
    return _back(pk)


def _filename(document: CaseDocument) -> str:
    suffix = ".pdf" if document.kind == CaseDocument.Kind.PDF else "." + document.file.name.rsplit(".", 1)[-1]
    return f"{document.title}{suffix}"


def _stream(first: bytes, rest: Iterator[bytes], handle: IO[bytes]) -> Iterator[bytes]:
    """The decrypted chunks; the file is closed however the sending ends (Django
    closes the generator when the client goes away)."""
    try:
        yield first
        yield from rest
    finally:
        handle.close()


@signed_in
@fresh_for_residents
def document(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A document of a case, for the case's readers only; each opening is audited.
    Decrypted chunk by chunk as it is sent (never through nginx: it holds no key)."""
    actor = request_actor(request)
    found = services.document_read(actor=actor, document=access.document_for_actor(actor, pk), request=request)
    response: HttpResponseBase
    if not found.encrypted:  # stored before encryption, not converted yet
        response = protected_file_response(found.file, filename=_filename(found))
    else:
        handle = found.file.storage.open(found.file.name, "rb")
        chunks = files.decrypted_chunks(handle)
        try:  # the first chunk before the 200: a wrong key or a damaged file shows at once
            first = next(chunks, b"")
        except files.CorruptDocument:
            handle.close()
            logger.exception("legal-aid document %s cannot be decrypted", found.pk)
            return HttpResponseServerError(_("文件已损坏或无法解密，请联系系统管理员。"))
        content_type = mimetypes.guess_type(found.file.name)[0] or "application/octet-stream"
        response = StreamingHttpResponse(_stream(first, chunks, handle), content_type=content_type)
        response["Content-Length"] = str(found.size)
        response["Content-Disposition"] = content_disposition_header(False, _filename(found)) or "inline"
        response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@signed_in
@fresh_for_residents
@require_POST
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """The handler or the supervisor; the worker, their own upload before acceptance."""
    actor = request_actor(request)
    found = access.document_for_actor(actor, pk)
    run_action(
        request,
        ConfirmForm(request.POST),
        services.document_delete,
        actor=actor,
        document=found,
        request=request,
        done=_("材料已删除。"),
    )
    return _back(found.case_id)


@staff(*access.CASE_STAFF_ROLES)
@require_POST
def document_retitle(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    found = access.document_for_actor(actor, pk)
    form = DocumentTitleForm(request.POST, prefix=f"d{found.pk}")
    run_action(
        request,
        form,
        services.document_retitle,
        actor=actor,
        document=found,
        request=request,
        done=_("已修改材料名称。"),
    )
    return _back(found.case_id)
