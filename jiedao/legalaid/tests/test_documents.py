"""Documents: encrypted at rest and decrypted as they stream to a reader; titled by
the uploader or by their kind, never by the file's name; re-titled and deleted by
the handler, deleted by the worker before acceptance; old plain files sealed."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from jiedao.accounts.actor import actor_for
from jiedao.core.errors import Forbidden
from jiedao.core.models import AuditEntry
from jiedao.legalaid import files, services
from jiedao.legalaid.models import CaseDocument, FileToDelete
from jiedao.legalaid.services.documents import encrypt_stored_documents
from jiedao.legalaid.tests.factories import PDF, legal_aid_of, pdf_upload
from jiedao.legalaid.tests.test_pages import signed_in
from jiedao.testing import World

NOW = dt.datetime(2026, 6, 15, 2, 0, tzinfo=dt.UTC)
pytestmark = pytest.mark.django_db


def raw(document: CaseDocument) -> bytes:
    with document.file.storage.open(document.file.name, "rb") as handle:
        data: bytes = handle.read()
    return data


def test_sealed_chunks_come_back_whole_and_refuse_tampering() -> None:
    for size in (0, 5, files.CHUNK, files.CHUNK * 2 + 7):
        data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
        sealed = files.encrypt(data)
        assert files.decrypt(sealed) == data and (not data or data[:16] not in sealed)
    sealed = files.encrypt(b"y" * (files.CHUNK + 10))
    with pytest.raises(files.CorruptDocument):
        files.decrypt(sealed[: len(files.MAGIC) + files.PREFIX_BYTES + files.CHUNK + files.TAG])  # cut short
    flipped = bytearray(sealed)
    flipped[-1] ^= 1
    with pytest.raises(files.CorruptDocument):
        files.decrypt(bytes(flipped))


@time_machine.travel(NOW, tick=False)
def test_a_document_is_stored_encrypted_and_titled_by_its_kind(client: Client, world: World) -> None:
    built = legal_aid_of(world)
    signed_in(client, world, "worker")
    client.post(reverse("legalaid:document_add", args=[built.own.pk]), {"upload": pdf_upload("王秀英-工伤认定书.pdf")})
    document = CaseDocument.objects.filter(case=built.own).latest("id")
    assert document.encrypted and document.title == "PDF文件" and b"%PDF" not in raw(document)
    assert "王秀英" not in document.file.name
    answer = client.get(reverse("legalaid:document", args=[document.pk]))
    assert answer.status_code == 200 and b"".join(answer.streaming_content) == PDF  # type: ignore[attr-defined]
    assert answer["Content-Type"] == "application/pdf" and "no-store" in answer["Cache-Control"]
    assert "PDF" in answer["Content-Disposition"] and "王秀英" not in answer["Content-Disposition"]

    # A damaged file: a plain error before any byte is sent, not a 200 cut short.
    sealed = bytearray(raw(document))
    sealed[-1] ^= 1
    with document.file.storage.open(document.file.name, "wb") as handle:
        handle.write(bytes(sealed))
    broken = client.get(reverse("legalaid:document", args=[document.pk]))
    assert broken.status_code == 500 and "损坏" in broken.content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_command_seals_files_stored_before_encryption(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    built = legal_aid_of(world)
    storage = CaseDocument._meta.get_field("file").storage
    name = storage.save("legalaid/2026/old.pdf", ContentFile(PDF))
    old = CaseDocument.objects.create(
        subdistrict=built.own.subdistrict, case=built.own, kind="pdf", title="旧材料", file=name, size=len(PDF)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert encrypt_stored_documents() == 1
    old.refresh_from_db()
    assert old.encrypted and files.decrypt(raw(old)) == PDF and not storage.exists(name)
    assert encrypt_stored_documents() == 0  # once only


@time_machine.travel(NOW, tick=False)
def test_the_handler_retitles_and_deletes_a_document(
    client: Client, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    built = legal_aid_of(world)
    document = built.document
    name = document.file.name
    signed_in(client, world, "handler")
    client.post(reverse("legalaid:document_retitle", args=[document.pk]), {f"d{document.pk}-title": "劳动合同正本"})
    document.refresh_from_db()
    assert document.title == "劳动合同正本"
    entry = AuditEntry.objects.filter(object_type="legalaid.casedocument", action="update").get()
    assert "劳动合同正本" not in str(entry.detail)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("legalaid:document_delete", args=[document.pk]))
    assert answer.status_code == 302
    document.refresh_from_db()
    assert document.deleted_at is not None and document.deleted_by == world.users["handler"] and not document.file
    assert not document.file.storage.exists(name) and not FileToDelete.objects.exists()
    assert AuditEntry.objects.filter(object_type="legalaid.casedocument", action="delete").exists()
    assert client.get(reverse("legalaid:document", args=[document.pk])).status_code == 404
    page = client.get(reverse("legalaid:detail", args=[built.own.pk])).content.decode()
    assert "劳动合同正本" not in page


@time_machine.travel(NOW, tick=False)
def test_the_worker_deletes_her_own_upload_only_before_acceptance(world: World) -> None:
    built = legal_aid_of(world)
    worker, handler = actor_for(world.users["worker"]), actor_for(world.users["handler"])
    hers = services.document_add(actor=worker, case=built.own, upload=pdf_upload(), title="工资条")
    theirs = built.document  # the handler's upload
    with pytest.raises(Forbidden):
        services.document_delete(actor=worker, document=theirs)
    with pytest.raises(Forbidden):
        services.document_retitle(actor=worker, document=hers, title="别的")
    later = services.document_add(actor=worker, case=built.own, upload=pdf_upload())
    services.document_delete(actor=worker, document=hers)
    services.step_add(actor=handler, case=built.own, stage="accepted", on=NOW.date())
    later.refresh_from_db()
    with pytest.raises(Forbidden):
        services.document_delete(actor=worker, document=later)
    services.document_delete(actor=handler, document=later)
