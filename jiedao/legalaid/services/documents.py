"""Documents of a case: photos of a contract or a pay slip, or PDFs.

A photo goes through ``core.images.clean_image`` (bounded, re-encoded, no EXIF or
GPS, random name). A PDF is taken only if it is one: it starts with ``%PDF-``, ends
with ``%%EOF`` (within its last kilobyte), is at most ``MAX_PDF_BYTES``, and is
stored under a random name. Files live under ``MEDIA_ROOT`` (no URL serves it) and
leave only through the document view after the case's access check
(``core.downloads.protected_file_response``); every such read is audited.
"""

import uuid
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit, images
from jiedao.core.errors import Forbidden
from jiedao.core.models import AuditEntry
from jiedao.core.services import clean_text, new_errors, raise_if
from jiedao.legalaid import access
from jiedao.legalaid.models import CaseDocument, LegalAidCase
from jiedao.legalaid.services.reads import capacity_of

MB = 1024 * 1024
MAX_PDF_BYTES = 10 * MB
MAX_DOCUMENTS = 30
# What the file input offers (phones then send a JPEG, not a HEIC).
ACCEPT = images.ACCEPT + ",application/pdf"
DOCUMENT_LABEL = "legalaid.casedocument"


@dataclass(frozen=True)
class Checked:
    kind: str
    content: ContentFile[bytes]
    size: int


def check_pdf(upload: File[bytes], *, max_bytes: int = MAX_PDF_BYTES) -> bytes:
    """The bytes of ``upload`` if it is a whole PDF within the size limit, else a
    ``ValidationError`` in Chinese."""
    too_big = ValidationError(_("PDF文件不能超过%(size)dMB。") % {"size": max_bytes // MB}, code="file_too_big")
    if (upload.size or 0) > max_bytes:
        raise too_big
    upload.seek(0)
    data: bytes = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_big
    if not data.startswith(b"%PDF-"):
        raise ValidationError(_("不是PDF文件。"), code="not_a_pdf")
    if b"%%EOF" not in data[-1024:]:
        raise ValidationError(_("PDF文件不完整，请重新导出后上传。"), code="truncated_pdf")
    return data


def _is_pdf(upload: File[bytes]) -> bool:
    upload.seek(0)
    head: bytes = upload.read(5)
    upload.seek(0)
    return head == b"%PDF-"


def check_upload(upload: File[bytes]) -> Checked:
    """A photo (re-encoded) or a PDF (checked), by its first bytes, never its name."""
    if _is_pdf(upload):
        data = check_pdf(upload)
        return Checked(CaseDocument.Kind.PDF, ContentFile(data, name=f"{uuid.uuid4().hex}.pdf"), len(data))
    try:
        cleaned = images.clean_image(upload)
    except ValidationError as exc:
        if exc.code == "not_an_image":
            raise ValidationError(_("只能上传照片（JPG、PNG、WebP）或PDF文件。"), code="unsupported") from None
        raise
    return Checked(CaseDocument.Kind.IMAGE, cleaned.as_file(), len(cleaned.content))


def document_add(
    *, actor: Actor, case: LegalAidCase, upload: File[bytes] | None, title: str = "", request: HttpRequest | None = None
) -> CaseDocument:
    """Add ``upload`` to ``case``: the worker, the assigned handler or the supervisor,
    while the case is open."""
    if not access.may_add_documents(actor, case):
        raise Forbidden(_("不能为此案件上传材料。"))
    errors = new_errors()
    if not (title or "").strip() and upload is not None and upload.name:
        title = PurePosixPath(upload.name).stem
    title = clean_text(errors, "title", title, max_length=100)
    checked = None
    if upload is None:
        errors["upload"].append(_("请选择文件。"))
    else:
        try:
            # Decoded before the transaction: no lock is held while Pillow works.
            checked = check_upload(upload)
        except ValidationError as exc:
            errors["upload"].extend(exc.messages)
    raise_if(errors)
    assert checked is not None
    return _document_save(actor=actor, case=case, checked=checked, title=title or _("材料"), request=request)


@transaction.atomic
def _document_save(
    *, actor: Actor, case: LegalAidCase, checked: Checked, title: str, request: HttpRequest | None
) -> CaseDocument:
    # Locked: the count below holds, and a case closed meanwhile takes no more.
    case = LegalAidCase.objects.select_for_update(of=("self",)).select_related("person").get(pk=case.pk)
    if not access.may_add_documents(actor, case):
        raise Forbidden(_("不能为此案件上传材料。"))
    if case.documents.count() >= MAX_DOCUMENTS:
        raise ValidationError({"upload": [_("每个案件最多%(n)d份材料。") % {"n": MAX_DOCUMENTS}]})
    document = CaseDocument(
        subdistrict_id=case.subdistrict_id,
        case=case,
        kind=checked.kind,
        title=title,
        size=checked.size,
        uploaded_by=actor.user,
    )
    document.file = checked.content
    document.save()
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=document,
        request=request,
        detail={"case": case.pk, "kind": checked.kind},
    )
    return document


def document_read(*, actor: Actor, document: CaseDocument, request: HttpRequest | None = None) -> CaseDocument:
    """Audit a reader opening a document (``access.document_for_actor`` let them through)."""
    audit.record(
        actor=actor,
        action=AuditEntry.Action.REVEAL,
        object_type=DOCUMENT_LABEL,
        object_id=str(document.pk),
        object_repr=str(document),
        subdistrict_id=document.subdistrict_id,
        request=request,
        detail={"case": document.case_id, "as": capacity_of(actor, document.case)},
    )
    return document
