"""Documents of a case: photos of a contract or a pay slip, or PDFs.

A photo goes through ``core.images.clean_image`` (bounded, re-encoded, no EXIF or
GPS, random name). A PDF is taken only if it is one: it starts with ``%PDF-``, ends
with ``%%EOF`` (within its last kilobyte), is at most ``MAX_PDF_BYTES``, and is
stored under a random name. Every file is encrypted at rest (``legalaid.files``)
under ``MEDIA_ROOT`` (no URL serves it) and leaves only through the document view
after the case's access check, decrypted as it streams; every such read is audited.

A document's title is what the uploader typed, or its kind ("照片", "PDF文件"):
never the file's own name, which often names the worker ("王秀英-工伤认定书.jpg").

The handler (or the supervisor) re-titles or deletes a document; the worker deletes
their own upload while the case is not yet accepted. A deleted document keeps its
row (who, when; in the audit too); its file is removed after the commit.
"""

import uuid
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from jiedao.accounts.actor import Actor
from jiedao.core import audit, images
from jiedao.core.errors import Conflict, Forbidden
from jiedao.core.models import AuditEntry
from jiedao.core.services import change_detail, clean_text, new_errors, raise_if, withheld_changes
from jiedao.legalaid import access, files
from jiedao.legalaid.models import CaseDocument, FileToDelete, LegalAidCase, Stage
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


def sealed(checked: Checked) -> ContentFile[bytes]:
    """The checked content encrypted, under its random name."""
    checked.content.seek(0)
    return ContentFile(files.encrypt(checked.content.read()), name=checked.content.name)


def default_title(kind: str) -> str:
    return _("照片") if kind == CaseDocument.Kind.IMAGE else _("PDF文件")


def document_add(
    *, actor: Actor, case: LegalAidCase, upload: File[bytes] | None, title: str = "", request: HttpRequest | None = None
) -> CaseDocument:
    """Add ``upload`` to ``case``: the worker, the assigned handler or the supervisor,
    while the case is open."""
    if not access.may_add_documents(actor, case):
        raise Forbidden(_("不能为此案件上传材料。"))
    errors = new_errors()
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
    return _document_save(
        actor=actor, case=case, checked=checked, title=title or default_title(checked.kind), request=request
    )


@transaction.atomic
def _document_save(
    *, actor: Actor, case: LegalAidCase, checked: Checked, title: str, request: HttpRequest | None
) -> CaseDocument:
    # Locked: the count below holds, and a case closed meanwhile takes no more.
    case = LegalAidCase.objects.select_for_update(of=("self",)).select_related("person").get(pk=case.pk)
    if not access.may_add_documents(actor, case):
        raise Forbidden(_("不能为此案件上传材料。"))
    if case.documents.filter(deleted_at__isnull=True).count() >= MAX_DOCUMENTS:
        raise ValidationError({"upload": [_("每个案件最多%(n)d份材料。") % {"n": MAX_DOCUMENTS}]})
    document = CaseDocument(
        subdistrict_id=case.subdistrict_id,
        case=case,
        kind=checked.kind,
        title=title,
        size=checked.size,
        uploaded_by=actor.user,
        encrypted=True,
    )
    document.file = sealed(checked)
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


def may_delete(actor: Actor, document: CaseDocument) -> bool:
    """The handler and the supervisor, while the case is open and not purged; the
    worker, their own upload, while the case is at consultation (not yet accepted)."""
    case = document.case
    if document.deleted_at is not None or case.is_final or case.is_purged:
        return False
    if access.may_progress(actor, case):
        return True
    own_upload = actor.user is not None and document.uploaded_by_id == actor.user.pk
    return own_upload and access.is_own_case(actor, case) and case.stage == Stage.CONSULTATION


def may_retitle(actor: Actor, document: CaseDocument) -> bool:
    return document.deleted_at is None and not document.case.is_purged and access.may_progress(actor, document.case)


def _locked_document(document: CaseDocument) -> CaseDocument:
    LegalAidCase.objects.select_for_update().filter(pk=document.case_id).get()
    return CaseDocument.objects.select_related("case__person").select_for_update(of=("self",)).get(pk=document.pk)


@transaction.atomic
def document_retitle(
    *, actor: Actor, document: CaseDocument, title: str, request: HttpRequest | None = None
) -> CaseDocument:
    """Correct a document's title (the handler or the supervisor). The old title is
    not kept in the audit (it may name the worker); the entry says it changed."""
    document = _locked_document(document)
    if not may_retitle(actor, document):
        raise Forbidden(_("只有承办人和督导可以修改材料名称。"))
    errors = new_errors()
    title = clean_text(errors, "title", title, max_length=100, required=True)
    raise_if(errors)
    if title == document.title:
        return document
    document.title = title
    document.save(update_fields=["title"])
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=document,
        request=request,
        detail={"case": document.case_id, **change_detail(withheld_changes(["title"]))},
    )
    return document


@transaction.atomic
def document_delete(*, actor: Actor, document: CaseDocument, request: HttpRequest | None = None) -> CaseDocument:
    """Delete a document: its row stays (who deleted it, when), its file is removed
    once the transaction has committed (a failure is retried by the daily purge)."""
    document = _locked_document(document)
    if document.deleted_at is not None:
        raise Conflict(_("这份材料已经删除。"))
    if not may_delete(actor, document):
        raise Forbidden(_("不能删除这份材料。"))
    name = document.file.name
    document.file = ""
    document.deleted_at = timezone.now()
    document.deleted_by = actor.user
    document.save(update_fields=["file", "deleted_at", "deleted_by"])
    if name:
        schedule_file_deletion(document.subdistrict_id, [name])
    audit.record(
        actor=actor,
        action=AuditEntry.Action.DELETE,
        obj=document,
        request=request,
        detail={"case": document.case_id, "kind": document.kind, "as": capacity_of(actor, document.case)},
    )
    return document


def schedule_file_deletion(subdistrict_id: int, names: list[str]) -> None:
    """Note ``names`` for removal (in the caller's transaction) and remove them once it
    has committed; what fails to go stays noted for the next purge run."""
    FileToDelete.objects.bulk_create(
        [FileToDelete(subdistrict_id=subdistrict_id, name=name) for name in names], ignore_conflicts=True
    )
    transaction.on_commit(lambda: delete_pending_files(names))


def delete_pending_files(names: list[str] | None = None) -> int:
    """Remove the noted files (``names`` only, or every one noted); a file removed
    loses its note, one that cannot be removed keeps it. Returns the files removed."""
    storage = CaseDocument._meta.get_field("file").storage
    pending = FileToDelete.objects.all() if names is None else FileToDelete.objects.filter(name__in=names)
    removed = 0
    for note in list(pending):
        try:
            storage.delete(note.name)
        except OSError:
            continue
        note.delete()
        removed += 1
    return removed


def encrypt_stored_documents(model: type[CaseDocument] = CaseDocument) -> int:
    """Seal every document stored before encryption (``encrypted`` False): the sealed
    copy is written, the row points at it, then the plain file is removed. Safe to
    run again and after an interruption (a file already sealed is only marked; a
    plain file is removed only after the commit).
    ``model``: the historical model when a migration calls it. Returns the files sealed."""
    sealed_count = 0
    storage = model._meta.get_field("file").storage
    for document in model.objects.filter(encrypted=False, deleted_at__isnull=True).exclude(file="").iterator():
        name = document.file.name
        try:
            with storage.open(name, "rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            continue
        if files.is_encrypted(data[: len(files.MAGIC)]):
            model.objects.filter(pk=document.pk).update(encrypted=True)
            continue
        new_name = storage.save(name, ContentFile(files.encrypt(data)))
        model.objects.filter(pk=document.pk).update(file=new_name, encrypted=True)
        # The plain file goes once the row points at the sealed one for good.
        transaction.on_commit(partial(storage.delete, name))
        sealed_count += 1
    return sealed_count
